import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { ThresholdsService } from '../thresholds/thresholds.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../common/tokens.js';
import { SeedRegistry } from '../seed/seed-registry.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import { CommandsService } from './commands.service.js';
import { ControlRepository } from './control.repository.js';
import { heatingSetpoints, heatingSlots, IRRIGATION_SLOTS } from './house-programme.js';
import { SchedulesService } from './schedules.service.js';

const SEED_ACTOR: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  role: 'manager',
  name: 'demo seed',
  phone: '',
};

/**
 * Demo programmes (docs/domain.md §2.1, §2.3): the api supervises, so every heated greenhouse gets
 * its day / night / pre-dawn setpoints from its crops (the same thresholds the alarms use) and a
 * morning irrigation programme. The current setpoint is applied at once, so the houses are heated
 * for their crops from the first minutes instead of at the controllers' factory 15 °C.
 */
@Injectable()
export class ControlSeed implements OnModuleInit {
  constructor(
    private readonly registry: SeedRegistry,
    private readonly zones: ZonesRepository,
    private readonly repository: ControlRepository,
    private readonly thresholds: ThresholdsService,
    private readonly commands: CommandsService,
    private readonly schedules: SchedulesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'control-schedules', order: 30, run: () => this.run() });
  }

  private async run(): Promise<void> {
    const site = this.config.siteCode;
    for (const zone of await this.zones.list(site)) {
      // The germination and healing rooms hold one constant climate on their own controllers.
      if (zone.kind !== 'greenhouse') continue;
      const devices = await this.repository.zoneDevices(site, zone.code);
      if (zone.hasHeating && devices.some((device) => device.kind === 'heater')) {
        const limits = await this.thresholds.inForce(zone.code);
        const setpoints = heatingSetpoints(limits.thresholds, limits.band);
        const heating = await this.schedules.create(
          zone.code,
          { name: '昼夜温度', kind: 'setpoint', slots: heatingSlots(setpoints) },
          SEED_ACTOR,
        );
        await this.schedules.applyCurrent(heating);
      }
      if (devices.some((device) => device.kind === 'boom')) {
        await this.schedules.create(
          zone.code,
          { name: '上午浇水', kind: 'irrigation', slots: IRRIGATION_SLOTS.map((slot) => ({ ...slot })) },
          SEED_ACTOR,
        );
      }
    }
  }
}
