import { renderUnicodeCompact } from 'uqr';
import type { LanDashboardUrl } from '#contracts';

/**
 * What the terminal shows at start for the people who set the nursery up: the dashboard's address
 * on each private interface, a QR code of the first (a phone's camera opens it), and a warning
 * when the embedded broker listens on loopback only, so devices on the LAN cannot connect.
 */
export function lanBanner(options: {
  /** From dashboardUrls(): DASHBOARD_URL, then the LAN addresses. */
  urls: readonly LanDashboardUrl[];
  /** Where the embedded broker listens; undefined for an external broker. */
  brokerHost: string | undefined;
}): string[] {
  const lines: string[] = [];
  const [first] = options.urls;
  if (first === undefined) {
    lines.push(
      'No LAN address found: phones reach the dashboard only once this PC is on the office network (cable or Wi-Fi).',
    );
  } else {
    lines.push('Phones on the office Wi-Fi open the dashboard at:');
    for (const entry of options.urls) {
      lines.push(`  ${entry.url}  (${entry.interface ?? 'DASHBOARD_URL'})`);
    }
    lines.push(`Scan to open ${first.url} on a phone:`);
    // Compact: two QR rows per terminal line, so it fits an 80x24 terminal.
    lines.push(...renderUnicodeCompact(first.url, { border: 1 }).split('\n'));
    if (first.interface !== null) {
      lines.push('Reserve this address for the PC in the router, or it can change after a power cut.');
    }
  }
  if (options.brokerHost !== undefined && isLoopbackHost(options.brokerHost)) {
    lines.push(
      `The built-in MQTT broker listens on ${options.brokerHost} only: devices on the LAN cannot connect. Start with MQTT_HOST=0.0.0.0 for real devices.`,
    );
  }
  return lines;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
