/**
 * Matching benchmark (not a test): `npm run bench:matching`.
 *
 * 1. Speed: 10,000 order lines against 2,000 batches, median of several runs, reported against a
 *    baseline measured in the same run (one trivial pass grouping the same batches and lines by key),
 *    so the figure survives a busy or slow machine as a ratio.
 * 2. Quality: on small instances (40 lines, 12 batches, no room for new sowings; 20 seeds) the seedlings FIFO
 *    matching allocates, compared with the LP optimum that ignores arrival order (javascript-lp-solver):
 *    the fractional optimum (lines may be part-filled) and the all-or-nothing integer optimum.
 * A seeded RNG makes every figure repeat.
 */
import * as lpSolver from 'javascript-lp-solver';

import {
  CROPS,
  type CropKey,
  DEFAULT_MATCHING_SETTINGS,
  type MatchingBatch,
  type MatchingOrderLine,
  type MatchingState,
  addDays,
  anyCultivarKey,
  exactKey,
  matchOrders,
  readyWindow,
  toDayNumber,
} from '#agronomy';

// The package's types are CommonJS-shaped while Node loads its ESM build: `default` is the solver in both.
const solver = lpSolver.default as unknown as { Solve(model: object): unknown };

/** mulberry32: small, fast, seeded. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TODAY = '2027-01-10';
const BENCH_CROPS: readonly CropKey[] = ['tomato', 'pepper', 'eggplant', 'cucumber', 'watermelon', 'cabbage'];
const CULTIVARS = ['A', 'B', 'C'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function makeBatches(
  random: () => number,
  count: number,
  spreadDays: number,
  crops: readonly CropKey[] = BENCH_CROPS,
): MatchingBatch[] {
  return Array.from({ length: count }, (_, index) => {
    const crop = pick(random, crops);
    const profile = CROPS[crop];
    const sowDate = addDays(TODAY, Math.floor(random() * spreadDays) - 40);
    const trays = 10 + Math.floor(random() * 20);
    const window = readyWindow(profile, sowDate, false);
    return {
      id: `b${index}`,
      crop,
      cultivar: pick(random, CULTIVARS),
      cells: profile.traysDefault,
      grafted: false,
      seedOwner: 'nursery',
      zone: pick(random, ['gh1', 'gh2', 'gh3']),
      sowDate,
      trays,
      ...window,
      forecastSaleable: Math.floor(trays * profile.traysDefault * profile.emergePct * profile.saleablePct),
      status: 'active',
    };
  });
}

function makeLines(
  random: () => number,
  count: number,
  spreadDays: number,
  maxQuantity: number,
  firstOffsetDays = 20,
  crops: readonly CropKey[] = BENCH_CROPS,
): MatchingOrderLine[] {
  return Array.from({ length: count }, (_, index) => {
    const wanted = addDays(TODAY, firstOffsetDays + Math.floor(random() * spreadDays));
    return {
      id: `l${index}`,
      orderId: `o${Math.floor(index / 3)}`,
      placedAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
      crop: pick(random, crops),
      quantity: 100 + Math.floor(random() * maxQuantity),
      wantedFrom: wanted,
      wantedUntil: wanted,
      cultivar: random() < 0.5 ? null : pick(random, CULTIVARS),
      cells: null,
      grafted: false,
      seedOwner: 'nursery',
      status: 'open',
      confirmedDate: null,
    };
  });
}

interface Scenario {
  readonly label: string;
  /** Largest line quantity above 100 seedlings. */
  readonly maxQuantity: number;
  readonly benchTraysPerHouse: number;
}

/**
 * Two loads on the same 2,000 batches: a normal season where most lines are confirmed, and a spring peak
 * (§1.6 Batch B) where demand is several times what the houses hold and most lines are waitlisted, which
 * is the expensive path (every waitlisted line searches for its earliest date).
 */
const SCENARIOS: readonly Scenario[] = [
  { label: 'normal season', maxQuantity: 600, benchTraysPerHouse: 12_000 },
  { label: 'spring peak, demand far above capacity', maxQuantity: 2_400, benchTraysPerHouse: 6_000 },
];

function largeState(scenario: Scenario): MatchingState {
  const random = seededRandom(20_261_129);
  return {
    batches: makeBatches(random, 2_000, 150),
    allocations: [],
    lines: makeLines(random, 10_000, 110, scenario.maxQuantity),
    catalogue: CROPS,
    capacity: {
      zones: [
        { zone: 'gh1', benchTrays: scenario.benchTraysPerHouse },
        { zone: 'gh2', benchTrays: scenario.benchTraysPerHouse },
        { zone: 'gh3', benchTrays: scenario.benchTraysPerHouse },
      ],
      germinationRoomTrays: 3_000,
    },
    settings: DEFAULT_MATCHING_SETTINGS,
    today: TODAY,
  };
}

/** The baseline: group batches by match key and look each line's key up once, summing forecasts. */
function trivialPass(state: MatchingState): number {
  const byKey = new Map<string, number>();
  for (const batch of state.batches) {
    const key = exactKey(batch);
    byKey.set(key, (byKey.get(key) ?? 0) + batch.forecastSaleable);
    toDayNumber(batch.readyFrom);
  }
  let total = 0;
  for (const line of state.lines) {
    const parts = { ...line, cells: line.cells ?? CROPS[line.crop].traysDefault };
    total += byKey.get(line.cultivar === null ? anyCultivarKey(parts) : exactKey(parts)) ?? 0;
    toDayNumber(line.wantedFrom);
  }
  return total;
}

