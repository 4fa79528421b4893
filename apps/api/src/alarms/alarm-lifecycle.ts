/**
 * The alarm state machine (docs/domain.md §2.5 items 2 and 3): pending → active → acknowledged →
 * cleared, with an on-delay before a condition becomes an alarm and an off-delay (on top of the
 * rule's own hysteresis) before it clears. Pure: a function of the previous state, a decision and
 * the time.
 */
export type AlarmState = 'pending' | 'active' | 'acknowledged' | 'cleared';
export type Severity = 'advisory' | 'warning' | 'critical';

/** An alarm's catalogue parameters as stored (`alarms.params`): plain values only. */
export type AlarmParamValues = Record<string, string | number | boolean | null>;

/** What a rule says about one subject at one instant. */
export interface RuleDecision {
  /** The trigger condition holds now. */
  readonly raise: boolean;
  /** The clear condition (trigger threshold plus hysteresis) holds now. */
  readonly clear: boolean;
  readonly severity: Severity;
  readonly onDelayMs: number;
  readonly offDelayMs: number;
  readonly message: string;
  readonly value?: number | undefined;
  readonly threshold?: number | undefined;
  /** The catalogue text's parameters, for rules that need more than value and threshold. */
  readonly params?: Readonly<AlarmParamValues> | undefined;
}

/** The persisted part of one alarm (or a pending condition) the state machine needs. */
export interface LifecycleState {
  readonly state: AlarmState;
  /** When the trigger condition started holding (pending) or the alarm was raised. */
  readonly since: number;
  /** When the clear condition started holding while active/acknowledged; null when it does not. */
  readonly clearSince: number | null;
  readonly severity: Severity;
}

export type Transition =
  | { readonly kind: 'none'; readonly next: LifecycleState | null }
  | { readonly kind: 'pending'; readonly next: LifecycleState }
  | { readonly kind: 'dropped'; readonly next: null }
  | { readonly kind: 'raised'; readonly next: LifecycleState }
  | { readonly kind: 'escalated-severity'; readonly next: LifecycleState }
  | { readonly kind: 'cleared'; readonly next: LifecycleState };

const RANK: Readonly<Record<Severity, number>> = { advisory: 0, warning: 1, critical: 2 };

/**
 * One step. `previous` is null (or cleared) when there is no open alarm. A decision of `undefined`
 * means the rule could not judge (no data, sensor suppressed): a pending condition is dropped, an
 * open alarm holds its state (a silent sensor must neither raise nor clear its threshold alarms).
 */
export function step(
  previous: LifecycleState | null,
  decision: RuleDecision | undefined,
  now: number,
): Transition {
  const open = previous !== null && previous.state !== 'cleared' ? previous : null;
  if (open === null) {
    if (!decision?.raise) return { kind: 'none', next: null };
    const pending: LifecycleState = {
      state: 'pending',
      since: now,
      clearSince: null,
      severity: decision.severity,
    };
    if (decision.onDelayMs <= 0) return { kind: 'raised', next: { ...pending, state: 'active' } };
    return { kind: 'pending', next: pending };
  }
  if (open.state === 'pending') {
    if (!decision?.raise) return { kind: 'dropped', next: null };
    const severity = RANK[decision.severity] > RANK[open.severity] ? decision.severity : open.severity;
    if (now - open.since >= decision.onDelayMs) {
      return { kind: 'raised', next: { state: 'active', since: now, clearSince: null, severity } };
    }
    return { kind: 'none', next: { ...open, severity } };
  }
  // active or acknowledged
  if (decision === undefined) return { kind: 'none', next: open };
  if (decision.raise || !decision.clear) {
    if (decision.raise && RANK[decision.severity] > RANK[open.severity]) {
      return {
        kind: 'escalated-severity',
        next: { ...open, clearSince: null, severity: decision.severity, state: 'active' },
      };
    }
    return { kind: 'none', next: open.clearSince === null ? open : { ...open, clearSince: null } };
  }
  const clearSince = open.clearSince ?? now;
  if (now - clearSince >= decision.offDelayMs) {
    return { kind: 'cleared', next: { ...open, state: 'cleared', clearSince } };
  }
  return { kind: 'none', next: { ...open, clearSince } };
}
