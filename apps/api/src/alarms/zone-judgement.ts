import { chillingBandOf } from '#agronomy';
import type { AlarmParamValues, RuleDecision } from './alarm-lifecycle.js';
import {
  DEFAULT_TIMING,
  PHYSICAL_RANGE,
  benchHeatFault,
  chillingAccumulation,
  maxIrrigationRunMs,
  type ChillingSubject,
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
  systemFault,
  type RuleCode,
  type RuleTime,
  type RuleTiming,
} from './alarm-rules.js';
import type { CropProfileSet } from '../thresholds/crop-profiles.js';
import type { BatchLimits, HouseBatch, ThresholdSetting } from '../thresholds/house-limits.js';
import { combineBandDecisions } from './batch-decisions.js';
import type { ZoneThresholds } from '../thresholds/thresholds.js';
import type { RingSeries } from '../window/ring-series.js';
import type { TrackedDevice } from '../window/telemetry-window.js';

const MINUTE = 60_000;
/** Zone code of site-wide alarms (power failure). */
export const SITE_ZONE = '*';

/** One rule's answer for one zone and subject (a device, a metric, a batch, a crop, or ''). */
export interface Judgement {
  rule: RuleCode;
  zone: string;
  subject: string;
  decision: RuleDecision | undefined;
}

/** A rule's timing in a zone, with whether it is enabled there. */
export type TimingOf = (rule: RuleCode) => RuleTiming & { enabled: boolean };

/** Timings from the override rows that apply (least specific first), over the defaults; memoised. */
export function timingOf(applicable: readonly ThresholdSetting[]): TimingOf {
  const timings = new Map<RuleCode, RuleTiming & { enabled: boolean }>();
  return (rule) => {
    let result = timings.get(rule);
    if (!result) {
      result = applicable.reduce<RuleTiming & { enabled: boolean }>((r, s) => ({ ...r, ...s.rules[rule] }), {
        ...DEFAULT_TIMING[rule],
        enabled: true,
      });
      timings.set(rule, result);
    }
    return result;
  };
}

/** Everything the judging of one zone reads; no I/O, no clock but `time`. */
export interface ZoneInput {
  readonly zone: { readonly code: string; readonly kind: string; readonly hasHeating: boolean };
  /** The zone's devices in the telemetry window. */
  readonly devices: readonly TrackedDevice[];
  /** The house's programme limits: what the actuator rules and an empty house are judged by. */
  readonly thresholds: ZoneThresholds;
  /**
   * Each batch standing here with its own limits: the crop rules judge every batch by its own and
   * raise one alarm for the house naming the batches hit. Empty: the house's limits apply.
   */
  readonly batchLimits?: readonly BatchLimits[];
  readonly timing: TimingOf;
  /** Whether an alarm of this rule and subject is open (past pending) in the zone. */
  readonly isOpen: (rule: RuleCode, subject: string) => boolean;
  /** The programmed run time of the irrigation command that started the running irrigation. */
  readonly programmedIrrigationMs: number | undefined;
}

/**
 * Judges one zone: every rule over its window, thresholds and timing at `time`, and the next
 * instant time alone (no news) may change one of its decisions (`dueAt`).
 */
