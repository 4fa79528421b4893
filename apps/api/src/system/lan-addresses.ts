import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { LanDashboardUrl } from '#contracts';

/** One address a phone on the office Wi-Fi can open the dashboard at. */
export interface LanAddress {
  /** The interface's name as the operating system gives it (eth0, wlp2s0, enp1s0...). */
  readonly interface: string;
  readonly address: string;
}

/**
 * The PC's private IPv4 addresses, one per interface: the ones a phone on the same Wi-Fi reaches.
 * Loopback, link-local (169.254/16, what a PC gives itself when DHCP failed) and public addresses
 * are left out: a phone cannot use the first two, and a public address is not the office LAN.
 * Wired interfaces come first, as the router usually reserves the wired address.
 */
export function privateLanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): LanAddress[] {
  const found: LanAddress[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    const address = (infos ?? []).find(
      (info) => info.family === 'IPv4' && !info.internal && isPrivate(info.address),
    );
    if (address !== undefined) found.push({ interface: name, address: address.address });
  }
  return found.sort(
    (a, b) => rank(a.interface) - rank(b.interface) || a.interface.localeCompare(b.interface),
  );
}

/** RFC 1918: 10/8, 172.16/12, 192.168/16. */
export function isPrivate(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  if (a === undefined || b === undefined) return false;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Wired (eth*, en*) before wireless (wl*) before the rest (docker bridges, VPNs). */
function rank(name: string): number {
  if (/^(eth|en)/.test(name)) return 0;
  if (/^wl/.test(name)) return 1;
  return 2;
}

/** The dashboard's address on one LAN address. */
export function dashboardUrl(address: string, port: number): string {
  return `http://${address}:${port}/`;
}

/** Where phones open the dashboard: the nursery's own DASHBOARD_URL first, then each LAN address. */
export function dashboardUrls(
  configured: string | undefined,
  addresses: readonly LanAddress[],
  port: number,
): LanDashboardUrl[] {
  return [
    ...(configured === undefined ? [] : [{ interface: null, url: configured }]),
    ...addresses.map((lan) => ({ interface: lan.interface, url: dashboardUrl(lan.address, port) })),
  ];
}
