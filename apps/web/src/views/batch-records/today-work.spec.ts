import { describe, expect, it } from '@jest/globals';
import type { BatchResponse, OrderResponse } from '#contracts';
import { todaysWork, type WorkInputs } from './today-work.ts';

const TODAY = '2027-03-10';

function batch(over: Partial<BatchResponse>): BatchResponse {
  return {
    id: over.code ?? 'b',
    code: 'B1',
    crop: 'tomato',
    cultivar: null,
    cells: 72,
    grafted: false,
    rootstockBatchId: null,
    seedOwner: 'nursery',
    seedLot: null,
    zone: 'gh1',
    benches: null,
    trays: 100,
    cellsSown: 7200,
    refillTrays: 2,
    sowDate: '2027-03-01',
    stage: 'true_leaf',
    emerged: 6000,
    survived: null,
    refilled: 0,
    culled: 0,
    saleable: null,
    walkInSold: 0,
    emergePct: 0.9,
    saleablePct: 0.9,
    readyFrom: '2027-04-20',
    readyUntil: '2027-04-27',
    note: null,
    createdAt: '2027-03-01T00:00:00Z',
    updatedAt: '2027-03-01T00:00:00Z',
    forecastSaleable: 5400,
    allocated: 0,
    free: 5400,
    locations: [{ zone: over.zone ?? 'gh1', benches: null, trays: over.trays ?? 100 }],
    ...over,
  };
}

const inputs = (batches: BatchResponse[], orders: OrderResponse[] = []): WorkInputs => ({
  batches,
  crops: new Map([
    ['tomato', { emergeDays: { lo: 3, hi: 5 }, hardDays: { lo: 5, hi: 7 } }],
    ['cabbage', { emergeDays: { lo: 2, hi: 4 }, hardDays: { lo: 7, hi: 10 } }],
  ]),
  germinationRooms: new Set(['germ1']),
  orders,
  today: TODAY,
});

const kinds = (items: ReturnType<typeof todaysWork>) =>
  items.map((i) => `${i.kind} ${i.batch.code} ${i.overdueDays}`);

describe("today's work", () => {
  it('lists planned sowings due today or overdue, not later ones', () => {
    const items = todaysWork(
      inputs([
        batch({ code: 'P1', stage: 'planned', sowDate: TODAY }),
        batch({ code: 'P2', stage: 'planned', sowDate: '2027-03-08' }),
        batch({ code: 'P3', stage: 'planned', sowDate: '2027-03-11' }),
      ]),
    );
    expect(kinds(items)).toEqual(['sow P2 2', 'sow P1 0']);
    expect(items[0].action).toBe('sow');
  });

  it('moves trays out of the germination room and counts emergence at the middle of the emerge days', () => {
    const items = todaysWork(
      inputs([
        batch({ code: 'G1', zone: 'germ1', stage: 'germinating', emerged: null, sowDate: '2027-03-06' }),
        batch({ code: 'G2', zone: 'germ1', stage: 'sown', emerged: null, sowDate: '2027-03-08' }),
        batch({ code: 'C1', crop: 'cabbage', stage: 'germinating', emerged: null, sowDate: '2027-03-07' }),
      ]),
    );
    // Tomato: middle of 3–5 days is 4 (G1 sown 03-06 → due 03-10); cabbage: 3 days (03-07 → 03-10).
    expect(kinds(items)).toEqual(['leaveGermination G1 0', 'countEmergence C1 0', 'countEmergence G1 0']);
    expect(items.find((i) => i.kind === 'leaveGermination')?.action).toBe('move');
  });

  it('asks for the graft, the healing stage and the survival count of grafted batches', () => {
    const items = todaysWork(
      inputs([
        batch({ code: 'S1', grafted: true, stage: 'true_leaf' }),
        batch({ code: 'S2', grafted: true, rootstockBatchId: 'R', stage: 'grafted' }),
        batch({ code: 'S3', grafted: true, rootstockBatchId: 'R', stage: 'healing' }),
        batch({ code: 'S4', grafted: true, rootstockBatchId: 'R', stage: 'healing', survived: 900 }),
        batch({ code: 'R', stage: 'grafted' }),
      ]),
    );
    expect(kinds(items)).toEqual(['graft S1 0', 'healing S2 0', 'survival S3 0']);
    expect(items[1]).toMatchObject({ action: 'stage', stage: 'healing' });
  });

  it('changes stages when due and warns of batches about to over-age with seedlings unsold', () => {
    const items = todaysWork(
      inputs([
        // Hardening starts hard-days (7) before ready: 03-17 − 7 = 03-10.
        batch({ code: 'H1', stage: 'true_leaf', readyFrom: '2027-03-17', readyUntil: '2027-03-24' }),
        batch({ code: 'H2', stage: 'true_leaf', readyFrom: '2027-03-30' }),
        batch({ code: 'R1', stage: 'hardening', readyFrom: '2027-03-09', readyUntil: '2027-03-16' }),
        batch({ code: 'O1', stage: 'ready', readyFrom: '2027-03-01', readyUntil: '2027-03-12' }),
        batch({ code: 'O2', stage: 'ready', readyFrom: '2027-03-01', readyUntil: '2027-03-12', free: 0 }),
      ]),
    );
    expect(kinds(items)).toEqual(['ready R1 1', 'hardening H1 0', 'overAging O1 -2']);
  });

  it('lists deliveries to prepare today and tomorrow with what is left to hand over', () => {
    const b = batch({ code: 'D1', id: 'd1', stage: 'ready' });
    const line = (confirmedDate: string, status: string, delivered = 0) => ({
      status,
      confirmedDate,
      quantity: 1000,
      delivered,
      allocations: [{ batchId: 'd1' }],
    });
    const orders = [
      { number: 7, lines: [line('2027-03-11', 'confirmed', 200), line('2027-03-12', 'confirmed')] },
      { number: 8, lines: [line('2027-03-10', 'delivered', 1000), line('2027-03-09', 'cancelled')] },
    ] as unknown as OrderResponse[];
    const items = todaysWork({ ...inputs([b], orders), batches: [{ ...b, free: 0 }] });
    expect(items.map((i) => [i.kind, i.order, i.overdueDays])).toEqual([
      ['deliver', { number: 7, quantity: 800 }, -1],
    ]);
  });
});
