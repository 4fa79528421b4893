import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { BackupService } from '../backup/backup.service.js';
import { APP_CONFIG, CLOCK, RUNTIME_SERVICES } from '../common/tokens.js';
import { rotateLog } from '../runtime/log-rotation.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { TickService } from '../scheduling/tick.service.js';
import { SystemEventsService } from '../system/system-events.service.js';
import { TelemetryRepository } from '../telemetry/telemetry.repository.js';
import {
  levelOf,
  nextShed,
  worstLevel,
  type DiskLevel,
  type DiskRole,
  type RawDay,
  type ShedStep,
  type VolumeSpace,
} from './disk-budget.js';

const MB = 1024 * 1024;

/**
 * How often the disks are measured. A nursery's readings grow the cluster by a few MB a day and a
 * nightly backup writes its archive in about a minute: from the warning level (2 GB by default)
 * to a full disk is hours at the very least, and a measurement (statfs) costs microseconds.
 */
export const DISK_CHECK_MS = 30_000;

/** Steps in one run at most: a run that sheds more is cut short and the next goes on. */
const MAX_STEPS = 200;

/** What one run saw and did. */
export interface DiskCheck {
  readonly level: DiskLevel;
  readonly volumes: readonly VolumeSpace[];
  readonly shed: readonly ShedStep[];
}

/** What the open disk-low event says it shed since it opened (the alarm's parameters). */
interface ShedSummary {
  readonly shedDays: number;
  readonly readingsFrom: string | null;
  readonly readingsTo: string | null;
  readonly shedBackups: number;
  readonly shedMb: number;
}

const megabytes = (bytes: number): number => Math.round(bytes / MB);
const percent = (volume: VolumeSpace): number =>
  Math.round((volume.freeBytes / Math.max(volume.totalBytes, 1)) * 1000) / 10;

/**
 * The disk that never fills (issue #23 item 4). Every DISK_CHECK_MS it measures the volumes of
 * DATA_DIR, the embedded cluster and BACKUP_DIR (disk-budget.ts judges them); from the warning
 * level it sheds, one step at a time and measuring after each, the oldest days of raw readings the
 * rollups already hold, then backups beyond the newest two, until the volume is back above the
 * level with a margin. Each step is a `disk-shed` system event. While a volume stays low, or in a
 * run that shed something, a `disk-low` event is open and says what was shed: the alarm engine
 * raises the `disk-low` alarm from it (critical at the critical level). It also keeps
 * postgres.log within POSTGRES_LOG_MB (log-rotation.ts).
 */
@Injectable()
export class DiskWatchService implements OnModuleInit {
  private readonly logger = new Logger('disk');
  private lastFailureLog = 0;
  /** Runs one after another: the tick's and a caller's (a test) must not shed the same step twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tick: TickService,
    private readonly events: SystemEventsService,
    private readonly telemetry: TelemetryRepository,
    private readonly backups: BackupService,
  ) {}

  onModuleInit(): void {
    this.tick.register('disk.watch', () => this.check().then(() => undefined), { everyMs: DISK_CHECK_MS });
  }

  /** Measures, sheds what it must and reports: one run, after any run already under way. */
  check(): Promise<DiskCheck> {
    const run = this.queue.then(() => this.run());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(): Promise<DiskCheck> {
    await this.rotatePostgresLog();
    let volumes = await this.measure();
    const levels = this.config.disk;
    const shed: ShedStep[] = [];
    if (worstLevel(volumes, levels) !== 'ok') {
      const shedding = new Set<string>();
      const today = new Date(this.clock.now()).toISOString().slice(0, 10);
      let days = await this.rawDays();
      let backups = await this.backups.stored();
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const next = nextShed({ volumes, levels, shedding, today, days, backups });
        if (next === undefined) break;
        const { step, volume: before } = next;
        shedding.add(before.id);
        const done = await this.shedOne(step);
        // Offered once a run: a day not dropped (a late reading of it waits in the journal) waits for the next.
        if (step.kind === 'readings') {
          const name = step.name;
          days = days.filter((day) => day.name !== name);
        } else {
          const archive = step.archive;
          backups = backups.filter((backup) => backup.archive !== archive);
        }
        volumes = await this.measure();
        if (!done) continue;
        shed.push(step);
        await this.recordStep(step, before, volumes.find((volume) => volume.id === before.id) ?? before);
      }
    }
    const level = worstLevel(volumes, levels);
    await this.report(level, volumes, shed);
    return { level, volumes, shed };
  }

