import { FAULT_KINDS, type FaultRun } from './faults.js';
import type { Invariant } from './invariants.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function spread(values: readonly (number | undefined)[]): string {
  const known = values.filter((value): value is number => value !== undefined);
  if (known.length === 0) return '-';
  const missing = values.length - known.length;
  return `${median(known).toFixed(1)} / ${Math.max(...known).toFixed(1)}${missing > 0 ? ` (${missing} never)` : ''}`;
}

/** A plain Markdown table: it reads in a terminal and pastes into docs/benchmarks.md. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** One row per kind of fault: how often, and the median and longest time back. */
export function faultTable(faults: readonly FaultRun[]): string {
  return table(
    ['fault', 'count', 'HTTP back, s (median / max)', 'ingest back, s (median / max)'],
    FAULT_KINDS.map((kind) => {
      const runs = faults.filter((run) => run.kind === kind);
      return [
        kind,
        String(runs.length),
        spread(runs.map((run) => run.httpS)),
        spread(runs.map((run) => run.ingestS)),
      ];
    }),
  );
}

export function invariantLines(invariants: readonly Invariant[]): string {
  return invariants.map((item) => `${item.pass ? 'PASS' : 'FAIL'}  ${item.name}: ${item.detail}`).join('\n');
}
