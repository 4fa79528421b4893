import { describe, expect, it } from '@jest/globals';
import {
  heatingCriticalWindow,
  isNight,
  isWinter,
  localParts,
  localTimeOn,
  occurrencesBetween,
} from './nursery-time.js';

const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string): number => Date.parse(iso);

describe('nursery local time', () => {
  it.each([
    { utc: '2027-01-15T12:00:00Z', zone: SHANGHAI, local: [2027, 1, 15, 20, 0] },
    // 16:30 UTC is already tomorrow in Shanxi, and next year on New Year's Eve.
    { utc: '2026-12-31T16:30:00Z', zone: SHANGHAI, local: [2027, 1, 1, 0, 30] },
    { utc: '2027-03-01T15:59:00Z', zone: SHANGHAI, local: [2027, 3, 1, 23, 59] },
    { utc: '2027-07-01T00:00:00Z', zone: 'UTC', local: [2027, 7, 1, 0, 0] },
    { utc: '2027-07-01T00:00:00Z', zone: 'Europe/Berlin', local: [2027, 7, 1, 2, 0] },
  ])('$utc is $local in $zone', ({ utc, zone, local }) => {
    const [year, month, day, hour, minute] = local;
    expect(localParts(at(utc), zone)).toEqual({ year, month, day, hour, minute });
  });

  it.each([
    { on: '2027-01-15T12:00:00Z', hhmm: '06:30', zone: SHANGHAI, instant: '2027-01-14T22:30:00Z' },
    // The local day, not the UTC day: 23:00 UTC on the 14th is the morning of the 15th in Shanxi.
    { on: '2027-01-14T23:00:00Z', hhmm: '06:30', zone: SHANGHAI, instant: '2027-01-14T22:30:00Z' },
    { on: '2027-01-15T12:00:00Z', hhmm: '00:00', zone: SHANGHAI, instant: '2027-01-14T16:00:00Z' },
    { on: '2027-01-15T12:00:00Z', hhmm: '23:59', zone: SHANGHAI, instant: '2027-01-15T15:59:00Z' },
    // Either side of a daylight-saving change the offset of that day is used.
    { on: '2027-03-27T12:00:00Z', hhmm: '06:00', zone: 'Europe/Berlin', instant: '2027-03-27T05:00:00Z' },
    { on: '2027-03-29T12:00:00Z', hhmm: '06:00', zone: 'Europe/Berlin', instant: '2027-03-29T04:00:00Z' },
  ])('$hhmm on the local day of $on in $zone is $instant', ({ on, hhmm, zone, instant }) => {
    expect(new Date(localTimeOn(at(on), hhmm, zone)).toISOString()).toBe(new Date(at(instant)).toISOString());
  });

  it.each([
    {
      what: 'nothing in an hour without a time',
      times: ['06:00'],
      after: '2027-01-15T00:00:00Z',
      until: '2027-01-15T01:00:00Z',
      due: [],
    },
    {
      what: 'the start is excluded and the end included',
      times: ['06:00'],
      after: '2027-01-14T22:00:00Z',
      until: '2027-01-15T22:00:00Z',
      due: ['2027-01-15T22:00:00Z'],
    },
    {
      what: 'every missed occurrence of a long outage, oldest first',
      times: ['18:00', '06:00'],
      after: '2027-01-14T21:00:00Z',
      until: '2027-01-16T11:00:00Z',
      due: ['2027-01-14T22:00:00Z', '2027-01-15T10:00:00Z', '2027-01-15T22:00:00Z', '2027-01-16T10:00:00Z'],
    },
    {
      what: 'a time listed twice fires once',
      times: ['06:00', '06:00'],
      after: '2027-01-14T12:00:00Z',
      until: '2027-01-15T12:00:00Z',
      due: ['2027-01-14T22:00:00Z'],
    },
  ])('occurrences: $what', ({ times, after, until, due }) => {
    expect(
      occurrencesBetween(times, at(after), at(until), SHANGHAI).map((ts) => new Date(ts).toISOString()),
    ).toEqual(due.map((iso) => new Date(at(iso)).toISOString()));
  });

  it.each([
    { utc: '2027-01-15T09:59:00Z', night: false }, // 17:59 local
    { utc: '2027-01-15T10:00:00Z', night: true }, // 18:00
    { utc: '2027-01-15T16:00:00Z', night: true }, // 00:00
    { utc: '2027-01-15T21:59:00Z', night: true }, // 05:59
    { utc: '2027-01-15T22:00:00Z', night: false }, // 06:00
    { utc: '2027-01-15T04:00:00Z', night: false }, // 12:00
  ])('isNight at $utc: $night', ({ utc, night }) => {
    expect(isNight(at(utc), SHANGHAI)).toBe(night);
  });

  it.each([
    { utc: '2026-10-31T15:59:00Z', winter: false }, // 23:59 on 31 October local
    { utc: '2026-10-31T16:00:00Z', winter: true }, // 1 November local
    { utc: '2027-01-15T04:00:00Z', winter: true },
    { utc: '2027-03-31T15:59:00Z', winter: true }, // 23:59 on 31 March local
    { utc: '2027-03-31T16:00:00Z', winter: false }, // 1 April local
    { utc: '2027-07-01T04:00:00Z', winter: false },
  ])('isWinter at $utc: $winter', ({ utc, winter }) => {
    expect(isWinter(at(utc), SHANGHAI)).toBe(winter);
  });

  it.each([
    { utc: '2027-01-15T07:59:00Z', critical: false }, // 15:59 January
    { utc: '2027-01-15T08:00:00Z', critical: true }, // 16:00 January
    { utc: '2027-01-15T01:59:00Z', critical: true }, // 09:59 January
    { utc: '2027-01-15T02:00:00Z', critical: false }, // 10:00 January
    { utc: '2026-10-01T12:00:00Z', critical: true }, // 20:00 on 1 October
    { utc: '2027-04-30T12:00:00Z', critical: true }, // 20:00 on 30 April
    { utc: '2027-04-30T16:00:00Z', critical: false }, // 00:00 on 1 May
    { utc: '2027-07-01T12:00:00Z', critical: false }, // 20:00 July
  ])('heatingCriticalWindow at $utc: $critical', ({ utc, critical }) => {
    expect(heatingCriticalWindow(at(utc), SHANGHAI)).toBe(critical);
  });
});
