import type { CommandName, ErrorParams } from '#contracts';

/**
 * The interlocks a command passes before it is sent (issue 6, docs/domain.md §2.1–2.3). Pure:
 * the command, the zone's limits, what was done lately and the time → allowed, or refused with a
 * stable code and a reason a technician understands.
 */
export interface InterlockLimits {
  /** Maximum length of one irrigation (seconds). */
  readonly maxIrrigationSeconds: number;
  readonly maxIrrigationPasses: number;
  /** Minimum time between the starts of two irrigations. */
  readonly minIrrigationIntervalMs: number;
  /** Heating setpoint band safe for the crops in the house. */
  readonly setpointMinC: number;
  readonly setpointMaxC: number;
  /** §2.2: cut bench heat above ~30–32 °C (runaway cables scorch roots). */
  readonly benchHeatMaxC: number;
}

export const DEFAULT_LIMITS = {
  maxIrrigationSeconds: 900,
  maxIrrigationPasses: 6,
  minIrrigationIntervalMs: 30 * 60_000,
  benchHeatMaxC: 30,
} as const;

export interface InterlockContext {
  readonly limits: InterlockLimits;
  /** When the zone's last irrigation command (not refused) was issued. */
  readonly lastIrrigationAt: number | undefined;
  readonly now: number;
  /** Winter (November–March) and night (18:00–06:00) in the nursery's time zone. */
  readonly winterNight: boolean;
  /** Interlocks that may be overridden are, when a reason is given. */
  readonly forceReason: string | undefined;
}

export type InterlockResult =
  | { readonly ok: true; readonly overridden: readonly string[] }
  | {
      readonly ok: false;
      readonly code: InterlockCode;
      readonly reason: string;
      readonly details: ErrorParams[InterlockCode];
    };

type InterlockCode =
  | 'IRRIGATION_TOO_LONG'
  | 'IRRIGATION_TOO_SOON'
  | 'IRRIGATION_WINTER_NIGHT'
  | 'SETPOINT_OUT_OF_BAND'
  | 'BENCH_HEAT_TOO_HOT';

const refuse = <C extends InterlockCode>(
  code: C,
  reason: string,
  details: ErrorParams[C],
): InterlockResult => ({
  ok: false,
  code,
  reason,
  details,
});

