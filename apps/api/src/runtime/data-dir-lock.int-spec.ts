import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  acquireDataDirLock,
  DataDirLockedError,
  LOCK_FILE_NAME,
  readLock,
  stopStaleServer,
} from './data-dir-lock.js';
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

describe('a stale postmaster.pid', () => {
  let clusterDir: string;
  const lines: string[] = [];
  beforeEach(() => {
    clusterDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-pidfile-'));
    lines.length = 0;
  });
  afterEach(() => rmSync(clusterDir, { recursive: true, force: true }));
  const pidFile = () => path.join(clusterDir, 'postmaster.pid');

  it('is removed when its pid answers but is no server of the cluster (a zombie, or a reused pid)', async () => {
    // PostgreSQL would refuse to start: kill(0) on the pid succeeds. Here the pid is a `sleep`.
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(pidFile(), `${other.pid}\n${clusterDir}\n1765000000\n5432\n`);
      expect(await stopStaleServer(clusterDir, (line) => lines.push(line))).toBeUndefined();
      expect(existsSync(pidFile())).toBe(false);
      expect(lines).toEqual([expect.stringContaining(`Removed a stale postmaster.pid: pid ${other.pid}`)]);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('is left to PostgreSQL when its pid is gone (PostgreSQL itself sees that it is stale)', async () => {
    writeFileSync(pidFile(), `4194000\n${clusterDir}\n1765000000\n5432\n`);
    expect(await stopStaleServer(clusterDir, (line) => lines.push(line))).toBeUndefined();
    expect(existsSync(pidFile())).toBe(true);
    expect(lines).toEqual([]);
  });
});
