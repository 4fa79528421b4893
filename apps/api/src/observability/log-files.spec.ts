import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DailyLogFiles, LOG_FILE_DAY_BYTES, LOG_FILE_DAYS } from './log-files.js';

describe('DailyLogFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yumiao-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each UTC day to its own file and keeps the newest week', () => {
    let now = Date.parse('2027-01-01T23:59:59Z');
    for (let day = 1; day <= 3; day += 1) {
      writeFileSync(path.join(dir, `api-2026-12-0${day}.log`), 'old\n');
    }
    const files = new DailyLogFiles(dir, () => now);
    files.write('{"msg":"a"}\n');
    now += 1_000;
    files.write('{"msg":"b"}\n');
    expect(readFileSync(path.join(dir, 'api-2027-01-01.log'), 'utf8')).toBe('{"msg":"a"}\n');
    expect(readFileSync(path.join(dir, 'api-2027-01-02.log'), 'utf8')).toBe('{"msg":"b"}\n');
    for (let day = 3; day <= 9; day += 1) {
      now += 86_400_000;
      files.write('x\n');
    }
    const kept = readdirSync(dir).sort();
    expect(kept).toHaveLength(LOG_FILE_DAYS);
    expect(kept[kept.length - 1]).toBe('api-2027-01-09.log');
    expect(kept).not.toContain('api-2026-12-01.log');
  });

  it('stops a day file at its cap with one line saying so, counting what a restart found', () => {
    const now = () => Date.parse('2027-01-01T08:00:00Z');
    const file = path.join(dir, 'api-2027-01-01.log');
    writeFileSync(file, 'x'.repeat(LOG_FILE_DAY_BYTES - 10));
    const files = new DailyLogFiles(dir, now);
    files.write('12345\n');
    files.write('a line too many\n');
    files.write('and another\n');
    const tail = readFileSync(file, 'utf8').slice(LOG_FILE_DAY_BYTES - 10);
    const lines = tail.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('12345');
    expect(lines[1]).toContain('reached');
  });
});
