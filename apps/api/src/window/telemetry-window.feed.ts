import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { DevicePresenceChanged, TelemetryAccepted } from '../telemetry/telemetry.events.js';
import type { Sample } from './series-view.js';
import { TelemetryWindow } from './telemetry-window.js';
import { WindowReadModel } from './window.read-model.js';

/**
 * The last three hours of every device in memory, fed by `telemetry.accepted` and `device.presence`
 * and seeded at start from the registered devices. The alarms judge it; control's moisture
 * schedules read the newest substrate moisture from it.
 */
@Injectable()
export class TelemetryWindowFeed implements OnApplicationBootstrap {
  readonly window = new TelemetryWindow();

  constructor(
    private readonly readModel: WindowReadModel,
    private readonly events: DomainEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.events.on('telemetry.accepted', (event) => this.onTelemetry(event));
    this.events.on('device.presence', (event) => this.onPresence(event));
    for (const device of await this.readModel.devices()) {
      const tracked = this.window.track({
        site: device.site,
        zone: device.zone,
        device: device.device,
        kind: device.kind,
        intervalS: device.intervalS,
      });
      tracked.lastSeenAt = device.lastSeenAt?.getTime();
      tracked.reportedOffline = device.presence === 'offline';
    }
  }

  /** The newest sample of `metric` from any device of the zone. */
  latest(zone: string, metric: string): Sample | undefined {
    let latest: Sample | undefined;
    for (const device of this.window.devicesIn(zone)) {
      const sample = this.window.get(zone, device.device, metric)?.at(-1);
      if (sample && (!latest || sample.ts > latest.ts)) latest = sample;
    }
    return latest;
  }

  onTelemetry(event: TelemetryAccepted): void {
    const receivedAt = this.clock.now();
    this.window.touch(event.zone);
    for (const reading of event.readings) {
      // Switch states (irrigation on/off) are kept as 1/0 so the rules can read them as numbers.
      const value = typeof reading.value === 'boolean' ? Number(reading.value) : reading.value;
      if (typeof value !== 'number') continue;
      this.window.add(event.site, event.zone, reading.device, reading.metric, reading.ts, value, receivedAt);
    }
  }

  onPresence(event: DevicePresenceChanged): void {
    // Only a reported offline (a last will, a gateway status, a disconnect) counts here; 'stale'
    // (no data lately) is a presence of its own, judged by the sensor-offline rule itself.
    const tracked = this.window.track({
      site: event.site,
      zone: event.zone,
      device: event.device,
      kind: 'unknown',
    });
    tracked.reportedOffline = event.presence === 'offline';
    if (event.presence === 'online') tracked.lastSeenAt = this.clock.now();
    this.window.touch(event.zone);
  }
}
