import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveReadings } from '#contracts';
import { alarmText, severityText } from '../alarm-text.ts';
import { ApiError, api, asList, downloadAuthenticated } from '../api.ts';
import { Chart, type Series } from '../chart.tsx';
import {
  num,
  pick,
  latestKey,
  readLatest,
  readPoints,
  readPresence,
  str,
  type LatestValue,
  type Point,
  type Row,
} from '../data.ts';
import {
  daysBetween,
  formatAge,
  formatCount,
  formatDate,
  formatDateTime,
  formatMetric,
  hourInNursery,
  metricName,
  nurseryDate,
} from '../format.ts';
import { locale, localName, t } from '../i18n.ts';
import { clockSkew, onLive, subscribeZones } from '../live.ts';
import { useSignal, useTick } from '../state.ts';
import { cropName, cropNames, stageText } from './orders.tsx';

const HOUSE_KINDS = new Set(['greenhouse', 'germination']);
const FALLBACK_ZONES: Row[] = [
  { code: 'gh1', name: '1号育苗棚', nameEn: 'Greenhouse 1' },
  { code: 'gh2', name: '2号育苗棚', nameEn: 'Greenhouse 2' },
  { code: 'gh3', name: '3号育苗棚', nameEn: 'Greenhouse 3' },
  { code: 'germ1', name: '催芽室', nameEn: 'Germination room' },
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
/** Which of a crop's stage targets (libs/agronomy StageKey) applies to a batch in each stage. */
const TARGET_STAGE: Record<string, string> = {
  sown: 'germination',
  germinating: 'germination',
  emerged: 'cotyledon',
  true_leaf: 'trueLeaf',
  grafted: 'trueLeaf',
  healing: 'trueLeaf',
  hardening: 'hardening',
  ready: 'hardening',
};
const FINAL_STAGES = new Set(['planned', 'sold_out', 'culled', 'over_aged']);

interface ZoneState {
  latest: Map<string, LatestValue>;
  /** Device name → online, for the devices that have said anything. */
  presence: Map<string, boolean>;
  history: Map<string, Point[]>;
  lastSeen: number;
}

export interface Band {
  lo: number;
  hi: number;
}

/** One crop in one stage in the house, with its day and night air targets (libs/agronomy). */
export interface StageTarget {
  crop: string;
  stage: string;
  day: Band | null;
  night: Band | null;
}

export interface HouseTargets {
  /** The common band of every batch (the most sensitive crop wins), per period; null when they disagree. */
  day: Band | null;
  night: Band | null;
  /** Each crop and stage, shown when the batches have no common band. */
  each: StageTarget[];
  /** The period now, by the nursery's clock (06:00–18:00 is day, as the alarm rules count it). */
  period: 'day' | 'night';
}

const readBand = (range: unknown): Band | null => {
  const r = range as { lo?: unknown; hi?: unknown } | undefined;
  const lo = num(r?.lo);
  const hi = num(r?.hi);
  return lo === null || hi === null ? null : { lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
};

function intersect(bands: (Band | null)[]): Band | null {
  const known = bands.filter((b): b is Band => b !== null);
  if (known.length === 0) return null;
  const lo = Math.max(...known.map((b) => b.lo));
  const hi = Math.min(...known.map((b) => b.hi));
  // Disjoint or a single degree: no temperature suits them all, so show each crop's own targets.
  return hi - lo >= 1 ? { lo, hi } : null;
}

export function houseTargets(batches: Row[], crops: Map<string, Row>, hour: number): HouseTargets | null {
  const each: StageTarget[] = [];
  for (const batch of batches) {
    const stage = TARGET_STAGE[str(pick(batch, 'stage'))];
    if (stage === undefined) continue;
    const cropKey = str(pick(batch, 'crop'));
    const crop = crops.get(cropKey);
    const targets = (pick(batch, 'stageTarget', 'target') ??
      (pick(crop, 'stageTargets') as Row | undefined)?.[stage]) as Row | undefined;
    const day = readBand(targets?.dayC);
    const night = readBand(targets?.nightC);
    if (!day && !night) continue;
    if (each.some((e) => e.crop === cropKey && e.stage === str(batch.stage))) continue;
    each.push({ crop: cropKey, stage: str(batch.stage), day, night });
  }
  if (each.length === 0) return null;
  return {
    day: intersect(each.map((e) => e.day)),
    night: intersect(each.map((e) => e.night)),
    each,
    period: hour >= 6 && hour < 18 ? 'day' : 'night',
  };
}

/** The bands to draw now: the common one, else each crop's own. */
export function bandsNow(targets: HouseTargets | null): Band[] {
  if (!targets) return [];
  const common = targets[targets.period];
  if (common) return [common];
  const seen = new Set<string>();
  const bands: Band[] = [];
  for (const e of targets.each) {
    const band = e[targets.period];
    if (band && !seen.has(`${band.lo}-${band.hi}`)) {
      seen.add(`${band.lo}-${band.hi}`);
      bands.push(band);
    }
  }
  return bands;
}

const bandText = (band: Band | null) => (band ? `${band.lo}–${band.hi} °C` : '—');

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
  const [zones, setZones] = useState<Row[]>([]);
  const [version, setVersion] = useState(0);
  const [alarms, setAlarms] = useState<Row[] | null>(null);
  const [batches, setBatches] = useState<Row[]>([]);
  const [crops, setCrops] = useState<Map<string, Row>>(new Map());
  const [commands, setCommands] = useState<Row[]>([]);
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
    api('/api/alarms')
      .then((body) => setAlarms(asList(body)))
      .catch(() => setAlarms([]));
  const loadCommands = () =>
    api('/api/commands?limit=50')
      .then((b) => setCommands(asList(b)))
      .catch(() => undefined);
  const loadBatches = () =>
    api('/api/batches')
      .then((b) => setBatches(asList(b)))
      .catch(() => setBatches([]));

  const loadZone = async (code: string, since: number | null) => {
    const s = zoneState(code);
    try {
      const body = await api(`/api/zones/${encodeURIComponent(code)}/latest`);
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
            await api(
              `/api/readings?zone=${encodeURIComponent(code)}&metric=${metric}&from=${from}&to=${new Date().toISOString()}&step=auto`,
            ),
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
    void api('/api/zones')
      .then((body) => asList(body).filter((z) => HOUSE_KINDS.has(str(z.kind))))
      .catch(() => [] as Row[])
      .then((list) => {
        const chosen = list.length > 0 ? list : FALLBACK_ZONES;
        codes = chosen.map((z) => str(z.code));
        setZones(chosen);
        subscribeZones(codes);
        for (const code of codes) void loadZone(code, null);
      });
    void loadAlarms();
    void loadCommands();
    void loadBatches();
    void api('/api/crops')
      .then((b) => {
        const list = asList(b);
        for (const c of list) cropNames.set(str(c.key), c);
        setCrops(new Map(list.map((c) => [str(c.key), c] as [string, Row])));
      })
      .catch(() => undefined);

    let pending = false;
    const off = onLive({
      readings(update: LiveReadings) {
        const s = zoneState(update.zone);
        for (const r of update.readings) {
          const key = latestKey(r.metric, r.device);
          const held = s.latest.get(key);
          if (!held || held.ts <= r.ts) s.latest.set(key, { value: r.value, ts: r.ts, device: r.device });
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
      resync() {
        for (const code of codes) void loadZone(code, zoneState(code).lastSeen || null);
        void loadAlarms();
        void loadCommands();
        void loadBatches();
      },
    });
    return off;
  }, []);

  return (
    <div class="tech">
      <AlarmList alarms={alarms} onChange={() => void loadAlarms()} zones={zones} />
      <div class="cards">
        {zones.map((zone) => {
          const code = str(zone.code);
          const zoneBatches = batches.filter(
            (b) => str(pick(b, 'zone', 'zoneCode')) === code && !FINAL_STAGES.has(str(b.stage)),
          );
          return (
            <ZoneCard
              key={code}
              zone={zone}
              state={zoneState(code)}
              version={version}
              batches={zoneBatches}
              targets={houseTargets(zoneBatches, crops, hourInNursery(Date.now() + clockSkew.get()))}
              alarms={(alarms ?? []).filter((a) => str(pick(a, 'zone', 'zoneCode')) === code)}
              commands={commands.filter((c) => str(pick(c, 'zone', 'zoneCode')) === code).slice(0, 5)}
              onCommand={() => void loadCommands()}
            />
          );
        })}
      </div>
    </div>
  );
}

function AlarmList({
  alarms,
  onChange,
  zones,
}: {
  alarms: Row[] | null;
  onChange: () => void;
  zones: Row[];
}) {
  const [error, setError] = useState('');
  const ack = async (id: string) => {
    // The api keeps who acknowledged and why (issue 6): the comment is required.
    const comment = prompt(t('ackComment'), t('ackDefault'))?.trim();
    if (!comment) return;
    try {
      await api(`/api/alarms/${encodeURIComponent(id)}/ack`, { method: 'POST', body: { comment } });
      setError('');
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const zoneName = (code: string) => localName(zones.find((z) => str(z.code) === code)) || code;
  return (
    <section class="panel alarms" data-testid="alarms">
      <h2>{t('activeAlarms')}</h2>
      {alarms === null ? (
        <p class="muted">{t('loading')}</p>
      ) : alarms.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul>
          {alarms.map((alarm) => {
            const id = str(alarm.id);
            const state = str(pick(alarm, 'state', 'status'));
            const impact = (alarm.impact ?? {}) as Row;
            const villages = asList<string | Row>(impact.villages ?? []).map((v) =>
              typeof v === 'string' ? v : str(pick(v, 'name', 'village')),
            );
            const impactBatches = asList(impact.batches ?? []);
            const orders = asList(impact.orders ?? []);
            const text = alarmText(alarm);
            return (
              <li
                class={`alarm sev-${str(alarm.severity)}`}
                data-testid={`alarm-${id}`}
                data-state={state}
                data-rule={str(alarm.rule)}
              >
                <div>
                  <strong data-testid="alarm-title">{text.title}</strong>
                  <span class="sev">{severityText(str(alarm.severity))}</span>
                  <div data-testid="alarm-message">{text.message}</div>
                  <div class="muted">
                    {zoneName(str(pick(alarm, 'zone', 'zoneCode')))} ·{' '}
                    {formatDateTime(pick(alarm, 'raisedAt', 'since', 'createdAt'))}
                  </div>
                </div>
                {(impactBatches.length > 0 || villages.length > 0) && (
                  <div class="impact" data-testid="impact">
                    {t('impact')}: {impactBatches.length} {t('batches')}
                    {impactBatches.length > 0 &&
                      `（${impactBatches.map((b) => `${str(b.code)} ${cropName(str(b.crop))}`).join('、')}）`}
                    {orders.length > 0 && ` · ${orders.length} ${t('orders')}`}
                    {villages.length > 0 && ` · ${villages.join('、')}`}
                  </div>
                )}
                {state === 'acknowledged' ? (
                  <span class="tag">{t('acknowledged')}</span>
                ) : (
                  <button data-testid={`ack-${id}`} onClick={() => void ack(id)}>
                    {t('acknowledge')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error && <p class="error">{error}</p>}
    </section>
  );
}

interface CardProps {
  zone: Row;
  state: ZoneState;
  version: number;
  batches: Row[];
  targets: HouseTargets | null;
  alarms: Row[];
  commands: Row[];
  onCommand: () => void;
}

function ZoneCard({ zone, state, version, batches, targets, alarms, commands, onCommand }: CardProps) {
  const code = str(zone.code);
  const now = useTick(1000) + useSignal(clockSkew);
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
          const stale = v ? now - v.ts > 5 * 60_000 : false;
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
            const query = `zone=${code}&metric=air_temp_c&from=${from.toISOString()}&to=${to.toISOString()}&step=1m&format=csv`;
            void downloadAuthenticated(`/api/readings?${query}`, `${code}-air_temp_c.csv`).catch(
              () => undefined,
            );
          }}
        >
          {t('exportCsv')}
        </button>
      </details>
      <Controls
        code={code}
        // Only the controls this zone has equipment for (the germination room has no boom or benches).
        equipment={{
          boom: zone.hasBoomIrrigation !== false,
          heating: zone.hasHeating !== false,
          bench: zone.hasBenchHeat !== false,
        }}
        commands={commands}
        onCommand={onCommand}
      />
      <Batches batches={batches} />
    </section>
  );
}

const COMMAND_LABEL: Record<string, 'irrigate' | 'setpoint' | 'benchHeat'> = {
  irrigate: 'irrigate',
  setpoint: 'setpoint',
  'bench-heat': 'benchHeat',
};
const STATUS_ZH: Record<string, string> = {
  queued: '排队中',
  sent: '已发送',
  done: '已完成',
  rejected: '被拒绝',
  failed: '失败',
  expired: '已过期',
  timed_out: '超时',
};

function Controls({
  code,
  equipment,
  commands,
  onCommand,
}: {
  code: string;
  equipment: { boom: boolean; heating: boolean; bench: boolean };
  commands: Row[];
  onCommand: () => void;
}) {
  const [seconds, setSeconds] = useState(60);
  const [setpoint, setSetpoint] = useState(16);
  const [error, setError] = useState('');
  const [local, setLocal] = useState<Row[]>([]);
  const send = async (name: string, params: Row) => {
    setError('');
    try {
      const command = await api<Row>(`/api/zones/${encodeURIComponent(code)}/commands`, {
        method: 'POST',
        body: { name, params },
      });
      setLocal((l) => [command, ...l].slice(0, 5));
      onCommand();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  const shown = [...commands, ...local.filter((c) => !commands.some((k) => str(k.id) === str(c.id)))].slice(
    0,
    5,
  );
  return (
    <div class="controls" data-testid={`controls-${code}`}>
      {equipment.boom && (
        <div class="row">
          <input
            type="number"
            min={5}
            max={900}
            value={seconds}
            aria-label={t('seconds')}
            onInput={(e) => setSeconds(Number(e.currentTarget.value))}
          />
          <span>{t('seconds')}</span>
          <button data-testid={`irrigate-${code}`} onClick={() => void send('irrigate', { seconds })}>
            {t('irrigate')}
          </button>
        </div>
      )}
      {(equipment.heating || equipment.bench) && (
        <div class="row">
          {equipment.heating && (
            <>
              <input
                type="number"
                step={0.5}
                min={-10}
                max={45}
                value={setpoint}
                aria-label={t('setpoint')}
                onInput={(e) => setSetpoint(Number(e.currentTarget.value))}
              />
              <span>°C</span>
              <button onClick={() => void send('setpoint', { sp_c: setpoint })}>{t('setpoint')}</button>
            </>
          )}
          {equipment.bench && (
            <>
              <button
                data-testid={`bench-heat-on-${code}`}
                onClick={() => void send('bench-heat', { on: true })}
              >
                {t('benchHeat')} {t('on')}
              </button>
              <button onClick={() => void send('bench-heat', { on: false })}>{t('off')}</button>
            </>
          )}
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {shown.length > 0 && (
        <ul class="commands">
          {shown.map((c) => {
            const status = str(c.status);
            return (
              <li data-testid={`command-${str(c.id)}`} data-status={status} class={`cmd cmd-${status}`}>
                {t(COMMAND_LABEL[str(c.name)] ?? 'commands')} ·{' '}
                {formatDateTime(pick(c, 'createdAt', 'issuedAt', 'ts'))} ·{' '}
                <strong>
                  {STATUS_ZH[status] && document.documentElement.lang !== 'en' ? STATUS_ZH[status] : status}
                </strong>
                {c.ackMessage || c.message ? ` · ${str(c.ackMessage ?? c.message)}` : ''}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Days until a batch is saleable, "ready" inside its ready window, "N d overdue" past it. */
export function readyText(
  batch: Row,
  today: string,
): { text: string; state: 'growing' | 'ready' | 'overdue' | '' } {
  const from = pick(batch, 'readyFrom', 'forecastReadyDate', 'readyDate');
  const until = pick(batch, 'readyUntil') ?? from;
  const toFrom = daysBetween(today, from);
  const toUntil = daysBetween(today, until);
  if (toFrom === null || toUntil === null) return { text: '—', state: '' };
  if (toFrom > 0) return { text: `${toFrom} ${t('days')}`, state: 'growing' };
  if (toUntil >= 0) return { text: t('readyNow'), state: 'ready' };
  const late = -toUntil;
  return {
    text: locale.get() === 'en' ? `${late} d ${t('overdue')}` : `${t('overdue')} ${late} ${t('days')}`,
    state: 'overdue',
  };
}

function Batches({ batches }: { batches: Row[] }) {
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
                  {str(b.code)} {cropName(str(b.crop))} {str(pick(b, 'cultivar'))}
                </td>
                <td>{stageText(str(b.stage))}</td>
                <td
                  class={`ready-${ready.state}`}
                  data-testid={`ready-${str(b.code)}`}
                  title={`${formatDate(pick(b, 'readyFrom'))} – ${formatDate(pick(b, 'readyUntil'))}`}
                >
                  {ready.text}
                </td>
                <td>
                  {formatCount(pick(b, 'saleable', 'forecastSaleable', 'plants', 'count'))} ·{' '}
                  {formatCount(b.trays, 'trays')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
