/**
 * Start benchmark (not a test): `npm run bench:start [-- --npm-ci] [-- --private]`.
 *
 * From a fresh clone of this repository's HEAD in a temporary folder (uncommitted work is not
 * measured), it times `npm start` until `/health/ready` answers 200: the first start (build,
 * cluster creation, migrations and demo seed included) and a second start (everything exists).
 * Then, after the stack has idled for a while, it sums the proportional set size (PSS, from
 * /proc/<pid>/smaps_rollup) over the process tree, so PostgreSQL's shared memory counts once.
 *
 * node_modules is a symlink to this checkout's (the 3-minute budget excludes `npm ci`); with
 * --npm-ci it runs `npm ci` in the clone instead. With --private the clone sits in a mode-700
 * folder (as root: the embedded cluster then moves to /var/tmp/yumiao-pg-<hash>). --ref <commit>
 * measures that commit instead of HEAD; --keep keeps the clone and its log.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_FIRST_S = 180;
const BUDGET_LATER_S = 20;
const BUDGET_PSS_MB = 400;
const IDLE_SECONDS = 15;

interface ProcessMemory {
  readonly pid: number;
  readonly name: string;
  readonly pssKb: number;
  /** npm, sh and scripts/start.mjs only wait for the api: reported, but not part of the stack. */
  readonly wrapper: boolean;
}

function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, '.git'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bench-start must run inside a git checkout');
    dir = parent;
  }
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function startStack(clone: string, env: Record<string, string>, logFile: string): ChildProcess {
  // `env NAME=value ... npm start`: the stack inherits this environment plus ours, and runs in its
  // own process group so it can be stopped like Ctrl-C stops it.
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  const command = `exec env ${assignments.join(' ')} npm start >> ${JSON.stringify(logFile)} 2>&1`;
  return spawn('sh', ['-c', command], { cwd: clone, detached: true, stdio: 'ignore' });
}

async function waitReady(
  port: number,
  child: ChildProcess,
  timeoutS: number,
  logFile: string,
): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutS * 1000) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return (performance.now() - started) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`/health/ready did not answer 200 within ${timeoutS} s; see ${logFile}`);
}

async function stopStack(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-pid, 'SIGINT');
  const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
  if (timedOut) {
    process.stdout.write('  the stack did not stop within 30 s after SIGINT: killing it\n');
    process.kill(-pid, 'SIGKILL');
    await exited;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    result.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}

function memoryOf(pid: number): ProcessMemory | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pssKb = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = args.find((arg) => arg.endsWith('.js') || arg.endsWith('.mjs'));
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    // dist/apps/api/src/main.js and dist/apps/simulator/src/main.js: name them by their app.
    const shortScript = script?.replace(/^.*?\/dist\//, '').replace(/^.*\/(scripts\/[^/]+)$/, '$1');
    const name = shortScript !== undefined ? `${comm} ${shortScript}` : comm;
    const wrapper =
      comm === 'npm' || comm === 'sh' || comm.startsWith('npm ') || script?.endsWith('start.mjs') === true;
    return { pid, name, pssKb, wrapper };
  } catch {
    return undefined;
  }
}

