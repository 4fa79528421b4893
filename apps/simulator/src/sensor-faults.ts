// What a faulty sensor reports instead of the truth: a value stuck where it was, a slow drift, or a
// single spike (each spike once per fault and metric).
import type { MetricValue } from '#contracts';
import type { ActiveFault } from './faults.js';

/**
 * The injected sensor faults applied to one sample's values (changed in place and returned).
 * `stuckValues` holds each stuck fault's first value; `oneShotsDone` the spikes already sent.
 */
export function applySensorFaults(
  faults: readonly ActiveFault[],
  values: Record<string, MetricValue>,
  now: number,
  stuckValues: Map<string, MetricValue>,
  oneShotsDone: Set<string>,
): Record<string, MetricValue> {
  for (const fault of faults) {
    if (fault.type !== 'stuck' && fault.type !== 'drift' && fault.type !== 'spike') continue;
    const keys = Object.keys(values).filter(
      (key) => (fault.metric === undefined || fault.metric === key) && typeof values[key] === 'number',
    );
    for (const key of keys) {
      const value = values[key] as number;
      if (fault.type === 'stuck') {
        const stuckKey = `${fault.id}/${key}`;
        if (!stuckValues.has(stuckKey)) stuckValues.set(stuckKey, value);
        values[key] = stuckValues.get(stuckKey)!;
      } else if (fault.type === 'drift') {
        const hours = (now - fault.sinceMs) / 3_600_000;
        values[key] = Math.round((value + (fault.ratePerHour ?? 1) * hours) * 100) / 100;
      } else if (!oneShotsDone.has(`${fault.id}/${key}`)) {
        oneShotsDone.add(`${fault.id}/${key}`);
        values[key] = Math.round((value + (fault.magnitude ?? 25)) * 100) / 100;
      }
    }
  }
  return values;
}
