import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events.js';
import { SmsGateway, type SmsReceived } from '../modem/sms-gateway.service.js';
import { AlarmsRepository } from './alarms.repository.js';
import { AlarmsService } from './alarms.service.js';
import { acknowledgementCode, samePhone } from './sms-reply.js';
import { alarmText } from './webhook-format.js';

/**
 * Acknowledging by SMS reply ("4821 确认"), for the technician woken at 3 a.m. with no internet:
 * heard only from a phone on the duty roster, and only while the code's alarm is open. The
 * sender gets a one-line answer either way, so a typo does not leave them believing it worked.
 */
@Injectable()
export class SmsAcknowledgement implements OnModuleInit {
  private readonly logger = new Logger('alarm-sms');

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly alarms: AlarmsService,
    private readonly events: DomainEvents,
    private readonly modem: SmsGateway,
  ) {}

  onModuleInit(): void {
    this.events.on('sms.received', (sms) => this.handle(sms));
  }

  async handle(sms: SmsReceived): Promise<void> {
    const person = (await this.repository.rosterEntries()).find(
      (entry) => entry.phone !== null && samePhone(entry.phone, sms.from),
    );
    if (!person) {
      // Not a roster phone: nothing is acknowledged and nothing is answered (an SMS costs money,
      // and a stranger learns nothing about the nursery's alarms).
      this.logger.warn(`SMS from ${sms.from}, not on the duty roster: ignored`);
      return;
    }
    const code = acknowledgementCode(sms.text);
    if (code === null) {
      await this.reply(sms.from, '未识别。确认报警请回复报警短信中的四位代码加“确认”，例如“4821 确认”。');
      return;
    }
    const alarm = await this.repository.openAlarmByAckCode(code);
    if (!alarm) {
      await this.reply(sms.from, `代码 ${code} 无效：报警已恢复或代码有误。`);
      return;
    }
    // Already acknowledged (from the page, or an earlier reply): nothing to record, but say so.
    const acknowledged =
      alarm.state === 'acknowledged'
        ? alarm
        : await this.alarms.recordAcknowledgement(
            alarm.id,
            `短信确认（${sms.from}）`,
            { userId: person.userId, name: person.name },
            { by: 'sms', from: sms.from },
          );
    if (!acknowledged) return;
    await this.reply(sms.from, `已确认（${person.name}）：${alarmText(acknowledged, 'raised')}`);
  }

  private async reply(to: string, text: string): Promise<void> {
    await this.modem.sendSms(to, text).catch((error: unknown) => {
      this.logger.warn(`reply to ${to} not sent: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
