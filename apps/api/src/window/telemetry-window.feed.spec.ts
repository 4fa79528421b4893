import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import type { Presence } from '../devices/device.entity.js';
import type { DevicePresenceChanged } from '../telemetry/telemetry.events.js';
import { TelemetryWindowFeed } from './telemetry-window.feed.js';
import type { WindowReadModel } from './window.read-model.js';

const NOW = Date.UTC(2026, 0, 15, 14, 0);

function feed(): TelemetryWindowFeed {
  // onPresence reads neither the database nor anything of the configuration but the site code.
  const readModel = { devices: () => Promise.resolve([]) } as Pick<WindowReadModel, 'devices'>;
  return new TelemetryWindowFeed(
    readModel as WindowReadModel,
    new DomainEvents(),
    { now: () => NOW, speed: 1 },
    {
      siteCode: 'xnz',
    } as AppConfig,
  );
}

function presence(zone: string, device: string, state: Presence): DevicePresenceChanged {
  const reason = state === 'online' ? 'status' : 'disconnected';
  return { site: 'xnz', zone, device, deviceId: `id-${device}`, presence: state, at: NOW, reason };
}

describe('TelemetryWindowFeed presence', () => {
  it("keeps a device's registered reporting interval when its presence changes", () => {
    const subject = feed();
    subject.window.track({ site: 'xnz', zone: 'gh1', device: 'env-1', kind: 'env', intervalS: 300 });
    subject.onPresence(presence('gh1', 'env-1', 'online'));
    // Every presence event used to reset it to 60 s: a device reporting every 5 min looked offline.
    expect(subject.window.device('gh1', 'env-1')?.intervalS).toBe(300);
    expect(subject.window.device('gh1', 'env-1')?.lastSeenAt).toBe(NOW);
  });

  it('tracks a device it hears of first by presence with the default interval', () => {
    const subject = feed();
    subject.onPresence(presence('gh2', 'gw-1', 'offline'));
    expect(subject.window.device('gh2', 'gw-1')).toMatchObject({ intervalS: 60, reportedOffline: true });
  });

  it('keeps a device seen stale as not reported offline (the sensor-offline rule judges staleness)', () => {
    const subject = feed();
    subject.onPresence(presence('gh1', 'env-2', 'stale'));
    expect(subject.window.device('gh1', 'env-2')?.reportedOffline).toBe(false);
  });

  it('hears telemetry through the typed bus and keeps switch states as 1 and 0', async () => {
    const events = new DomainEvents();
    const subject = new TelemetryWindowFeed(
      { devices: () => Promise.resolve([]) } as Pick<WindowReadModel, 'devices'> as WindowReadModel,
      events,
      { now: () => NOW, speed: 1 },
      { siteCode: 'xnz' } as AppConfig,
    );
    await subject.onApplicationBootstrap();
    events.emit('telemetry.accepted', {
      site: 'xnz',
      zone: 'gh1',
      readings: [
        { device: 'boom-1', metric: 'irrigation_on', ts: NOW - 1000, value: true },
        { device: 'env-1', metric: 'air_temp_c', ts: NOW - 1000, value: 12.5 },
        { device: 'env-1', metric: 'firmware', ts: NOW - 1000, value: 'v2' },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(subject.window.get('gh1', 'boom-1', 'irrigation_on')?.at(-1)).toMatchObject({ value: 1 });
    expect(subject.latest('gh1', 'air_temp_c')).toMatchObject({ value: 12.5 });
    expect(subject.window.get('gh1', 'env-1', 'firmware')).toBeUndefined();
  });
});
