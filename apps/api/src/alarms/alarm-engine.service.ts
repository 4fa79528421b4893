import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CROPS, isCropKey } from '#agronomy';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { heatingCriticalWindow, isNight } from '../scheduling/nursery-time.js';
import { TickService } from '../scheduling/tick.service.js';
import { step, type LifecycleState, type RuleDecision } from './alarm-lifecycle.js';
import { AlarmNotifier } from './alarm-notifier.service.js';
import {
  DEFAULT_TIMING,
  PHYSICAL_RANGE,
  benchHeatFault,
  chillingAccumulation,
  chillingCropOf,
  maxIrrigationRunMs,
  type ChillingCrop,
  type HourlyMean,
  co2HighWithHeater,
  coldWetRootZone,
  drySubstrate,
  frost,
  healingHumidityLow,
  heaterFailure,
  highHumidity,
  irrigationIneffective,
  irrigationRunaway,
  isOffline,
  offlineAfterMs,
  lowTemperature,
  overheat,
  overheatCritical,
  powerFailure,
  seedlingOverAge,
  sensorImplausible,
  sensorOffline,
  type RuleCode,
  type RuleTime,
  type RuleTiming,
  type ZoneThresholds,
} from './alarm-rules.js';
import type { AlarmSetting } from './alarm-setting.entity.js';
import type { Alarm } from './alarm.entity.js';
import type { AlarmChange, LooseEvent, LooseEventSource } from './alarms.events.js';
import { AlarmsRepository, type ZoneBatchRow, type ZoneRow } from './alarms.repository.js';
import { TelemetryWindow, type RingSeries, type TrackedDevice } from './telemetry-window.js';
import { deriveThresholds, type ActiveCrop, type ZoneKindForAlarms } from './thresholds.js';

const MINUTE = 60_000;
/** The hourly picture for chilling hours is read from the 1-hour rollup at most this often. */
const CHILLING_REFRESH_MS = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;
/** Every zone is judged at least this often, news or not (clock-only changes we do not model). */
const FULL_EVALUATION_MS = MINUTE;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Zone code of site-wide alarms (power failure). */
export const SITE_ZONE = '*';

interface Judgement {
  rule: RuleCode;
  zone: string;
  subject: string;
  decision: RuleDecision | undefined;
}

const toMillis = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
};

/** Batch stages (batches module) → agronomy stage targets. */
export function agronomyStage(stage: string): ActiveCrop['stage'] {
  switch (stage) {
    case 'sown':
    case 'germinating':
      return 'germination';
    case 'emerged':
      return 'cotyledon';
    case 'healing':
    case 'grafted':
      return 'healing';
    case 'hardening':
    case 'ready':
      return 'hardening';
    default:
      return 'trueLeaf';
  }
}

/**
 * Runs the pure rules over the telemetry window on every tick and drives each alarm's lifecycle,
 * with the state in PostgreSQL (alarms table): after a restart the open rows are read back, so an
 * alarm is neither lost nor raised twice.
 */
