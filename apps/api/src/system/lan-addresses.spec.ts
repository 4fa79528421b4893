import { describe, expect, it } from '@jest/globals';
import type { NetworkInterfaceInfo } from 'node:os';
import { isPrivate, privateLanAddresses } from './lan-addresses.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});

describe('privateLanAddresses', () => {
  it('lists one private IPv4 address per interface, wired first, and nothing a phone cannot reach', () => {
    const found = privateLanAddresses({
      lo: [v4('127.0.0.1', true)],
      wlp2s0: [v4('192.168.1.23')],
      docker0: [v4('172.17.0.1')],
      enp1s0: [{ ...v4('fe80::1'), family: 'IPv6' } as NetworkInterfaceInfo, v4('10.0.0.5'), v4('10.0.0.6')],
      usb0: [v4('169.254.10.2')],
      wwan0: [v4('100.64.3.4')],
    });
    expect(found).toEqual([
      { interface: 'enp1s0', address: '10.0.0.5' },
      { interface: 'wlp2s0', address: '192.168.1.23' },
      { interface: 'docker0', address: '172.17.0.1' },
    ]);
  });

  it('finds none on a PC with loopback only', () => {
    expect(privateLanAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([]);
  });

  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.1', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['192.169.0.1', false],
    ['192.0.2.2', false],
    ['8.8.8.8', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivate(address)).toBe(expected);
  });
});