function summarise(processes: readonly ProcessMemory[]): {
  rows: string[];
  totalMb: number;
  stackMb: number;
} {
  const groups = new Map<string, { count: number; kb: number }>();
  for (const process of processes) {
    const key = process.name.startsWith('postgres') ? 'postgres (all processes)' : process.name;
    const group = groups.get(key) ?? { count: 0, kb: 0 };
    groups.set(key, { count: group.count + 1, kb: group.kb + process.pssKb });
  }
  const rows = [...groups.entries()]
    .sort((a, b) => b[1].kb - a[1].kb)
    .map(
      ([name, { count, kb }]) =>
        `    ${(kb / 1024).toFixed(1).padStart(7)} MB  ${name}${count > 1 ? ` x${count}` : ''}`,
    );
  const totalKb = processes.reduce((sum, p) => sum + p.pssKb, 0);
  const stackKb = processes.filter((p) => !p.wrapper).reduce((sum, p) => sum + p.pssKb, 0);
  return { rows, totalMb: totalKb / 1024, stackMb: stackKb / 1024 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = repositoryRoot();
  const base = mkdtempSync(path.join(os.tmpdir(), 'yumiao-bench-start-'));
  chmodSync(base, args.includes('--private') ? 0o700 : 0o755);
  const clone = path.join(base, 'yumiao');
  const logFile = path.join(base, 'npm-start.log');
  const refIndex = args.indexOf('--ref');
  const ref = refIndex >= 0 ? (args[refIndex + 1] ?? 'HEAD') : 'HEAD';
  const head = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
  process.stdout.write(`bench:start on ${head}, clone in ${clone}\n`);

  let stack: ChildProcess | undefined;
  try {
    execFileSync('git', ['clone', '--quiet', root, clone]);
    execFileSync('git', ['checkout', '--quiet', head], { cwd: clone });
    if (args.includes('--npm-ci')) {
      const t = performance.now();
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, stdio: 'ignore' });
      process.stdout.write(
        `  npm ci: ${((performance.now() - t) / 1000).toFixed(1)} s (outside the budget)\n`,
      );
    } else {
      symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
    }
    const env = {
      PORT: String(await freePort()),
      MQTT_PORT: String(await freePort()),
      DATA_DIR: path.join(clone, 'data'),
    };

    stack = startStack(clone, env, logFile);
    const first = await waitReady(Number(env.PORT), stack, BUDGET_FIRST_S + 60, logFile);
    process.stdout.write(
      `  first start (build, cluster, migrations, seed): ${first.toFixed(1)} s to ready\n`,
    );
    await stopStack(stack);

    stack = startStack(clone, env, logFile);
    const second = await waitReady(Number(env.PORT), stack, 120, logFile);
    process.stdout.write(`  second start: ${second.toFixed(1)} s to ready\n`);

    process.stdout.write(`  idling ${IDLE_SECONDS} s (simulator publishing, if on)...\n`);
    await sleep(IDLE_SECONDS * 1000);
    const memory = descendants(stack.pid ?? 0)
      .map(memoryOf)
      .filter((m): m is ProcessMemory => m !== undefined);
    const { rows, totalMb, stackMb } = summarise(memory);
    process.stdout.write('  idle PSS by process:\n');
    for (const row of rows) process.stdout.write(`${row}\n`);
    process.stdout.write(`  idle PSS, api + PostgreSQL + simulator: ${stackMb.toFixed(1)} MB\n`);
    process.stdout.write(`  idle PSS, including npm and the start wrapper: ${totalMb.toFixed(1)} MB\n`);
    await stopStack(stack);
    stack = undefined;

    const verdict = (ok: boolean): string => (ok ? 'within budget' : 'OVER BUDGET');
    process.stdout.write(
      `\nSummary: first start ${first.toFixed(1)} s (${verdict(first <= BUDGET_FIRST_S)}, ${BUDGET_FIRST_S} s), ` +
        `later start ${second.toFixed(1)} s (${verdict(second <= BUDGET_LATER_S)}, ${BUDGET_LATER_S} s), ` +
        `idle PSS ${stackMb.toFixed(0)} MB (${verdict(stackMb <= BUDGET_PSS_MB)}, ${BUDGET_PSS_MB} MB)\n`,
    );
  } catch (error) {
    if (existsSync(logFile)) {
      const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
      process.stderr.write(`--- last lines of npm start's output ---\n${tail}\n`);
    }
    throw error;
  } finally {
    if (stack !== undefined) await stopStack(stack).catch(() => undefined);
    const relocated = existsSync(logFile)
      ? /its cluster lives in (\S+)\)/.exec(readFileSync(logFile, 'utf8'))?.[1]
      : undefined;
    if (!args.includes('--keep')) {
      rmSync(base, { recursive: true, force: true });
      if (relocated !== undefined) rmSync(relocated, { recursive: true, force: true });
    }
    if (args.includes('--keep')) process.stdout.write(`  kept ${base}\n`);
  }
}

await main();
