import { sheddableBackups, type StoredBackup } from '../backup/retention.js';

/**
 * The disk watch's rule (issue #23 item 4): from the free space of the volumes that hold DATA_DIR,
 * the cluster and BACKUP_DIR, how bad it is and what to shed next. Pure: the service measures,
 * sheds one step, measures again and asks again.
 */
export type DiskLevel = 'ok' | 'warning' | 'critical';

/** What a watched volume holds: the data folder, the database cluster, the backups. */
export type DiskRole = 'data' | 'cluster' | 'backups';

export interface DiskLevels {
  readonly warningPercent: number;
  readonly warningMb: number;
  readonly criticalPercent: number;
  readonly criticalMb: number;
}

export interface VolumeSpace {
  /** The device id of the filesystem (stat's dev): two paths on one disk are one volume. */
  readonly id: string;
  /** The folders watched on it, for the log and the event. */
  readonly paths: readonly string[];
  readonly roles: ReadonlySet<DiskRole>;
  readonly freeBytes: number;
  readonly totalBytes: number;
}

/** A daily raw-readings partition (readings_pYYYYMMDD). */
export interface RawDay {
  readonly name: string;
  /** Its UTC day, YYYY-MM-DD. */
  readonly day: string;
  /** No sample of that day waits in the ingest journal: the rollups hold all of it. */
  readonly folded: boolean;
  readonly bytes: number;
}

export type ShedStep =
  | { readonly kind: 'readings'; readonly name: string; readonly day: string; readonly bytes: number }
  | { readonly kind: 'backup'; readonly archive: string; readonly createdAt: number; readonly bytes: number };

const MB = 1024 * 1024;

/**
 * Shedding, once started on a volume, goes on until its free space is this much above the
 * warning level: stopping right at the level would start again at the next reading of a busy day
 * and cut one partition at a time, with an event each.
 */
export const SHED_MARGIN = 1.1;

/**
 * A day at or below this holds no readings worth an event (an empty partition is its index's
 * first page, 8 KiB; ingest makes the days around today ahead of time): shedding it frees nothing.
 */
export const EMPTY_DAY_BYTES = 64 * 1024;

/** Backups never shed: a bad newest one still leaves the one before it. */
export const BACKUPS_KEPT = 2;

/** Free bytes below which a volume is at the level: the percentage or the size, whichever is larger. */
function levelBytes(totalBytes: number, percent: number, mb: number): number {
  return Math.max((totalBytes * percent) / 100, mb * MB);
}

export function levelOf(space: Pick<VolumeSpace, 'freeBytes' | 'totalBytes'>, levels: DiskLevels): DiskLevel {
  if (space.freeBytes < levelBytes(space.totalBytes, levels.criticalPercent, levels.criticalMb)) {
    return 'critical';
  }
  if (space.freeBytes < levelBytes(space.totalBytes, levels.warningPercent, levels.warningMb)) {
    return 'warning';
  }
  return 'ok';
}

/** The free bytes shedding works up to on a volume of this size. */
export function shedTargetBytes(totalBytes: number, levels: DiskLevels): number {
  return levelBytes(totalBytes, levels.warningPercent, levels.warningMb) * SHED_MARGIN;
}

export function worstLevel(volumes: readonly VolumeSpace[], levels: DiskLevels): DiskLevel {
  const found = new Set(volumes.map((volume) => levelOf(volume, levels)));
  return found.has('critical') ? 'critical' : found.has('warning') ? 'warning' : 'ok';
}

/**
 * The next thing to shed, or undefined when no volume needs it or nothing on it may go. A volume
 * needs shedding from the warning level, and (once `shedding` names it, within one run) until it
 * has SHED_MARGIN above the level. Lowest share of free space first. On a volume holding the
 * cluster, the oldest raw-readings day that is folded into the rollups, older than `today`
 * (UTC) and not empty goes first; on one holding BACKUP_DIR, then the oldest backup beyond the newest two.
 * Rollups, orders, money, batches, alarms, passports and the audit trail are not candidates at
 * all: they are not partitions of `readings`, and the service offers nothing else.
 */
export function nextShed(input: {
  readonly volumes: readonly VolumeSpace[];
  readonly levels: DiskLevels;
  readonly shedding: ReadonlySet<string>;
  readonly today: string;
  readonly days: readonly RawDay[];
  readonly backups: readonly StoredBackup[];
}): { readonly volume: VolumeSpace; readonly step: ShedStep } | undefined {
  const needing = input.volumes
    .filter(
      (volume) =>
        levelOf(volume, input.levels) !== 'ok' ||
        (input.shedding.has(volume.id) &&
          volume.freeBytes < shedTargetBytes(volume.totalBytes, input.levels)),
    )
    .sort((a, b) => a.freeBytes / Math.max(a.totalBytes, 1) - b.freeBytes / Math.max(b.totalBytes, 1));
  for (const volume of needing) {
    if (volume.roles.has('cluster')) {
      const day = [...input.days]
        .filter(
          (candidate) => candidate.folded && candidate.day < input.today && candidate.bytes > EMPTY_DAY_BYTES,
        )
        .sort((a, b) => a.day.localeCompare(b.day))[0];
      if (day !== undefined) {
        return { volume, step: { kind: 'readings', name: day.name, day: day.day, bytes: day.bytes } };
      }
    }
    if (volume.roles.has('backups')) {
      const backup = sheddableBackups(input.backups, BACKUPS_KEPT)[0];
      if (backup !== undefined) {
        return {
          volume,
          step: { kind: 'backup', archive: backup.archive, createdAt: backup.createdAt, bytes: backup.bytes },
        };
      }
    }
  }
  return undefined;
}
