import { describe, expect, it } from '@jest/globals';
import { SEED_PROFILES } from '#agronomy';
import { step, type LifecycleState } from '../apps/api/src/alarms/alarm-lifecycle.js';
import { judgeZone, timingOf } from '../apps/api/src/alarms/zone-judgement.js';
import { batchLocations } from '../apps/api/src/batches/batch-entries.js';
import { IRRIGATION_SLOTS, heatingSetpoints, heatingSlots } from '../apps/api/src/control/house-programme.js';
import type { ScheduleSlot } from '../apps/api/src/control/schedule.entity.js';
import { heatingCriticalWindow, isNight } from '../apps/api/src/scheduling/nursery-time.js';
import { type HouseBatch, type HouseRow, houseLimits } from '../apps/api/src/thresholds/house-limits.js';
import { TelemetryWindow } from '../apps/api/src/window/telemetry-window.js';
import { startIrrigation } from '../apps/simulator/src/physics/house-controllers.js';
import { telemetryValues } from '../apps/simulator/src/readings.js';
import { World } from '../apps/simulator/src/world.js';

// Done-when of the batch-climate issue: the demo's batches in the simulator's physics, with its
// faults off, for 7 simulated days of early winter, raise no alarm. In-process and pure:
// the simulator's world feeds the telemetry window the alarm engine judges (no MQTT, no database),
// the houses run the demo's programmes (heating from the thresholds, the morning irrigation), and
// the alarm lifecycle applies each rule's on-delay as the engine does.

const SITE = 'xnz';
const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 7, 16, 0); // midnight at the nursery, 8 December
const HOUSES: readonly HouseRow[] = [
  { site: SITE, code: 'gh1', kind: 'greenhouse', hasHeating: true },
  { site: SITE, code: 'gh2', kind: 'greenhouse', hasHeating: true },
  { site: SITE, code: 'gh3', kind: 'greenhouse', hasHeating: true },
  { site: SITE, code: 'germ1', kind: 'germination', hasHeating: true },
];
/** The demo's devices (devices.seed.ts): a house has air, two bench probes, heater and boom. */
const DEVICES: Readonly<
  Record<string, readonly (readonly [string, 'env' | 'substrate' | 'heater' | 'boom'])[]>
> = {
  gh1: [
    ['env-1', 'env'],
    ['substrate-1', 'substrate'],
    ['substrate-2', 'substrate'],
    ['heater-1', 'heater'],
    ['boom-1', 'boom'],
  ],
  germ1: [
    ['env-1', 'env'],
    ['heater-1', 'heater'],
  ],
};
const devicesOf = (zone: string) => DEVICES[zone] ?? DEVICES.gh1;

/** The demo's batches (orders.seed.ts), placed where their events put them. */
function demoBatches(): HouseBatch[] {
  const sowings = [
    ['tomato', 'gh1', 'hardening'],
    ['pepper', 'gh2', 'hardening'],
    ['cucumber', 'gh3', 'true_leaf'],
    ['cabbage', 'gh1', 'germinating'],
  ] as const;
  return sowings.map(([crop, house, stage], index) => {
    const events = [
      { kind: 'created', details: { stage: 'sown', zone: house, trays: 200 } },
      ...(stage === 'germinating' ? [] : [{ kind: 'move', details: { from: 'germ1', to: house } }]),
    ];
    const [place] = batchLocations({ zone: house, benches: null, trays: 200 }, events, {
      germinationRoom: 'germ1',
    });
    return {
      id: `demo-${index}`,
      code: `B000${index + 1}`,
      crop,
      variety: null,
      stage,
      zone: place.zone,
      homeZone: house,
      trays: place.trays,
      benches: place.benches,
      moistureSensors: [],
      readyFrom: null,
      sowDate: null,
      allocated: false,
    };
  });
}

/** Local minutes since midnight at the nursery. */
const localMinutes = (ts: number) => Math.floor(((ts + 8 * 3_600_000) % DAY) / MINUTE);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** The slot in force at `now` (local minutes): the latest started today, else yesterday's last. */
const slotInForce = (slots: readonly ScheduleSlot[], now: number): ScheduleSlot =>
  slots.findLast((slot) => minutesOf(slot.at) <= now) ?? slots.at(-1)!;