  private async rotatePostgresLog(): Promise<void> {
    const logFile = this.services.databaseLocation?.logFile;
    if (logFile === undefined) return;
    try {
      await rotateLog(logFile, this.config.disk.postgresLogMb * MB);
    } catch (error) {
      this.failed('postgres.log not rotated', error);
    }
  }

  /** The watched folders grouped by the filesystem they are on; a folder not made yet counts as its parent's. */
  async measure(): Promise<VolumeSpace[]> {
    const watched: [DiskRole, string][] = [
      ['data', this.config.dataDir],
      ['backups', this.config.backup.dir],
    ];
    const cluster = this.services.databaseLocation?.clusterDir;
    if (cluster !== undefined) watched.push(['cluster', cluster]);
    const volumes = new Map<string, { paths: string[]; roles: Set<DiskRole>; free: number; total: number }>();
    for (const [role, folder] of watched) {
      const existing = await nearestExisting(folder);
      const id = String((await stat(existing)).dev);
      let volume = volumes.get(id);
      if (volume === undefined) {
        const space = await statfs(existing);
        // bavail, not bfree: what a user other than root (PostgreSQL's) may still write.
        volume = {
          paths: [],
          roles: new Set(),
          free: space.bavail * space.bsize,
          total: space.blocks * space.bsize,
        };
        volumes.set(id, volume);
      }
      volume.paths.push(folder);
      volume.roles.add(role);
    }
    return [...volumes].map(([id, volume]) => ({
      id,
      paths: volume.paths,
      roles: volume.roles,
      freeBytes: volume.free,
      totalBytes: volume.total,
    }));
  }

  /** The raw days the cluster holds, when the api runs the cluster (an external one's disk is not ours to judge). */
  private async rawDays(): Promise<RawDay[]> {
    if (this.services.databaseLocation === undefined) return [];
    try {
      return await this.telemetry.rawDays();
    } catch (error) {
      this.failed('raw-readings days not listed', error);
      return [];
    }
  }

  private async shedOne(step: ShedStep): Promise<boolean> {
    try {
      if (step.kind === 'readings') return await this.telemetry.dropFoldedDay(step.name);
      await this.backups.shed(step.archive);
      return true;
    } catch (error) {
      this.failed(`${step.kind === 'readings' ? step.name : step.archive} not shed`, error);
      return false;
    }
  }

  private async recordStep(step: ShedStep, before: VolumeSpace, after: VolumeSpace): Promise<void> {
    const what =
      step.kind === 'readings'
        ? `raw readings of ${step.day} (${step.name}, ${megabytes(step.bytes)} MB)`
        : `backup ${path.basename(step.archive)} (${megabytes(step.bytes)} MB)`;
    const cause = `shed ${what}: ${megabytes(before.freeBytes)} MB free (${percent(before)} %) on ${before.paths.join(', ')}, now ${megabytes(after.freeBytes)} MB`;
    this.logger.warn(cause);
    // Shedding goes on while the database is away (a full disk may be why): backups still free space.
    await this.events
      .happened('disk-shed', cause.slice(0, 500), {
        kind: step.kind,
        ...(step.kind === 'readings' ? { partition: step.name, day: step.day } : { archive: step.archive }),
        bytes: step.bytes,
        paths: before.paths,
        freeMbBefore: megabytes(before.freeBytes),
        freeMbAfter: megabytes(after.freeBytes),
      })
      .catch((error: unknown) => this.failed('shedding not recorded as a system event', error));
  }

