import type { DeviceKind } from './devices.js';
import type { Timestamp } from './payloads.js';

/**
 * Commands (server → device on `cmd/{name}`, QoS 1, never retained) and their acknowledgements
 * (device → server on `ack`). Devices drop an id they have handled (answering `duplicate`) and any
 * command past `expires` (answering `expired`).
 */
export interface SetpointParams {
  readonly sp_c: number;
}
export type IrrigateParams =
  | { readonly seconds: number; readonly benches?: readonly string[] }
  | { readonly passes: number; readonly benches?: readonly string[] };
export interface BenchHeatParams {
  readonly on: boolean;
  readonly sp_c?: number;
}

/** Sound (for at most `seconds`, capped at 180) or silence the siren. */
export interface SirenParams {
  readonly on: boolean;
  readonly seconds?: number;
}

export interface CommandParamsByName {
  setpoint: SetpointParams;
  irrigate: IrrigateParams;
  'bench-heat': BenchHeatParams;
  siren: SirenParams;
}
export type CommandName = keyof CommandParamsByName;
export const COMMAND_NAMES = [
  'setpoint',
  'irrigate',
  'bench-heat',
  'siren',
] as const satisfies readonly CommandName[];

/** Which device kind executes each command. */
export const COMMAND_DEVICE_KIND: Readonly<Record<CommandName, DeviceKind>> = {
  setpoint: 'heater',
  irrigate: 'boom',
  'bench-heat': 'bench-heat',
  siren: 'siren',
};

export interface CommandPayload<N extends CommandName = CommandName> {
  readonly id: string;
  readonly ts: Timestamp;
  readonly expires: Timestamp;
  readonly params: CommandParamsByName[N];
}

export const ACK_RESULTS = ['ok', 'rejected', 'failed', 'expired', 'duplicate'] as const;
export type AckResult = (typeof ACK_RESULTS)[number];

export interface AckPayload {
  readonly id: string;
  readonly ts: Timestamp;
  readonly result: AckResult;
  readonly msg?: string;
  readonly state?: Readonly<Record<string, unknown>>;
}
