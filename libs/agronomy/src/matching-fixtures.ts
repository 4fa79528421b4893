/**
 * Builders for matching inputs, shared by the specs and the benchmark (pure data, no test framework).
 */
import { CROPS } from './crop-seed.js';
import {
  DEFAULT_MATCHING_SETTINGS,
  type MatchingBatch,
  type MatchingOrderLine,
  type MatchingState,
} from './matching-types.js';

export function batchFixture(overrides: Partial<MatchingBatch> & Pick<MatchingBatch, 'id'>): MatchingBatch {
  return {
    crop: 'tomato',
    cultivar: null,
    cells: 72,
    grafted: false,
    seedOwner: 'nursery',
    zone: 'gh1',
    sowDate: '2026-03-11',
    trays: 100,
    readyFrom: '2026-04-25',
    readyUntil: '2026-05-02',
    forecastSaleable: 5_000,
    status: 'active',
    ...overrides,
  };
}

export function lineFixture(
  overrides: Partial<MatchingOrderLine> & Pick<MatchingOrderLine, 'id'>,
): MatchingOrderLine {
  return {
    orderId: `order-${overrides.id}`,
    placedAt: '2026-03-01T08:00:00Z',
    crop: 'tomato',
    quantity: 1_000,
    wantedFrom: '2026-04-26',
    wantedUntil: '2026-04-26',
    cultivar: null,
    cells: null,
    grafted: false,
    seedOwner: 'nursery',
    status: 'open',
    confirmedDate: null,
    ...overrides,
  };
}

export function stateFixture(overrides: Partial<MatchingState> = {}): MatchingState {
  return {
    batches: [],
    allocations: [],
    lines: [],
    catalogue: CROPS,
    capacity: {
      zones: [
        { zone: 'gh1', benchTrays: 2_000 },
        { zone: 'gh2', benchTrays: 2_000 },
        { zone: 'gh3', benchTrays: 2_000 },
      ],
      germinationRoomTrays: 1_500,
    },
    settings: DEFAULT_MATCHING_SETTINGS,
    today: '2026-03-01',
    ...overrides,
  };
}
