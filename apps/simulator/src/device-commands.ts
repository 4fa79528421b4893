// What an actuator does with a command on `cmd/<name>`: reading it, the checks its controller
// makes (a known command, for this kind of device, not expired, valid parameters), the change to
// its house, and the ids it has answered (a redelivered command is answered `duplicate`).
import {
  COMMAND_DEVICE_KIND,
  COMMAND_NAMES,
  timestampToMs,
  validateCommandParams,
  type AckResult,
  type CommandName,
  type DeviceKind,
} from '#contracts';
import { startIrrigation } from './physics/house-controllers.js';
import type { HouseEntry } from './world.js';

const HANDLED_COMMANDS_KEPT = 1000;

export type CommandAnswer = { result: AckResult; msg?: string };

/** Bench ids in commands: `b2`, `2` or the probe's name `substrate-2`. */
export function normaliseBench(bench: string): string {
  const match = /(\d+)$/.exec(bench);
  return match === null ? bench : `b${match[1]}`;
}

/** The command's id and body; undefined when it is not a JSON object with an id. */
export function readCommand(payload: Buffer): { id: string; command: Record<string, unknown> } | undefined {
  let command: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    command = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const id =
    typeof command['id'] === 'string' && command['id'].length > 0 ? command['id'].slice(0, 64) : undefined;
  return id === undefined ? undefined : { id, command };
}

/** The checks before a command touches anything, at the device's own time `deviceNowMs`. */
export function checkCommand(
  name: string,
  command: Record<string, unknown>,
  kind: DeviceKind,
  deviceNowMs: number,
): { ok: true; name: CommandName; params: unknown } | { ok: false; answer: CommandAnswer } {
  if (!(COMMAND_NAMES as readonly string[]).includes(name))
    return { ok: false, answer: { result: 'rejected', msg: `unknown command ${name}` } };
  const commandName = name as CommandName;
  if (COMMAND_DEVICE_KIND[commandName] !== kind)
    return { ok: false, answer: { result: 'rejected', msg: `${name} is not for a ${kind} device` } };
  const expires = command['expires'];
  const expiresMs =
    typeof expires === 'number' || typeof expires === 'string' ? timestampToMs(expires) : undefined;
  if (expiresMs === undefined)
    return { ok: false, answer: { result: 'rejected', msg: 'expires missing or not a timestamp' } };
  if (expiresMs < deviceNowMs)
    return {
      ok: false,
      answer: { result: 'expired', msg: `expired at ${new Date(expiresMs).toISOString()}` },
    };
  const checked = validateCommandParams(commandName, command['params']);
  if (!checked.ok) return { ok: false, answer: { result: 'rejected', msg: checked.detail } };
  return { ok: true, name: commandName, params: checked.params };
}

/** Carries out a checked command on the house (advanced to now by the caller). */
export function applyCommand(entry: HouseEntry, commandName: CommandName, checked: unknown): CommandAnswer {
  const house = entry.state;
  switch (commandName) {
    case 'setpoint': {
      const params = checked as { sp_c: number };
      house.heater.spC = params.sp_c;
      house.heater.mode = 'auto';
      return { result: 'ok' };
    }
    case 'irrigate': {
      const params = checked as { seconds?: number; passes?: number; benches?: readonly string[] };
      const benches = params.benches?.map((bench) => normaliseBench(bench));
      const unknown = benches?.filter((bench) => !house.benches.some((group) => group.id === bench));
      if (unknown !== undefined && unknown.length > 0)
        return { result: 'rejected', msg: `unknown benches ${unknown.join(', ')}` };
      if (!house.powered) return { result: 'failed', msg: 'no mains power' };
      startIrrigation(house, entry.params, { ...params, benches });
      return { result: 'ok' };
    }
    case 'bench-heat': {
      const params = checked as { on: boolean; sp_c?: number };
      house.benchHeat.enabled = params.on;
      if (params.sp_c !== undefined) house.benchHeat.spC = params.sp_c;
      if (!params.on) house.benchHeat.on = false;
      return { result: 'ok' };
    }
    case 'siren':
      // The simulated nursery has no siren; a siren device, if one is configured, just obeys.
      return { result: 'ok' };
  }
}

/** The command ids answered, newest last, the oldest forgotten past HANDLED_COMMANDS_KEPT. */
export class HandledCommands {
  private readonly handled = new Map<string, AckResult>();

  get(id: string): AckResult | undefined {
    return this.handled.get(id);
  }

  remember(id: string, result: AckResult): void {
    this.handled.set(id, result);
    if (this.handled.size > HANDLED_COMMANDS_KEPT) {
      const oldest = this.handled.keys().next().value;
      if (oldest !== undefined) this.handled.delete(oldest);
    }
  }
}
