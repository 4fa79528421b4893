import { mkdir, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { APP_CONFIG, CLOCK, RUNTIME_SERVICES } from '../common/tokens.js';
import { removeScratchFolder, startScratchPostgres } from '../database/scratch-postgres.js';
import { restoreCheckFolder } from '../runtime/postgres-location.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { localTimeOn } from '../scheduling/nursery-time.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import { SystemEventsService } from '../system/system-events.service.js';
import {
  archiveBytes,
  listBackups,
  removableProblem,
  removeBackup,
  removeDroppedDays,
} from './backup-store.js';
import { writeBackup, type BackupResult } from './backup-writer.js';
import { BackupRepository } from './backup.repository.js';
import { restoreBackup } from './restore.js';
import { backupsToDelete, type StoredBackup } from './retention.js';

const DAY_MS = 86_400_000;
/** The restore check runs after a nightly backup when the last one is older than this. */
const RESTORE_CHECK_EVERY_MS = 28 * DAY_MS;

export const USB_MISSING = 'U盘未插入';

const KEYS = {
  nightlySlot: 'backup:nightly-slot',
  last: 'backup:last',
  lastFailure: 'backup:last-failure',
  restoreCheck: 'backup:restore-check',
} as const;

export interface LastBackup {
  readonly at: string;
  readonly archive: string;
  readonly kind: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly rows: number;
}

export interface RestoreCheck {
  readonly at: string;
  readonly result: 'ok' | 'failed' | 'skipped';
  readonly detail: string;
  readonly archive: string | null;
}

export interface BackupStatus {
  readonly backupDir: string;
  readonly removable: boolean;
  /** Nightly time, nursery time. */
  readonly time: string;
  readonly lastBackup: LastBackup | null;
  readonly lastFailure: { readonly at: string; readonly reason: string } | null;
  readonly restoreCheck: RestoreCheck | null;
  readonly backups: readonly { name: string; kind: string; createdAt: string; bytes: number }[];
  readonly running: boolean;
}

/**
 * The api's own backups: nightly at BACKUP_TIME (nursery time), on demand, retention, and the
 * monthly proof that the newest backup restores. A failure opens a `backup-failed` system event
 * (the alarm engine raises the alarm of that name while it is open); the next good backup ends it.
 */
@Injectable()
export class BackupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('backup');
  private running: Promise<unknown> | undefined;
  /** The removal of a crashed check's leftovers, which a check waits for before it starts. */
  private leftovers: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settings: SettingsRepository,
    private readonly events: SystemEventsService,
    private readonly repository: BackupRepository,
  ) {}

  /**
   * The tick's job: starts the nightly backup once per BACKUP_TIME slot, in the background (the
   * tick also runs alarms). A first start only records the current slot, so a new installation
   * (or a test) does not back up the moment it boots; a start after a missed night catches up.
   */
  async runDue(now: number): Promise<void> {
    let slot = localTimeOn(now, this.config.backup.time, this.config.nurseryTimeZone);
    if (slot > now) slot = localTimeOn(now - DAY_MS, this.config.backup.time, this.config.nurseryTimeZone);
    const done = await this.settings.get<number | null>(KEYS.nightlySlot, null);
    if (done !== null && done >= slot) return;
    await this.settings.set(KEYS.nightlySlot, slot);
    if (done === null || this.running !== undefined) return;
    this.running = this.nightly(now).finally(() => {
      this.running = undefined;
    });
  }

  /**
   * A restore check that died with the api (SIGKILL, a power cut) left its scratch cluster in the
   * temporary folder, perhaps with its server running and nobody to stop it: both go, in the
   * background (the next check would also clear them, but that is a month away).
   */
  onApplicationBootstrap(): void {
    const folder = restoreCheckFolder(this.config.dataDir);
    this.leftovers = removeScratchFolder(folder, (line) => this.logger.warn(line))
      .then(() => rm(`${folder}-files`, { recursive: true, force: true }))
      .catch((error: unknown) => this.logger.warn(`restore check leftovers not removed: ${String(error)}`));
  }

  /** Waits for a backup or restore check started by the tick (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private async nightly(now: number): Promise<void> {
    try {
      await this.takeBackup('nightly');
    } catch {
      return; // recorded by takeBackup
    }
    const last = await this.settings.get<RestoreCheck | null>(KEYS.restoreCheck, null);
    if (last === null || now - Date.parse(last.at) >= RESTORE_CHECK_EVERY_MS) await this.restoreCheck();
  }

  /** One backup now; records its outcome (and on failure the system event) before it answers. */
  async takeBackup(kind: 'manual' | 'nightly'): Promise<BackupResult> {
    const { dir, removable, volumeBytes } = this.config.backup;
    try {
      if (removable) {
        const problem = await removableProblem(dir, this.config.dataDir);
        if (problem !== undefined) throw new Error(`${USB_MISSING}: ${problem}`);
      }
      const result = await writeBackup({
        databaseUrl: this.services.databaseUrl,
        dataDir: this.config.dataDir,
        backupDir: dir,
        site: this.config.siteCode,
        kind,
        volumeBytes,
        now: this.clock.now(),
      });
      const last: LastBackup = {
        at: result.manifest.createdAt,
        archive: result.archive,
        kind,
        bytes: result.bytes,
        seconds: result.seconds,
        rows: result.manifest.tables.reduce((sum, table) => sum + table.rows, 0),
      };
      await this.settings.set(KEYS.last, last);
      for (const open of await this.events.openOfKind('backup-failed')) {
        await this.events.end(open.id, { endedBy: result.archive });
      }
      await this.applyRetention();
      this.logger.log(
        `backup written: ${result.archive} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.seconds.toFixed(1)} s)`,
      );
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`backup failed: ${reason}`);
      await this.settings.set(KEYS.lastFailure, { at: new Date(this.clock.now()).toISOString(), reason });
      if ((await this.events.openOfKind('backup-failed')).length === 0) {
        await this.events.open('backup-failed', reason.slice(0, 500), { backupDir: dir, kind });
      }
      throw error;
    }
  }

  /** 7 nightly + 6 monthly; closed-day archives whose partition was dropped by raw retention. */
  private async applyRetention(): Promise<void> {
    const { dir } = this.config.backup;
    for (const backup of backupsToDelete(await listBackups(dir), this.config.nurseryTimeZone)) {
      await removeBackup(backup.archive);
    }
    await removeDroppedDays(dir, await this.repository.readingPartitions());
  }

  /**
   * Restores the newest backup into a scratch cluster and compares its counts, when the scratch
   * folder's disk has twice the backup's size free; otherwise records that it was skipped.
   */
  async restoreCheck(): Promise<RestoreCheck> {
    const newest = (await listBackups(this.config.backup.dir))[0];
    const at = new Date(this.clock.now()).toISOString();
    let check: RestoreCheck;
    if (newest === undefined) {
      check = { at, result: 'skipped', detail: 'no backup to check', archive: null };
    } else {
      const size = await archiveBytes(newest.archive);
      const space = await statfs(tmpdir());
      const free = space.bavail * space.bsize;
      if (free < 2 * size) {
        check = {
          at,
          result: 'skipped',
          detail: `skipped: not enough space (${(free / 1e6).toFixed(0)} MB free, ${(size / 1e6).toFixed(0)} MB backup)`,
          archive: newest.archive,
        };
        this.logger.warn(`restore check ${check.detail}`);
      } else {
        check = await this.restoreIntoScratch(newest.archive, at);
      }
    }
    await this.settings.set(KEYS.restoreCheck, check);
    return check;
  }

  private async restoreIntoScratch(archive: string, at: string): Promise<RestoreCheck> {
    // One folder per data folder, not a new one each time: what a check that died left, the next finds.
    const folder = restoreCheckFolder(this.config.dataDir);
    const filesDir = `${folder}-files`;
    let server: { url: string; stop(): Promise<void> } | undefined;
    await this.leftovers;
    try {
      await rm(filesDir, { recursive: true, force: true });
      await mkdir(filesDir, { recursive: true, mode: 0o700 });
      server = await startScratchPostgres({ relocationRoot: this.config.embeddedPgRoot, folder });
      const report = await restoreBackup({
        archive,
        databaseUrl: server.url,
        dataDir: filesDir,
        replace: false,
        log: () => undefined,
      });
      const differing = report.counts.filter((count) => count.expected !== count.restored);
      const rows = report.counts.reduce((sum, count) => sum + count.restored, 0);
      return differing.length === 0
        ? {
            at,
            result: 'ok',
            detail: `${report.counts.length} tables, ${rows} rows, ${report.files} files in ${report.seconds.toFixed(0)} s`,
            archive,
          }
        : {
            at,
            result: 'failed',
            detail: `counts differ: ${differing.map((c) => `${c.table} ${c.expected}/${c.restored}`).join(', ')}`,
            archive,
          };
    } catch (error) {
      return {
        at,
        result: 'failed',
        detail: error instanceof Error ? error.message : String(error),
        archive,
      };
    } finally {
      await server?.stop().catch(() => undefined);
      await rm(filesDir, { recursive: true, force: true });
    }
  }

  async status(): Promise<BackupStatus> {
    const backups = await listBackups(this.config.backup.dir);
    return {
      backupDir: this.config.backup.dir,
      removable: this.config.backup.removable,
      time: this.config.backup.time,
      lastBackup: await this.settings.get<LastBackup | null>(KEYS.last, null),
      lastFailure: await this.settings.get<{ at: string; reason: string } | null>(KEYS.lastFailure, null),
      restoreCheck: await this.settings.get<RestoreCheck | null>(KEYS.restoreCheck, null),
      backups: backups.map((backup) => ({
        name: path.basename(backup.archive),
        kind: backup.kind,
        createdAt: new Date(backup.createdAt).toISOString(),
        bytes: backup.bytes,
      })),
      running: this.running !== undefined,
    };
  }

  /** The finished backups in BACKUP_DIR, newest first (the disk watch's candidates). */
  async stored(): Promise<StoredBackup[]> {
    return listBackups(this.config.backup.dir);
  }

  /** Sheds backups (the disk watch): removes the archive and answers its size. */
  async shed(archive: string): Promise<number> {
    const bytes = await archiveBytes(archive);
    await removeBackup(archive);
    return bytes;
  }
}
