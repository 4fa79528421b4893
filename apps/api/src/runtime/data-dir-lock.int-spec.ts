import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME, readLock } from './data-dir-lock.js';
import { processStartTime } from './process-info.js';

describe('DATA_DIR lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-lock-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second holder while the first is alive, and frees the directory on release', () => {
    const first = acquireDataDirLock(dataDir);
    expect(first.clearedStale).toBe(false);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    first.release();
    const second = acquireDataDirLock(dataDir);
    second.release();
  });

  it('clears a lock whose process is dead', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid ?? 0;
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(
      path.join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({ pid: deadPid, startTime: '1', startedAt: 'earlier' }),
    );
    const lock = acquireDataDirLock(dataDir);
    expect(lock.clearedStale).toBe(true);
    expect(readLock(lock.file)?.pid).toBe(process.pid);
    lock.release();
  });

  it('clears a lock whose pid now belongs to another program (different start time)', () => {
    // Our own pid is alive, but the recorded start time is not ours: a reused pid.
    const realStart = processStartTime(process.pid);
    expect(realStart).toBeDefined();
    writeFileSync(
      path.join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({ pid: process.pid, startTime: `${realStart}0`, startedAt: 'earlier' }),
    );
    const lock = acquireDataDirLock(dataDir);
    expect(lock.clearedStale).toBe(true);
    lock.release();
  });

  it('treats a half-written lock file as stale', () => {
    writeFileSync(path.join(dataDir, LOCK_FILE_NAME), '');
    const lock = acquireDataDirLock(dataDir);
    expect(lock.clearedStale).toBe(true);
    lock.release();
  });
});