function medianMilliseconds(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function benchSpeed(scenario: Scenario): void {
  const state = largeState(scenario);
  matchOrders(state);
  const result = matchOrders(state);
  const matchMs = medianMilliseconds(5, () => matchOrders(state));
  const baselineMs = medianMilliseconds(5, () => trivialPass(state));
  const counts = { confirmed: 0, waitlisted: 0, short: 0, cancelled: 0 };
  for (const outcome of result.outcomes) {
    counts[outcome.outcome] += 1;
  }
  console.log(`Speed, ${scenario.label}: 10,000 order lines against 2,000 batches (median of 5 runs)`);
  console.log(`  matchOrders: ${matchMs.toFixed(1)} ms`);
  console.log(`  baseline (one grouping pass over the same input): ${baselineMs.toFixed(2)} ms`);
  console.log(`  ratio: ${(matchMs / baselineMs).toFixed(1)}x the baseline`);
  console.log(
    `  outcomes: ${counts.confirmed} confirmed, ${counts.waitlisted} waitlisted; ` +
      `${result.plannedBatches.length} sowings planned, ${result.allocations.length} allocations`,
  );
}

function compatible(line: MatchingOrderLine, batch: MatchingBatch): boolean {
  const day = toDayNumber(line.wantedFrom);
  return (
    batch.crop === line.crop &&
    (line.cultivar === null || line.cultivar === batch.cultivar) &&
    toDayNumber(batch.readyFrom) <= day &&
    day <= toDayNumber(batch.readyUntil)
  );
}

interface LpSolution {
  readonly result?: number;
  readonly feasible?: boolean;
}

function lpOptimum(state: MatchingState, allOrNothing: boolean): number {
  const constraints: Record<string, { max?: number; equal?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  for (const batch of state.batches) {
    constraints[`batch_${batch.id}`] = { max: batch.forecastSaleable };
  }
  for (const line of state.lines) {
    constraints[`line_${line.id}`] = allOrNothing ? { equal: 0 } : { max: line.quantity };
    if (allOrNothing) {
      constraints[`chosen_${line.id}`] = { max: 1 };
      variables[`y_${line.id}`] = { [`line_${line.id}`]: -line.quantity, [`chosen_${line.id}`]: 1 };
      ints[`y_${line.id}`] = 1;
    }
    for (const batch of state.batches) {
      if (compatible(line, batch)) {
        variables[`x_${line.id}_${batch.id}`] = {
          seedlings: 1,
          [`line_${line.id}`]: 1,
          [`batch_${batch.id}`]: 1,
        };
      }
    }
  }
  const model = { optimize: 'seedlings', opType: 'max' as const, constraints, variables, ints };
  const solution = solver.Solve(model) as LpSolution;
  return solution.feasible ? Math.round(solution.result ?? 0) : 0;
}

/** Small instances where two crops compete for the same few batches. */
const QUALITY_CROPS: readonly CropKey[] = ['tomato', 'pepper'];
const QUALITY_SEEDS = 20;

function qualityInstance(seed: number): MatchingState {
  const random = seededRandom(seed);
  return {
    batches: makeBatches(random, 12, 30, QUALITY_CROPS),
    allocations: [],
    lines: makeLines(random, 40, 30, 900, 5, QUALITY_CROPS),
    catalogue: CROPS,
    // No bench room: both sides serve from the same existing batches only.
    capacity: { zones: [], germinationRoomTrays: 0 },
    settings: DEFAULT_MATCHING_SETTINGS,
    today: TODAY,
  };
}

function benchQuality(): void {
  const totals = { ordered: 0, fifo: 0, fractional: 0, integer: 0 };
  let worstFractional = 0;
  let worstInteger = 0;
  for (let seed = 1; seed <= QUALITY_SEEDS; seed += 1) {
    const state = qualityInstance(seed);
    const fifo = matchOrders(state).allocations.reduce((sum, allocation) => sum + allocation.quantity, 0);
    const fractional = lpOptimum(state, false);
    const integer = lpOptimum(state, true);
    totals.ordered += state.lines.reduce((sum, line) => sum + line.quantity, 0);
    totals.fifo += fifo;
    totals.fractional += fractional;
    totals.integer += integer;
    worstFractional = Math.max(worstFractional, fractional === 0 ? 0 : (fractional - fifo) / fractional);
    worstInteger = Math.max(worstInteger, integer === 0 ? 0 : (integer - fifo) / integer);
  }
  const report = (label: string, optimum: number, worst: number): void => {
    const gap = optimum - totals.fifo;
    const percent = optimum === 0 ? 0 : (gap / optimum) * 100;
    console.log(
      `  ${label}: ${optimum} seedlings; FIFO gap ${gap} seedlings (${percent.toFixed(1)} %), ` +
        `worst instance ${(worst * 100).toFixed(1)} %`,
    );
  };
  console.log(`Quality: ${QUALITY_SEEDS} seeded instances of 40 lines and 12 batches, existing stock only`);
  console.log(`  ordered: ${totals.ordered} seedlings; FIFO matching allocates ${totals.fifo}`);
  report('LP optimum, lines may be part-filled', totals.fractional, worstFractional);
  report('LP optimum, all-or-nothing lines (integer)', totals.integer, worstInteger);
}

for (const scenario of SCENARIOS) {
  benchSpeed(scenario);
}
benchQuality();