export function judgeZone(input: ZoneInput, time: RuleTime): { judgements: Judgement[]; dueAt: number } {
  const { zone, devices, thresholds, timing, isOpen } = input;
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
    if (offline.raise || isOpen('sensor-offline', device.device)) unhealthy.add(device.device);
    if (device.lastSeenAt !== undefined) {
      dueNoEarlierThan(device.lastSeenAt + offlineAfterMs(device.intervalS) + 1);
      dueNoEarlierThan(device.lastSeenAt + Math.max(2 * device.intervalS * 1000, 3 * MINUTE) + 1);
    }
    for (const [metric, samples] of device.series) {
      if (!PHYSICAL_RANGE[metric]) continue;
      const decision = sensorImplausible(metric, samples, time, timing('sensor-implausible'));
      const subject = `${device.device}:${metric}`;
      result.push({ rule: 'sensor-implausible', zone: zone.code, subject, decision });
      if (decision?.raise || isOpen('sensor-implausible', subject)) unhealthy.add(device.device);
    }
  }
  // A reading older than max(2 × interval, 3 min) no longer speaks for the air (LINK4's 3-min
  // probe timeout, §2.1): threshold rules go quiet before the sensor-offline alarm is due.
  const stale = (d: TrackedDevice) =>
    d.lastSeenAt === undefined || time.now - d.lastSeenAt > Math.max(2 * d.intervalS * 1000, 3 * MINUTE);
  const healthy = devices.filter((d) => !unhealthy.has(d.device) && !stale(d));
  const series = (metric: string): RingSeries | undefined => freshest(healthy, metric);
  const air = series('air_temp_c');
  const rh = series('air_rh_pct');
  const vwc = series('substrate_vwc_pct');
  const substrateTemp = series('substrate_temp_c');
  const houseProbes: Probes = { vwc, substrateTemp };
  /**
   * The root zone of batches whose benches name their probes: those probes' readings. Without a
   * mapping, or while those probes are silent or unhealthy, the house's freshest probe speaks.
   */
  const probesOf = (sensors: readonly string[]): Probes => {
    if (sensors.length === 0) return houseProbes;
    const own = healthy.filter((d) => sensors.includes(d.device));
    const ownVwc = freshest(own, 'substrate_vwc_pct');
    return ownVwc
      ? { vwc: ownVwc, substrateTemp: freshest(own, 'substrate_temp_c') ?? substrateTemp }
      : houseProbes;
  };
  const bands = bandsOf(input.batchLimits ?? []);
  /** A crop rule judged by each batch's own limits (and probes), one decision for the house. */
  const perBatch =
    (judge: (limits: ZoneThresholds, probes: Probes) => RuleDecision | undefined) =>
    (): RuleDecision | undefined =>
      bands.length === 0
        ? judge(thresholds, houseProbes)
        : combineBandDecisions(
            bands.map((band) => ({
              codes: band.codes,
              decision: judge(band.thresholds, probesOf(band.sensors)),
            })),
          );
  const zoneRules: [RuleCode, () => RuleDecision | undefined][] = [
    ['frost', perBatch((limits) => frost(air, limits, time, timing('frost')))],
    ['low-temperature', perBatch((limits) => lowTemperature(air, limits, time, timing('low-temperature')))],
    ['overheat', perBatch((limits) => overheat(air, limits, time, timing('overheat')))],
    [
      'overheat-critical',
      perBatch((limits) => overheatCritical(air, limits, time, timing('overheat-critical'))),
    ],
    ['high-humidity', () => highHumidity(air, rh, thresholds, time, timing('high-humidity'))],
    ['healing-humidity-low', () => healingHumidityLow(rh, thresholds, time, timing('healing-humidity-low'))],
    [
      'dry-substrate',
      perBatch((limits, probes) => drySubstrate(probes.vwc, limits, time, timing('dry-substrate'))),
    ],
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
            setpointC: reportedSetpoint ?? (time.night ? thresholds.nightSetpointC : thresholds.daySetpointC),
            heaterSeenAt: !heater.reportedOffline ? heater.lastSeenAt : undefined,
          },
          time,
          timing('heater-failure'),
        ),
    ]);
    if (heater.lastSeenAt !== undefined) dueNoEarlierThan(heater.lastSeenAt + 5 * MINUTE + 1);
  }
  zoneRules.push([
    'cold-wet-root-zone',
    perBatch((limits, probes) =>
      coldWetRootZone(probes.substrateTemp, probes.vwc, limits, time, timing('cold-wet-root-zone')),
    ),
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
    const maxRunMs = maxIrrigationRunMs(input.programmedIrrigationMs);
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

export function judgeSite(
  devices: ReadonlyMap<string, TrackedDevice>,
  siteCode: string,
  time: RuleTime,
): Judgement[] {
  if (devices.size === 0) return [];
  let offline = 0;
  let mainsOk: boolean | undefined;
  for (const device of devices.values()) {
    if (isOffline(device, time.now)) offline++;
    const mains = device.series.get('mains_ok')?.sampleBack(0);
    if (mains) mainsOk = (mainsOk ?? true) && mains.value === 1;
  }
  return [
    {
      rule: 'power-failure',
      zone: SITE_ZONE,
      subject: siteCode,
      decision: powerFailure({ mainsOk, devices: devices.size, offline }, time),
    },
  ];
}

/**
 * backup-failed and disk-low follow their open system events (the backup and the disk watch open and
 * end them); a disk event at its critical level makes the alarm critical.
 */
export function judgeSystem(
  open: Readonly<
    Record<
      'backup-failed' | 'disk-low',
      { cause: string; critical: boolean; params?: Readonly<AlarmParamValues> } | undefined
    >
  >,
  siteCode: string,
): Judgement[] {
  return (['backup-failed', 'disk-low'] as const).map((rule) => ({
    rule,
    zone: SITE_ZONE,
    subject: siteCode,
    decision: systemFault(open[rule], DEFAULT_TIMING[rule]),
  }));
}

/**
 * Seedlings ready past their crop's hold days (§2.5 seedling over-age), one judgement per batch,
 * in its home house however many places its trays stand in.
 */
export function judgeBatches(
  batches: readonly HouseBatch[],
  profiles: CropProfileSet,
  time: RuleTime,
): Judgement[] {
  const once = [...new Map(batches.map((batch) => [batch.id, batch])).values()];
  return once
    .filter((batch) => batch.stage === 'ready' && batch.readyFrom)
    .map((batch) => ({
      rule: 'seedling-over-age' as const,
      zone: batch.homeZone,
      subject: batch.id,
      decision: seedlingOverAge(
        {
          batchId: batch.id,
          readySince: Date.parse(`${batch.readyFrom}T00:00:00Z`),
          allocated: batch.allocated,
          holdDays: profiles.has(batch.crop) ? profiles.profile(batch.crop, batch.variety).holdDays : 7,
        },
        time,
      ),
    }));
}

/** The crops counting chilling hours in each house: those with a band that applies to the batch's sowing month. */
export function chillingCrops(
  batches: readonly HouseBatch[],
  profiles: CropProfileSet,
): Map<string, Map<string, ChillingSubject>> {
  const wanted = new Map<string, Map<string, ChillingSubject>>();
  for (const batch of batches) {
    if (!profiles.has(batch.crop)) continue;
    const profile = profiles.profile(batch.crop, batch.variety);
    const band = chillingBandOf(profile, batch.sowDate);
    if (!band) continue;
    const subjects = wanted.get(batch.zone) ?? new Map<string, ChillingSubject>();
    // Varieties of one crop are one subject (one alarm per house and crop); the first band counts.
    if (!subjects.has(batch.crop))
      subjects.set(batch.crop, { crop: batch.crop, nameZh: profile.nameZh, band });
    wanted.set(batch.zone, subjects);
  }
  return wanted;
}

/**
 * Chilling hours (§2.5) for the zones holding celery or spring Chinese cabbage, one judgement per
 * zone and crop, from the hourly air means of the last 7 days; an open chilling alarm of a zone
 * whose counting seedlings left clears.
 */
export function judgeChilling(
  houses: readonly { code: string; thresholds: ZoneThresholds; timing: TimingOf }[],
  wanted: ReadonlyMap<string, ReadonlyMap<string, ChillingSubject>>,
  hours: ReadonlyMap<string, HourlyMean[]>,
  open: Iterable<{ rule: string; zone: string; subject: string }>,
  time: RuleTime,
): Judgement[] {
  const result: Judgement[] = [];
  for (const { code, thresholds, timing } of houses) {
    const crops = wanted.get(code);
    if (!crops) continue;
    for (const subject of crops.values()) {
      result.push({
        rule: 'chilling-hours',
        zone: code,
        subject: subject.crop,
        decision: timing('chilling-hours').enabled
          ? chillingAccumulation(subject, hours.get(code), thresholds, time, timing('chilling-hours'))
          : undefined,
      });
    }
  }
  // The seedlings that counted left the zone (sold, moved): nothing is chilling there any more.
  for (const alarm of open) {
    if (alarm.rule !== 'chilling-hours' || wanted.get(alarm.zone)?.has(alarm.subject)) continue;
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

/** The root-zone readings a batch is judged on: its own benches' probes, or the house's. */
interface Probes {
  readonly vwc: RingSeries | undefined;
  readonly substrateTemp: RingSeries | undefined;
}

interface Band {
  readonly thresholds: ZoneThresholds;
  /** The probes of the batches' benches (empty: the house-wide rule). */
  readonly sensors: readonly string[];
  readonly codes: string[];
}

/**
 * The distinct limits (and bench probes) of the batches standing in a house, each with the codes of
 * its batches: two tomato batches at one stage on unmapped benches are judged once, and a batch on
 * two benches of the house once.
 */
function bandsOf(batchLimits: readonly BatchLimits[]): Band[] {
  const bands = new Map<string, Band>();
  for (const { batch, thresholds } of batchLimits) {
    const key = `${JSON.stringify(thresholds)}|${batch.moistureSensors.join(',')}`;
    const band = bands.get(key) ?? { thresholds, sensors: batch.moistureSensors, codes: [] };
    if (!band.codes.includes(batch.code)) band.codes.push(batch.code);
    bands.set(key, band);
  }
  return [...bands.values()];
}

/** The series of the healthy device with the freshest reading of `metric` (the primary sensor). */
function freshest(devices: readonly TrackedDevice[], metric: string): RingSeries | undefined {
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
