import { describe, expect, it } from '@jest/globals';
import { clearSkyGlobalWm2, sunElevationDeg, weatherAt } from './weather.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function series(seed: number, fromIso: string, days: number, stepMs = HOUR) {
  const from = Date.parse(fromIso);
  const result = [];
  for (let time = from; time < from + days * DAY; time += stepMs) result.push(weatherAt(seed, time));
  return result;
}

describe('Zuoquan weather', () => {
  it.each([
    { month: 'January', from: '2027-01-01T00:00:00Z', minBelow: -12, maxAbove: 0, lowestAbove: -22 },
    { month: 'April', from: '2027-04-01T00:00:00Z', minBelow: 5, maxAbove: 15, lowestAbove: -8 },
    { month: 'July', from: '2027-07-01T00:00:00Z', minBelow: 20, maxAbove: 26, lowestAbove: 8 },
  ])('$month: nights and days in the range of the climate', ({ from, minBelow, maxAbove, lowestAbove }) => {
    const temps = series(3, from, 31).map((weather) => weather.airTempC);
    expect(Math.min(...temps)).toBeLessThan(minBelow);
    expect(Math.min(...temps)).toBeGreaterThan(lowestAbove);
    expect(Math.max(...temps)).toBeGreaterThan(maxAbove);
  });

  it('winter nights reach -15 °C for some seeds', () => {
    const coldest = [1, 2, 3, 4, 5].map((seed) =>
      Math.min(...series(seed, '2027-01-01T00:00:00Z', 45).map((weather) => weather.airTempC)),
    );
    expect(Math.min(...coldest)).toBeLessThanOrEqual(-15);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const time = Date.parse('2027-01-20T22:00:00Z');
    expect(weatherAt(9, time)).toEqual(weatherAt(9, time));
    expect(weatherAt(9, time).airTempC).not.toBe(weatherAt(10, time).airTempC);
  });

  it('has sunny and cloudy days, and sunny days are brighter', () => {
    const noons = Array.from({ length: 60 }, (_, day) =>
      weatherAt(5, Date.parse('2027-01-01T04:30:00Z') + day * DAY),
    );
    const sunny = noons.filter((weather) => weather.dayType === 'sunny');
    const overcast = noons.filter(
      (weather) => weather.dayType === 'overcast' || weather.dayType === 'cloudy',
    );
    expect(sunny.length).toBeGreaterThan(20);
    expect(overcast.length).toBeGreaterThan(3);
    expect(Math.min(...sunny.map((weather) => weather.globalWm2))).toBeGreaterThan(
      Math.max(...overcast.map((weather) => weather.globalWm2)),
    );
  });

  it.each([
    { iso: '2027-06-21T04:30:00Z', min: 70, max: 80 },
    { iso: '2027-12-21T04:30:00Z', min: 26, max: 32 },
    { iso: '2027-12-21T16:00:00Z', min: -90, max: 0 },
  ])('sun elevation at $iso is $min..$max°', ({ iso, min, max }) => {
    const elevation = sunElevationDeg(Date.parse(iso));
    expect(elevation).toBeGreaterThan(min);
    expect(elevation).toBeLessThan(max);
  });

  it('clear-sky sun at 1,000 m gives about 1,000 W/m² at summer noon and 450-550 in midwinter', () => {
    expect(clearSkyGlobalWm2(76)).toBeGreaterThan(950);
    expect(clearSkyGlobalWm2(29.5)).toBeGreaterThan(450);
    expect(clearSkyGlobalWm2(29.5)).toBeLessThan(550);
    expect(clearSkyGlobalWm2(-5)).toBe(0);
  });

  it('honours an override', () => {
    const weather = weatherAt(1, Date.parse('2027-01-20T04:00:00Z'), {
      airTempC: -15,
      globalWm2: 0,
      dayType: 'overcast',
    });
    expect(weather).toMatchObject({ airTempC: -15, globalWm2: 0, dayType: 'overcast' });
  });
});