@Injectable()
export class AlarmEngine implements OnApplicationBootstrap {
  private readonly logger = new Logger('alarms');
  readonly window = new TelemetryWindow();
  /** Per zone: when time alone may next change one of its decisions (see evaluate). */
  private readonly dueAt = new Map<string, number>();
  private lastPhase: string | undefined;
  private lastFullAt = Number.NEGATIVE_INFINITY;
  /** Per zone with an irrigation running: the programmed run time of the command that started it. */
  private programmedMs = new Map<string, number | undefined>();
  private chilling: { fetchedAt: number; zones: string; hours: Map<string, HourlyMean[]> } = {
    fetchedAt: Number.NEGATIVE_INFINITY,
    zones: '',
    hours: new Map(),
  };

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly events: DomainEvents,
    private readonly tick: TickService,
    private readonly notifier: AlarmNotifier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const source = this.events as unknown as LooseEventSource;
    source.on('telemetry.accepted', (event) => this.onTelemetry(event));
    source.on('device.presence', (event) => this.onPresence(event));
    for (const device of await this.repository.devices()) {
      const tracked = this.window.track({
        site: device.site,
        zone: device.zone,
        device: device.device,
        kind: device.kind,
        intervalS: device.intervalS,
      });
      tracked.lastSeenAt = device.lastSeenAt?.getTime();
      tracked.reportedOffline = device.presence === 'offline';
    }
    this.tick.register('alarms', (now) => this.evaluate(now));
  }

  onTelemetry(event: LooseEvent): void {
    const zone = typeof event['zone'] === 'string' ? event['zone'] : undefined;
    const site = typeof event['site'] === 'string' ? event['site'] : this.config.siteCode;
    if (!zone || !Array.isArray(event['readings'])) return;
    const receivedAt = this.clock.now();
    this.window.touch(zone);
    for (const reading of event['readings'] as LooseEvent[]) {
      const device = reading['device'];
      const metric = reading['metric'];
      const ts = toMillis(reading['ts']);
      const raw = reading['value'];
      const value = typeof raw === 'boolean' ? Number(raw) : raw;
      if (
        typeof device !== 'string' ||
        typeof metric !== 'string' ||
        ts === undefined ||
        typeof value !== 'number'
      )
        continue;
      this.window.add(site, zone, device, metric, ts, value, receivedAt);
    }
  }

  onPresence(event: LooseEvent): void {
    const zone = typeof event['zone'] === 'string' ? event['zone'] : undefined;
    const device = typeof event['device'] === 'string' ? event['device'] : undefined;
    if (!zone || !device) return;
    // 'stale' (no data lately) is judged by the sensor-offline rule itself; only a reported
    // offline (last will, gateway status, disconnect) counts as offline here.
    const offline = event['online'] === false || event['presence'] === 'offline';
    const online = event['online'] === true || event['presence'] === 'online';
    const tracked = this.window.track({
      site: typeof event['site'] === 'string' ? event['site'] : this.config.siteCode,
      zone,
      device,
      kind: typeof event['kind'] === 'string' ? event['kind'] : 'unknown',
      intervalS: 60,
    });
    tracked.reportedOffline = offline;
    if (online) tracked.lastSeenAt = this.clock.now();
    this.window.touch(zone);
  }

  /**
   * One evaluation at `now`: every zone that received data (or presence) since the last one, has an
   * open or pending alarm, runs an actuator, or has a timer due (a device about to count as stale
   * or offline, an irrigation's 15-min check); every zone at least once a minute and whenever day,
   * night or the heating-critical window turns. The other zones' decisions cannot have changed: the
   * same window and the same clock phase give the same answers. Yields to the event loop between
   * zones so that ingest acknowledgements never wait behind a whole evaluation.
   */
  async evaluate(now: number): Promise<void> {
    const open = new Map(
      (await this.repository.openAlarms()).map((alarm) => [
        this.key(alarm.rule, alarm.zone, alarm.subject),
        alarm,
      ]),
    );
    const settings = await this.repository.allSettings();
    const batches = await this.repository.zoneBatches();
    const zones = await this.repository.zones();
    const timeZone = this.config.nurseryTimeZone;
    const time: RuleTime = {
      now,
      night: isNight(now, timeZone),
      heatingCriticalWindow: heatingCriticalWindow(now, timeZone),
    };
    // Settings and batches change the thresholds of zones without news: they count as news too.
    const phase = `${time.night}|${time.heatingCriticalWindow}|${JSON.stringify(settings)}|${batches
      .map((b) => `${b.id}:${b.stage}:${b.allocated}`)
      .join(',')}`;
    const everything =
      phase !== this.lastPhase || now - this.lastFullAt >= FULL_EVALUATION_MS || now < this.lastFullAt;
    if (everything) {
      this.lastPhase = phase;
      this.lastFullAt = now;
    }
    const dirty = this.window.takeDirty();
    const zonesWithOpen = new Set<string>();
    for (const alarm of open.values()) zonesWithOpen.add(alarm.zone);
    const batchesOf = new Map<string, ZoneBatchRow[]>();
    for (const batch of batches) {
      const list = batchesOf.get(batch.zone);
      if (list) list.push(batch);
      else batchesOf.set(batch.zone, [batch]);
    }
    this.programmedMs = await this.irrigationPrograms(zones);
    const seen = new Set<string>();
    const skipped = new Set<string>();
    for (const zone of zones) {
      const due = this.dueAt.get(zone.code);
      if (
        !everything &&
        !dirty.has(zone.code) &&
        !zonesWithOpen.has(zone.code) &&
        due !== undefined &&
        due > now
      ) {
        skipped.add(zone.code);
        continue;
      }
      const { judgements, dueAt } = this.judgeZone(
        zone,
        batchesOf.get(zone.code) ?? [],
        settings,
        open,
        time,
      );
      this.dueAt.set(zone.code, dueAt);
      await this.applyAll(judgements, open, seen, now);
      await yieldToEventLoop();
    }
    await this.applyAll(this.judgeSite(time), open, seen, now);
    await this.applyAll(this.judgeBatches(batches, time), open, seen, now);
    await this.applyAll(await this.judgeChilling(zones, batchesOf, settings, open, time), open, seen, now);
    for (const [key, alarm] of open) {
      if (!seen.has(key) && !skipped.has(alarm.zone))
        await this.apply(
          { rule: alarm.rule as RuleCode, zone: alarm.zone, subject: alarm.subject, decision: undefined },
          alarm,
          now,
        );
    }
    await this.notifier.tick(now);
  }

  private async applyAll(
    judgements: readonly Judgement[],
    open: Map<string, Alarm>,
    seen: Set<string>,
    now: number,
  ): Promise<void> {
    for (const judgement of judgements) {
      // Nothing open and nothing to raise: the lifecycle would answer "none" (no key, no await).
      if (open.size === 0 && !judgement.decision?.raise) continue;
      const key = this.key(judgement.rule, judgement.zone, judgement.subject);
      const previous = open.get(key);
      if (previous) seen.add(key);
      else if (!judgement.decision?.raise) continue;
      await this.apply(judgement, previous, now);
    }
  }

  private key(rule: string, zone: string, subject: string): string {
    return `${rule}|${zone}|${subject}`;
  }

  /** The zone's thresholds in force now (also the crop-safe band the control interlocks use). */
  async thresholdsFor(zoneCode: string): Promise<ZoneThresholds> {
    const zone = (await this.repository.zones(zoneCode))[0];
    if (!zone) throw new DomainError('ZONE_NOT_FOUND', `Zone ${zoneCode} not found`, 404);
    const batches = await this.repository.zoneBatches(zoneCode);
    return this.thresholdsOf(zone, batches, await this.repository.allSettings()).thresholds;
  }

  private thresholdsOf(zone: ZoneRow, batches: ZoneBatchRow[], settings: AlarmSetting[]) {
    const crops: ActiveCrop[] = batches
      .filter((batch) => isCropKey(batch.crop))
      .map((batch) => ({ crop: batch.crop as ActiveCrop['crop'], stage: agronomyStage(batch.stage) }));
    const stages = new Set<string>(crops.map((crop) => crop.stage));
    const applicable = settings
      .filter((s) => (s.zone === '*' || s.zone === zone.code) && (s.stage === '' || stages.has(s.stage)))
      .sort(
        (a, b) =>
          Number(a.zone !== '*') - Number(b.zone !== '*') || Number(a.stage !== '') - Number(b.stage !== ''),
      );
    const thresholds = deriveThresholds(
      zone.kind as ZoneKindForAlarms,
      crops,
      applicable.map((s) => s.thresholds),
    );
    const timings = new Map<RuleCode, RuleTiming & { enabled: boolean }>();
    const timing = (rule: RuleCode): RuleTiming & { enabled: boolean } => {
      let result = timings.get(rule);
      if (!result) {
        result = applicable.reduce<RuleTiming & { enabled: boolean }>(
          (r, s) => ({ ...r, ...s.rules[rule] }),
          {
            ...DEFAULT_TIMING[rule],
            enabled: true,
          },
        );
        timings.set(rule, result);
      }
      return result;
    };
    return { thresholds, timing };
  }

  private judgeZone(
    zone: ZoneRow,
    batches: ZoneBatchRow[],
    settings: AlarmSetting[],
    open: Map<string, Alarm>,
    time: RuleTime,
  ): { judgements: Judgement[]; dueAt: number } {
    const { thresholds, timing } = this.thresholdsOf(zone, batches, settings);
    const devices = this.window.devicesIn(zone.code);
    const result: Judgement[] = [];
    const unhealthy = new Set<string>();
    // The next instant time alone (no news) may change a decision of this zone.
    let dueAt = Number.POSITIVE_INFINITY;
    const dueNoEarlierThan = (at: number) => {
      if (at > time.now && at < dueAt) dueAt = at;
    };
    let airSensors = 0;
    let airSensor: TrackedDevice | undefined;
    for (const d of devices)
      if (d.kind === 'env' || d.series.has('air_temp_c')) {
        airSensors++;
        airSensor = d;
      }
    for (const device of devices) {
      const offline = sensorOffline(
        {
          device: device.device,
          reportedOffline: device.reportedOffline,
          lastSeenAt: device.lastSeenAt,
          intervalS: device.intervalS,
          onlyAirSensorOfHeatedHouse: zone.hasHeating && airSensors === 1 && airSensor === device,
        },
        time,
        timing('sensor-offline'),
      );
      result.push({ rule: 'sensor-offline', zone: zone.code, subject: device.device, decision: offline });
      if (offline.raise || this.isOpen(open, 'sensor-offline', zone.code, device.device))
        unhealthy.add(device.device);
      if (device.lastSeenAt !== undefined) {
        dueNoEarlierThan(device.lastSeenAt + offlineAfterMs(device.intervalS) + 1);
        dueNoEarlierThan(device.lastSeenAt + Math.max(2 * device.intervalS * 1000, 3 * MINUTE) + 1);
      }
      for (const [metric, samples] of device.series) {
        if (!PHYSICAL_RANGE[metric]) continue;
        const decision = sensorImplausible(metric, samples, time, timing('sensor-implausible'));
        const subject = `${device.device}:${metric}`;
        result.push({ rule: 'sensor-implausible', zone: zone.code, subject, decision });
        if (decision?.raise || this.isOpen(open, 'sensor-implausible', zone.code, subject))
          unhealthy.add(device.device);
      }
    }
    // A reading older than max(2 × interval, 3 min) no longer speaks for the air (LINK4's 3-min
    // probe timeout, §2.1): threshold rules go quiet before the sensor-offline alarm is due.
    const stale = (d: TrackedDevice) =>
      d.lastSeenAt === undefined || time.now - d.lastSeenAt > Math.max(2 * d.intervalS * 1000, 3 * MINUTE);
    const healthy = devices.filter((d) => !unhealthy.has(d.device) && !stale(d));
    const series = (metric: string): RingSeries | undefined => this.freshest(healthy, metric);
    const air = series('air_temp_c');
    const rh = series('air_rh_pct');
    const vwc = series('substrate_vwc_pct');
    const zoneRules: [RuleCode, () => RuleDecision | undefined][] = [
      ['frost', () => frost(air, thresholds, time, timing('frost'))],
      ['low-temperature', () => lowTemperature(air, thresholds, time, timing('low-temperature'))],
      ['overheat', () => overheat(air, thresholds, time, timing('overheat'))],
      ['overheat-critical', () => overheatCritical(air, thresholds, time, timing('overheat-critical'))],
      ['high-humidity', () => highHumidity(air, rh, thresholds, time, timing('high-humidity'))],
      [
        'healing-humidity-low',
        () => healingHumidityLow(rh, thresholds, time, timing('healing-humidity-low')),
      ],
      ['dry-substrate', () => drySubstrate(vwc, thresholds, time, timing('dry-substrate'))],
    ];
    const heater = devices.find((d) => d.kind === 'heater' || d.series.has('heater_on'));
    const heaterOn = heater?.series.get('heater_on');
    // A running actuator's rules (heater 30 min, runaway, bench 45 min) change with time alone.
    const running = (samples: RingSeries | undefined) => samples?.sampleBack(0)?.value === 1;
    if (running(heaterOn)) dueNoEarlierThan(time.now + 1);
    if (heater) {
      const reportedSetpoint = heater.series.get('sp_c')?.sampleBack(0)?.value;
      zoneRules.push([
        'heater-failure',
        () =>
          heaterFailure(
            {
              air,
              heaterOn,
              setpointC:
                reportedSetpoint ?? (time.night ? thresholds.nightSetpointC : thresholds.daySetpointC),
              heaterSeenAt: !heater.reportedOffline ? heater.lastSeenAt : undefined,
            },
            time,
            timing('heater-failure'),
          ),
      ]);
      if (heater.lastSeenAt !== undefined) dueNoEarlierThan(heater.lastSeenAt + 5 * MINUTE + 1);
    }
    const substrateTemp = series('substrate_temp_c');
    zoneRules.push([
      'cold-wet-root-zone',
      () => coldWetRootZone(substrateTemp, vwc, thresholds, time, timing('cold-wet-root-zone')),
    ]);
    const co2 = series('co2_ppm');
    zoneRules.push([
      'co2-high-heater',
      () => co2HighWithHeater(co2, heaterOn, time, timing('co2-high-heater')),
    ]);
    const bench = devices.find((d) => d.kind === 'bench-heat' || d.series.has('bench_heat_on'));
    if (bench && running(bench.series.get('bench_heat_on'))) dueNoEarlierThan(time.now + 1);
    if (bench && !unhealthy.has(bench.device)) {
      zoneRules.push([
        'bench-heat-fault',
        () =>
          benchHeatFault(
            bench.series.get('bench_heat_on'),
            bench.series.get('bench_temp_c'),
            bench.series.get('sp_c')?.sampleBack(0)?.value,
            time,
            timing('bench-heat-fault'),
          ),
      ]);
    }
    const boom = devices.find((d) => d.kind === 'boom' || d.series.has('irrigation_on'));
    if (boom) {
      const irrigationOn = boom.series.get('irrigation_on');
      if (running(irrigationOn)) dueNoEarlierThan(time.now + 1);
      const lastRun = irrigationOn?.lastRun();
      if (lastRun) dueNoEarlierThan(lastRun.end + 15 * MINUTE);
      const maxRunMs = maxIrrigationRunMs(this.programmedMs.get(zone.code));
      zoneRules.push([
        'irrigation-runaway',
        () => irrigationRunaway(irrigationOn, maxRunMs, time, timing('irrigation-runaway')),
      ]);
      zoneRules.push([
        'irrigation-ineffective',
        () => irrigationIneffective(irrigationOn, vwc, time, timing('irrigation-ineffective')),
      ]);
    }
    // The weather station measures the open air, not a house: frost at -10 °C outside is the
    // weather, not an alarm. Its sensors are still watched above; a crop alarm raised there by an
    // earlier version clears through its normal off-delay.
    const outdoor = zone.kind === 'outdoor';
    for (const [rule, judge] of zoneRules) {
      const decision = timing(rule).enabled ? judge() : undefined;
      result.push({
        rule,
        zone: zone.code,
        subject: '',
        decision: decision && outdoor ? { ...decision, raise: false, clear: true } : decision,
      });
    }
    return { judgements: result, dueAt };
  }

  private judgeSite(time: RuleTime): Judgement[] {
    if (this.window.devices.size === 0) return [];
    let offline = 0;
    let mainsOk: boolean | undefined;
    for (const device of this.window.devices.values()) {
      if (isOffline(device, time.now)) offline++;
      const mains = device.series.get('mains_ok')?.sampleBack(0);
      if (mains) mainsOk = (mainsOk ?? true) && mains.value === 1;
    }
    return [
      {
        rule: 'power-failure',
        zone: SITE_ZONE,
        subject: this.config.siteCode,
        decision: powerFailure({ mainsOk, devices: this.window.devices.size, offline }, time),
      },
    ];
  }

  private judgeBatches(batches: ZoneBatchRow[], time: RuleTime): Judgement[] {
    return batches
      .filter((batch) => batch.stage === 'ready' && batch.readyFrom)
      .map((batch) => ({
        rule: 'seedling-over-age' as const,
        zone: batch.zone,
        subject: batch.id,
        decision: seedlingOverAge(
          {
            batchId: batch.id,
            readySince: Date.parse(`${batch.readyFrom}T00:00:00Z`),
            allocated: batch.allocated,
            holdDays: isCropKey(batch.crop) ? CROPS[batch.crop].holdDays : 7,
          },
          time,
        ),
      }));
  }

  /** The boom of a zone: a device of kind boom, or one reporting irrigation_on. */
  private boomOf(zone: string): TrackedDevice | undefined {
    return this.window.devicesIn(zone).find((d) => d.kind === 'boom' || d.series.has('irrigation_on'));
  }

  /**
   * For each zone whose irrigation is running: the programmed run time (params.seconds) of the
   * irrigate command (a person's or a schedule's) that started it: created by the time the run began
   * and not expired before it (a minute's grace for clocks). Unknown (passes, manual runs): undefined.
   */
  private async irrigationPrograms(zones: readonly ZoneRow[]): Promise<Map<string, number | undefined>> {
    const running = new Map<string, number>();
    for (const zone of zones) {
      const since = this.boomOf(zone.code)?.series.get('irrigation_on')?.onSince();
      if (since !== undefined) running.set(zone.code, since);
    }
    const result = new Map<string, number | undefined>();
    if (running.size === 0) return result;
    const earliest = Math.min(...running.values());
    const programs = await this.repository.irrigationPrograms([...running.keys()], new Date(earliest - DAY));
    for (const [zone, since] of running) {
      const command = programs.find(
        (p) => p.zone === zone && p.createdAt <= since + MINUTE && p.expiresAt >= since - MINUTE,
      );
      const seconds = command?.params['seconds'];
      result.set(zone, typeof seconds === 'number' ? seconds * 1000 : undefined);
    }
    return result;
  }

  /**
   * Chilling hours (§2.5) for the zones holding celery or spring Chinese cabbage, one alarm per zone
   * and crop, from the 1-hour rollup read at most every 5 min (7 days do not fit the window).
   */
  private async judgeChilling(
    zones: readonly ZoneRow[],
    batchesOf: Map<string, ZoneBatchRow[]>,
    settings: AlarmSetting[],
    open: Map<string, Alarm>,
    time: RuleTime,
  ): Promise<Judgement[]> {
    const wanted = new Map<string, Set<ChillingCrop>>();
    for (const zone of zones) {
      for (const batch of batchesOf.get(zone.code) ?? []) {
        const crop = chillingCropOf(batch.crop, batch.sowDate);
        if (crop) wanted.set(zone.code, (wanted.get(zone.code) ?? new Set()).add(crop));
      }
    }
    const zoneCodes = [...wanted.keys()].sort().join(',');
    if (
      wanted.size > 0 &&
      (zoneCodes !== this.chilling.zones ||
        time.now - this.chilling.fetchedAt >= CHILLING_REFRESH_MS ||
        time.now < this.chilling.fetchedAt)
    ) {
      const hours = new Map<string, HourlyMean[]>();
      for (const row of await this.repository.hourlyAirMeans(
        [...wanted.keys()],
        new Date(time.now - 7 * DAY),
      )) {
        const list = hours.get(row.zone) ?? [];
        list.push({ hour: row.hour, meanC: row.meanC });
        hours.set(row.zone, list);
      }
      this.chilling = { fetchedAt: time.now, zones: zoneCodes, hours };
    }
    const result: Judgement[] = [];
    for (const zone of zones) {
      const crops = wanted.get(zone.code);
      if (!crops) continue;
      const { thresholds, timing } = this.thresholdsOf(zone, batchesOf.get(zone.code) ?? [], settings);
      for (const crop of crops) {
        result.push({
          rule: 'chilling-hours',
          zone: zone.code,
          subject: crop,
          decision: timing('chilling-hours').enabled
            ? chillingAccumulation(
                crop,
                this.chilling.hours.get(zone.code),
                thresholds,
                time,
                timing('chilling-hours'),
              )
            : undefined,
        });
      }
    }
    // The seedlings that counted left the zone (sold, moved): nothing is chilling there any more.
    for (const alarm of open.values()) {
      if (alarm.rule !== 'chilling-hours' || wanted.get(alarm.zone)?.has(alarm.subject as ChillingCrop))
        continue;
      result.push({
        rule: 'chilling-hours',
        zone: alarm.zone,
        subject: alarm.subject,
        decision: {
          raise: false,
          clear: true,
          severity: 'advisory',
          onDelayMs: 0,
          offDelayMs: 0,
          message: 'No seedlings counting chilling hours in the zone any more',
        },
      });
    }
    return result;
  }

  private isOpen(open: Map<string, Alarm>, rule: RuleCode, zone: string, subject: string): boolean {
    if (open.size === 0) return false;
    const alarm = open.get(this.key(rule, zone, subject));
    return alarm !== undefined && alarm.state !== 'pending';
  }

  /** The series of the healthy device with the freshest reading of `metric` (the primary sensor). */
  private freshest(devices: readonly TrackedDevice[], metric: string): RingSeries | undefined {
    let best: RingSeries | undefined;
    let bestTs = Number.NEGATIVE_INFINITY;
    for (const device of devices) {
      const series = device.series.get(metric);
      const latest = series?.sampleBack(0);
      if (series && latest && (!best || latest.ts > bestTs)) {
        best = series;
        bestTs = latest.ts;
      }
    }
    return best;
  }

  private async apply(judgement: Judgement, previous: Alarm | undefined, now: number): Promise<void> {
    const state: LifecycleState | null = previous
      ? {
          state: previous.state,
          since: (previous.raisedAt ?? previous.since).getTime(),
          clearSince: previous.clearSince?.getTime() ?? null,
          severity: previous.severity,
        }
      : null;
    const transition = step(state, judgement.decision, now);
    const decision = judgement.decision;
    const at = new Date(now);
    const facts = decision
      ? {
          message: decision.message.slice(0, 300),
          value: decision.value ?? null,
          threshold: decision.threshold ?? null,
        }
      : {};
    switch (transition.kind) {
      case 'none': {
        if (previous && transition.next) {
          const clearSince =
            transition.next.clearSince === null ? null : new Date(transition.next.clearSince);
          if (
            (previous.clearSince?.getTime() ?? null) !== transition.next.clearSince ||
            previous.severity !== transition.next.severity
          ) {
            await this.repository.update(previous.id, { clearSince, severity: transition.next.severity });
          }
        }
        return;
      }
      case 'pending': {
        const alarm = await this.repository.insertOpen({
          rule: judgement.rule,
          site: this.config.siteCode,
          zone: judgement.zone,
          subject: judgement.subject,
          state: 'pending',
          severity: transition.next.severity,
          since: at,
          ...facts,
        });
        if (alarm) this.emit('pending', alarm, now);
        return;
      }
      case 'dropped':
        if (previous) await this.repository.remove(previous.id);
        return;
      case 'raised': {
        const impact = await this.repository.impact(judgement.zone);
        let alarm: Alarm | null;
        if (previous) {
          await this.repository.update(previous.id, {
            state: 'active',
            raisedAt: at,
            severity: transition.next.severity,
            impact,
            clearSince: null,
            ...facts,
          });
          alarm = await this.repository.findById(previous.id);
        } else {
          alarm = await this.repository.insertOpen({
            rule: judgement.rule,
            site: this.config.siteCode,
            zone: judgement.zone,
            subject: judgement.subject,
            state: 'active',
            severity: transition.next.severity,
            since: at,
            raisedAt: at,
            impact,
            ...facts,
          });
        }
        if (alarm) {
          this.logger.warn(
            `raised ${alarm.severity} ${alarm.rule} in ${alarm.zone}${alarm.subject ? `/${alarm.subject}` : ''}: ${alarm.message}`,
          );
          const recipients = await this.notifier.raised(alarm, now);
          this.emit('raised', alarm, now, recipients);
        }
        return;
      }
      case 'escalated-severity': {
        if (!previous) return;
        await this.repository.update(previous.id, {
          state: 'active',
          severity: transition.next.severity,
          clearSince: null,
          acknowledgedAt: null,
          ...facts,
        });
        const alarm = await this.repository.findById(previous.id);
        if (alarm) this.emit('severity', alarm, now, await this.notifier.raised(alarm, now));
        return;
      }
      case 'cleared': {
        if (!previous) return;
        await this.repository.update(previous.id, {
          state: 'cleared',
          clearedAt: at,
          clearedBy: 'rule',
          clearComment: decision ? `Back in range: ${decision.message}`.slice(0, 500) : 'Back in range',
        });
        const alarm = await this.repository.findById(previous.id);
        if (alarm) {
          this.logger.log(`cleared ${alarm.rule} in ${alarm.zone}`);
          this.emit('cleared', alarm, now, await this.notifier.cleared(alarm, now));
        }
        return;
      }
    }
  }

  private emit(change: AlarmChange, alarm: Alarm, now: number, recipients: readonly string[] = []): void {
    this.events.emit('alarm.changed', { change, alarm, recipients, ts: now });
  }
}
