import { describe, expect, it } from '@jest/globals';
import { mayPublish, maySubscribe, mosquittoAclFile, type BrokerAccount } from './broker-acl.js';
import type { DirectoryEntry } from './device-directory.js';

const entry = (device: string, kind: DirectoryEntry['kind'], enabled = true): DirectoryEntry => ({
  id: `id-${device}`,
  site: 'hd',
  zone: 'gh1',
  device,
  kind,
  enabled,
  username: `hd-gh1-${device}`,
  passwordHash: '',
  intervalS: 60,
});

const ACCOUNTS = {
  api: { kind: 'api', username: 'yumiao-api' },
  heater: { kind: 'device', entry: entry('heater-1', 'heater') },
  gateway: { kind: 'device', entry: entry('gw-1', 'gateway') },
  disabled: { kind: 'device', entry: entry('env-1', 'env', false) },
} satisfies Record<string, BrokerAccount>;
type Who = keyof typeof ACCOUNTS;

describe('broker ACL: publish', () => {
  it.each<{ who: Who; topic: string; allowed: boolean }>([
    { who: 'api', topic: 'nursery/v1/hd/gh1/heater-1/cmd/setpoint', allowed: true },
    { who: 'api', topic: 'nursery/v1/anything/at/all', allowed: true },
    { who: 'api', topic: 'nursery/v2/hd/gh1/heater-1/tele', allowed: false },
    { who: 'api', topic: '$SYS/broker/uptime', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/tele', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/tele/senml', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/state', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/status', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/meta', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/evt', allowed: true },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/ack', allowed: true },
    // Never a command, not even to itself: only the api commands.
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/cmd/setpoint', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/env-1/tele', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh2/heater-1/tele', allowed: false },
    { who: 'heater', topic: 'nursery/v1/other/gh1/heater-1/tele', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/state/extra', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1/bogus', allowed: false },
    { who: 'heater', topic: 'nursery/v1/hd/gh1/heater-1', allowed: false },
    { who: 'gateway', topic: 'nursery/v1/hd/gh1/env-1/tele', allowed: true },
    { who: 'gateway', topic: 'nursery/v1/hd/gh1/heater-1/ack', allowed: true },
    { who: 'gateway', topic: 'nursery/v1/hd/gh1/heater-1/cmd/setpoint', allowed: false },
    { who: 'gateway', topic: 'nursery/v1/hd/gh2/env-1/tele', allowed: false },
    { who: 'disabled', topic: 'nursery/v1/hd/gh1/env-1/tele', allowed: false },
  ])('$who publishes $topic: $allowed', ({ who, topic, allowed }) => {
    expect(mayPublish(ACCOUNTS[who], topic)).toBe(allowed);
  });
});

describe('broker ACL: subscribe', () => {
  it.each<{ who: Who; filter: string; allowed: boolean }>([
    { who: 'api', filter: 'nursery/v1/+/+/+/tele', allowed: true },
    { who: 'api', filter: 'nursery/v1/#', allowed: true },
    { who: 'api', filter: '#', allowed: false },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/heater-1/cmd/#', allowed: true },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/heater-1/cmd/setpoint', allowed: true },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/heater-1/cmd/+', allowed: false },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/heater-1/tele', allowed: false },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/env-1/cmd/#', allowed: false },
    { who: 'heater', filter: 'nursery/v1/hd/gh1/+/cmd/#', allowed: false },
    { who: 'heater', filter: 'nursery/v1/#', allowed: false },
    { who: 'gateway', filter: 'nursery/v1/hd/gh1/gw-1/cmd/#', allowed: true },
    { who: 'gateway', filter: 'nursery/v1/hd/gh1/+/cmd/#', allowed: true },
    { who: 'gateway', filter: 'nursery/v1/hd/gh1/heater-1/cmd/setpoint', allowed: true },
    { who: 'gateway', filter: 'nursery/v1/hd/gh1/#', allowed: false },
    { who: 'gateway', filter: 'nursery/v1/hd/gh1/+/tele', allowed: false },
    { who: 'gateway', filter: 'nursery/v1/hd/gh2/+/cmd/#', allowed: false },
    { who: 'gateway', filter: 'nursery/v1/other/gh1/+/cmd/#', allowed: false },
    { who: 'disabled', filter: 'nursery/v1/hd/gh1/env-1/cmd/#', allowed: false },
  ])('$who subscribes $filter: $allowed', ({ who, filter, allowed }) => {
    expect(maySubscribe(ACCOUNTS[who], filter)).toBe(allowed);
  });
});

describe('Mosquitto acl_file', () => {
  it('grants what mayPublish and maySubscribe grant, and nothing to a disabled device', () => {
    const file = mosquittoAclFile('yumiao-api', [
      ACCOUNTS.heater.entry,
      ACCOUNTS.gateway.entry,
      ACCOUNTS.disabled.entry,
    ]);
    expect(file.split('\n').slice(1)).toEqual([
      'user yumiao-api',
      'topic readwrite nursery/v1/#',
      '',
      'user hd-gh1-heater-1',
      ...['tele', 'tele/+', 'state', 'status', 'meta', 'evt', 'ack'].map(
        (channel) => `topic write nursery/v1/hd/gh1/heater-1/${channel}`,
      ),
      'topic read nursery/v1/hd/gh1/heater-1/cmd/#',
      '',
      'user hd-gh1-gw-1',
      ...['tele', 'tele/+', 'state', 'status', 'meta', 'evt', 'ack'].map(
        (channel) => `topic write nursery/v1/hd/gh1/+/${channel}`,
      ),
      'topic read nursery/v1/hd/gh1/+/cmd/#',
      '',
    ]);
  });
});
