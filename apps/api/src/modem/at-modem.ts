import { SerialPort } from 'serialport';
import { decodeDeliver, encodeSubmit } from '#contracts';

/** Final result codes (3GPP TS 27.007 / V.250): a command's answer ends at one of them. */
const FINAL_OK = /^OK$/;
const FINAL_ERROR = /^(ERROR|\+CM[ES] ERROR:.*|NO CARRIER|BUSY|NO ANSWER|NO DIALTONE)$/;
/** Unsolicited result codes the modem may send at any time, between or inside answers. */
const UNSOLICITED = /^(\+CMTI:|RING$|\+CLIP:|\+CRING:)/;

export class ModemCommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: string,
  ) {
    super(`${command} answered ${result}`);
    this.name = 'ModemCommandError';
  }
}

export interface ReceivedSms {
  readonly from: string;
  readonly text: string;
}

interface PendingCommand {
  readonly command: string;
  readonly lines: string[];
  readonly expectPrompt: boolean;
  readonly resolve: (lines: string[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  onPrompt?: () => void;
}

/**
 * A 4G/GSM modem's AT port (Quectel EC20/EC25, SIMCom SIM7600: their "AT" USB interface,
 * usually /dev/ttyUSB2): SMS in PDU mode, voice calls that only ring, signal and SIM status, and
 * the SMS that arrive. One command at a time, as the AT interface requires; unsolicited codes
 * (`+CMTI` for a new SMS) are picked out of the stream wherever they fall.
 */
export class AtModem {
  private buffer = '';
  private pending: PendingCommand | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private reference = Math.floor(Math.random() * 256);
  private readonly smsListeners: ((sms: ReceivedSms) => void)[] = [];
  private readonly parts = new Map<string, string[]>();

  private constructor(private readonly port: SerialPort) {
    port.setEncoding('latin1');
    port.on('data', (chunk: string) => this.onData(chunk));
    port.on('close', () => this.failPending(new Error('modem port closed')));
    port.on('error', (error: Error) => this.failPending(error));
  }

  static async open(path: string, baudRate: number): Promise<AtModem> {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    const modem = new AtModem(port);
    // Echo off first (a modem starts with echo on, and an echoed command is not an answer), PDU
    // mode (text mode cannot carry Chinese on every family), and new SMS announced as +CMTI.
    await modem.command('ATE0');
    await modem.command('AT+CMGF=0');
    await modem.command('AT+CNMI=2,1,0,0,0');
    return modem;
  }

  get isOpen(): boolean {
    return this.port.isOpen;
  }

  onSms(listener: (sms: ReceivedSms) => void): void {
    this.smsListeners.push(listener);
  }

  /** Sends one text, split into concatenated UCS-2 parts when long. */
  async sendSms(to: string, text: string): Promise<void> {
    this.reference = (this.reference + 1) % 256;
    for (const pdu of encodeSubmit(to, text, this.reference)) {
      await this.run(`AT+CMGS=${pdu.tpduLength}`, 60_000, `${pdu.hex}\u001a`);
    }
  }

  /**
   * Rings a phone and hangs up after `ringMs`: the ring is the message (a sleeping person wakes
   * to a call, rarely to an SMS). `ATD<number>;` with the semicolon is a voice call. Resolves once
   * the call is placed; the hang-up is queued behind it, so an SMS can go while the phone rings
   * on modems that allow it, and waits its turn on those that do not.
   */
  async ring(number: string, ringMs: number): Promise<void> {
    if (!/^\+?[0-9]{3,20}$/.test(number)) throw new RangeError(`not a phone number: ${number}`);
    await this.command(`ATD${number};`, 30_000);
    const hangUp = setTimeout(() => void this.command('ATH').catch(() => undefined), ringMs);
    hangUp.unref();
  }

  /**
   * Signal quality 0-31 (99: unknown) and whether the SIM is ready. A modem that does not answer
   * AT+CSQ at all is gone (unplugged, or the port's other end closed): that throws.
   */
  async status(): Promise<{ signal: number | null; simReady: boolean }> {
    const quality = await this.command('AT+CSQ', 5_000);
    const sim = await this.command('AT+CPIN?', 5_000).catch(() => [] as string[]);
    const csq = /^\+CSQ:\s*(\d+)/.exec(quality.find((line) => line.startsWith('+CSQ')) ?? '')?.[1];
    const signal = csq === undefined || csq === '99' ? null : Number(csq);
    return { signal, simReady: sim.some((line) => /^\+CPIN:\s*READY/.test(line)) };
  }

  command(command: string, timeoutMs = 10_000): Promise<string[]> {
    return this.run(command, timeoutMs);
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  /** Queues a command; with `afterPrompt`, writes it once the modem shows its `> ` prompt. */
  private run(command: string, timeoutMs: number, afterPrompt?: string): Promise<string[]> {
    const result = this.queue.then(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.pending = null;
            reject(new ModemCommandError(command, `no answer in ${timeoutMs} ms`));
          }, timeoutMs);
          this.pending = {
            command,
            lines: [],
            expectPrompt: afterPrompt !== undefined,
            resolve,
            reject,
            timer,
          };
          if (afterPrompt !== undefined) this.pending.onPrompt = () => this.port.write(afterPrompt);
          this.port.write(`${command}\r`);
        }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const pending = this.pending;
      if (pending?.expectPrompt && pending.onPrompt && /^[\r\n]*> ?/.test(this.buffer)) {
        this.buffer = this.buffer.replace(/^[\r\n]*> ?/, '');
        const write = pending.onPrompt;
        delete pending.onPrompt;
        write();
        continue;
      }
      const end = this.buffer.indexOf('\n');
      if (end < 0) return;
      const line = this.buffer.slice(0, end).replace(/\r$/, '').trim();
      this.buffer = this.buffer.slice(end + 1);
      if (line.length > 0) this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (UNSOLICITED.test(line)) {
      this.onUnsolicited(line);
      return;
    }
    const pending = this.pending;
    if (!pending || line === pending.command) return; // an echo, or noise between commands
    if (FINAL_OK.test(line)) {
      this.finish(pending, () => pending.resolve(pending.lines));
    } else if (FINAL_ERROR.test(line)) {
      this.finish(pending, () => pending.reject(new ModemCommandError(pending.command, line)));
    } else {
      pending.lines.push(line);
    }
  }

  private finish(pending: PendingCommand, settle: () => void): void {
    clearTimeout(pending.timer);
    this.pending = null;
    settle();
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    if (pending) this.finish(pending, () => pending.reject(error));
  }

  private onUnsolicited(line: string): void {
    const stored = /^\+CMTI:\s*"[A-Z]+",\s*(\d+)/.exec(line)?.[1];
    if (stored === undefined) return;
    void this.readStored(Number(stored)).catch(() => undefined);
  }

  /** Reads, deletes and hands on an SMS the modem stored; long replies are joined first. */
  private async readStored(index: number): Promise<void> {
    const answer = await this.command(`AT+CMGR=${index}`);
    await this.command(`AT+CMGD=${index}`);
    const pdu = answer.find((line) => /^[0-9A-Fa-f]{20,}$/.test(line));
    if (!pdu) return;
    const sms = decodeDeliver(pdu);
    let text = sms.text;
    if (sms.concat) {
      const key = `${sms.from}/${sms.concat.reference}`;
      const parts = this.parts.get(key) ?? [];
      parts[sms.concat.sequence - 1] = sms.text;
      this.parts.set(key, parts);
      if (parts.filter((part) => part !== undefined).length < sms.concat.total) return;
      this.parts.delete(key);
      text = parts.join('');
    }
    for (const listener of this.smsListeners) listener({ from: sms.from, text });
  }
}
