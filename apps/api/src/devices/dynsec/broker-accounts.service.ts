import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainError } from '../../common/domain-error.js';
import { APP_CONFIG, RUNTIME_SERVICES } from '../../common/tokens.js';
import type { RuntimeServices } from '../../runtime/runtime-services.js';
import { loadDynsecAdmin } from '../broker-accounts.js';
import type { DirectoryEntry } from '../device-directory.js';
import { DevicesRepository } from '../devices.repository.js';
import { toEntry } from '../device-entry.js';
import {
  DynsecCommandError,
  DynsecControl,
  DynsecUnavailableError,
  type DynsecCommand,
  type DynsecResponse,
} from './dynsec-control.js';
import { deviceRole } from './dynsec-model.js';

/**
 * Keeps an external Mosquitto's accounts in step with the device registry, live, through its
 * dynamic security plugin — when the api has the plugin's admin account (loadDynsecAdmin).
 * Otherwise every method does nothing: the embedded broker reads the registry itself (its hooks
 * and the DeviceDirectory), and a password-file Mosquitto takes `npm run mosquitto:auth` and a
 * reload.
 *
 * A new password reaches the broker before the registry: the plaintext exists only during the
 * request that made it, so when the broker cannot take it the request fails and nothing changes.
 * A disable is written to the registry first (it must hold even with the broker away) and sent
 * to the broker at once, or when the control connection comes back (reconcile()).
 */
@Injectable()
export class BrokerAccountsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('broker-accounts');
  private control: DynsecControl | undefined;

  constructor(
    private readonly devices: DevicesRepository,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 'dynsec' when account changes go to the broker live; 'registry' when the broker reads the registry or a file. */
  get mode(): 'dynsec' | 'registry' {
    return this.control === undefined ? 'registry' : 'dynsec';
  }

  onModuleInit(): void {
    const broker = this.services.broker;
    if (broker.kind !== 'external') return;
    const admin = loadDynsecAdmin(this.config);
    if (admin === undefined) {
      this.logger.log('device accounts: password file (npm run mosquitto:auth, then reload Mosquitto)');
      return;
    }
    this.logger.log(`device accounts: live, through the dynamic security plugin as ${admin.username}`);
    this.control = new DynsecControl({
      url: broker.url,
      username: admin.username,
      password: admin.password,
      onConnect: () => void this.reconcile(),
      log: (message) => this.logger.warn(message),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.control?.close();
  }

  /** Waits for the control connection (tests and the start-up seed); no-op without dynsec. */
  async ready(timeoutMs?: number): Promise<void> {
    await this.control?.ready(timeoutMs);
  }

  /**
   * A new device's account with its role: whatever the broker held under that name before (a
   * registration whose registry write failed, an installer's test) is replaced.
   */
  async create(device: DirectoryEntry, password: string): Promise<void> {
    const role = deviceRole(device);
    await this.send(
      [
        { command: 'deleteClient', username: device.username },
        { command: 'deleteRole', rolename: role.rolename },
        { command: 'createRole', rolename: role.rolename, acls: role.acls },
        {
          command: 'createClient',
          username: device.username,
          password,
          roles: [{ rolename: role.rolename }],
        },
      ],
      // The deletes find nothing on a first registration.
      (response) => response.command.startsWith('delete') && /not found/i.test(response.error ?? ''),
    );
  }

  /** Undoes create() when the registry row was not written; best effort (logged). */
  async remove(device: DirectoryEntry): Promise<void> {
    if (this.control === undefined) return;
    try {
      await this.control.run([
        { command: 'deleteClient', username: device.username },
        { command: 'deleteRole', rolename: device.username },
      ]);
    } catch (error) {
      this.logger.warn(`could not remove ${device.username} from the broker: ${String(error)}`);
    }
  }

  /** The plugin ends the device's live connection itself when its password changes. */
  async setPassword(device: DirectoryEntry, password: string): Promise<void> {
    await this.send([{ command: 'setClientPassword', username: device.username, password }]);
  }

  /**
   * Disables the device's account, which ends its live connection. The registry already says
   * disabled; if the broker is away now, reconcile() repeats this when it is back.
   */
  async disable(device: DirectoryEntry): Promise<void> {
    if (this.control === undefined) return;
    try {
      await this.control.ready();
      await this.control.runOrThrow([{ command: 'disableClient', username: device.username }]);
    } catch (error) {
      this.logger.warn(`${device.username} is disabled here but not yet at the broker: ${String(error)}`);
    }
  }

  /**
   * Brings the broker in line with the registry after a (re)connection: accounts of disabled
   * devices are disabled there too. An enabled device with no account at the broker cannot be
   * given one (only its hash is kept): it is reported, and rotating its password creates it.
   */
  async reconcile(): Promise<void> {
    const control = this.control;
    if (control === undefined) return;
    try {
      const [listed] = await control.runOrThrow([{ command: 'listClients', verbose: true, count: -1 }]);
      const atBroker = new Map(
        (
          (listed?.data as { clients?: { username: string; disabled?: boolean }[] } | undefined)?.clients ??
          []
        ).map((client) => [client.username, client]),
      );
      const commands: DynsecCommand[] = [];
      for (const device of (await this.devices.list()).map(toEntry)) {
        const account = atBroker.get(device.username);
        if (!device.enabled && account !== undefined && account.disabled !== true)
          commands.push({ command: 'disableClient', username: device.username });
        if (device.enabled && account === undefined)
          this.logger.warn(
            `${device.username} has no account at the broker: rotate its password on the devices page to create one`,
          );
      }
      if (commands.length > 0) {
        await control.runOrThrow(commands);
        this.logger.log(
          `disabled ${commands.length} device accounts at the broker that the registry had disabled`,
        );
      }
    } catch (error) {
      this.logger.warn(`could not compare the broker's accounts with the registry: ${String(error)}`);
    }
  }

  private async send(
    commands: readonly DynsecCommand[],
    tolerated?: (response: DynsecResponse) => boolean,
  ): Promise<void> {
    if (this.control === undefined) return;
    try {
      // Just after a start or a broker restart the connection may be a moment away.
      await this.control.ready();
      await this.control.runOrThrow(commands, tolerated);
    } catch (error) {
      if (error instanceof DynsecUnavailableError || error instanceof DynsecCommandError) {
        throw new DomainError('BROKER_ACCOUNTS_UNAVAILABLE', error.message, 503, { reason: error.message });
      }
      throw error;
    }
  }
}
