import type { ModemStatusResponse } from '#contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { TickService } from '../scheduling/tick.service.js';
import { SystemEventsService } from '../system/system-events.service.js';
import { AtModem } from './at-modem.js';

export interface SmsReceived {
  readonly from: string;
  readonly text: string;
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'sms.received': SmsReceived;
  }
}

export type ModemStatus = ModemStatusResponse;

const REOPEN_MS = 60_000;
/** How long a call rings before the modem hangs up: long enough to wake, short of voicemail. */
export const RING_MS = 30_000;

/**
 * The nursery's modem as a service: opened at start when SMS_MODEM is set, reopened every minute
 * while it is unplugged or failing, its signal and SIM read once a minute for the manager's
 * status card, and every SMS that arrives published as `sms.received`.
 */
@Injectable()
export class SmsGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('modem');
  private modem: AtModem | null = null;
  private status: ModemStatus;
  private stopped = false;
  /** The open `modem-down` system event while the modem is away. */
  private downEvent: string | null = null;
  /** The check in flight, if any. */
  private checking: Promise<ModemStatus> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly systemEvents: SystemEventsService,
    private readonly tick: TickService,
  ) {
    this.status = {
      configured: config.smsModem !== undefined,
      path: config.smsModem?.path ?? null,
      open: false,
      signal: null,
      simReady: null,
      lastError: null,
      checkedAt: null,
    };
  }

  get available(): boolean {
    return this.modem?.isOpen === true;
  }

  get configured(): boolean {
    return this.config.smsModem !== undefined;
  }

  current(): ModemStatus {
    return { ...this.status, open: this.available };
  }

  onModuleInit(): void {
    if (!this.config.smsModem) return;
    // Opened at once (an alarm may be due in the first minute), then re-checked on the one tick.
    void this.check();
    this.tick.register('modem.check', async () => void (await this.check()), { everyMs: REOPEN_MS });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.modem?.close();
  }

  async sendSms(to: string, text: string): Promise<void> {
    const modem = this.requireModem();
    await modem.sendSms(to, text);
  }

  async ring(number: string): Promise<void> {
    const modem = this.requireModem();
    await modem.ring(number, RING_MS);
  }

  private requireModem(): AtModem {
    if (!this.modem?.isOpen) {
      throw new Error(
        this.configured ? `modem ${this.status.path} is not open` : 'no modem (SMS_MODEM unset)',
      );
    }
    return this.modem;
  }

  /**
   * Opens the modem when it is not, then reads its signal and SIM. One check at a time: the tick and
   * a status request checking at once both opened the port and both opened a `modem-down` event
   * (two open events seen in CI); a check asked for while one runs gets that one's answer.
   */
  check(): Promise<ModemStatus> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<ModemStatus> {
    const settings = this.config.smsModem;
    if (!settings || this.stopped) return this.current();
    try {
      if (!this.modem?.isOpen) {
        this.modem = await AtModem.open(settings.path, settings.baudRate);
        this.modem.onSms((sms) => this.events.emit('sms.received', { ...sms, ts: Date.now() }));
        this.logger.log(`modem open on ${settings.path}`);
      }
      const { signal, simReady } = await this.modem.status();
      if (this.status.lastError !== null) this.logger.log(`modem on ${settings.path} answers again`);
      if (this.downEvent !== null) {
        await this.systemEvents.end(this.downEvent, { signal, simReady }).catch(() => false);
        this.downEvent = null;
      }
      this.status = {
        ...this.status,
        signal,
        simReady,
        lastError: null,
        checkedAt: new Date().toISOString(),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // One line when it goes, none while it stays away: the status card shows it meanwhile.
      if (this.status.lastError === null)
        this.logger.warn(`modem on ${settings.path} unavailable: ${message}`);
      if (this.downEvent === null) {
        this.downEvent = await this.systemEvents
          .open('modem-down', `modem on ${settings.path} unavailable: ${message}`)
          .catch(() => null);
      }
      this.status = { ...this.status, lastError: message, checkedAt: new Date().toISOString() };
      await this.modem?.close().catch(() => undefined);
      this.modem = null;
    }
    return this.current();
  }
}
