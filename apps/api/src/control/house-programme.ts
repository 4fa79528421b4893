import type { ZoneThresholds } from '../thresholds/thresholds.js';
import type { InterlockLimits } from './interlocks.js';
import type { ScheduleSlot } from './schedule.entity.js';

/**
 * The periods of a house's heating day, local HH:MM (docs/domain.md §2.1: 2–4 periods from the
 * stage targets, tomato's regime as template). The pre-dawn drop runs from 06:00 to 08:00: before
 * sunrise (about 07:20 in late autumn at Zuoquan) and after the alarms' fixed night (18:00–06:00),
 * so the alarms judge it against the crop's warning limit rather than the night band.
 */
export const HEATING_PERIODS = { preDawn: '06:00', day: '08:00', night: '17:00' } as const;

/** §2.3: winter water on sunny mornings up to about midday, never in the evening. */
export const IRRIGATION_SLOTS: readonly ScheduleSlot[] = [
  { at: '08:30', params: { seconds: 120 } },
  { at: '13:30', params: { seconds: 120 } },
];

/** §2.1: a pre-dawn drop of ~3–6 °C restrains stretching (DIF); 3 °C is the gentle end. */
const PRE_DAWN_DROP_C = 3;
/**
 * An on/off heater lets the air swing about its setpoint (on at SP − 0.5, §2.1); a setpoint this far
 * above an alarm limit keeps the swing from touching it.
 */
const HEATER_SWING_C = 1;

export interface HeatingSetpoints {
  readonly dayC: number;
  readonly nightC: number;
  readonly preDawnC: number;
}

/**
 * Day, night and pre-dawn heating setpoints from the zone's alarm thresholds (the most sensitive
 * active crop and stage, thresholds/thresholds.ts), so the schedule and the alarms never disagree: the
 * night setpoint stays clear of the low-temperature alarm (night setpoint − 3 °C or the crop's
 * warning limit), the pre-dawn drop stays clear of the warning limit, and all three inside the
 * interlocks' setpoint band.
 */
export function heatingSetpoints(
  thresholds: ZoneThresholds,
  band: Pick<InterlockLimits, 'setpointMinC' | 'setpointMaxC'>,
): HeatingSetpoints {
  const clamp = (c: number) => Math.min(band.setpointMaxC, Math.max(band.setpointMinC, c));
  const nightAlarmC = Math.max(thresholds.nightSetpointC - 3, thresholds.coldWarnC);
  const nightC = clamp(Math.max(thresholds.nightSetpointC, nightAlarmC + HEATER_SWING_C));
  const dayC = clamp(Math.max(thresholds.daySetpointC, nightC));
  const preDawnC = clamp(
    Math.min(nightC, Math.max(nightC - PRE_DAWN_DROP_C, thresholds.coldWarnC + HEATER_SWING_C)),
  );
  return { dayC, nightC, preDawnC };
}

export function heatingSlots(setpoints: HeatingSetpoints): ScheduleSlot[] {
  return [
    { at: HEATING_PERIODS.preDawn, params: { sp_c: setpoints.preDawnC } },
    { at: HEATING_PERIODS.day, params: { sp_c: setpoints.dayC } },
    { at: HEATING_PERIODS.night, params: { sp_c: setpoints.nightC } },
  ];
}
