import { readFileSync } from 'node:fs';
import { DEVICE_KINDS, SEGMENT_PATTERN, type DeviceCredentials, type DeviceKind } from '#contracts';

/** Reads the simulator's devices file (DATA_DIR/simulator-devices.json, `npm run devices:export`). */
export function loadDeviceFile(path: string): DeviceCredentials[] {
  return parseDeviceList(JSON.parse(readFileSync(path, 'utf8')), path);
}

export function parseDeviceList(raw: unknown, source: string): DeviceCredentials[] {
  if (!Array.isArray(raw)) throw new Error(`${source}: expected a JSON array of devices`);
  return raw.map((item: unknown, index) => {
    const row = item as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of ['site', 'zone', 'device'] as const) {
      if (typeof row[key] !== 'string' || !SEGMENT_PATTERN.test(row[key]))
        problems.push(`${key} must match [a-z0-9-]`);
    }
    if (!(DEVICE_KINDS as readonly unknown[]).includes(row['kind']))
      problems.push(`kind must be one of ${DEVICE_KINDS.join(', ')}`);
    if (typeof row['username'] !== 'string' || row['username'].length === 0)
      problems.push('username missing');
    if (row['password'] !== undefined && typeof row['password'] !== 'string')
      problems.push('password must be a string');
    const interval = row['intervalS'];
    if (interval !== undefined && (typeof interval !== 'number' || !(interval > 0)))
      problems.push('intervalS must be > 0');
    if (problems.length > 0) throw new Error(`${source} device ${index}: ${problems.join('; ')}`);
    return {
      site: row['site'] as string,
      zone: row['zone'] as string,
      device: row['device'] as string,
      kind: row['kind'] as DeviceKind,
      username: row['username'] as string,
      password: (row['password'] as string | undefined) ?? '',
      intervalS: (interval as number | undefined) ?? defaultIntervalS(row['kind'] as DeviceKind),
    };
  });
}

export function defaultIntervalS(kind: DeviceKind): number {
  return kind === 'env' || kind === 'weather' ? 10 : kind === 'substrate' ? 30 : 60;
}

export interface ScaleSpec {
  readonly sites: number;
  readonly houses: number;
  readonly devices: number;
  /** Telemetry messages per second over all devices. */
  readonly rate: number;
}

export function parseScaleSpec(text: string): ScaleSpec {
  const values: Record<string, number> = { sites: 1, houses: 1, devices: 1, rate: 100 };
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=', 2) as [string, string | undefined];
    if (!(key in values) || value === undefined || !(Number(value) > 0))
      throw new Error(`--scale: bad ${pair} (sites=N,houses=M,devices=K,rate=R)`);
    values[key] = Number(value);
  }
  return {
    sites: values['sites'],
    houses: values['houses'],
    devices: values['devices'],
    rate: values['rate'],
  };
}

/** Scale mode: N sites x M houses x K environment sensors, interval set so all send `rate` msgs/s. */
export function scaleDevices(
  spec: ScaleSpec,
  fromFile: readonly DeviceCredentials[] | undefined,
  usernamePrefix = 'sim',
): DeviceCredentials[] {
  const base: DeviceCredentials[] =
    fromFile !== undefined && fromFile.length > 0
      ? [...fromFile]
      : Array.from({ length: spec.sites * spec.houses * spec.devices }, (_, index) => {
          const site = `s${Math.floor(index / (spec.houses * spec.devices)) + 1}`;
          const zone = `gh${(Math.floor(index / spec.devices) % spec.houses) + 1}`;
          const device = `env-${(index % spec.devices) + 1}`;
          return {
            site,
            zone,
            device,
            kind: 'env',
            username: `${usernamePrefix}-${site}-${zone}-${device}`,
            password: '',
            intervalS: 1,
          };
        });
  const intervalS = base.length / spec.rate;
  return base.map((device) => ({ ...device, intervalS }));
}
