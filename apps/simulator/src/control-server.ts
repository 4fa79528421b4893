import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultError, type FaultSpec } from './faults.js';
import type { Simulator } from './simulator.js';

/**
 * The test control channel: HTTP/JSON bound to 127.0.0.1 only (docs/simulator.md). It is not a
 * product API: it lets tests and trainers inject faults, read the physics and steer the weather.
 */
const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', 'body over 64 KiB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'body is not JSON');
  }
}

async function route(
  simulator: Simulator,
  method: string,
  path: string[],
  request: IncomingMessage,
): Promise<unknown> {
  const [head, ...rest] = path;
  if (method === 'GET' && head === 'health') {
    return {
      ok: true,
      devices: simulator.listDevices().length,
      connected: simulator.connectedCount(),
      simulatedNow: simulator.clock.now(),
      speed: simulator.clock.speed,
    };
  }
  if (method === 'GET' && head === 'clock')
    return {
      now: simulator.clock.now(),
      iso: new Date(simulator.clock.now()).toISOString(),
      speed: simulator.clock.speed,
      startMs: simulator.startMs,
    };
  if (head === 'devices') {
    if (method === 'GET' && rest.length === 0) return simulator.listDevices();
    const [site, zone, device, action] = rest;
    if (method === 'POST' && (action === 'pause' || action === 'resume')) {
      const devices = simulator.findDevices({ site, zone, device });
      if (devices.length === 0) throw new HttpError(404, 'DEVICE_NOT_FOUND', `${rest.slice(0, 3).join('/')}`);
      for (const found of devices) {
        if (action === 'pause') found.pause();
        else found.resume();
      }
      return { ok: true, devices: devices.map((found) => found.username()), action };
    }
  }
  if (head === 'houses' && method === 'GET' && rest.length === 2) {
    const state = simulator.houseState(rest[0], rest[1]);
    if (state === undefined) throw new HttpError(404, 'HOUSE_NOT_FOUND', rest.join('/'));
    return state;
  }
  if (head === 'faults') {
    if (method === 'GET') return simulator.listFaults();
    if (method === 'POST') {
      try {
        return simulator.inject((await readJson(request)) as FaultSpec);
      } catch (error) {
        if (error instanceof FaultError) throw new HttpError(400, error.code, error.message);
        throw error;
      }
    }
    if (method === 'DELETE' && rest.length === 0) return { cleared: simulator.clearAll() };
    if (method === 'DELETE' && rest.length === 1) {
      if (!simulator.clear(rest[0])) throw new HttpError(404, 'FAULT_NOT_FOUND', rest[0]);
      return { cleared: 1 };
    }
  }
  if (head === 'weather') {
    const site = rest[0] ?? '*';
    if (method === 'GET')
      return {
        site,
        weather: simulator.world.weather(
          site === '*' ? (simulator.world.allHouses()[0]?.site ?? site) : site,
        ),
        overrides: simulator.world.weatherOverrides(),
      };
    if (method === 'PUT') {
      const body = await readJson(request);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new HttpError(400, 'INVALID_WEATHER', 'an object');
      const allowed = ['airTempC', 'rhPct', 'globalWm2', 'dayType'];
      const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
      if (unknown.length > 0)
        throw new HttpError(400, 'INVALID_WEATHER', `unknown fields ${unknown.join(', ')}`);
      simulator.setWeather(site, body);
      return { ok: true, site, override: body };
    }
  }
  throw new HttpError(404, 'NOT_FOUND', `${method} /${path.join('/')}`);
}

export async function startControlServer(
  simulator: Simulator,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/')
      .split('?')[0]
      .split('/')
      .filter((part) => part.length > 0)
      .map(decodeURIComponent);
    route(simulator, request.method ?? 'GET', path, request).then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      },
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const code = error instanceof HttpError ? error.code : 'INTERNAL';
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ statusCode: status, code, message: (error as Error).message }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
