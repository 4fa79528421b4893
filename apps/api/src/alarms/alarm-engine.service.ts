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
  co2HighWithHeater,
  coldWetRootZone,
  drySubstrate,
  frost,
  healingHumidityLow,
  heaterFailure,
  highHumidity,
  irrigationIneffective,
  irrigationRunaway,
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
  type Sample,
  type ZoneThresholds,
} from './alarm-rules.js';
import type { AlarmSetting } from './alarm-setting.entity.js';
import type { Alarm } from './alarm.entity.js';
import type { AlarmChange, LooseEvent, LooseEventSource } from './alarms.events.js';
import { AlarmsRepository, type ZoneBatchRow, type ZoneRow } from './alarms.repository.js';
import { TelemetryWindow, type TrackedDevice } from './telemetry-window.js';
import { deriveThresholds, type ActiveCrop, type ZoneKindForAlarms } from './thresholds.js';

const MINUTE = 60_000;
/** §2.5 irrigation runaway: 2 × programmed, capped at 20 min. */
const MAX_IRRIGATION_MS = 20 * MINUTE;
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
  }

  /** One evaluation of every rule in every zone at `now`. */
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
    const judgements: Judgement[] = [];
    for (const zone of zones) {
      judgements.push(
        ...this.judgeZone(
          zone,
          batches.filter((b) => b.zone === zone.code),
          settings,
          open,
          time,
        ),
      );
    }
    judgements.push(...this.judgeSite(time));
    judgements.push(...this.judgeBatches(batches, time));
    const seen = new Set<string>();
    for (const judgement of judgements) {
      const key = this.key(judgement.rule, judgement.zone, judgement.subject);
      seen.add(key);
      await this.apply(judgement, open.get(key), now);
    }
    for (const [key, alarm] of open) {
      if (!seen.has(key))
        await this.apply(
          { rule: alarm.rule as RuleCode, zone: alarm.zone, subject: alarm.subject, decision: undefined },
          alarm,
          now,
        );
    }
    await this.notifier.tick(now);
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
    const timing = (rule: RuleCode): RuleTiming & { enabled: boolean } =>
      applicable.reduce<RuleTiming & { enabled: boolean }>((result, s) => ({ ...result, ...s.rules[rule] }), {
        ...DEFAULT_TIMING[rule],
        enabled: true,
      });
    return { thresholds, timing };
  }

  private judgeZone(
    zone: ZoneRow,
    batches: ZoneBatchRow[],
    settings: AlarmSetting[],
    open: Map<string, Alarm>,
    time: RuleTime,
  ): Judgement[] {
    const { thresholds, timing } = this.thresholdsOf(zone, batches, settings);
    const devices = this.window.devicesIn(zone.code);
    const result: Judgement[] = [];
    const unhealthy = new Set<string>();
    const airSensors = devices.filter(
      (d) => d.kind === 'env' || this.window.metricsOf(zone.code, d.device).includes('air_temp_c'),
    );
    for (const device of devices) {
      const offline = sensorOffline(
        {
          device: device.device,
          reportedOffline: device.reportedOffline,
          lastSeenAt: device.lastSeenAt,
          intervalS: device.intervalS,
          onlyAirSensorOfHeatedHouse: zone.hasHeating && airSensors.length === 1 && airSensors[0] === device,
        },
        time,
        timing('sensor-offline'),
      );
      result.push({ rule: 'sensor-offline', zone: zone.code, subject: device.device, decision: offline });
      if (offline.raise || this.isOpen(open, 'sensor-offline', zone.code, device.device))
        unhealthy.add(device.device);
      for (const metric of this.window.metricsOf(zone.code, device.device).filter((m) => PHYSICAL_RANGE[m])) {
        const decision = sensorImplausible(
          metric,
          this.window.get(zone.code, device.device, metric),
          time,
          timing('sensor-implausible'),
        );
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
    const series = (metric: string): Sample[] | undefined => this.freshest(zone.code, healthy, metric);
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
    const heaters = devices.filter(
      (d) => d.kind === 'heater' || this.window.metricsOf(zone.code, d.device).includes('heater_on'),
    );
    if (heaters.length > 0) {
      const heater = heaters[0];
      const reportedSetpoint = heater
        ? this.window.get(zone.code, heater.device, 'sp_c')?.at(-1)?.value
        : undefined;
      zoneRules.push([
        'heater-failure',
        () =>
          heaterFailure(
            {
              air,
              heaterOn: heater ? this.window.get(zone.code, heater.device, 'heater_on') : undefined,
              setpointC:
                reportedSetpoint ?? (time.night ? thresholds.nightSetpointC : thresholds.daySetpointC),
              heaterSeenAt: heater && !heater.reportedOffline ? heater.lastSeenAt : undefined,
            },
            time,
            timing('heater-failure'),
          ),
      ]);
    }
    const substrateTemp = series('substrate_temp_c');
    zoneRules.push([
      'cold-wet-root-zone',
      () => coldWetRootZone(substrateTemp, vwc, thresholds, time, timing('cold-wet-root-zone')),
    ]);
    const co2 = series('co2_ppm');
    const heaterOn = heaters[0] ? this.window.get(zone.code, heaters[0].device, 'heater_on') : undefined;
    zoneRules.push([
      'co2-high-heater',
      () => co2HighWithHeater(co2, heaterOn, time, timing('co2-high-heater')),
    ]);
    const bench = devices.find(
      (d) => d.kind === 'bench-heat' || this.window.metricsOf(zone.code, d.device).includes('bench_heat_on'),
    );
    if (bench && !unhealthy.has(bench.device)) {
      zoneRules.push([
        'bench-heat-fault',
        () =>
          benchHeatFault(
            this.window.get(zone.code, bench.device, 'bench_heat_on'),
            this.window.get(zone.code, bench.device, 'bench_temp_c'),
            this.window.get(zone.code, bench.device, 'sp_c')?.at(-1)?.value,
            time,
            timing('bench-heat-fault'),
          ),
      ]);
    }
    const boom = devices.find(
      (d) => d.kind === 'boom' || this.window.metricsOf(zone.code, d.device).includes('irrigation_on'),
    );
    if (boom) {
      const irrigationOn = this.window.get(zone.code, boom.device, 'irrigation_on');
      zoneRules.push([
        'irrigation-runaway',
        () => irrigationRunaway(irrigationOn, MAX_IRRIGATION_MS, time, timing('irrigation-runaway')),
      ]);
      zoneRules.push([
        'irrigation-ineffective',
        () => irrigationIneffective(irrigationOn, vwc, time, timing('irrigation-ineffective')),
      ]);
    }
    for (const [rule, judge] of zoneRules) {
      result.push({
        rule,
        zone: zone.code,
        subject: '',
        decision: timing(rule).enabled ? judge() : undefined,
      });
    }
    return result;
  }

  private judgeSite(time: RuleTime): Judgement[] {
    const all = [...this.window.devices.values()];
    if (all.length === 0) return [];
    const offline = all.filter(
      (d) => sensorOffline({ ...d, onlyAirSensorOfHeatedHouse: false }, time).raise,
    ).length;
    let mainsOk: boolean | undefined;
    for (const device of all) {
      const mains = this.window.get(device.zone, device.device, 'mains_ok')?.at(-1);
      if (mains) mainsOk = (mainsOk ?? true) && mains.value === 1;
    }
    return [
      {
        rule: 'power-failure',
        zone: SITE_ZONE,
        subject: this.config.siteCode,
        decision: powerFailure({ mainsOk, devices: all.length, offline }, time),
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

  private isOpen(open: Map<string, Alarm>, rule: RuleCode, zone: string, subject: string): boolean {
    const alarm = open.get(this.key(rule, zone, subject));
    return alarm !== undefined && alarm.state !== 'pending';
  }

  /** The series of the healthy device with the freshest reading of `metric` (the primary sensor). */
  private freshest(zone: string, devices: TrackedDevice[], metric: string): Sample[] | undefined {
    let best: Sample[] | undefined;
    for (const device of devices) {
      const series = this.window.get(zone, device.device, metric);
      if (series && series.length > 0 && (!best || series.at(-1)!.ts > best.at(-1)!.ts)) best = series;
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
