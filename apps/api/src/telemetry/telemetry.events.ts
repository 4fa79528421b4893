import type { AckPayload, DeviceAddress, EventPayload, MetricValue } from '#contracts';
import type { Presence } from '../devices/device.entity.js';

/** Readings committed in one ingest batch, coalesced per zone (for alarms and the live gateway). */
export interface TelemetryAccepted {
  readonly site: string;
  readonly zone: string;
  readonly readings: readonly {
    readonly device: string;
    readonly metric: string;
    /** Device time, epoch ms. */
    readonly ts: number;
    readonly value: MetricValue;
  }[];
}

export interface DevicePresenceChanged extends DeviceAddress {
  readonly deviceId: string;
  readonly presence: Presence;
  readonly at: number;
  readonly reason: 'status' | 'telemetry' | 'stale' | 'disconnected';
}

/** A command acknowledgement from a device, after it is committed with its batch. */
export interface DeviceAck {
  readonly address: DeviceAddress;
  readonly ack: AckPayload;
  readonly receivedAt: number;
}

export interface DeviceEvent {
  readonly address: DeviceAddress;
  readonly deviceId: string;
  readonly event: EventPayload;
  readonly receivedAt: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'telemetry.accepted': TelemetryAccepted;
    'device.presence': DevicePresenceChanged;
    'device.ack': DeviceAck;
    'device.event': DeviceEvent;
  }
}
