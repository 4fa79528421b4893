import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { CONTROL_TOPIC, RESPONSE_TOPIC } from './dynsec-model.js';

/** One command of the plugin's API (createClient, setClientPassword, disableClient...). */
export interface DynsecCommand {
  readonly command: string;
  readonly [field: string]: unknown;
}

export interface DynsecResponse {
  readonly command: string;
  readonly error?: string;
  readonly data?: unknown;
}

/** The broker could not be asked, or did not answer in time: nothing is known to have changed. */
export class DynsecUnavailableError extends Error {
  constructor(reason: string) {
    super(`the broker's dynamic security plugin did not answer: ${reason}`);
    this.name = 'DynsecUnavailableError';
  }
}

/** The plugin answered a command with an error (its own English text, e.g. "Client not found"). */
export class DynsecCommandError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`${command}: ${reason}`);
    this.name = 'DynsecCommandError';
  }
}

export interface DynsecControlOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** How long a request waits for its response; default 5 s. */
  readonly timeoutMs?: number;
  /** Each (re)connection, e.g. to apply what changed while the broker was away. */
  readonly onConnect?: () => void;
  readonly log?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * A request/response channel to Mosquitto's dynamic security plugin over MQTT: commands go to
 * `$CONTROL/dynamic-security/v1`, and the plugin answers all commands of one message in one
 * message on `…/response`, which this matches to its request by the correlationData it echoes.
 * mqtt.js reconnects by itself; a request made while disconnected fails at once rather than
 * waiting in mqtt.js's queue (a device's one-time password must not be sent long after the
 * manager was told it failed).
 */
export class DynsecControl {
  private readonly client: MqttClient;
  private readonly pending = new Map<
    string,
    { resolve: (responses: DynsecResponse[]) => void; reject: (error: Error) => void }
  >();
  private readonly timeoutMs: number;

  constructor(options: DynsecControlOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = mqtt.connect(options.url, {
      username: options.username,
      password: options.password,
      clientId: `${options.username}-${randomUUID().slice(0, 8)}`,
      clean: true,
      reconnectPeriod: 2_000,
      connectTimeout: 5_000,
      queueQoSZero: false,
    });
    this.client.on('connect', () => {
      this.client.subscribe(RESPONSE_TOPIC, { qos: 1 }, (error) => {
        if (error) options.log?.(`dynamic security: cannot read responses: ${error.message}`);
        else options.onConnect?.();
      });
    });
    // A broker that refuses the admin retries every 2 s: say each different failure once.
    let lastError: string | undefined;
    this.client.on('connect', () => (lastError = undefined));
    this.client.on('error', (error) => {
      if (error.message === lastError) return;
      lastError = error.message;
      options.log?.(`dynamic security: ${error.message}`);
    });
    this.client.on('message', (topic, payload) => {
      if (topic === RESPONSE_TOPIC) this.answer(payload);
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Resolves once connected (and subscribed to responses), or rejects after the timeout. */
  async ready(timeoutMs = this.timeoutMs): Promise<void> {
    if (this.connected) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('connect', onConnect);
        reject(new DynsecUnavailableError(`not connected after ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnect = (): void => {
        clearTimeout(timer);
        // The subscription is sent right after CONNACK; its SUBACK precedes any response.
        resolve();
      };
      this.client.once('connect', onConnect);
    });
  }

  /**
   * Sends the commands in one message and answers the plugin's responses in the same order.
   * Throws DynsecUnavailableError when disconnected or unanswered; per-command errors are in
   * the responses (see {@link DynsecControl.runOrThrow}).
   */
  async run(commands: readonly DynsecCommand[]): Promise<DynsecResponse[]> {
    if (!this.client.connected) throw new DynsecUnavailableError('not connected to the broker');
    const correlation = randomUUID();
    const tagged = commands.map((command) => ({ ...command, correlationData: correlation }));
    return new Promise<DynsecResponse[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlation);
        reject(new DynsecUnavailableError(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(correlation, {
        resolve: (responses) => {
          clearTimeout(timer);
          resolve(responses);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.client.publish(CONTROL_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 }, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(correlation);
        reject(new DynsecUnavailableError(error.message));
      });
    });
  }

  /** run(), throwing the first error the plugin answered, except the ones `tolerated` names. */
  async runOrThrow(
    commands: readonly DynsecCommand[],
    tolerated: (response: DynsecResponse) => boolean = () => false,
  ): Promise<DynsecResponse[]> {
    const responses = await this.run(commands);
    const failed = responses.find((response) => response.error !== undefined && !tolerated(response));
    if (failed) throw new DynsecCommandError(failed.command, failed.error ?? '');
    return responses;
  }

  async close(): Promise<void> {
    for (const [, waiting] of this.pending) waiting.reject(new DynsecUnavailableError('closed'));
    this.pending.clear();
    await this.client.endAsync(true);
  }

  private answer(payload: Buffer): void {
    let responses: (DynsecResponse & { correlationData?: unknown })[];
    try {
      const parsed = JSON.parse(payload.toString('utf8')) as { responses?: unknown };
      if (!Array.isArray(parsed.responses)) return;
      responses = parsed.responses as (DynsecResponse & { correlationData?: unknown })[];
    } catch {
      return;
    }
    const correlation = responses[0]?.correlationData;
    if (typeof correlation !== 'string') return;
    const waiting = this.pending.get(correlation);
    if (!waiting) return;
    this.pending.delete(correlation);
    waiting.resolve(responses);
  }
}
