import type { ZoneThresholds } from '../thresholds/thresholds.js';
import type { InterlockLimits } from './interlocks.js';
import type { ScheduleSlot } from './schedule.entity.js';

/**
 * The periods of a house's heating day, local HH:MM (docs/domain.md §2.1: day / afternoon / early
 * night / pre-dawn from the stage targets, tomato's regime as template).
 * - The pre-dawn drop runs from 06:00 to 08:00: about two hours before and around sunrise (about
 *   07:20 in December at Zuoquan), after the alarms' fixed night (18:00–06:00), so the alarms judge
 *   it against the crop's warning limit rather than the night band.
 * - From 08:00 the house holds its night setpoint again while the blanket rolls up (about 08:30).
 * - The day setpoint starts at 10:00, once the sun carries the house. Asked for at 08:00, it met the
 *   cold cover just uncovered: the heater ran flat out, the air fell, and the heater-failure rule
 *   (on 30 min, air 2 °C under setpoint, not rising) fired most mornings of a faults-off week.
 * - The afternoon, from 15:00, sits halfway to the night: the sun sets about 17:00 and the blanket
 *   comes down before it, so a warm-crop day setpoint held to 17:00 again outran the heater.
 */
export const HEATING_PERIODS = {
  preDawn: '06:00',
  morning: '08:00',
  day: '10:00',
  afternoon: '15:00',
  night: '17:00',
} as const;

/**
 * §2.3: winter water on sunny mornings up to about midday, once the house has warmed, so leaves and
 * the substrate's surface dry before night. One whole pass of the boom (4 min): two half passes at
 * 08:30 and 13:30 raised the substrate by barely the 3 points the irrigation-ineffective rule wants.
 */
export const IRRIGATION_SLOTS: readonly ScheduleSlot[] = [{ at: '10:00', params: { seconds: 240 } }];

/** §2.1: a pre-dawn drop of ~3–6 °C restrains stretching (DIF); 3 °C is the gentle end. */
const PRE_DAWN_DROP_C = 3;
/**
 * An on/off heater lets the air swing about its setpoint (on at SP − 0.5, §2.1); a setpoint this far
 * above an alarm limit keeps the swing from touching it.
 */
const HEATER_SWING_C = 1;

export interface HeatingSetpoints {
  readonly dayC: number;
  /** Halfway from the day to the night setpoint, to the half degree. */
  readonly afternoonC: number;
  readonly nightC: number;
  readonly preDawnC: number;
}

/**
 * Day, afternoon, night and pre-dawn heating setpoints from the zone's alarm thresholds (the most
 * sensitive active crop and stage, thresholds/thresholds.ts), so the schedule and the alarms never
 * disagree: the night setpoint stays clear of the low-temperature alarm (night setpoint − 3 °C or the
 * crop's warning limit), the pre-dawn drop stays clear of the warning limit, and all four inside the
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
  const afternoonC = clamp(Math.round(dayC + nightC) / 2);
  return { dayC, afternoonC, nightC, preDawnC };
}

export function heatingSlots(setpoints: HeatingSetpoints): ScheduleSlot[] {
  return [
    { at: HEATING_PERIODS.preDawn, params: { sp_c: setpoints.preDawnC } },
    { at: HEATING_PERIODS.morning, params: { sp_c: setpoints.nightC } },
    { at: HEATING_PERIODS.day, params: { sp_c: setpoints.dayC } },
    { at: HEATING_PERIODS.afternoon, params: { sp_c: setpoints.afternoonC } },
    { at: HEATING_PERIODS.night, params: { sp_c: setpoints.nightC } },
  ];
}
