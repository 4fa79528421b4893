import type { LiveChange, LivePresence, LiveReading } from '#contracts';
import type { AlarmChangedEvent } from '../alarms/alarms.events.js';
import type { CommandChangedEvent } from '../control/control.events.js';
import type { BatchChanged, OrderChanged } from '../matching/order-events.js';
import type { DevicePresenceChanged, TelemetryAccepted } from '../telemetry/telemetry.events.js';

/**
 * The domain events, cut down to what a dashboard may see: a page gets numbers to draw and change
 * notices (an id, a zone, a status) and refetches the record over REST, where the scoping rules live.
 */

/** Numeric readings only (switch states as 1 and 0); text values (firmware, a message) are not drawn. */
export function telemetryNotice(
  event: TelemetryAccepted,
): { site: string; zone: string; readings: LiveReading[] } | null {
  const readings: LiveReading[] = [];
  for (const { device, metric, ts, value } of event.readings) {
    const numeric = typeof value === 'boolean' ? Number(value) : value;
    if (typeof numeric === 'number') readings.push({ device, metric, ts, value: numeric });
  }
  return readings.length === 0 ? null : { site: event.site, zone: event.zone, readings };
}

/** 'stale' and 'unknown' show as not online: the page greys the device until it reports again. */
export function presenceNotice(event: DevicePresenceChanged): LivePresence {
  return { device: event.device, zone: event.zone, online: event.presence === 'online', ts: event.at };
}

export function alarmNotice(event: AlarmChangedEvent): LiveChange {
  const { alarm } = event;
  return { id: alarm.id, zone: alarm.zone, status: alarm.state, ts: event.ts };
}

export function commandNotice(event: CommandChangedEvent): LiveChange {
  const { command } = event;
  return { id: command.id, zone: command.zone, status: command.status, ts: event.ts };
}

export function orderNotice(event: OrderChanged, now: number): LiveChange {
  return { id: event.orderId, buyerId: event.buyerId, status: event.status, ts: now };
}

export function batchNotice(event: BatchChanged, now: number): LiveChange {
  return { id: event.batchId, zone: event.zone, ts: now };
}