  /**
   * Opens, amends or ends the `disk-low` event. It is open while a volume is below the warning
   * level, and from a run that shed something until a run finds every volume above it and sheds
   * nothing: people hear what was shed even when shedding put things right at once.
   */
  private async report(
    level: DiskLevel,
    volumes: readonly VolumeSpace[],
    shed: readonly ShedStep[],
  ): Promise<void> {
    const open = (await this.events.openOfKind('disk-low'))[0];
    // The volume that is worst off: its level first, then its share of free space.
    const rank: Record<DiskLevel, number> = { critical: 0, warning: 1, ok: 2 };
    const lowest = [...volumes].sort(
      (a, b) =>
        rank[levelOf(a, this.config.disk)] - rank[levelOf(b, this.config.disk)] ||
        a.freeBytes / Math.max(a.totalBytes, 1) - b.freeBytes / Math.max(b.totalBytes, 1),
    )[0];
    const freeMb = lowest === undefined ? 0 : megabytes(lowest.freeBytes);
    if (level === 'ok' && shed.length === 0) {
      if (open !== undefined) {
        await this.events.end(open.id, { level, freeMb });
        this.logger.log(`disk space back above the warning level: ${freeMb} MB free`);
      }
      return;
    }
    const summary = summarise(open?.details ?? null, shed);
    const details = {
      level,
      freeMb,
      ...summary,
      volumes: volumes.map((volume) => ({
        paths: volume.paths,
        roles: [...volume.roles],
        freeMb: megabytes(volume.freeBytes),
        totalMb: megabytes(volume.totalBytes),
        level: levelOf(volume, this.config.disk),
      })),
    };
    const cause = causeOf(level, lowest, summary).slice(0, 500);
    if (open === undefined) {
      this.logger.warn(cause);
      await this.events.open('disk-low', cause, details);
    } else {
      await this.events.amend(open.id, cause, details);
    }
  }

  /** A failure of the watch's own work: one line a minute at most (the tick logs what escapes). */
  private failed(what: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastFailureLog < 60_000) return;
    this.lastFailureLog = now;
    this.logger.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function nearestExisting(folder: string): Promise<string> {
  let current = path.resolve(folder);
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** What the open event already said it shed, plus this run's steps. */
function summarise(previous: Record<string, unknown> | null, shed: readonly ShedStep[]): ShedSummary {
  const number = (value: unknown): number => (typeof value === 'number' ? value : 0);
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const days = shed.flatMap((step) => (step.kind === 'readings' ? [step.day] : []));
  const from = [text(previous?.['readingsFrom']), ...days]
    .filter((day): day is string => day !== null)
    .sort();
  const to = [text(previous?.['readingsTo']), ...days].filter((day): day is string => day !== null).sort();
  return {
    shedDays: number(previous?.['shedDays']) + days.length,
    readingsFrom: from[0] ?? null,
    readingsTo: to.at(-1) ?? null,
    shedBackups: number(previous?.['shedBackups']) + shed.filter((step) => step.kind === 'backup').length,
    shedMb: number(previous?.['shedMb']) + megabytes(shed.reduce((sum, step) => sum + step.bytes, 0)),
  };
}

function causeOf(level: DiskLevel, lowest: VolumeSpace | undefined, summary: ShedSummary): string {
  const where =
    lowest === undefined
      ? 'no disk measured'
      : `${megabytes(lowest.freeBytes)} MB free (${percent(lowest)} %) on ${lowest.paths.join(', ')}`;
  const parts = [
    ...(summary.shedDays > 0
      ? [`raw readings of ${summary.shedDays} days (${summary.readingsFrom} to ${summary.readingsTo})`]
      : []),
    ...(summary.shedBackups > 0 ? [`${summary.shedBackups} backups`] : []),
  ];
  const shed =
    parts.length === 0 ? '; nothing left to shed' : `; shed ${parts.join(' and ')}, ${summary.shedMb} MB`;
  return `disk ${level === 'ok' ? 'was low' : `${level}`}: ${where}${shed}`;
}
