import type { LiveChange, LivePresence, LiveReading } from '#contracts';

/**
 * The domain events reach the gateway as their modules declare them; these functions read only the
 * fields the dashboard needs, so a module adding fields (or a Date where a number was) breaks nothing.
 */
export type LooseEvent = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function toMillis(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export function telemetryNotice(
  event: LooseEvent,
): { site: string; zone: string; readings: LiveReading[] } | null {
  const zone = text(event.zone);
  if (zone === null || !Array.isArray(event.readings)) return null;
  const readings: LiveReading[] = [];
  for (const raw of event.readings as LooseEvent[]) {
    const device = text(raw.device);
    const metric = text(raw.metric);
    const ts = toMillis(raw.ts);
    const value = typeof raw.value === 'boolean' ? Number(raw.value) : raw.value;
    if (device === null || metric === null || ts === null || typeof value !== 'number') continue;
    readings.push({ device, metric, ts, value });
  }
  return readings.length === 0 ? null : { site: text(event.site) ?? '', zone, readings };
}

export function presenceNotice(event: LooseEvent, now: number): LivePresence | null {
  const device = text(event.device) ?? text(event.deviceId) ?? text(event.id);
  if (device === null) return null;
  const online =
    typeof event.online === 'boolean'
      ? event.online
      : [event.presence, event.status, event.state].some((value) => value === 'online');
  return { device, zone: text(event.zone), online, ts: toMillis(event.at ?? event.ts) ?? now };
}

export function changeNotice(event: LooseEvent, now: number): LiveChange | null {
  const nested = [event.order, event.alarm, event.command, event.batch].find(
    (value): value is LooseEvent => typeof value === 'object' && value !== null,
  );
  const source = nested ?? event;
  const id =
    text(source.id) ??
    text(event.id) ??
    text(event.orderId) ??
    text(event.alarmId) ??
    text(event.commandId) ??
    text(event.batchId);
  if (id === null) return null;
  return {
    id,
    zone: text(source.zone) ?? text(event.zone),
    buyerId: text(source.buyerId) ?? text(event.buyerId),
    status: text(source.status) ?? text(source.state) ?? text(event.status) ?? text(event.state),
    ts: toMillis(event.ts) ?? now,
  };
}
