/**
 * Flags for Debian's chromium under playwright-core in tests and benchmarks: headless on a machine
 * without a GPU or a sandbox, and none of its own network traffic (updates, sync, QUIC probes), so
 * what a test counts on the wire is the page's.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The same, with `name` resolving to 127.0.0.1: the page's origin is then a LAN-like name, not
 * `localhost`, which browsers treat as a secure context and exempt from upgrade-insecure-requests.
 */
export function lanChromiumArgs(name: string): string[] {
  return [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${name} 127.0.0.1`];
}
