import { describe, expect, it } from '@jest/globals';

import { addDays, compareDates, diffDays, monthOfDay, seasonOf, toDayNumber } from './calendar.js';

describe('calendar', () => {
  it.each([
    ['2026-04-25', -45, '2026-03-11'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', 1, '2026-03-30'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(diffDays(date, expected)).toBe(days);
  });

  it.each([
    ['2026-01-31', 'winter'],
    ['2026-02-01', 'spring'],
    ['2026-04-30', 'spring'],
    ['2026-05-01', 'summer'],
    ['2026-10-31', 'summer'],
    ['2026-11-01', 'winter'],
    ['2026-12-15', 'winter'],
  ])('%s is sown in %s', (date, season) => {
    expect(seasonOf(date)).toBe(season);
  });

  it('finds the month by arithmetic exactly as Date does, 1990–2100', () => {
    const mismatches: number[] = [];
    for (let day = toDayNumber('1990-01-01'); day <= toDayNumber('2100-12-31'); day += 1) {
      if (monthOfDay(day) !== new Date(day * 86_400_000).getUTCMonth() + 1) {
        mismatches.push(day);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('compares dates', () => {
    expect(compareDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(compareDates('2026-02-01', '2026-01-10')).toBe(1);
  });

  it.each(['2026-02-30', '2026-4-1', '25/04/2026', ''])('rejects %j', (text) => {
    expect(() => toDayNumber(text)).toThrow('Not a calendar date');
  });
});