export function checkInterlocks(
  name: CommandName,
  params: Record<string, unknown>,
  context: InterlockContext,
): InterlockResult {
  const { limits } = context;
  const overridden: string[] = [];
  switch (name) {
    case 'irrigate': {
      const seconds = typeof params['seconds'] === 'number' ? params['seconds'] : undefined;
      const passes = typeof params['passes'] === 'number' ? params['passes'] : undefined;
      if (seconds !== undefined && seconds > limits.maxIrrigationSeconds) {
        return refuse(
          'IRRIGATION_TOO_LONG',
          `Irrigation of ${seconds} s is longer than the ${limits.maxIrrigationSeconds} s this house allows; split it into passes`,
          { seconds, maxSeconds: limits.maxIrrigationSeconds },
        );
      }
      if (passes !== undefined && passes > limits.maxIrrigationPasses) {
        return refuse(
          'IRRIGATION_TOO_LONG',
          `${passes} boom passes are more than the ${limits.maxIrrigationPasses} allowed at once`,
          {
            passes,
            maxPasses: limits.maxIrrigationPasses,
          },
        );
      }
      if (
        context.lastIrrigationAt !== undefined &&
        context.now - context.lastIrrigationAt < limits.minIrrigationIntervalMs
      ) {
        const waitMinutes = Math.ceil(
          (limits.minIrrigationIntervalMs - (context.now - context.lastIrrigationAt)) / 60_000,
        );
        if (context.forceReason === undefined) {
          return refuse(
            'IRRIGATION_TOO_SOON',
            `The last irrigation was less than ${limits.minIrrigationIntervalMs / 60_000} min ago; wait ${waitMinutes} min or force with a reason`,
            {
              lastIrrigationAt: new Date(context.lastIrrigationAt).toISOString(),
              minIntervalMs: limits.minIrrigationIntervalMs,
            },
          );
        }
        overridden.push('IRRIGATION_TOO_SOON');
      }
      if (context.winterNight) {
        // §2.3: cold, wet nights drive damping-off, grey mould and root rot.
        if (context.forceReason === undefined) {
          return refuse(
            'IRRIGATION_WINTER_NIGHT',
            'No irrigation at night in winter (cold wet nights bring damping-off and root rot); force it with a reason if it must be',
            {},
          );
        }
        overridden.push('IRRIGATION_WINTER_NIGHT');
      }
      return { ok: true, overridden };
    }
    case 'setpoint': {
      const sp = params['sp_c'] as number;
      if (sp < limits.setpointMinC || sp > limits.setpointMaxC) {
        return refuse(
          'SETPOINT_OUT_OF_BAND',
          `Setpoint ${sp} °C is outside the band safe for the crops in this house (${limits.setpointMinC}–${limits.setpointMaxC} °C)`,
          { sp_c: sp, min: limits.setpointMinC, max: limits.setpointMaxC },
        );
      }
      return { ok: true, overridden };
    }
    case 'bench-heat': {
      const sp = params['sp_c'];
      if (typeof sp === 'number' && sp > limits.benchHeatMaxC) {
        return refuse(
          'BENCH_HEAT_TOO_HOT',
          `Bench setpoint ${sp} °C is above ${limits.benchHeatMaxC} °C: hot cables scorch roots`,
          {
            sp_c: sp,
            max: limits.benchHeatMaxC,
          },
        );
      }
      return { ok: true, overridden };
    }
    case 'siren':
      // The contract caps a sounding at 180 s; silencing is always allowed.
      return { ok: true, overridden };
  }
}

/** The reported metrics stateMatches reads: the only telemetry the command tracker must keep. */
export const COMMAND_STATE_METRICS: ReadonlySet<string> = new Set([
  'sp_c',
  'irrigation_on',
  'boom_pass',
  'bench_heat_on',
  'mode',
  'siren_on',
]);

/**
 * Whether a device's reported state shows the command took effect (the backend marks a command
 * done only after ack `ok` and the matching state, §4.2). `state` holds the latest values by metric.
 */
export function stateMatches(
  name: CommandName,
  params: Record<string, unknown>,
  state: Readonly<Record<string, unknown>>,
): boolean {
  const truthy = (value: unknown) => value === true || value === 1;
  switch (name) {
    case 'setpoint':
      return typeof state['sp_c'] === 'number' && Math.abs(state['sp_c'] - (params['sp_c'] as number)) < 0.05;
    case 'irrigate':
      return (
        truthy(state['irrigation_on']) || (typeof state['boom_pass'] === 'number' && state['boom_pass'] > 0)
      );
    case 'bench-heat': {
      const on = params['on'] === true;
      // A bench thermostat takes "on" by switching itself to auto; its relay then follows the bench
      // temperature and may rightly stay off on a warm bench, so its mode is the truth when it
      // reports one (this used to end a command the device had carried out in "timed out").
      const mode = state['mode'];
      const relay = state['bench_heat_on'];
      let reached: boolean;
      if (mode === 'auto' || mode === 'manual' || mode === 'off') reached = (mode !== 'off') === on;
      else if (relay === undefined) return false;
      else reached = truthy(relay) === on;
      if (!reached) return false;
      return (
        typeof params['sp_c'] !== 'number' ||
        (typeof state['sp_c'] === 'number' && Math.abs(state['sp_c'] - params['sp_c']) < 0.05)
      );
    }
    case 'siren':
      // Many sirens are bare relays that report nothing: their ack is all the truth there is.
      return state['siren_on'] === undefined || truthy(state['siren_on']) === (params['on'] === true);
  }
}
