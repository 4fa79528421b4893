// One house's card on the technician's page: live values, the target band, limits, actuators, the
// 24-hour chart, controls, schedules and the batches in it.
import type { AlarmResponse, BatchResponse, CommandResponse } from '#contracts';
import { downloadAuthenticated } from '../../api.ts';
import { Chart, type Series } from '../../chart.tsx';
import { isStale } from '../../data.ts';
import { formatAge, formatMetric, metricName } from '../../format.ts';
import { locale, localName, t } from '../../i18n.ts';
import { clockSkew, connection } from '../../live.ts';
import { useSignal, useTick } from '../../state.ts';
import { cropName, stageText } from '../orders.tsx';
import { Batches } from './batch-table.tsx';
import { Controls } from './controls.tsx';
import { LimitsPanel } from './limits.tsx';
import { SchedulesPanel } from './schedules.tsx';
import { bandText, bandsNow, type Band, type HouseTargets } from './targets.ts';
import { CHART_METRICS, DAY_MS, type House, type ZoneState } from './zone-state.ts';

const numberOrUndefined = (value: unknown) => (typeof value === 'number' ? value : undefined);

const CARD_METRICS = [
  'air_temp_c',
  'air_rh_pct',
  'substrate_vwc_pct',
  'bench_temp_c',
  'light_lux',
  'co2_ppm',
] as const;
const ACTUATOR_METRICS = [
  'heater_on',
  'bench_heat_on',
  'irrigation_on',
  'vent_pct',
  'screen_pct',
  'sp_c',
  'mode',
  'bench_sp_c',
] as const;
function TargetLine({ targets, code }: { targets: HouseTargets; code: string }) {
  const periods = (day: Band | null, night: Band | null) => (
    <>
      <span class={targets.period === 'day' ? 'now' : ''}>
        {t('day')} {bandText(day)}
      </span>
      {' · '}
      <span class={targets.period === 'night' ? 'now' : ''}>
        {t('night')} {bandText(night)}
      </span>
    </>
  );
  const common = targets.day !== null && targets.night !== null;
  return (
    <div class="band" data-testid={`band-${code}`} data-period={targets.period}>
      <span class="label">{t('target')}:</span>{' '}
      {common ? (
        periods(targets.day, targets.night)
      ) : (
        <ul>
          {targets.each.map((e) => (
            <li>
              {cropName(e.crop)}（{stageText(e.stage)}）{periods(e.day, e.night)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface CardProps {
  zone: House;
  state: ZoneState;
  version: number;
  batches: BatchResponse[];
  /** False until the batches were first loaded: the limits wait for them. */
  batchesLoaded: boolean;
  targets: HouseTargets | null;
  alarms: AlarmResponse[];
  commands: CommandResponse[];
  onCommand: () => void;
}

export function ZoneCard({
  zone,
  state,
  version,
  batches,
  batchesLoaded,
  targets,
  alarms,
  commands,
  onCommand,
}: CardProps) {
  const code = zone.code;
  const now = useTick(1000) + useSignal(clockSkew);
  // Without the live connection nothing says the values are still current: all show as stale.
  const cutOff = useSignal(connection) !== 'live';
  const series: Series[] = CHART_METRICS.map(({ metric, color, scale }) => ({
    label: metricName(metric),
    metric,
    color,
    scale,
    points: state.history.get(metric) ?? [],
  }));
  const devices = [...state.presence.values()];
  const online = devices.filter(Boolean).length;
  const hasData = state.latest.size > 0;
  return (
    <section class={`panel card${alarms.length > 0 ? ' alarmed' : ''}`} data-testid={`zone-${code}`}>
      <header>
        <h2>{localName(zone)}</h2>
        <span class="presence" data-testid={`presence-${code}`}>
          {devices.length > 0 ? `${t('devices')} ${online}/${devices.length} ${t('online')}` : ''}
        </span>
      </header>
      {!hasData && <p class="muted">{t('noData')}</p>}
      <div class="metrics">
        {CARD_METRICS.map((metric) => {
          const v = state.latest.get(metric);
          const stale = v ? cutOff || isStale(v, now) : false;
          return (
            <div class={`metric${stale ? ' stale' : ''}`}>
              <span class="label">{metricName(metric)}</span>
              <span
                class="value"
                data-testid={`value-${code}-${metric}`}
                data-value={v?.value ?? ''}
                data-ts={v?.ts ?? ''}
              >
                {formatMetric(metric, v?.value)}
              </span>
              <span class="age">{v ? `${formatAge(now - v.ts)}${t('ago')}` : ''}</span>
            </div>
          );
        })}
      </div>
      {targets && <TargetLine targets={targets} code={code} />}
      <LimitsPanel
        code={code}
        batchesKey={
          batchesLoaded
            ? batches.map((b) => `${b.id}:${b.stage}:${b.locations.map((p) => p.trays).join('+')}`).join(',')
            : null
        }
      />
      <div class="actuators">
        <span class="label">{t('actuators')}:</span>
        {!ACTUATOR_METRICS.some((m) => state.latest.has(m)) && <span class="muted">{t('noData')}</span>}
        {ACTUATOR_METRICS.filter((m) => state.latest.has(m)).map((metric) => (
          <span
            class={`chip${state.latest.get(metric)!.value ? ' on' : ''}`}
            data-testid={`actuator-${code}-${metric}`}
          >
            {metric === 'bench_sp_c'
              ? `${t('benchSetpoint')} ${formatMetric('sp_c', state.latest.get(metric)!.value)}`
              : `${metricName(metric)} ${formatMetric(metric, state.latest.get(metric)!.value)}`}
          </span>
        ))}
      </div>
      <details open>
        <summary>{t('chart24h')}</summary>
        <Chart series={series} bands={bandsNow(targets)} version={version} height={170} />
        <button
          class="link"
          onClick={() => {
            const to = new Date();
            const from = new Date(to.getTime() - DAY_MS);
            // The chart's metrics over its 24 hours, in nursery time, headers in the page's language.
            void downloadAuthenticated(`${code}-24h.csv`, 'GET /api/readings/export', {
              query: {
                zone: code,
                metrics: CHART_METRICS.map((m) => m.metric).join(','),
                from: from.toISOString(),
                to: to.toISOString(),
                lang: locale.get() === 'en' ? 'en' : 'zh',
              },
            }).catch(() => undefined);
          }}
        >
          {t('exportCsv')}
        </button>
      </details>
      <Controls
        code={code}
        // Only the controls this zone has equipment for (the germination room has no boom or benches).
        equipment={{ boom: zone.hasBoomIrrigation, heating: zone.hasHeating, bench: zone.hasBenchHeat }}
        benches={zone.benches}
        setpointNow={numberOrUndefined(state.latest.get('sp_c')?.value)}
        commands={commands}
        onCommand={onCommand}
      />
      {(zone.hasBoomIrrigation || zone.hasHeating) && <SchedulesPanel code={code} />}
      <Batches batches={batches} />
    </section>
  );
}
