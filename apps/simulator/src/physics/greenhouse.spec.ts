import { describe, expect, it } from '@jest/globals';
import { createHouse, evapotranspirationPtsPerH, stepHouse } from './greenhouse.js';
import {
  absoluteHumidityGm3,
  GERMINATION_ROOM,
  GREENHOUSE_800,
  benchTempC,
  relativeHumidityOf,
  type HouseParameters,
  type HouseState,
} from './house.js';
import { humidityHeatBoostC, humidityVentCapPct, startIrrigation } from './house-controllers.js';
import { weatherAt, type Weather } from './weather.js';

const STEP_S = 10;
const HOUR_S = 3600;
// 20:00 China Standard Time on 15 January 2027.
const JANUARY_NIGHT = Date.parse('2027-01-15T12:00:00Z');

function night(airTempC: number): Weather {
  return { airTempC, rhPct: 70, globalWm2: 0, sunElevationDeg: -30, dayType: 'sunny', dailyMeanC: -8 };
}

function run(
  house: HouseState,
  params: HouseParameters,
  weather: (timeMs: number) => Weather,
  seconds: number,
  each?: (house: HouseState) => void,
): void {
  for (let elapsed = 0; elapsed < seconds; elapsed += STEP_S) {
    stepHouse(house, params, weather(house.timeMs), STEP_S);
    each?.(house);
  }
}

/** The thermostat alone: no heating for humidity (its own test below). */
const THERMOSTAT_ONLY: HouseParameters = { ...GREENHOUSE_800, humidityHeatBoostC: 0 };

function heatedHouse(outsideC: number, spC = 15, params: HouseParameters = THERMOSTAT_ONLY): HouseState {
  const house = createHouse(params, { timeMs: JANUARY_NIGHT, airTempC: spC, heaterSpC: spC });
  // Three hours to settle the floor and the thermostat's cycle.
  run(house, params, () => night(outsideC), 3 * HOUR_S);
  return house;
}

describe('greenhouse heating (targets of issue 4)', () => {
  it.each([
    { outsideC: -15, spC: 15 },
    { outsideC: -10, spC: 15 },
    { outsideC: -15, spC: 18 },
    { outsideC: -5, spC: 12 },
  ])('the heater holds $spC °C with $outsideC °C outside through a 12 h night', ({ outsideC, spC }) => {
    const house = heatedHouse(outsideC, spC);
    const temps: number[] = [];
    run(
      house,
      THERMOSTAT_ONLY,
      () => night(outsideC),
      12 * HOUR_S,
      (h) => temps.push(h.airTempC),
    );
    const mean = temps.reduce((a, b) => a + b, 0) / temps.length;
    expect(Math.abs(mean - spC)).toBeLessThan(0.6);
    expect(Math.min(...temps)).toBeGreaterThan(spC - 1.5);
    expect(Math.max(...temps)).toBeLessThan(spC + 1.5);
  });

  it.each([
    { outsideC: -15, min: 3, max: 8 },
    { outsideC: -10, min: 2, max: 8 },
  ])(
    'with the heater failed at $outsideC °C the air falls $min to $max °C in the first hour',
    ({ outsideC, min, max }) => {
      const house = heatedHouse(outsideC);
      const before = house.airTempC;
      house.heater.failed = true;
      run(house, THERMOSTAT_ONLY, () => night(outsideC), HOUR_S);
      const drop = before - house.airTempC;
      expect(drop).toBeGreaterThanOrEqual(min);
      expect(drop).toBeLessThanOrEqual(max);
      // The controller still reports its relay on: that is what the heater-failure alarm looks for.
      expect(house.heater.on).toBe(true);
    },
  );

  it('a power cut stops the heater and the house cools', () => {
    const house = heatedHouse(-15);
    house.powered = false;
    run(house, THERMOSTAT_ONLY, () => night(-15), HOUR_S);
    expect(house.heater.on).toBe(false);
    expect(house.airTempC).toBeLessThan(12);
  });
});

