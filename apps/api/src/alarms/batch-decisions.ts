import type { RuleDecision, Severity } from './alarm-lifecycle.js';

/** The batches judged by one band, and what the rule says against that band. */
export interface BandDecision {
  /** Codes of the batches whose own limits this band is (e.g. `B0042`). */
  readonly codes: readonly string[];
  readonly decision: RuleDecision | undefined;
}

const RANK: Readonly<Record<Severity, number>> = { advisory: 0, warning: 1, critical: 2 };

/**
 * One house-wide decision of one rule from each batch's own (issue "targets per batch, one alarm per
 * house"): raised when any batch is hit, at the worst severity among them, its text naming every
 * batch hit with its own limit (`batches`: `B0042:39;B0043:45`); cleared only when every batch's
 * clear condition holds. One alarm per house and rule, never one per batch: SMS would multiply.
 */
export function combineBandDecisions(parts: readonly BandDecision[]): RuleDecision | undefined {
  const judged = parts.filter(
    (part): part is BandDecision & { decision: RuleDecision } => part.decision !== undefined,
  );
  if (judged.length === 0) return undefined;
  const hit = judged.filter((part) => part.decision.raise);
  if (hit.length === 0) return { ...judged[0].decision, clear: judged.every((part) => part.decision.clear) };
  const worst = hit.reduce((a, b) => (RANK[b.decision.severity] > RANK[a.decision.severity] ? b : a));
  // A batch on benches with two probes is judged twice: it is named once, at its first hit.
  const named = new Map<string, string>();
  for (const part of hit)
    for (const code of part.codes)
      if (!named.has(code)) named.set(code, `${code}:${part.decision.threshold ?? ''}`);
  const batches = [...named.values()].join(';');
  return {
    ...worst.decision,
    clear: false,
    params: { ...worst.decision.params, ...(batches === '' ? {} : { batches }) },
  };
}
