import { describe, expect, it } from '@jest/globals';
import { backupsToDelete, sheddableBackups, type StoredBackup } from './retention.js';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

/** Nightly backups at 02:30 Shanghai (18:30 UTC the day before) for `days` days up to 2027-03-10. */
function nightlies(days: number): StoredBackup[] {
  const last = Date.parse('2027-03-09T18:30:00Z');
  return Array.from({ length: days }, (_, i) => ({
    archive: `n-${new Date(last - i * DAY).toISOString().slice(0, 10)}.tar`,
    kind: 'nightly' as const,
    createdAt: last - i * DAY,
    bytes: 1,
  }));
}

describe('backup retention', () => {
  it('keeps everything while there are 7 nightly backups or fewer', () => {
    expect(backupsToDelete(nightlies(7), TZ)).toEqual([]);
  });

  it('keeps the newest 7 and the first of each of the newest 6 months (nursery calendar)', () => {
    const all = nightlies(300);
    const deleted = new Set(backupsToDelete(all, TZ).map((backup) => backup.archive));
    const kept = all.filter((backup) => !deleted.has(backup.archive)).map((backup) => backup.archive);
    // 02:30 on the 1st in Shanghai is 18:30 UTC on the last day of the month before.
    expect(kept).toEqual([
      'n-2027-03-09.tar',
      'n-2027-03-08.tar',
      'n-2027-03-07.tar',
      'n-2027-03-06.tar',
      'n-2027-03-05.tar',
      'n-2027-03-04.tar',
      'n-2027-03-03.tar',
      'n-2027-02-28.tar',
      'n-2027-01-31.tar',
      'n-2026-12-31.tar',
      'n-2026-11-30.tar',
      'n-2026-10-31.tar',
      'n-2026-09-30.tar',
    ]);
  });

  it('never deletes manual or pre-migration backups', () => {
    const manual: StoredBackup = { archive: 'm.tar', kind: 'manual', createdAt: 0, bytes: 1 };
    const upgrade: StoredBackup = { archive: 'u.tar', kind: 'pre-migration', createdAt: 1, bytes: 1 };
    const deleted = backupsToDelete([...nightlies(40), manual, upgrade], TZ).map((b) => b.archive);
    expect(deleted).not.toContain('m.tar');
    expect(deleted).not.toContain('u.tar');
    expect(deleted.length).toBeGreaterThan(0);
  });

  it('sheds all but the newest two, oldest first', () => {
    const shed = sheddableBackups(nightlies(5)).map((backup) => backup.archive);
    expect(shed).toEqual(['n-2027-03-05.tar', 'n-2027-03-06.tar', 'n-2027-03-07.tar']);
  });
});
