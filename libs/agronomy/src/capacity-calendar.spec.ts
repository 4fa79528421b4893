import { describe, expect, it } from '@jest/globals';
import { capacityWeeks } from './capacity-calendar.js';

describe('capacityWeeks', () => {
  it.each([
    {
      case: 'the fullest day stands for the week, with the planned trays of that day',
      used: [10, 10, 40, 40, 25, 0, 0, 5, 5, 5, 5, 5, 5, 5],
      planned: [0, 0, 30, 30, 15, 0, 0, 0, 0, 0, 0, 0, 0, 5],
      capacity: 80,
      weeks: [
        { firstIndex: 0, trays: 40, plannedTrays: 30, percent: 50 },
        { firstIndex: 7, trays: 5, plannedTrays: 0, percent: 6 },
      ],
    },
    {
      case: 'a short last week stands for its days; no capacity gives no percent',
      used: [0, 0, 0, 0, 0, 0, 0, 3, 9],
      planned: [0, 0, 0, 0, 0, 0, 0, 0, 9],
      capacity: 0,
      weeks: [
        { firstIndex: 0, trays: 0, plannedTrays: 0, percent: null },
        { firstIndex: 7, trays: 9, plannedTrays: 9, percent: null },
      ],
    },
    {
      case: 'over capacity shows above 100 %',
      used: [130],
      planned: [0],
      capacity: 100,
      weeks: [{ firstIndex: 0, trays: 130, plannedTrays: 0, percent: 130 }],
    },
  ])('$case', ({ used, planned, capacity, weeks }) => {
    expect(capacityWeeks(used, planned, capacity)).toEqual(weeks);
  });
});