describe('a week of the demo in the simulator, faults off', () => {
  it('raises no alarm in 7 simulated days', () => {
    const batches = demoBatches();
    const world = new World(20261208, START - DAY);
    const window = new TelemetryWindow();
    const limits = new Map(
      HOUSES.map((house) => [
        house.code,
        houseLimits(
          house,
          batches.filter((b) => b.zone === house.code),
          [],
          SEED_PROFILES,
        ),
      ]),
    );
    for (const house of HOUSES) {
      world.addHouse(SITE, house.code, ['b1', 'b2']);
      for (const [device, kind] of devicesOf(house.code))
        window.track({ site: SITE, zone: house.code, device, kind, intervalS: 60 });
    }
    // The demo's programmes (control.seed.ts): heated greenhouses follow their heating slots; the
    // germination room holds its own controller's constant climate.
    const heating = new Map(
      HOUSES.filter((house) => house.kind === 'greenhouse').map((house) => {
        const { thresholds, band } = limits.get(house.code)!;
        return [house.code, heatingSlots(heatingSetpoints(thresholds, band))];
      }),
    );
    const programmedMs = Number(IRRIGATION_SLOTS[0].params.seconds) * 1000;
    const programme = (ts: number) => {
      for (const house of HOUSES) {
        const entry = world.house(SITE, house.code)!;
        const slots = heating.get(house.code);
        if (slots) entry.state.heater.spC = Number(slotInForce(slots, localMinutes(ts)).params.sp_c);
        if (house.kind !== 'greenhouse') continue;
        const slot = IRRIGATION_SLOTS.find((s) => minutesOf(s.at) === localMinutes(ts));
        if (slot) startIrrigation(entry.state, entry.params, { seconds: Number(slot.params.seconds) });
      }
    };
    for (let ts = START - DAY; ts < START; ts += MINUTE) {
      programme(ts);
      world.advanceTo(ts);
    }

    const open = new Map<string, LifecycleState | null>();
    // Every rule of the engine is judged: the crop rules per batch and the house's own.
    const raised: string[] = [];
    let seq = 0;
    for (let ts = START; ts <= START + 7 * DAY; ts += MINUTE) {
      programme(ts);
      world.advanceTo(ts);
      seq++;
      const weather = world.weather(SITE, ts);
      for (const house of HOUSES) {
        const entry = world.house(SITE, house.code)!;
        for (const [device, kind] of devicesOf(house.code)) {
          const values = telemetryValues({
            kind,
            device,
            house: entry.state,
            weather,
            noiseKey: `${house.code}/${device}`,
            seq,
            seed: 20261208,
          });
          for (const [metric, value] of Object.entries(values))
            if (typeof value === 'number' || typeof value === 'boolean')
              window.add(SITE, house.code, device, metric, ts, Number(value), ts);
        }
        const houseLimitsNow = limits.get(house.code)!;
        const { judgements } = judgeZone(
          {
            zone: house,
            devices: window.devicesIn(house.code),
            thresholds: houseLimitsNow.thresholds,
            batchLimits: houseLimitsNow.batchLimits,
            timing: timingOf([]),
            isOpen: (rule, subject) => {
              const state = open.get(`${house.code}/${rule}/${subject}`);
              return (
                state !== undefined &&
                state !== null &&
                state.state !== 'pending' &&
                state.state !== 'cleared'
              );
            },
            programmedIrrigationMs: programmedMs,
          },
          { now: ts, night: isNight(ts, TZ), heatingCriticalWindow: heatingCriticalWindow(ts, TZ) },
        );
        for (const judgement of judgements) {
          const key = `${house.code}/${judgement.rule}/${judgement.subject}`;
          const transition = step(open.get(key) ?? null, judgement.decision, ts);
          open.set(key, transition.next);
          if (transition.kind === 'raised')
            raised.push(
              `${new Date(ts).toISOString()} ${house.code} ${judgement.rule}: ${judgement.decision?.message ?? ''}`,
            );
        }
      }
    }
    expect(raised).toEqual([]);
  });
});
