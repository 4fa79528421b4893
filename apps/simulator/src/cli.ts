import { parseArgs } from 'node:util';
import type { SimulatedTime } from '#contracts';
import { parseFaultFlag, type FaultSpec } from './faults.js';
import { parseScaleSpec, type ScaleSpec } from './device-list.js';

/** Everything the simulator takes comes from flags (no environment: house rule 8). */
export interface SimulatorCli {
  readonly broker: string;
  readonly devicesFile: string | undefined;
  readonly seed: number;
  readonly time: SimulatedTime | undefined;
  readonly scenarioFile: string | undefined;
  readonly faults: readonly { at: number | undefined; fault: FaultSpec }[];
  readonly controlPort: number | undefined;
  readonly scale: ScaleSpec | undefined;
  readonly quiet: boolean;
  /** The boom's own 10:00 watering timer (off by default: the api runs irrigation schedules). */
  readonly localIrrigation: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: node dist/apps/simulator/src/main.js --broker mqtt://host:1883 --devices FILE [options]

  --broker URL          MQTT broker (mqtt:// or mqtts://)
  --devices FILE        JSON array of {site, zone, device, kind, username, password, intervalS}
  --seed N              seed of weather and sensor noise (default 1)
  --start ISO           simulated start instant (turns simulated time on)
  --anchor ISO|ms       wall instant that maps to --start (default: now)
  --speed N             simulated ms per wall ms (default 1; 60, 600 ... for demos and tests)
  --scenario FILE       timed events, JSON or YAML (docs/simulator.md)
  --fault SPEC          a fault, repeatable: JSON or type:key=value,... (at=S schedules it)
  --control-port N      HTTP control channel on 127.0.0.1 (0 = any free port, printed)
  --scale sites=N,houses=M,devices=K,rate=R
                        load mode: N x M x K sensors, R msgs/s in total, one connection each
  --quiet               only summary events on stdout
  --local-irrigation    the boom's own timer: one pass at 10:00 when benches are below 60 %
                        (off by default: the api runs the irrigation schedules)
  --help`;

function parseInstant(text: string, flag: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(value)) throw new Error(`${flag}: not an ISO-8601 instant or epoch ms: ${text}`);
  return value;
}

export function parseCli(argv: readonly string[], wallNow: number): SimulatorCli {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      broker: { type: 'string' },
      devices: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      anchor: { type: 'string' },
      speed: { type: 'string' },
      scenario: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'control-port': { type: 'string' },
      scale: { type: 'string' },
      quiet: { type: 'boolean' },
      'local-irrigation': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    return {
      broker: '',
      devicesFile: undefined,
      seed: 1,
      time: undefined,
      scenarioFile: undefined,
      faults: [],
      controlPort: undefined,
      scale: undefined,
      quiet: false,
      localIrrigation: false,
      help: true,
    };
  }
  const problems: string[] = [];
  if (values.broker === undefined || !/^(mqtts?|tcp|wss?):\/\//.test(values.broker))
    problems.push('--broker mqtt://host:port is required');
  const scale = values.scale === undefined ? undefined : parseScaleSpec(values.scale);
  if (values.devices === undefined && scale === undefined)
    problems.push('--devices FILE (or --scale) is required');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) problems.push('--seed must be an integer');
  let time: SimulatedTime | undefined;
  if (values.start !== undefined || values.speed !== undefined || values.anchor !== undefined) {
    const speed = values.speed === undefined ? 1 : Number(values.speed);
    if (!(speed > 0)) problems.push('--speed must be > 0');
    time = {
      start: values.start === undefined ? wallNow : parseInstant(values.start, '--start'),
      anchor: values.anchor === undefined ? wallNow : parseInstant(values.anchor, '--anchor'),
      speed,
    };
  }
  let controlPort: number | undefined;
  if (values['control-port'] !== undefined) {
    controlPort = Number(values['control-port']);
    if (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535)
      problems.push('--control-port must be 0..65535');
  }
  const faults = (values.fault ?? []).map((text) => parseFaultFlag(text));
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  return {
    broker: values.broker!,
    devicesFile: values.devices,
    seed,
    time,
    scenarioFile: values.scenario,
    faults,
    controlPort,
    scale,
    quiet: values.quiet === true,
    localIrrigation: values['local-irrigation'] === true,
    help: false,
  };
}
