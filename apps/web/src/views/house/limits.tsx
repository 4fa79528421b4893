import { useEffect, useState } from 'preact/hooks';
import type { BandConflict, HouseLimitsResponse, LimitKey, LimitSource } from '#contracts';
import { request } from '../../api.ts';
import { locale, t, type MessageKey } from '../../i18n.ts';
import { cropName, stageText } from '../orders.tsx';

export const LIMIT_TEXT: Record<LimitKey, MessageKey> = {
  daySetpointC: 'limitDaySetpointC',
  nightSetpointC: 'limitNightSetpointC',
  coldWarnC: 'limitColdWarnC',
  coldCritC: 'limitColdCritC',
  hotWarnC: 'limitHotWarnC',
  hotCritC: 'limitHotCritC',
  vwcLowerPct: 'limitVwcLowerPct',
  vwcUpperPct: 'limitVwcUpperPct',
  highHumidityRhPct: 'limitHighHumidityRhPct',
  healingRhLowPct: 'limitHealingRhLowPct',
};

/** The crop profiles' stages (libs/agronomy StageKey), as the fallback and stage overrides name them. */
const AGRONOMY_STAGE: Record<string, MessageKey> = {
  germination: 'agronomyGermination',
  cotyledon: 'agronomyCotyledon',
  trueLeaf: 'agronomyTrueLeaf',
  hardening: 'agronomyHardening',
};
export const agronomyStage = (stage: string) => (AGRONOMY_STAGE[stage] ? t(AGRONOMY_STAGE[stage]) : stage);

/** Where a limit comes from, in the page's language. */
export function sourceText(source: LimitSource): string {
  switch (source.kind) {
    case 'crop':
      return source.batches
        .map((b) => `${cropName(b.crop)} ${stageText(b.stage)} · ${b.code}`)
        .join(locale.get() === 'en' ? '; ' : '；');
    case 'fallback':
      return t('limitFromFallback')
        .replace('{crop}', cropName(source.crop))
        .replace('{stage}', agronomyStage(source.stage));
    case 'override':
      return (
        t(source.zone === '*' ? 'limitFromOverrideSite' : 'limitFromOverrideHouse') +
        (source.stage === ''
          ? ''
          : t('limitFromOverrideStage').replace('{stage}', agronomyStage(source.stage)))
      );
    case 'zone-kind':
      return t('limitFromZoneKind');
    case 'rule':
      return t('limitFromRule');
  }
}

export const valueText = (value: number, unit: string) =>
  `${Number(value.toFixed(1))}${unit === '%' ? ' %' : ` ${unit}`}`;

/**
 * The limits in force in a house (`GET /api/zones/:zone/limits`), each beside its source: the batch
 * whose crop and stage set it, the manager's override, the fallback crop of an empty house, or the
 * rule. Folded on the card; loaded with the card (a house whose batches share no band shows its
 * "conflicting crops" warning unfolded), again when opened and when the house's batches change.
 */
export function LimitsPanel({ code, batchesKey }: { code: string; batchesKey: string | null }) {
  const [open, setOpen] = useState(false);
  const [limits, setLimits] = useState<HouseLimitsResponse | null | 'failed'>(null);
  useEffect(() => {
    // Not before the house's batches are known: the limits come from them.
    if (batchesKey === null) return;
    let current = true;
    void request('GET /api/zones/:zone/limits', { params: { zone: code } })
      .then((body) => current && setLimits(body))
      .catch(() => current && setLimits('failed'));
    return () => {
      current = false;
    };
  }, [open, code, batchesKey]);
  return (
    <>
      {limits !== null && limits !== 'failed' && limits.conflicts.length > 0 && (
        <ConflictWarning code={code} conflicts={limits.conflicts} />
      )}
      <details class="limits-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary data-testid={`limits-open-${code}`}>{t('limitsInForce')}</summary>
        {open && limits === 'failed' && <p class="muted">{t('limitsNone')}</p>}
        {open && limits !== null && limits !== 'failed' && (
          <div data-testid={`limits-${code}`}>
            <ul class="limits">
              {limits.limits.map((limit) => (
                <li data-testid={`limit-${code}-${limit.key}`} data-source={limit.source.kind}>
                  <span class="limit-name">{t(LIMIT_TEXT[limit.key])}</span>
                  <span class="limit-value">{valueText(limit.value, limit.unit)}</span>
                  <span class="limit-source">{sourceText(limit.source)}</span>
                </li>
              ))}
            </ul>
            <MoistureBasis basis={limits.moistureBasis} />
            <p class="muted">
              {t('limitSetpointBand')
                .replace('{min}', String(limits.setpointBand.minC))
                .replace('{max}', String(limits.setpointBand.maxC))}
            </p>
          </div>
        )}
      </details>
    </>
  );
}

const CONFLICT_TEXT: Record<BandConflict['metric'], MessageKey> = {
  nightC: 'conflictNightC',
  vwcPct: 'conflictVwcPct',
};

/**
 * "Conflicting crops in one house": the batches whose bands do not overlap, each with its own, and
 * what the house does about it (heating holds the warmest night; water the rest by hand or move
 * them). Each batch is still judged by its own limits.
 */
function ConflictWarning({ code, conflicts }: { code: string; conflicts: readonly BandConflict[] }) {
  return (
    <div class="warning conflict" role="status" data-testid={`conflict-${code}`}>
      <strong>{t('conflictTitle')}</strong>
      {conflicts.map((conflict) => (
        <div key={conflict.metric} data-metric={conflict.metric}>
          <p>{t(CONFLICT_TEXT[conflict.metric])}</p>
          <ul>
            {conflict.batches.map((b) => (
              <li key={b.id}>
                {b.code} {cropName(b.crop)} {stageText(b.stage)} {Number(b.lo.toFixed(1))}–
                {valueText(b.hi, conflict.metric === 'nightC' ? '°C' : '%')}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/**
 * What each batch's substrate moisture is judged on: the probes its benches name, or the house-wide
 * rule where none does (the manager names a bench's probe on the devices page).
 */
function MoistureBasis({ basis }: { basis: HouseLimitsResponse['moistureBasis'] }) {
  if (basis.length === 0) return null;
  return (
    <>
      <p class="muted">{t('moistureBasisTitle')}</p>
      <ul class="limits" data-testid="moisture-basis">
        {basis.map((b, index) => (
          <li
            key={`${b.code}-${index}`}
            data-testid={`moisture-basis-${b.code}`}
            data-house-wide={b.sensors.length === 0}
          >
            <span class="limit-name">
              {b.code}
              {b.benches ? ` · ${b.benches}` : ''}
            </span>
            <span class="limit-source">
              {b.sensors.length === 0
                ? t('moistureHouseWide')
                : t('moistureOnProbes').replace(
                    '{probes}',
                    b.sensors.join(locale.get() === 'en' ? ', ' : '、'),
                  )}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
