// 计划多播: what the sowing plan sizes each crop's new sowings with, per sowing season — the
// catalogue's loss or the nursery's own closed batches' (GET /api/sowing-plan/overage), both shown,
// the one used marked, with the batches it rests on and the causes of the losses.
import { useEffect, useState } from 'preact/hooks';
import {
  CULL_CAUSE_MESSAGES,
  type CropSeasonOverage,
  type LossHistoryFigure,
  type SowingPlanOverageResponse,
} from '#contracts';
import { request } from '../api.ts';
import { locale, t, type MessageKey } from '../i18n.ts';
import { onLive } from '../live.ts';
import { tf } from './batch-records/text.ts';
import { cropName } from './orders.tsx';
import './plan-overage.css';

const SEASON_KEY: Record<CropSeasonOverage['season'], MessageKey> = {
  winter: 'seasonWinter',
  spring: 'seasonSpring',
  summer: 'seasonSummer',
};

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

function causeName(cause: string): string {
  if (cause === 'not-emerged') return t('ovNotEmerged');
  const known = (CULL_CAUSE_MESSAGES as Record<string, { zh: string; en: string } | undefined>)[cause];
  return known ? known[locale.get() === 'en' ? 'en' : 'zh'] : cause;
}

function Figure({
  label,
  figure,
  used,
  testId,
}: {
  label: string;
  figure: LossHistoryFigure;
  used: boolean;
  testId: string;
}) {
  return (
    <div class={`ov-line${used ? ' ov-used' : ''}`} data-testid={testId}>
      <span>
        {label}
        {tf(figure.batches === 1 ? 'ovBatchesOne' : 'ovBatches', { n: figure.batches })}
      </span>
      <b>{tf('ovLoss', { loss: pct(figure.lossShare), overage: pct(figure.overage) })}</b>
      <span class="muted ov-causes">
        {figure.causes.map((c) => `${causeName(c.cause)} ${pct(c.share)}`).join(t('ovListSep'))}
      </span>
    </div>
  );
}

function Row({ row, minBatches, maxLoss }: { row: CropSeasonOverage; minBatches: number; maxLoss: number }) {
  const usedText =
    row.basis === 'catalogue'
      ? row.reason === 'other-seasons-lower'
        ? t('ovUsedCatalogueLower')
        : tf('ovUsedCatalogueFew', { min: minBatches, n: row.seasonHistory?.batches ?? 0 })
      : row.basis === 'season'
        ? t('ovUsedSeason')
        : tf('ovUsedAllSeasons', { min: minBatches });
  const limit =
    row.used.limit === 'cap'
      ? tf('ovCapped', { max: pct(maxLoss) })
      : row.used.limit === 'emergence'
        ? t('ovEmergenceFloor')
        : '';
  return (
    <li class="ov-row" data-testid={`overage-${row.crop}-${row.season}`} data-basis={row.basis}>
      <h4>
        {cropName(row.crop)} · {t(SEASON_KEY[row.season])}
        {row.plannedSowings > 0 && (
          <span class="muted">
            {' '}
            {tf(row.plannedSowings === 1 ? 'ovPlannedOne' : 'ovPlanned', { n: row.plannedSowings })}
          </span>
        )}
      </h4>
      <div class={`ov-line${row.basis === 'catalogue' ? ' ov-used' : ''}`}>
        <span>{t('ovCatalogue')}</span>
        <b>{tf('ovLoss', { loss: pct(row.catalogue.lossShare), overage: pct(row.catalogue.overage) })}</b>
      </div>
      {row.seasonHistory ? (
        <Figure
          label={t('ovSeasonHistory')}
          figure={row.seasonHistory}
          used={row.basis === 'season'}
          testId={`overage-history-${row.crop}-${row.season}`}
        />
      ) : (
        <div class="ov-line muted">{t('ovNoHistory')}</div>
      )}
      {row.basis === 'all-seasons' && row.allSeasonsHistory && (
        <Figure
          label={t('ovAllSeasonsHistory')}
          figure={row.allSeasonsHistory}
          used
          testId={`overage-all-${row.crop}-${row.season}`}
        />
      )}
      <p class="ov-verdict" data-testid={`overage-used-${row.crop}-${row.season}`}>
        {usedText}
        {tf('ovUsedFigure', { loss: pct(row.used.lossShare), overage: pct(row.used.overage) })}
        {limit}
      </p>
    </li>
  );
}

/**
 * The crops and seasons the plan has sowings for, and those with a history of their own. Reloaded
 * on every batch change: a batch closing can turn a crop's history on.
 */
export function PlanOverage() {
  const [answer, setAnswer] = useState<SowingPlanOverageResponse | null>(null);
  useEffect(() => {
    const load = () =>
      void request('GET /api/sowing-plan/overage')
        .then(setAnswer)
        .catch(() => undefined);
    return onLive({ batch: load, load });
  }, []);
  if (!answer) return null;
  const rows = answer.crops.filter((row) => row.plannedSowings > 0 || row.seasonHistory !== null);
  return (
    <section class="plan-overage" data-testid="plan-overage">
      <h3>{t('ovTitle')}</h3>
      <p class="muted">{tf('ovNote', { min: answer.minBatches })}</p>
      {rows.length === 0 ? (
        <p class="muted">{t('ovNothing')}</p>
      ) : (
        <ul class="ov-list">
          {rows.map((row) => (
            <Row row={row} minBatches={answer.minBatches} maxLoss={answer.maxLossShare} />
          ))}
        </ul>
      )}
    </section>
  );
}
