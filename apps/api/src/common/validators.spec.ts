import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { IsDecimal, IsNested, MayBeOmitted, isCalendarDate, parseInstant } from './validators.js';

describe('isCalendarDate', () => {
  it.each([
    ['2027-02-28', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-02-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-04-00', false],
    ['2000-01-01', true],
    ['1999-12-31', false],
    ['2100-12-31', true],
    ['2101-01-01', false],
    ['9999-01-01', false],
    ['2027-4-25', false],
    ['2027-04-25T00:00:00Z', false],
    [20270425, false],
    [null, false],
  ] as const)('%p → %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('takes its own range', () => {
    expect(isCalendarDate('2030-01-01', '2027-01-01', '2029-12-31')).toBe(false);
    expect(isCalendarDate('2028-06-01', '2027-01-01', '2029-12-31')).toBe(true);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-11-28T00:00:00Z', '2026-11-28T00:00:00.000Z'],
    ['2026-11-28T08:00:00+08:00', '2026-11-28T00:00:00.000Z'],
    ['2026-11-28T08:00+0800', '2026-11-28T00:00:00.000Z'],
    ['2026-11-28', '2026-11-28T00:00:00.000Z'],
    ['2026-11-28T01:02:03.456', '2026-11-28T01:02:03.456Z'],
    ['2027-02-31T00:00:00Z', undefined],
    ['2027-13-01T00:00:00Z', undefined],
    ['2027-01-01T24:00:00Z', undefined],
    ['2027-01-01T12:60:00Z', undefined],
    ['yesterday', undefined],
    ['1700000000000', undefined],
  ])('%p → %p', (value, expected) => {
    expect(parseInstant(value)?.toISOString()).toBe(expected);
  });
});

describe('MayBeOmitted', () => {
  class Profile {
    @MayBeOmitted() @IsString() name?: string;
  }

  const problems = (plain: object) =>
    validateSync(Object.assign(new Profile(), plain)).map((error) => Object.keys(error.constraints ?? {}));

  it('lets a field be left out, and checks a null like any value sent', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ name: 'x' })).toEqual([]);
    // class-validator's IsOptional skips null: it reached NOT NULL columns as a 500.
    expect(problems({ name: null })).toEqual([['isString']]);
  });
});

describe('IsDecimal', () => {
  class Share {
    @IsDecimal(4) share!: number;
  }

  it.each([
    [0.1234, true],
    [1, true],
    [0.12345, false],
    // IsNumber({ maxDecimalPlaces }) threw a TypeError on these (no '.' in their text).
    [1e-9, false],
    [-5e-324, false],
    [1e21, true],
    [Number.NaN, false],
    ['0.5', false],
  ])('%p → %p', (share, valid) => {
    expect(validateSync(Object.assign(new Share(), { share })).length === 0).toBe(valid);
  });
});

describe('IsNested', () => {
  class Entry {
    @IsString() name!: string;
  }
  class Roster {
    @IsNested(() => Entry, { each: true }) entries!: Entry[];
  }
  class Settings {
    @IsNested(() => Entry) nursery!: Entry;
  }

  const problems = <T extends object>(type: new () => T, plain: object) =>
    validateSync(plainToInstance(type, plain)).flatMap((error) => [
      error.property,
      ...Object.keys(error.constraints ?? {}),
      ...(error.children ?? []).map((child) => child.property),
    ]);

  it('checks each object of a list, and refuses an array in place of an object', () => {
    expect(problems(Roster, { entries: [{ name: 'a' }] })).toEqual([]);
    expect(problems(Roster, { entries: [{ name: 1 }] })).toEqual(['entries', '0']);
    // ValidateNested alone passed both of these.
    expect(problems(Roster, { entries: [[{ name: 'a' }]] })).toEqual(['entries', 'isObject']);
    expect(problems(Settings, { nursery: [{ name: 'a' }] })).toEqual(['nursery', 'isObject']);
    expect(problems(Settings, { nursery: { name: 'a' } })).toEqual([]);
  });
});
