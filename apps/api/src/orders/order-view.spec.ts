import { describe, expect, it } from '@jest/globals';
import type { Order } from './order.entity.js';
import type { LineStatus } from '../matching/line-status.js';
import type { OrderLine } from './order-line.entity.js';
import { displayLineStatus, lineCutoff, orderTotalFen, summaryStatus } from './order-view.js';
import type { AllocationView } from './orders.repository.js';

const open = { status: 'open' } as Order;

function allocation(stage: string, readyFrom: string): AllocationView {
  return {
    lineId: 'l1',
    batchId: 'b1',
    batchCode: 'B1',
    zone: 'gh1',
    stage,
    sowDate: '2027-01-01',
    readyFrom,
    readyUntil: '2027-03-20',
    quantity: 10,
    date: '2027-03-12',
  };
}

describe('displayLineStatus', () => {
  const confirmed = { status: 'confirmed' } as OrderLine;
  it.each([
    ['planned sowing', [allocation('planned', '2027-03-12')], 'confirmed'],
    ['sown, not ready', [allocation('sown', '2027-03-12')], 'in_production'],
    ['ready by date', [allocation('hardening', '2027-03-10')], 'ready'],
    ['ready stage', [allocation('ready', '2027-03-15')], 'ready'],
    [
      'one batch still planned',
      [allocation('ready', '2027-03-01'), allocation('planned', '2027-03-12')],
      'confirmed',
    ],
  ])('%s', (_name, allocations, expected) => {
    expect(displayLineStatus(confirmed, allocations, '2027-03-10')).toBe(expected);
  });

  it('leaves other statuses alone', () => {
    expect(
      displayLineStatus({ status: 'short' } as OrderLine, [allocation('ready', '2027-03-01')], '2027-03-10'),
    ).toBe('short');
  });
});

describe('summaryStatus', () => {
  it.each<[LineStatus[], string]>([
    [['confirmed', 'short'], 'short'],
    [['waitlisted', 'ready'], 'waitlisted'],
    [['delivered', 'ready'], 'partly_delivered'],
    [['delivered', 'cancelled'], 'delivered'],
    [['ready', 'in_production'], 'in_production'],
    [['ready', 'ready'], 'ready'],
    [['cancelled', 'lapsed'], 'cancelled'],
    [['confirmed', 'in_production'], 'confirmed'],
  ])('%j -> %s', (statuses, expected) => {
    expect(summaryStatus(open, statuses)).toBe(expected);
  });

  it('keeps a closed order closed', () => {
    expect(summaryStatus({ status: 'settled' } as Order, ['delivered'])).toBe('settled');
  });
});

describe('orderTotalFen', () => {
  it('leaves cancelled and lapsed lines out', () => {
    const lines = [
      { status: 'confirmed', quantity: 1000, priceFen: 80 },
      { status: 'cancelled', quantity: 500, priceFen: 80 },
      { status: 'lapsed', quantity: 500, priceFen: 80 },
      { status: 'delivered', quantity: 100, priceFen: 160 },
    ] as OrderLine[];
    expect(orderTotalFen(lines)).toBe(96_000);
  });
});

describe('lineCutoff: the buyer changes a line until 14 days before its date or its sowing', () => {
  const rules = { today: '2027-03-01', cancelCutoffDays: 14 };
  const line = (status: OrderLine['status'], confirmedDate: string | null) => ({ status, confirmedDate });
  it.each([
    ['waitlisted: no cut-off', line('waitlisted', null), [], { changeable: true, changeableUntil: null }],
    [
      'short: the nursery’s loss',
      line('short', '2027-03-05'),
      [],
      { changeable: true, changeableUntil: null },
    ],
    [
      'date far, sowing planned later',
      line('confirmed', '2027-05-01'),
      [{ sowDate: '2027-03-20' }],
      { changeable: true, changeableUntil: '2027-03-19' },
    ],
    [
      '14 days before the date comes first',
      line('confirmed', '2027-03-20'),
      [{ sowDate: '2027-03-10' }],
      { changeable: true, changeableUntil: '2027-03-06' },
    ],
    [
      'already sown',
      line('confirmed', '2027-05-01'),
      [{ sowDate: '2027-02-20' }],
      { changeable: false, changeableUntil: '2027-02-19' },
    ],
    ['delivered', line('delivered', '2027-03-01'), [], { changeable: false, changeableUntil: null }],
  ] as const)('%s', (_name, input, allocations, expected) => {
    expect(lineCutoff(input, allocations, rules)).toEqual(expected);
  });
});