describe('greenhouse sun', () => {
  it.each([
    { date: '2027-01-15', minC: 30 },
    { date: '2027-02-15', minC: 30 },
    { date: '2027-03-15', minC: 30 },
  ])('a closed house at sunny noon on $date with 0 °C outside passes $minC °C', ({ date, minC }) => {
    const start = Date.parse(`${date}T23:00:00Z`) - 86_400_000; // 07:00 local
    const house = createHouse(GREENHOUSE_800, { timeMs: start, airTempC: 12 });
    house.ventEnabled = false;
    house.heater.mode = 'off';
    const weather = (timeMs: number) => weatherAt(7, timeMs, { airTempC: 0, dayType: 'sunny' });
    // 07:00 to 12:30 China Standard Time: solar noon at 113.4° E is 12:26.
    run(house, GREENHOUSE_800, weather, 5.5 * HOUR_S);
    expect(house.airTempC).toBeGreaterThan(minC);
    expect(house.lightLux).toBeGreaterThan(30_000);
  });

  it('with the vents working the same noon stays below 32 °C', () => {
    const start = Date.parse('2027-02-14T23:00:00Z');
    const house = createHouse(GREENHOUSE_800, { timeMs: start, airTempC: 12 });
    house.heater.mode = 'off';
    run(house, GREENHOUSE_800, (t) => weatherAt(7, t, { airTempC: 0, dayType: 'sunny' }), 5 * HOUR_S);
    expect(house.airTempC).toBeLessThan(32);
    expect(house.ventPct).toBeGreaterThan(0);
  });
});

describe('humidity venting (docs/domain.md §2.4)', () => {
  it.each([{ date: '2027-01-15' }, { date: '2027-02-15' }, { date: '2026-12-20' }])(
    'on a sunny winter day ($date) with the heater at 15 °C the vents open for humidity, never below SP + 1 °C, and RH comes down in the early afternoon',
    ({ date }) => {
      const start = Date.parse(`${date}T12:00:00Z`) - 86_400_000; // 20:00 local the day before
      const house = createHouse(GREENHOUSE_800, { timeMs: start, airTempC: 15, heaterSpC: 15, vwcPct: 70 });
      const weather = (t: number) => weatherAt(7, t, { dayType: 'sunny' });
      run(house, GREENHOUSE_800, weather, 15 * HOUR_S); // to 11:00 local
      let maxVent = 0;
      run(house, GREENHOUSE_800, weather, 3 * HOUR_S, (h) => {
        if (h.airTempC <= h.heater.spC + 1) expect(h.ventPct).toBe(0);
        maxVent = Math.max(maxVent, h.ventPct);
      }); // to 14:00 local
      // The vents opened for humidity (the air never reached the 26 °C temperature vent point).
      expect(maxVent).toBeGreaterThan(15);
      expect(maxVent).toBeLessThanOrEqual(humidityVentCapPct(5) + 1e-9);
      expect(house.airTempC).toBeLessThan(26);
      expect(relativeHumidityOf(house)).toBeLessThan(92);
    },
  );

  it("humid air lifts the heater's target by up to 3 °C over the vent's band (85–93 % RH)", () => {
    const house = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: 15, heaterSpC: 15 });
    const at = (rhPct: number) => {
      house.humidityGm3 = absoluteHumidityGm3(house.airTempC, rhPct);
      return humidityHeatBoostC(house, GREENHOUSE_800);
    };
    expect(at(80)).toBe(0);
    expect(at(89)).toBeCloseTo(1.5, 0);
    expect(at(97)).toBe(3);
    house.ventEnabled = false;
    expect(at(97)).toBe(0);
  });

  it('a humid night under the blanket is heated above its setpoint, and stays further from the dew point', () => {
    const night12h = (params: HouseParameters) => {
      const house = createHouse(params, { timeMs: JANUARY_NIGHT, airTempC: 12, heaterSpC: 12, vwcPct: 75 });
      let maxRh = 0;
      let sum = 0;
      let n = 0;
      run(
        house,
        params,
        () => night(-5),
        12 * HOUR_S,
        (h) => {
          maxRh = Math.max(maxRh, relativeHumidityOf(h));
          sum += h.airTempC;
          n++;
        },
      );
      return { meanC: sum / n, maxRh };
    };
    const thermostat = night12h(THERMOSTAT_ONLY);
    const heated = night12h(GREENHOUSE_800);
    expect(heated.meanC).toBeGreaterThan(thermostat.meanC + 0.5);
    expect(heated.meanC).toBeLessThan(12 + 3.5);
    expect(heated.maxRh).toBeLessThan(thermostat.maxRh);
  });

  it.each([
    { outsideC: -20, cap: 15 },
    { outsideC: -5, cap: 25 },
    { outsideC: 0, cap: 30 },
    { outsideC: 15, cap: 40 },
  ])('cold outside air caps the humidity vent: $cap % at $outsideC °C', ({ outsideC, cap }) => {
    expect(humidityVentCapPct(outsideC)).toBe(cap);
  });
});

