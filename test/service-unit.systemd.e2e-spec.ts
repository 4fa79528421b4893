import { spawnSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireProgram } from '#testing';
import { renderUnit } from '../tools/service/unit.js';

/**
 * Issue 23 item 3: the systemd unit that brings the nursery back after a power cut. Starting it
 * cannot be tested here (no systemd as PID 1); what can be is checked: the unit as systemd itself
 * parses it (`systemd-analyze verify`, which prints problems but still exits 0, so any output
 * fails), and `npm run service:install` / `service:uninstall` against a scratch root.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/tools/service/service-cli.js');

describe('the systemd unit', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'yumiao-systemd-'));
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('deploy/systemd/yumiao.service is the unit install writes, for /opt/yumiao', async () => {
    expect(await readFile(path.join(ROOT, 'deploy/systemd/yumiao.service'), 'utf8')).toBe(
      renderUnit({ checkout: '/opt/yumiao', user: 'yumiao', node: '/usr/bin/node' }),
    );
  });

  it('passes systemd-analyze verify with no output at all, and the check itself catches a bad line', async () => {
    const unit = path.join(scratch, 'yumiao.service');
    await writeFile(unit, renderUnit({ checkout: ROOT, user: 'root', node: process.execPath }));
    const analyze = requireProgram('systemd-analyze').binary;
    const verify = (file: string) => spawnSync(analyze, ['verify', file], { encoding: 'utf8' });
    const good = verify(unit);
    expect(good.error).toBeUndefined();
    expect(`${good.stdout}${good.stderr}`).toBe('');
    expect(good.status).toBe(0);

    // What the assertion is for: systemd ignores a line it cannot parse, says so, and exits 0.
    const bad = path.join(scratch, 'bad.service');
    await writeFile(bad, (await readFile(unit, 'utf8')).replace('KillMode=mixed', 'KillMode=gently'));
    const refused = verify(bad);
    expect(refused.status).toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/kill mode/i);
  });

  it('service:install writes and enables the unit for this checkout and its owner; uninstall removes it', async () => {
    const root = path.join(scratch, 'root');
    const run = (command: string) =>
      spawnSync(process.execPath, [CLI, command, `--root=${root}`], { encoding: 'utf8' });
    const installed = run('install');
    expect(installed.stderr).not.toMatch(/failed|error/i);
    expect(installed.status).toBe(0);
    const unitFile = path.join(root, 'etc/systemd/system/yumiao.service');
    const wants = path.join(root, 'etc/systemd/system/multi-user.target.wants/yumiao.service');
    expect(readlinkSync(wants)).toBe('/etc/systemd/system/yumiao.service');
    const owner = spawnSync('stat', ['-c', '%U', ROOT], { encoding: 'utf8' }).stdout.trim();
    const unit = await readFile(unitFile, 'utf8');
    expect(unit).toBe(renderUnit({ checkout: ROOT, user: owner, node: process.execPath }));
    expect(unit).toContain(`ExecStart=${process.execPath} ${ROOT}/dist/apps/api/src/main.js`);
    // Nothing outside the scratch root was touched.
    expect(existsSync('/etc/systemd/system/yumiao.service')).toBe(false);

    const removed = run('uninstall');
    expect(removed.status).toBe(0);
    expect(existsSync(unitFile)).toBe(false);
    expect(existsSync(wants)).toBe(false);
  });
});
