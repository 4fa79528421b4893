import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock, DiskUseResponse, SiteStatusResponse } from '#contracts';
import { BackupService, USB_MISSING, type BackupStatus } from '../backup/backup.service.js';
import { CLOCK, APP_CONFIG, RUNTIME_SERVICES } from '../common/tokens.js';
import { DiskWatchService } from '../disk/disk-watch.service.js';
import { DatabaseStatus } from '../health/database-status.service.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { FaultFile } from '../system/fault-file.js';
import { SystemEventsService } from '../system/system-events.service.js';
import { DatabaseFactsReadModel } from './database-facts.read-model.js';
import { diagnosticsZip, recentLogFiles } from './diagnostics-archive.js';
import { redactSettings } from './redact-settings.js';
import { adviseOnStatus } from './status-advice.js';

/** System events in the diagnostics zip: a season's worth of faults at most. */
const DIAGNOSTICS_EVENTS = 500;

/**
 * The 系统状态 card and the diagnostics zip: what a manager who is not an engineer needs to see,
 * and what an engineer needs sent to them. Built to answer while the database is down (that is
 * when it is needed most): each part that needs the database says so instead of failing the card.
 */
@Injectable()
export class SiteStatusService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly backups: BackupService,
    private readonly database: DatabaseStatus,
    private readonly events: SystemEventsService,
    private readonly facts: DatabaseFactsReadModel,
    private readonly diskWatch: DiskWatchService,
  ) {}

  async status(): Promise<SiteStatusResponse> {
    const now = this.clock.now();
    const backup = await this.backups.status().catch(() => null);
    const database = this.database.status();
    const diskLowEvent = await this.events
      .openOfKind('disk-low')
      .then((open) => open[0] ?? null)
      .catch(() => null);
    const unclean = await this.events
      .recent(1, 'unclean-restart')
      .then((recent) => recent[0] ?? null)
      .catch(() => null);

    const failure = backup === null ? null : failureSinceLastGood(backup);
    const usbMissing = failure?.reason.startsWith(USB_MISSING) ?? false;
    const lastAlive = unclean?.details?.['lastAliveAt'];
    const lastUncleanStop =
      unclean === null
        ? null
        : {
            downFrom: typeof lastAlive === 'string' ? lastAlive : null,
            backAt: (unclean.endedAt ?? unclean.startedAt).toISOString(),
          };
    const { overall, advice } = adviseOnStatus({
      now,
      database: database.database,
      backupKnown: backup !== null,
      lastBackupAt: backup?.lastBackup ? Date.parse(backup.lastBackup.at) : null,
      backupFailure: failure === null ? null : { usbMissing },
      restoreCheck: backup?.restoreCheck?.result ?? null,
      diskLow: diskLowEvent === null ? null : { critical: diskLowEvent.details?.['level'] === 'critical' },
      lastUncleanStopAt: lastUncleanStop === null ? null : Date.parse(lastUncleanStop.backAt),
    });

    return {
      overall,
      advice,
      backup: {
        dir: this.config.backup.dir,
        removable: this.config.backup.removable,
        time: this.config.backup.time,
        last: backup?.lastBackup
          ? { at: backup.lastBackup.at, archive: backup.lastBackup.archive, bytes: backup.lastBackup.bytes }
          : null,
        failure,
        usbMissing,
        restoreCheck: backup?.restoreCheck
          ? {
              at: backup.restoreCheck.at,
              result: backup.restoreCheck.result,
              detail: backup.restoreCheck.detail,
            }
          : null,
      },
      disks: await this.disks(),
      diskLow:
        diskLowEvent === null
          ? null
          : { since: diskLowEvent.startedAt.toISOString(), cause: diskLowEvent.cause },
      database: {
        state: database.database,
        reason: database.reason,
        embedded: this.services.databaseLocation !== undefined,
      },
      lastUncleanStop,
      engineerPhone: this.config.engineerPhone ?? null,
      checkedAt: new Date(now).toISOString(),
    };
  }

  /** Each place's disk, as the disk watch measures it (a folder not made yet counts as its parent's). */
  private async disks(): Promise<DiskUseResponse[]> {
    const places: [DiskUseResponse['place'], string | undefined][] = [
      ['data', this.config.dataDir],
      ['database', this.services.databaseLocation?.clusterDir],
      ['backups', this.config.backup.dir],
    ];
    const volumes = await this.diskWatch.measure().catch(() => []);
    return places.flatMap(([place, folder]) => {
      if (folder === undefined) return [];
      const volume = volumes.find((candidate) => candidate.paths.includes(folder));
      return [
        { place, path: folder, totalBytes: volume?.totalBytes ?? null, freeBytes: volume?.freeBytes ?? null },
      ];
    });
  }

  /**
   * The zip a manager sends an engineer: the card's status, the settings without secrets, the
   * system events (and the fault file's, for faults the database never heard of), versions, and
   * the last days of logs.
   */
  async diagnostics(): Promise<{ name: string; stream: Readable }> {
    const now = this.clock.now();
    const logsDir = path.join(this.config.dataDir, 'logs');
    const json: Record<string, unknown> = {
      'status.json': await this.status(),
      'settings.json': redactSettings(this.config),
      'system-events.json': await this.events
        .recent(DIAGNOSTICS_EVENTS)
        .catch((error: unknown) => ({ unavailable: messageOf(error) })),
      'faults-not-yet-in-database.json': new FaultFile(this.config.dataDir).pending(),
      'versions.json': {
        yumiao: await this.productVersion(),
        node: process.version,
        database: await this.facts.versions().catch((error: unknown) => ({ unavailable: messageOf(error) })),
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        hostname: os.hostname(),
        memoryBytes: { total: os.totalmem(), free: os.freemem() },
        apiUptimeSeconds: Math.round(process.uptime()),
        systemUptimeSeconds: Math.round(os.uptime()),
        madeAt: new Date(now).toISOString(),
      },
    };
    const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return {
      name: `yumiao-diagnostics-${this.config.siteCode}-${stamp}.zip`,
      stream: diagnosticsZip(json, await recentLogFiles(logsDir, now)),
    };
  }

  /** The checkout's package.json version, found upwards from this file (src/ or dist/). */
  private async productVersion(): Promise<string> {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let depth = 0; depth < 8; depth += 1) {
      const manifest = await readFile(path.join(dir, 'package.json'), 'utf8')
        .then((text) => JSON.parse(text) as { name?: string; version?: string })
        .catch(() => undefined);
      if (manifest?.name === 'yumiao') return manifest.version ?? 'unknown';
      dir = path.dirname(dir);
    }
    return 'unknown';
  }
}

/** The newest backup failure, when no good backup came after it. */
function failureSinceLastGood(backup: BackupStatus): { at: string; reason: string } | null {
  const failure = backup.lastFailure;
  if (failure === null) return null;
  if (backup.lastBackup !== null && Date.parse(backup.lastBackup.at) >= Date.parse(failure.at)) return null;
  return { at: failure.at, reason: failure.reason };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
