import { ALARM_PARAM_NAMES, alarmParams, isAlarmRuleCode } from '#contracts';
import type { AlarmParamValues, RuleDecision } from './alarm-lifecycle.js';

const isPlain = (value: unknown): value is string | number | boolean =>
  (typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean';

/**
 * The parameters stored with an alarm: the rule's own (a cause, a device, a crop), its value and
 * threshold, and what its subject names, kept to the names its code declares (codes/alarm-codes.ts).
 * Null for a rule outside the code list.
 */
export function storedAlarmParams(
  rule: string,
  subject: string,
  decision: RuleDecision,
): AlarmParamValues | null {
  if (!isAlarmRuleCode(rule)) return null;
  const known: Record<string, unknown> = {
    ...alarmParams({ rule, subject, value: decision.value ?? null, threshold: decision.threshold ?? null }),
    ...decision.params,
  };
  const names: readonly string[] = ALARM_PARAM_NAMES[rule];
  const stored: AlarmParamValues = {};
  for (const name of names) {
    const value = known[name];
    if (isPlain(value)) stored[name] = value;
  }
  return stored;
}
