import { createHouse, stepHouse } from './physics/greenhouse.js';
import { GERMINATION_ROOM, GREENHOUSE_800, type HouseParameters, type HouseState } from './physics/house.js';
import { keyedUniform } from './physics/random.js';
import { weatherAt, type Weather, type WeatherOverride } from './physics/weather.js';

/**
 * The simulated sites: one weather per site and one physical model per heated zone, advanced in
 * fixed steps of simulated time. No I/O and no timers: the simulator calls advanceTo() with the
 * clock's time, so the same world runs a winter night in a test in milliseconds.
 */
export const PHYSICS_STEP_S = 10;
/** When the simulator falls behind by more than this, it jumps instead of replaying every step. */
const MAX_CATCH_UP_MS = 2 * 86_400_000;

export interface HouseEntry {
  readonly site: string;
  readonly zone: string;
  readonly params: HouseParameters;
  readonly state: HouseState;
}

export type ZoneKind = 'greenhouse' | 'germination-room' | 'outdoor';

export function zoneKindOf(zone: string): ZoneKind {
  if (zone === 'outdoor' || zone.startsWith('outdoor') || zone === 'weather') return 'outdoor';
  if (zone.startsWith('germ') || zone.startsWith('heal')) return 'germination-room';
  return 'greenhouse';
}

export function defaultSetpointC(zone: string): number {
  if (zone.startsWith('germ')) return 26;
  if (zone.startsWith('heal')) return 25;
  return 15;
}

export class World {
  private readonly houses = new Map<string, HouseEntry>();
  private readonly overrides = new Map<string, WeatherOverride>();
  private readonly listeners: ((world: World) => void)[] = [];
  private timeMs: number;

  constructor(
    readonly seed: number,
    startMs: number,
    /** The boom's own timer (`--local-irrigation`): off by default, the api runs the schedules. */
    readonly localIrrigation = false,
  ) {
    this.timeMs = startMs;
  }

  get now(): number {
    return this.timeMs;
  }

  /** Adds the house of a zone (idempotent); bench ids come from its substrate probes. */
  addHouse(site: string, zone: string, benchIds: readonly string[]): HouseEntry | undefined {
    const key = `${site}/${zone}`;
    const existing = this.houses.get(key);
    if (existing !== undefined) return existing;
    const kind = zoneKindOf(zone);
    if (kind === 'outdoor') return undefined;
    const base = kind === 'germination-room' ? GERMINATION_ROOM : GREENHOUSE_800;
    // Houses differ a little (film age, doors, leaks), so three houses never read alike.
    const variation = keyedUniform(this.seed, 'house', site, zone);
    const params: HouseParameters = {
      ...base,
      coverUWm2K: base.coverUWm2K * (0.94 + 0.12 * variation),
      blanketUWm2K: base.blanketUWm2K * (0.94 + 0.12 * variation),
      infiltrationAch: base.infiltrationAch * (0.85 + 0.3 * keyedUniform(this.seed, 'leak', site, zone)),
    };
    const setpoint = defaultSetpointC(zone);
    const state = createHouse(params, {
      timeMs: this.timeMs,
      airTempC: setpoint,
      heaterSpC: setpoint,
      benchIds: benchIds.length > 0 ? benchIds : ['b1', 'b2'],
      vwcPct: 58 + 8 * variation,
    });
    if (this.localIrrigation) state.boom.autoBelowVwcPct = 60;
    const entry = { site, zone, params, state };
    this.houses.set(key, entry);
    return entry;
  }

  house(site: string, zone: string): HouseEntry | undefined {
    return this.houses.get(`${site}/${zone}`);
  }

  allHouses(): readonly HouseEntry[] {
    return [...this.houses.values()];
  }

  weather(site: string, timeMs: number = this.timeMs): Weather {
    return weatherAt(this.seed, timeMs, this.overrides.get(site) ?? this.overrides.get('*') ?? {});
  }

  /** `site` '*' overrides every site; an empty override clears. */
  setWeatherOverride(site: string, override: WeatherOverride): void {
    if (Object.keys(override).length === 0) this.overrides.delete(site);
    else this.overrides.set(site, override);
  }

  weatherOverrides(): Record<string, WeatherOverride> {
    return Object.fromEntries(this.overrides);
  }

  onAdvance(listener: (world: World) => void): void {
    this.listeners.push(listener);
  }

  /** Steps every house up to `timeMs` (never backwards). */
  advanceTo(timeMs: number): void {
    if (timeMs - this.timeMs > MAX_CATCH_UP_MS) {
      this.timeMs = timeMs - MAX_CATCH_UP_MS;
      for (const entry of this.houses.values()) entry.state.timeMs = this.timeMs;
    }
    let stepped = false;
    while (this.timeMs + PHYSICS_STEP_S * 1000 <= timeMs) {
      for (const entry of this.houses.values()) {
        stepHouse(entry.state, entry.params, this.weather(entry.site, this.timeMs), PHYSICS_STEP_S);
      }
      this.timeMs += PHYSICS_STEP_S * 1000;
      stepped = true;
    }
    if (stepped) for (const listener of this.listeners) listener(this);
  }

  /** Runs the model for a while before the devices start, so the first readings are settled. */
  spinUp(fromMs: number, toMs: number): void {
    this.timeMs = fromMs;
    for (const entry of this.houses.values()) {
      entry.state.timeMs = fromMs;
      entry.state.heater.lastSwitchMs = fromMs - 3_600_000;
    }
    this.advanceTo(toMs);
  }
}
