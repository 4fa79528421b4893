import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainEvents, type DomainEventMap } from '../common/domain-events.js';
import { CommandsService } from './commands.service.js';
import { ControlRepository } from './control.repository.js';

/**
 * Turns the alarms' siren requests into `siren` commands, with acknowledgement like any command,
 * to every enabled siren of the site (a nursery has one or two: the office, the boiler house).
 */
@Injectable()
export class SirenDriver implements OnModuleInit {
  private readonly logger = new Logger('siren');

  constructor(
    private readonly events: DomainEvents,
    private readonly commands: CommandsService,
    private readonly repository: ControlRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('alarm.siren', (request) => this.drive(request));
  }

  /** `alarm.siren` is declared by the alarms (alarm-siren.ts); control reacts to it without importing alarms/. */
  async drive(request: DomainEventMap['alarm.siren']): Promise<void> {
    const sirens = await this.repository.devicesOfKind('siren');
    for (const siren of sirens) {
      try {
        await this.commands.issue(
          siren.zone,
          {
            name: 'siren',
            device: siren.device,
            params: request.on ? { on: true, seconds: request.seconds } : { on: false },
            expiresInS: 60,
          },
          { kind: 'rule', name: request.on ? `报警：${request.reason}` : `静音：${request.reason}` },
        );
      } catch (error) {
        this.logger.warn(
          `siren ${siren.zone}/${siren.device} not commanded: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
