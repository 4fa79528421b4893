import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DeviceCredentials } from '#contracts';
import { connectDevice, startTelemetryApi, type TelemetryApi } from './support/telemetry-harness.js';

describe('telemetry demo seed: the simulator devices', () => {
  let api: TelemetryApi;

  beforeAll(async () => {
    api = await startTelemetryApi({ DEMO_SEED: '1' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('registers the simulator devices and writes DATA_DIR/simulator-devices.json for its owner only', async () => {
    const file = path.join(api.config.dataDir, 'simulator-devices.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(await readFile(file, 'utf8')) as DeviceCredentials[];
    expect(credentials).toHaveLength(21);
    expect(credentials.filter((c) => c.zone === 'gh2').map((c) => c.device)).toEqual([
      'env-1',
      'substrate-1',
      'substrate-2',
      'heater-1',
      'boom-1',
      'bench-heat-1',
    ]);
    expect(credentials.find((c) => c.zone === 'outdoor')).toMatchObject({
      device: 'weather-1',
      kind: 'weather',
    });
    expect(credentials.find((c) => c.zone === 'gh1' && c.device === 'env-1')?.intervalS).toBe(10);
    const heater = credentials.find((c) => c.zone === 'germ1' && c.device === 'heater-1')!;
    const client = await connectDevice(api.mqttUrl, { username: heater.username, password: heater.password });
    await client.endAsync();
  });
});
