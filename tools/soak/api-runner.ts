import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '#testing';
import { killAll, processTree } from './process-tree.js';

export interface SoakApiOptions {
  readonly root: string;
  readonly dataDir: string;
  /** EMBEDDED_PG_ROOT: the soak's own, never the machine's /var/lib/yumiao. */
  readonly pgRoot: string;
  readonly port: number;
  readonly mqttPort: number;
  readonly logFile: string;
  readonly admin: { readonly phone: string; readonly password: string };
  readonly clock: { readonly start: string; readonly anchor: number; readonly speed: number };
}

/**
 * The api as a nursery runs it (`node dist/apps/api/src/main.js` on the embedded PostgreSQL and
 * broker, demo seed) on the soak's ports, data folder and simulated clock; the soak plays the
 * service manager that starts it again after a crash. Its output is appended to one log file.
 */
export class SoakApi {
  private child: ChildProcess | undefined;
  /** DATA_DIR/pg, unless the api's banner names another place (a relocated cluster). */
  private clusterDir: string;
  private tail = '';
  /** Set while the soak itself stops or kills the api: any other exit is the api's own doing. */
  private stopping = false;
  private restarting: Promise<void> | undefined;
  /** Each time the api ended by itself (a crash), with the last lines it printed. */
  readonly ownExits: { readonly at: number; readonly how: string; readonly last: string }[] = [];
  readonly url: string;
  readonly mqttUrl: string;

  constructor(private readonly options: SoakApiOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    this.mqttUrl = `mqtt://127.0.0.1:${options.mqttPort}`;
    this.clusterDir = path.join(options.dataDir, 'pg');
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** Starts the api and resolves once /health/ready answers 200. */
  async start(): Promise<void> {
    const { options } = this;
    this.stopping = false;
    const child = spawn(process.execPath, [path.join(options.root, 'dist/apps/api/src/main.js')], {
      cwd: options.root,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        EMBEDDED_PG_ROOT: options.pgRoot,
        DATA_DIR: options.dataDir,
        PORT: String(options.port),
        HTTP_HOST: '127.0.0.1',
        MQTT_HOST: '127.0.0.1',
        MQTT_PORT: String(options.mqttPort),
        DEMO_SEED: '1',
        // The soak runs the simulator itself, on the simulated clock.
        SIMULATOR: '0',
        ADMIN_PHONE: options.admin.phone,
        ADMIN_PASSWORD: options.admin.password,
        TEST_CLOCK_START: options.clock.start,
        TEST_CLOCK_ANCHOR: String(options.clock.anchor),
        TEST_CLOCK_SPEED: String(options.clock.speed),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      appendFileSync(options.logFile, text);
      this.tail = (this.tail + text).slice(-4_000);
      this.clusterDir = /cluster in (\S+)/.exec(text)?.[1] ?? this.clusterDir;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    appendFileSync(
      options.logFile,
      `\n=== soak: api started at ${new Date().toISOString()}, pid ${child.pid ?? '?'} ===\n`,
    );
    const exited = new Promise<never>((_resolve, reject) =>
      child.once('exit', (code, signal) => {
        reject(new Error(`the api exited (${signal ?? `code ${code ?? '?'}`}): ${this.tail}`));
        if (!this.stopping) this.restartAfterCrash(signal ?? `code ${code ?? '?'}`);
      }),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor(async () => (await fetch(`${this.url}/health/ready`)).status === 200, {
        what: 'the api to be ready',
        timeoutMs: 120_000,
        intervalMs: 100,
      }),
    ]);
  }

  /**
   * The api ended by itself: noted, and started again after 5 s, as the shipped systemd unit does
   * (`Restart=always`, `RestartSec=5`).
   */
  private restartAfterCrash(how: string): void {
    const last = this.tail.trim().split('\n').slice(-12).join('\n');
    this.ownExits.push({ at: Date.now(), how, last });
    this.restarting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      if (!this.stopping) await this.start();
    })()
      .catch(() => undefined)
      .finally(() => (this.restarting = undefined));
  }

  /** Resolves once a restart after a crash, if one is under way, is over. */
  async settled(): Promise<void> {
    await this.restarting;
  }

  /** The embedded server's postmaster now (it changes when the api restarts it). */
  postmasterPid(): number {
    const pid = Number(this.postmasterFile()[0]);
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error('no postmaster pid');
    return pid;
  }

  /** The database as the api's superuser sees it (port and password from the api's own files). */
  databaseUrl(): string {
    const port = this.postmasterFile()[3];
    const password = readFileSync(path.join(this.options.dataDir, 'pg-password'), 'utf8').trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/yumiao`;
  }

  private postmasterFile(): string[] {
    return readFileSync(path.join(this.clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  }

  /** SIGKILL of the api alone (its PostgreSQL lives on, orphaned, as after an OOM kill). */
  killApi(): Promise<void> {
    return this.signal(() => this.child?.kill('SIGKILL'));
  }

  /**
   * SIGKILL of the api and everything below it at once (PostgreSQL and its backends), with the
   * `others` of the same machine (the simulator): a power cut, as far as a process can tell.
   */
  killTree(others: readonly number[] = []): Promise<void> {
    const pid = this.child?.pid;
    return this.signal(() => killAll([...(pid === undefined ? [] : processTree(pid)), ...others]));
  }

  /** A clean stop (SIGTERM), as the service manager stops it. */
  stop(): Promise<void> {
    return this.signal(() => this.child?.kill('SIGTERM'));
  }

  /** Sends what `send` sends and resolves once the api has exited. */
  private async signal(send: () => void): Promise<void> {
    await this.settled();
    this.stopping = true;
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    send();
    await exited;
  }

  output(): string {
    return this.tail;
  }
}
