import { describe, expect, it } from '@jest/globals';
import { encode } from 'uqr';
import { dashboardUrls } from './lan-addresses.js';
import { lanBanner } from './lan-banner.js';

describe('lanBanner', () => {
  it('lists each LAN address, draws a QR code of the first and warns of a loopback-only broker', () => {
    const lines = lanBanner({
      urls: dashboardUrls(
        undefined,
        [
          { interface: 'enp1s0', address: '192.168.1.20' },
          { interface: 'wlp2s0', address: '192.168.1.21' },
        ],
        3000,
      ),
      brokerHost: '127.0.0.1',
    });
    expect(lines).toContain('  http://192.168.1.20:3000/  (enp1s0)');
    expect(lines).toContain('  http://192.168.1.21:3000/  (wlp2s0)');
    expect(lines).toContain('Scan to open http://192.168.1.20:3000/ on a phone:');
    // The QR block: two rows of modules (the one-module border included) per terminal line.
    const size = encode('http://192.168.1.20:3000/', { border: 1 }).size;
    const qr = lines.filter((line) => /[█▀▄]/.test(line));
    expect(qr).toHaveLength(Math.ceil(size / 2));
    expect(qr.every((line) => line.length === size)).toBe(true);
    expect(lines.at(-1)).toMatch(/listens on 127\.0\.0\.1 only.*MQTT_HOST=0\.0\.0\.0/);
  });

  it('says so when the PC has no LAN address, and does not warn when the broker listens on every interface', () => {
    const lines = lanBanner({ urls: [], brokerHost: '0.0.0.0' });
    expect(lines).toEqual([
      'No LAN address found: phones reach the dashboard only once this PC is on the office network (cable or Wi-Fi).',
    ]);
  });

  it('puts DASHBOARD_URL first and draws it, without the advice to reserve an address', () => {
    const lines = lanBanner({
      urls: dashboardUrls('http://yumiao.lan:3000/', [{ interface: 'eth0', address: '10.0.0.5' }], 3000),
      brokerHost: '0.0.0.0',
    });
    expect(lines.slice(0, 4)).toEqual([
      'Phones on the office Wi-Fi open the dashboard at:',
      '  http://yumiao.lan:3000/  (DASHBOARD_URL)',
      '  http://10.0.0.5:3000/  (eth0)',
      'Scan to open http://yumiao.lan:3000/ on a phone:',
    ]);
    expect(lines.join('\n')).not.toMatch(/Reserve/);
  });

  it('does not warn for an external broker', () => {
    expect(lanBanner({ urls: [], brokerHost: undefined })).toHaveLength(1);
  });
});
