/** TCP ports: probing, a free one from the kernel, and listen() with a one-line "port in use" message. */
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** A TCP port nobody listens on right now (the kernel picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not read the port of a probe socket'));
      });
    });
  });
}

/**
 * A free TCP port below the kernel's ephemeral range, for a server that must get the same port
 * back after it stopped (the supervised PostgreSQL, a crashed api started again). A port from
 * `freePort` lies in the ephemeral range, where any outgoing connection of the machine may take it
 * as its local port while the server is down, and the restart then finds it "in use".
 */
export async function freeStablePort(host = '127.0.0.1'): Promise<number> {
  const low = ephemeralLow();
  const from = Math.max(10_000, low - 12_000);
  if (low - from >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const candidate = from + Math.floor(Math.random() * (low - from));
      if (await isFree(candidate, host)) return candidate;
    }
  }
  return freePort(host);
}

/** The lowest port the kernel hands out for outgoing connections (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > 0 ? value : 32_768;
  } catch {
    return 32_768;
  }
}

/** Raised when PORT or MQTT_PORT is already taken; its message is the one line the user sees. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
    suggestion: number,
  ) {
    super(`Port ${port} is in use: set ${variable} to a free port (for example ${variable}=${suggestion})`);
    this.name = 'PortInUseError';
  }
}

export function isAddressInUse(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/** Wraps an EADDRINUSE from a listen() into the one-line message naming the variable to change. */
export async function portInUse(port: number, variable: string, error: unknown): Promise<Error> {
  if (!isAddressInUse(error)) return error instanceof Error ? error : new Error(String(error));
  return new PortInUseError(port, variable, await suggestPort(port));
}

/** The next free port above the taken one, so the suggestion works when copied. */
async function suggestPort(taken: number): Promise<number> {
  for (let candidate = taken + 1; candidate < taken + 50 && candidate <= 65535; candidate += 1) {
    if (await isFree(candidate)) return candidate;
  }
  return freePort();
}

export function isFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** listen() as a promise, turning "address in use" into {@link PortInUseError}. */
export function listen(server: net.Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown): void => {
      portInUse(port, variable, error).then(reject, reject);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
