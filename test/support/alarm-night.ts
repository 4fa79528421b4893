import type { INestApplication } from '@nestjs/common';
import { DomainEvents } from '../../apps/api/src/common/domain-events.js';
import { TickService } from '../../apps/api/src/scheduling/tick.service.js';

/**
 * Driving the alarms of an in-process api by hand on an injected clock: readings go straight onto
 * the event bus (as ingest would publish them) and the one tick is run after each move of time.
 */
export interface AlarmNight {
  /** Moves the clock and runs the tick twice (a run may have started before the move). */
  advance(ms: number): Promise<void>;
  /** Readings of one device at the current time, as `telemetry.accepted`. */
  telemetry(zone: string, device: string, values: Record<string, number | boolean>): void;
}

export function alarmNight(
  app: INestApplication,
  clock: { now(): number; move(ms: number): void },
): AlarmNight {
  const events = app.get(DomainEvents);
  const tick = app.get(TickService);
  return {
    async advance(ms) {
      clock.move(ms);
      await new Promise((resolve) => setImmediate(resolve));
      await tick.runOnce();
      await tick.runOnce();
    },
    telemetry(zone, device, values) {
      events.emit('telemetry.accepted', {
        site: 'xnz',
        zone,
        readings: Object.entries(values).map(([metric, value]) => ({
          device,
          metric,
          ts: clock.now(),
          value,
        })),
      });
    },
  };
}
