import { describe, expect, it } from '@jest/globals';
import type { StoredBackup } from '../backup/retention.js';
import {
  levelOf,
  nextShed,
  shedTargetBytes,
  worstLevel,
  type DiskLevels,
  type DiskRole,
  type RawDay,
  type VolumeSpace,
} from './disk-budget.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const DEFAULTS: DiskLevels = { warningPercent: 15, warningMb: 2048, criticalPercent: 5, criticalMb: 500 };

function volume(freeBytes: number, totalBytes: number, roles: DiskRole[], id = 'sda'): VolumeSpace {
  return { id, paths: [`/${id}`], roles: new Set(roles), freeBytes, totalBytes };
}

const day = (date: string, folded = true): RawDay => ({
  name: `readings_p${date.replaceAll('-', '')}`,
  day: date,
  folded,
  bytes: 10 * MB,
});

const backup = (name: string, createdAt: number): StoredBackup => ({
  archive: `/b/${name}.tar`,
  kind: 'nightly',
  createdAt,
  bytes: 50 * MB,
});

describe('levelOf: the percentage or the size, whichever comes first', () => {
  it.each([
    ['a 256 GB disk with 100 GB free', 100 * GB, 256 * GB, 'ok'],
    ['a 256 GB disk under 15 % (38.4 GB)', 38 * GB, 256 * GB, 'warning'],
    ['a 256 GB disk under 5 % (12.8 GB)', 12 * GB, 256 * GB, 'critical'],
    ['a 10 GB disk with 1.8 GB free: 18 % but under 2 GB', 1.8 * GB, 10 * GB, 'warning'],
    ['a 10 GB disk with 400 MB free: under 500 MB', 400 * MB, 10 * GB, 'critical'],
    ['a 4 GB disk with 2.5 GB free', 2.5 * GB, 4 * GB, 'ok'],
    ['exactly at the warning size is not below it', 2048 * MB, 8 * GB, 'ok'],
  ] as const)('%s: %s', (_name, free, total, level) => {
    expect(levelOf({ freeBytes: free, totalBytes: total }, DEFAULTS)).toBe(level);
  });

  it('reports the worst volume', () => {
    const volumes = [volume(100 * GB, 256 * GB, ['data']), volume(300 * MB, 8 * GB, ['backups'], 'sdb')];
    expect(worstLevel(volumes, DEFAULTS)).toBe('critical');
    expect(worstLevel([volumes[0]], DEFAULTS)).toBe('ok');
  });
});

describe('nextShed: oldest folded raw day first, then backups beyond the newest two', () => {
  const today = '2027-03-10';
  const days = [day('2027-03-08'), day('2027-01-02'), day('2027-03-10'), day('2027-01-01', false)];
  const backups = [
    backup('n4', Date.parse('2027-03-09T18:30:00Z')),
    backup('n1', Date.parse('2027-03-06T18:30:00Z')),
    backup('n3', Date.parse('2027-03-08T18:30:00Z')),
    backup('n2', Date.parse('2027-03-07T18:30:00Z')),
  ];
  const low = volume(1 * GB, 100 * GB, ['data', 'cluster', 'backups']);
  const plan = (over: Partial<Parameters<typeof nextShed>[0]>) =>
    nextShed({ volumes: [low], levels: DEFAULTS, shedding: new Set(), today, days, backups, ...over });

  it.each([
    [
      'nothing while every volume is above the warning level',
      { volumes: [volume(50 * GB, 100 * GB, ['cluster'])] },
      undefined,
    ],
    ['the oldest folded day, never an unfolded one', {}, 'readings_p20270102'],
    [
      'never today (nor a later day), even folded',
      { days: [day('2027-03-10'), day('2027-03-11')] },
      '/b/n1.tar',
    ],
    ['backups when no raw day may go, oldest first', { days: [] }, '/b/n1.tar'],
    [
      'never an empty day (it frees nothing)',
      { days: [{ ...day('2027-01-01'), bytes: 8192 }, day('2027-03-01')] },
      'readings_p20270301',
    ],
    ['never the newest two backups', { days: [], backups: backups.slice(0, 2) }, undefined],
    [
      'raw days only help a volume holding the cluster',
      { volumes: [volume(1 * GB, 100 * GB, ['backups'], 'usb')] },
      '/b/n1.tar',
    ],
    [
      'backups only help the volume holding BACKUP_DIR',
      { volumes: [volume(1 * GB, 100 * GB, ['data'])], days: [] },
      undefined,
    ],
    [
      'within a run, a volume shed from goes on to the margin above the level',
      { volumes: [volume(15.5 * GB, 100 * GB, ['cluster'])], shedding: new Set(['sda']) },
      'readings_p20270102',
    ],
    [
      'a volume above the level that was not being shed is left alone',
      { volumes: [volume(15.5 * GB, 100 * GB, ['cluster'])] },
      undefined,
    ],
    [
      'past the margin it stops',
      { volumes: [volume(16.6 * GB, 100 * GB, ['cluster'])], shedding: new Set(['sda']) },
      undefined,
    ],
  ] as const)('%s', (_name, over, expected) => {
    const next = plan(over);
    const what =
      next === undefined ? undefined : next.step.kind === 'readings' ? next.step.name : next.step.archive;
    expect(what).toBe(expected);
  });

  it('serves the lowest volume first', () => {
    const data = volume(10 * GB, 100 * GB, ['data', 'cluster'], 'sda');
    const usb = volume(1 * GB, 32 * GB, ['backups'], 'sdb');
    expect(plan({ volumes: [data, usb] })?.volume.id).toBe('sdb');
  });

  it('aims at the warning level with a margin', () => {
    expect(shedTargetBytes(100 * GB, DEFAULTS)).toBeCloseTo(16.5 * GB);
    expect(shedTargetBytes(4 * GB, DEFAULTS)).toBeCloseTo(2048 * MB * 1.1);
  });
});
