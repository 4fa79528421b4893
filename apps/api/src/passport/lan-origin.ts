import { networkInterfaces } from 'node:os';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The base of the link a delivery slip prints, as a phone on the nursery's network reaches this
 * server: the address the slip was asked for (office.lan:3000, 192.168.1.20:3000), except that a
 * slip printed from the mini-PC itself (localhost) names the machine's own LAN address instead, a
 * phone's "localhost" being the phone. No LAN address at all (a machine with loopback only): the
 * address as asked.
 */
export function lanOrigin(
  protocol: string,
  hostHeader: string | undefined,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string {
  const host = hostHeader ?? 'localhost';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  const name = match?.[1] ?? host;
  const port = match?.[2];
  if (!LOOPBACK.test(name)) return `${protocol}://${host}`;
  const lan = Object.values(interfaces)
    .flat()
    .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
  return lan ? `${protocol}://${lan.address}${port ? `:${port}` : ''}` : `${protocol}://${host}`;
}
