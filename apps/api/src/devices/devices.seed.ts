import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { DeviceCredentials, DeviceKind } from '#contracts';
import { APP_CONFIG } from '../common/tokens.js';
import { SeedRegistry } from '../seed/seed-registry.js';
import { credentialsOf, DevicesService } from './devices.service.js';

export const SIMULATOR_DEVICES_FILE = 'simulator-devices.json';

const HOUSE: readonly (readonly [string, DeviceKind, number])[] = [
  ['env-1', 'env', 10],
  ['substrate-1', 'substrate', 30],
  ['substrate-2', 'substrate', 30],
  ['heater-1', 'heater', 30],
  ['boom-1', 'boom', 30],
  ['bench-heat-1', 'bench-heat', 30],
];

/** The simulator's devices, by zone (issue 3). */
export const DEMO_DEVICES: readonly (readonly [string, string, DeviceKind, number])[] = [
  ...['gh1', 'gh2', 'gh3'].flatMap((zone) =>
    HOUSE.map(([device, kind, s]) => [zone, device, kind, s] as const),
  ),
  ['germ1', 'env-1', 'env', 10],
  ['germ1', 'heater-1', 'heater', 30],
  ['outdoor', 'weather-1', 'weather', 60],
];

/**
 * Registers the simulator's devices and writes their passwords to DATA_DIR/simulator-devices.json
 * (owner-only): the one place a device password rests in plain text.
 */
@Injectable()
export class DevicesSeed implements OnModuleInit {
  constructor(
    private readonly registry: SeedRegistry,
    private readonly devices: DevicesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'devices', order: 10, run: () => this.run() });
  }

  private async run(): Promise<void> {
    const credentials: DeviceCredentials[] = [];
    for (const [zone, device, kind, intervalS] of DEMO_DEVICES) {
      const issued = await this.devices.register({ zone, device, kind, intervalS }, 'system');
      credentials.push(credentialsOf(issued));
    }
    await writeCredentialsFile(path.join(this.config.dataDir, SIMULATOR_DEVICES_FILE), credentials);
  }
}

export async function writeCredentialsFile(
  file: string,
  credentials: readonly DeviceCredentials[],
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
