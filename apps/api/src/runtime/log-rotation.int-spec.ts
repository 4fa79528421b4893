import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rotateLog } from './log-rotation.js';

describe('postgres.log rotation while a process holds it open for append', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'yumiao-log-rotation-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves a file under its size alone', async () => {
    const file = path.join(dir, 'small.log');
    await writeFile(file, 'one line\n');
    expect(await rotateLog(file, 1024)).toBe(false);
    expect(await rotateLog(path.join(dir, 'missing.log'), 1024)).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('one line\n');
  });

  it('moves a large file to .1 and empties it in place; the writer goes on at its new end', async () => {
    const file = path.join(dir, 'postgres.log');
    // As embedded-postgres.ts does: the file opened for append and handed to the child as its output.
    const out = openSync(file, 'a');
    const child = spawn('sh', ['-c', 'head -c 4096 /dev/zero | tr "\\0" x; echo; sleep 1; echo after'], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await rotateLog(file, 1024)).toBe(true);
    await exited;
    expect((await readFile(`${file}.1`, 'utf8')).trimEnd()).toBe('x'.repeat(4096));
    // No hole of zero bytes where the old content was: O_APPEND wrote at the new end.
    expect(await readFile(file, 'utf8')).toBe('after\n');
    expect((await stat(file)).size).toBe(6);
  });
});
