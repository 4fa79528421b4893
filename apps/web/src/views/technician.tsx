import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  AlarmResponse,
  BatchResponse,
  CommandResponse,
  CropResponse,
  LiveReadings,
  ZoneResponse,
} from '#contracts';
import { downloadAuthenticated, request } from '../api.ts';
import { Chart, type Series } from '../chart.tsx';
import {
  isStale,
  latestKey,
  readLatest,
  readPoints,
  readPresence,
  type LatestValue,
  type Point,
} from '../data.ts';
import {
  daysBetween,
  formatAge,
  formatCount,
  formatDate,
  formatMetric,
  hourInNursery,
  metricName,
  nurseryDate,
} from '../format.ts';
import { locale, localName, t } from '../i18n.ts';
import { clockSkew, connection, onLive, subscribeZones } from '../live.ts';
import { useSignal, useTick } from '../state.ts';
import { cropName, loadCrops, stageText } from './orders.tsx';
import { AlarmList } from './alarm-list.tsx';
import { Controls } from './house/controls.tsx';
import { bandText, bandsNow, houseTargets, type Band, type HouseTargets } from './house/targets.ts';
import { LimitsPanel } from './house/limits.tsx';
import { SchedulesPanel } from './house/schedules.tsx';
import './house/house.css';

const numberOrUndefined = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** What a card needs of a house (GET /api/zones). */
type House = Pick<
  ZoneResponse,
  'code' | 'name' | 'nameEn' | 'hasHeating' | 'hasBoomIrrigation' | 'hasBenchHeat' | 'benches'
>;

const HOUSE_KINDS = new Set(['greenhouse', 'germination']);
const demoHouse = (code: string, name: string, nameEn: string): House => ({
  code,
  name,
  nameEn,
  hasHeating: true,
  hasBoomIrrigation: true,
  hasBenchHeat: true,
  benches: null,
});
/** The demo site's houses, shown while /api/zones cannot answer. */
const FALLBACK_ZONES: House[] = [
  demoHouse('gh1', '1号育苗棚', 'Greenhouse 1'),
  demoHouse('gh2', '2号育苗棚', 'Greenhouse 2'),
  demoHouse('gh3', '3号育苗棚', 'Greenhouse 3'),
  demoHouse('germ1', '催芽室', 'Germination room'),
];
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
const CHART_METRICS = [
  { metric: 'air_temp_c', color: '#d84315', scale: 'y' },
  { metric: 'bench_temp_c', color: '#8e24aa', scale: 'y' },
  { metric: 'air_rh_pct', color: '#1e88e5', scale: 'pct' },
  { metric: 'substrate_vwc_pct', color: '#2e7d32', scale: 'pct' },
] as const;
const DAY_MS = 86_400_000;
const FINAL_STAGES = new Set(['planned', 'sold_out', 'culled', 'over_aged']);

interface ZoneState {
  latest: Map<string, LatestValue>;
  /** Device name → online, for the devices that have said anything. */
  presence: Map<string, boolean>;
  history: Map<string, Point[]>;
  lastSeen: number;
}

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

function mergePoints(into: Point[], more: Point[]): Point[] {
  if (more.length === 0) return into;
  const last = into[into.length - 1]?.ts ?? -Infinity;
  if (more.every((p) => p.ts > last)) into.push(...more);
  else {
    const byTs = new Map(into.map((p) => [p.ts, p]));
    for (const p of more) byTs.set(p.ts, p);
    into = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  }
  const cutoff = Date.now() - DAY_MS;
  const first = into.findIndex((p) => p.ts >= cutoff);
  return first > 0 ? into.slice(first) : into;
}