describe('irrigation and root zone', () => {
  it.each([
    { vwc: 35, weather: night(-10), label: 'winter night' },
    { vwc: 50, weather: night(-10), label: 'winter night' },
    { vwc: 62, weather: night(-10), label: 'winter night' },
    {
      vwc: 45,
      weather: { ...night(5), globalWm2: 600, sunElevationDeg: 40, dailyMeanC: 5 },
      label: 'sunny noon',
    },
  ])(
    'one irrigation pass raises moisture from $vwc % by 5 to 15 points within 10 minutes ($label)',
    ({ vwc, weather }) => {
      const house = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: 15, vwcPct: vwc });
      startIrrigation(house, GREENHOUSE_800, { passes: 1 });
      run(house, GREENHOUSE_800, () => weather, 600);
      const rise = house.benches[0].vwcPct - vwc;
      expect(rise).toBeGreaterThanOrEqual(5);
      expect(rise).toBeLessThanOrEqual(15);
      expect(house.boom.passes).toBe(1);
    },
  );

  it('a pass for one bench group waters only that group', () => {
    const house = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: 15, vwcPct: 50 });
    startIrrigation(house, GREENHOUSE_800, { passes: 1, benches: ['b2'] });
    run(house, GREENHOUSE_800, () => night(-10), 600);
    expect(house.benches[0].vwcPct).toBeLessThan(50);
    expect(house.benches[1].vwcPct).toBeGreaterThan(55);
  });

  it.each([
    { label: 'warm, dry, sunny', airC: 28, rhPct: 40, globalWm2: 500, fasterThan: 'cool, humid, dark' },
  ])('substrate dries faster when $label than when $fasterThan', ({ airC, rhPct, globalWm2 }) => {
    const sunny = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: airC, vwcPct: 60 });
    sunny.humidityGm3 =
      (2166.7 * 0.61078 * Math.exp((17.27 * airC) / (airC + 237.3)) * (rhPct / 100)) / (airC + 273.15);
    sunny.insideGlobalWm2 = globalWm2;
    const dark = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: 12, vwcPct: 60 });
    const fast = evapotranspirationPtsPerH(sunny, GREENHOUSE_800, sunny.benches[0]);
    const slow = evapotranspirationPtsPerH(dark, GREENHOUSE_800, dark.benches[0]);
    expect(fast).toBeGreaterThan(3 * slow);
    expect(fast).toBeGreaterThan(1);
    expect(fast).toBeLessThan(5);
  });

  it.each([{ airC: 12 }, { airC: 15 }])(
    'bench heat raises the substrate about 1 °C/h at $airC °C air',
    ({ airC }) => {
      const house = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: airC, heaterSpC: airC });
      house.benchHeat.spC = 28;
      const before = house.benches[0].tempC;
      run(house, GREENHOUSE_800, () => night(-5), HOUR_S);
      const rise = house.benches[0].tempC - before;
      expect(rise).toBeGreaterThan(0.6);
      expect(rise).toBeLessThan(1.5);
      expect(house.benchHeat.on).toBe(true);
    },
  );

  it('bench heat holds its setpoint and a runaway overshoots past 30 °C', () => {
    const house = createHouse(GREENHOUSE_800, { timeMs: JANUARY_NIGHT, airTempC: 15 });
    house.benchHeat.spC = 20;
    run(house, GREENHOUSE_800, () => night(-5), 12 * HOUR_S);
    expect(Math.abs(benchTempC(house) - 20)).toBeLessThan(1.5);
    house.benchHeat.runaway = true;
    house.heater.spC = 24;
    run(house, GREENHOUSE_800, () => night(-5), 16 * HOUR_S);
    expect(benchTempC(house)).toBeGreaterThan(30);
  });
});

describe('germination room', () => {
  it('holds 26 °C and stays humid with -15 °C outside', () => {
    const room = createHouse(GERMINATION_ROOM, {
      timeMs: JANUARY_NIGHT,
      airTempC: 26,
      heaterSpC: 26,
      benchIds: ['b1'],
    });
    room.benchHeat.spC = 27;
    const rhs: number[] = [];
    run(
      room,
      GERMINATION_ROOM,
      () => night(-15),
      12 * HOUR_S,
      (r) => rhs.push(relativeHumidityOf(r)),
    );
    expect(Math.abs(room.airTempC - 26)).toBeLessThan(1.5);
    // The fogger holds 90-95 % (docs/domain.md §1.3) after the first hour.
    const settled = rhs.slice(360);
    expect(Math.min(...settled)).toBeGreaterThan(90);
    expect(Math.max(...settled)).toBeLessThan(95);
  });
});
