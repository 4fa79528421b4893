import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DEFAULT_METRICS_BY_KIND, type Clock, type DeviceCredentials } from '#contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents } from '../common/domain-events.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { TickService } from '../scheduling/tick.service.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import type { Device } from './device.entity.js';
import { DeviceDirectory, type DirectoryEntry } from './device-directory.js';
import { toEntry } from './device-entry.js';
import './devices.events.js';
import { DevicesRepository } from './devices.repository.js';
import type { RegisterDeviceDto } from './devices.dto.js';
import { BrokerAccountsService } from './dynsec/broker-accounts.service.js';
import { generateDevicePassword, hashMosquittoPassword } from './mosquitto-password.js';

/** A device as the REST api shows it: never its password hash. */
export type PublicDevice = Omit<Device, 'passwordHash' | 'zone'>;
export type IssuedDevice = PublicDevice & { password: string };

export type Actor = AuthUser | 'system';

@Injectable()
export class DevicesService implements OnModuleInit {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly zones: ZonesRepository,
    private readonly directory: DeviceDirectory,
    private readonly audit: AuditRepository,
    private readonly tick: TickService,
    private readonly brokerAccounts: BrokerAccountsService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reloadDirectory();
    this.tick.register('devices.directory', () => this.reloadDirectory(), { everyMs: 15_000 });
  }

  /** Also picks up what `npm run devices:export` rotated from outside this process. */
  async reloadDirectory(): Promise<void> {
    const version = this.directory.version;
    const entries = (await this.devices.list()).map(toEntry);
    // A registration or rotation during the read is newer than what was read: keep it, retry later.
    if (this.directory.version === version) this.directory.replaceAll(entries);
  }

  async list(site?: string): Promise<PublicDevice[]> {
    return (await this.devices.list(site)).map(toPublic);
  }

  listPending() {
    return this.devices.listPending();
  }

  /** Registers a device (also one from the pending list) and answers its password, once. */
  async register(input: RegisterDeviceDto, by: Actor): Promise<IssuedDevice> {
    const site = input.site ?? this.config.siteCode;
    const zone = await this.zones.findByCode(site, input.zone);
    if (!zone) throw new DomainError('ZONE_NOT_FOUND', `Zone ${site}/${input.zone} not found`, 404);
    if (await this.devices.findByAddress(site, input.zone, input.device)) {
      throw DomainError.conflict('DEVICE_EXISTS', `Device ${site}/${input.zone}/${input.device} exists`, {
        device: input.device,
      });
    }
    const password = generateDevicePassword();
    const fields = {
      site,
      zoneId: zone.id,
      zoneCode: zone.code,
      device: input.device,
      kind: input.kind,
      metrics: input.metrics ?? [...DEFAULT_METRICS_BY_KIND[input.kind]],
      intervalS: input.intervalS ?? 60,
      enabled: true,
      username: `${site}-${zone.code}-${input.device}`,
      passwordHash: hashMosquittoPassword(password),
    };
    // An external Mosquitto takes the account first (it needs the plaintext, which exists only now).
    const account: DirectoryEntry = { ...fields, id: '', zone: zone.code };
    await this.brokerAccounts.create(account, password);
    let device: Device;
    try {
      device = await this.devices.create({
        ...fields,
        presence: 'unknown',
        lastSeenAt: null,
        lastStatus: null,
        lastStatusAt: null,
        meta: null,
        metaAt: null,
        clockSkewMs: null,
        clockSkewFlagged: false,
      });
    } catch (error) {
      await this.brokerAccounts.remove(account);
      throw error;
    }
    await this.devices.removePending(site, zone.code, input.device);
    this.directory.put(toEntry(device));
    await this.record(by, 'device.registered', device.id, { site, zone: zone.code, device: device.device });
    return { ...toPublic(device), password };
  }

  /** A new password, shown once; the device's live connection ends (it must log in with the new one). */
  async rotateCredentials(id: string, by: Actor): Promise<IssuedDevice> {
    const current = await this.get(id);
    const password = generateDevicePassword();
    await this.brokerAccounts.setPassword(toEntry(current), password);
    const device = await this.devices.update(id, { passwordHash: hashMosquittoPassword(password) });
    this.directory.put(toEntry(device));
    this.events.emit('device.access-revoked', { deviceId: id, reason: 'rotated' });
    await this.record(by, 'device.credentials-rotated', id, {});
    return { ...toPublic(device), password };
  }

  /** The device can no longer log in, and its live connection ends. */
  async disable(id: string, by: Actor): Promise<PublicDevice> {
    await this.get(id);
    const device = await this.devices.update(id, { enabled: false });
    this.directory.put(toEntry(device));
    this.events.emit('device.access-revoked', { deviceId: id, reason: 'disabled' });
    await this.brokerAccounts.disable(toEntry(device));
    await this.record(by, 'device.disabled', id, {});
    return toPublic(device);
  }

  /** Rotates every enabled device of a site and answers the simulator/gateway credential file. */
  async exportCredentials(site = this.config.siteCode): Promise<DeviceCredentials[]> {
    const out: DeviceCredentials[] = [];
    for (const device of await this.devices.list(site)) {
      if (!device.enabled) continue;
      const issued = await this.rotateCredentials(device.id, 'system');
      out.push(credentialsOf(issued));
    }
    return out;
  }

  private async get(id: string): Promise<Device> {
    const device = /^[0-9a-f-]{36}$/.test(id) ? await this.devices.findById(id) : null;
    if (!device) throw new DomainError('DEVICE_NOT_FOUND', `Device ${id} not found`, 404);
    return device;
  }

  private record(by: Actor, action: string, id: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.append({
      at: new Date(this.clock.now()),
      actor:
        by === 'system' ? { kind: 'system', name: 'system' } : { kind: 'user', userId: by.id, name: by.name },
      action,
      entityType: 'device',
      entityId: id,
      details,
    });
  }
}

export function credentialsOf(device: IssuedDevice): DeviceCredentials {
  return {
    site: device.site,
    zone: device.zoneCode,
    device: device.device,
    kind: device.kind,
    username: device.username,
    password: device.password,
    intervalS: device.intervalS,
  };
}

function toPublic(device: Device): PublicDevice {
  const { passwordHash: _hash, zone: _zone, ...rest } = device;
  return rest;
}