export function TechnicianView() {
  const [zones, setZones] = useState<House[]>([]);
  const [version, setVersion] = useState(0);
  const [alarms, setAlarms] = useState<AlarmResponse[] | null>(null);
  const [batches, setBatches] = useState<BatchResponse[]>([]);
  const [crops, setCrops] = useState<Map<string, CropResponse>>(new Map());
  const [commands, setCommands] = useState<CommandResponse[]>([]);
  const state = useRef(new Map<string, ZoneState>());
  const bump = () => setVersion((v) => v + 1);

  const zoneState = (code: string): ZoneState => {
    let s = state.current.get(code);
    if (!s) {
      s = { latest: new Map(), presence: new Map(), history: new Map(), lastSeen: 0 };
      state.current.set(code, s);
    }
    return s;
  };

  const loadAlarms = () =>
    request('GET /api/alarms')
      .then(setAlarms)
      .catch(() => setAlarms([]));
  const loadCommands = () =>
    request('GET /api/commands', { query: { limit: 50 } })
      .then(setCommands)
      .catch(() => undefined);
  const loadBatches = () =>
    request('GET /api/batches')
      .then(setBatches)
      .catch(() => setBatches([]));

  const loadZone = async (code: string, since: number | null) => {
    const s = zoneState(code);
    try {
      const body = await request('GET /api/zones/:zone/latest', { params: { zone: code } });
      for (const [device, online] of readPresence(body)) s.presence.set(device, online);
      const latest = readLatest(body);
      for (const [metric, value] of latest) {
        const held = s.latest.get(metric);
        if (!held || held.ts <= value.ts) s.latest.set(metric, value);
        s.lastSeen = Math.max(s.lastSeen, value.ts);
      }
    } catch {
      /* no telemetry yet: the card shows 暂无数据 */
    }
    const from = new Date(since ?? Date.now() - DAY_MS).toISOString();
    await Promise.all(
      CHART_METRICS.map(async ({ metric }) => {
        try {
          const points = readPoints(
            await request('GET /api/readings', {
              query: { zone: code, metric, from, to: new Date().toISOString(), step: 'auto' },
            }),
          );
          s.history.set(metric, mergePoints(s.history.get(metric) ?? [], points));
        } catch {
          /* history not available */
        }
      }),
    );
    bump();
  };

  useEffect(() => {
    let codes: string[] = [];
    let off: (() => void) | null = null;
    let unmounted = false;
    // The houses first (not live), then their rooms; the live data loads once they are joined.
    void request('GET /api/zones')
      .then((list): House[] => list.filter((z) => HOUSE_KINDS.has(z.kind)))
      .catch((): House[] => [])
      .then((list) => {
        const chosen = list.length > 0 ? list : FALLBACK_ZONES;
        codes = chosen.map((z) => z.code);
        if (unmounted) return;
        setZones(chosen);
        subscribeZones(codes);
        off = followLive();
      });
    void loadCrops()
      .then((list) => {
        setCrops(new Map(list.map((c) => [c.key, c])));
      })
      .catch(() => undefined);

    let pending = false;
    const followLive = () =>
      onLive({
        readings(update: LiveReadings) {
          const s = zoneState(update.zone);
          for (const r of update.readings) {
            const key = latestKey(r.metric, r.device);
            const held = s.latest.get(key);
            if (!held || held.ts <= r.ts)
              s.latest.set(key, { value: r.value, ts: r.ts, device: r.device, intervalS: held?.intervalS });
            s.lastSeen = Math.max(s.lastSeen, r.ts);
            if (CHART_METRICS.some((c) => c.metric === r.metric))
              s.history.set(
                r.metric,
                mergePoints(s.history.get(r.metric) ?? [], [{ ts: r.ts, value: r.value }]),
              );
          }
          // One render per animation frame however many zones pushed.
          if (!pending) {
            pending = true;
            requestAnimationFrame(() => {
              pending = false;
              bump();
            });
          }
        },
        presence(p) {
          if (!p.zone) return;
          zoneState(p.zone).presence.set(p.device, p.online);
          bump();
        },
        alarm: () => void loadAlarms(),
        command: () => void loadCommands(),
        batch: () => void loadBatches(),
        load() {
          // After a reconnection only what came since the last reading seen.
          for (const code of codes) void loadZone(code, zoneState(code).lastSeen || null);
          void loadAlarms();
          void loadCommands();
          void loadBatches();
        },
      });
    return () => {
      unmounted = true;
      off?.();
    };
  }, []);

  return (
    <div class="tech">
      <AlarmList alarms={alarms} onChange={() => void loadAlarms()} zones={zones} />
      <div class="cards">
        {zones.map((zone) => {
          const code = zone.code;
          const zoneBatches = batches.filter((b) => b.zone === code && !FINAL_STAGES.has(b.stage));
          return (
            <ZoneCard
              key={code}
              zone={zone}
              state={zoneState(code)}
              version={version}
              batches={zoneBatches}
              targets={houseTargets(zoneBatches, crops, hourInNursery(Date.now() + clockSkew.get()))}
              alarms={(alarms ?? []).filter((a) => a.zone === code)}
              commands={commands.filter((c) => c.zone === code).slice(0, 5)}
              onCommand={() => void loadCommands()}
            />
          );
        })}
      </div>
    </div>
  );
}

interface CardProps {
  zone: House;
  state: ZoneState;
  version: number;
  batches: BatchResponse[];
  targets: HouseTargets | null;
  alarms: AlarmResponse[];
  commands: CommandResponse[];
  onCommand: () => void;
}

function ZoneCard({ zone, state, version, batches, targets, alarms, commands, onCommand }: CardProps) {
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
      <LimitsPanel code={code} batchesKey={batches.map((b) => `${b.id}:${b.stage}`).join(',')} />
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

/** Days until a batch is saleable, "ready" inside its ready window, "N d overdue" past it. */
export function readyText(
  batch: Pick<BatchResponse, 'readyFrom' | 'readyUntil'>,
  today: string,
): { text: string; state: 'growing' | 'ready' | 'overdue' | '' } {
  const toFrom = daysBetween(today, batch.readyFrom);
  const toUntil = daysBetween(today, batch.readyUntil);
  if (toFrom === null || toUntil === null) return { text: '—', state: '' };
  if (toFrom > 0) return { text: `${toFrom} ${t('days')}`, state: 'growing' };
  if (toUntil >= 0) return { text: t('readyNow'), state: 'ready' };
  const late = -toUntil;
  return {
    text: locale.get() === 'en' ? `${late} d ${t('overdue')}` : `${t('overdue')} ${late} ${t('days')}`,
    state: 'overdue',
  };
}

function Batches({ batches }: { batches: BatchResponse[] }) {
  const today = nurseryDate(Date.now() + useSignal(clockSkew));
  if (batches.length === 0) return null;
  return (
    <div class="scroll">
      <table class="batches">
        <thead>
          <tr>
            <th>{t('batches')}</th>
            <th>{t('stage')}</th>
            <th>{t('daysToReady')}</th>
            <th>{t('count')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => {
            const ready = readyText(b, today);
            return (
              <tr>
                <td>
                  {b.code} {cropName(b.crop)} {b.cultivar ?? ''}
                </td>
                <td>{stageText(b.stage)}</td>
                <td
                  class={`ready-${ready.state}`}
                  data-testid={`ready-${b.code}`}
                  title={`${formatDate(b.readyFrom)} – ${formatDate(b.readyUntil)}`}
                >
                  {ready.text}
                </td>
                <td>
                  {formatCount(b.saleable ?? b.forecastSaleable)} · {formatCount(b.trays, 'trays')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
