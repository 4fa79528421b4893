import { Controller, Get, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '#config';
import type { LanAccessResponse, StorageLocationsResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { APP_CONFIG, RUNTIME_SERVICES } from '../common/tokens.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { dashboardUrls, privateLanAddresses } from './lan-addresses.js';
import { isLoopbackHost } from './lan-banner.js';

@ApiTags('system')
@ApiBearerAuth()
@Controller('system')
export class SystemController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    private readonly http: HttpAdapterHost,
  ) {}

  /**
   * The manager's "phones and devices" card: the dashboard's LAN addresses (for the QR code) and
   * whether the embedded broker is reachable from the LAN at all. Read at each call: a PC that got
   * a new address from DHCP after a power cut shows the new one.
   */
  @Get('lan')
  @Roles('manager')
  lan(): LanAccessResponse {
    const port = this.listeningPort();
    const embedded = this.services.broker.kind === 'embedded';
    // The broker's URL names 127.0.0.1 even when it listens on every interface (it is the
    // address this process connects to), so where it listens comes from the setting.
    const brokerUrl = embedded ? new URL(this.services.broker.url) : null;
    const host = embedded ? this.config.mqtt.host : null;
    return {
      dashboardUrls: dashboardUrls(this.config.dashboardUrl, privateLanAddresses(), port),
      port,
      broker: {
        embedded,
        host,
        port: brokerUrl === null ? null : Number(brokerUrl.port),
        loopbackOnly: host !== null && isLoopbackHost(host),
      },
    };
  }

  /** Where the data lives: DATA_DIR, the backups, the embedded cluster and its binaries. */
  @Get('storage')
  @Roles('manager')
  storage(): StorageLocationsResponse {
    return {
      dataDir: this.config.dataDir,
      backupDir: this.config.backup.dir,
      backupRemovable: this.config.backup.removable,
      database:
        this.services.databaseLocation === undefined
          ? null
          : {
              clusterDir: this.services.databaseLocation.clusterDir,
              binariesDir: this.services.databaseLocation.binariesDir,
            },
    };
  }

  /** The port really bound (PORT=0 in tests picks any). */
  private listeningPort(): number {
    const server = this.http.httpAdapter?.getHttpServer() as
      { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    return address !== null && typeof address === 'object' ? address.port : this.config.port;
  }
}
