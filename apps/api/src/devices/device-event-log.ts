import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents } from '../common/domain-events.js';
import type { DeviceEvent } from '../telemetry/telemetry.events.js';

/**
 * A device's own events (`evt`: a seedbed controller cutting its heater on overtemperature, and the
 * like) go to the audit trail as `device.event`, where the manager's log shows them beside the
 * commands. They used to be parsed, acknowledged and then dropped: nothing heard them. The alarms do
 * not depend on them; the rules judge the readings themselves.
 */
@Injectable()
export class DeviceEventLog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('device-events');
  private off: (() => void) | undefined;

  constructor(
    private readonly events: DomainEvents,
    private readonly audit: AuditRepository,
  ) {}

  onModuleInit(): void {
    this.off = this.events.on('device.event', (event) => this.record(event));
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  async record({ address, deviceId, event, receivedAt }: DeviceEvent): Promise<void> {
    try {
      await this.audit.append({
        at: new Date(receivedAt),
        actor: { kind: 'device', name: `${address.zone}/${address.device}` },
        action: 'device.event',
        entityType: 'device',
        entityId: deviceId,
        details: {
          type: event.type,
          ts: event.ts,
          zone: address.zone,
          device: address.device,
          detail: event.detail ?? null,
        },
      });
    } catch (error) {
      // The database is away: the event is in the broker's log and the device's state; not worth a retry queue.
      this.logger.warn(
        `device event ${event.type} of ${address.zone}/${address.device} not recorded: ${String(error)}`,
      );
    }
  }
}
