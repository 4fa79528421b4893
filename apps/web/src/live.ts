import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  LiveChange,
  LivePresence,
  LiveReadings,
  ServerToClientEvents,
} from '#contracts';
import { refreshSession, session } from './api.ts';
import { signal } from './state.ts';

export type ConnectionState = 'connecting' | 'live' | 'lost';

export const connection = signal<ConnectionState>('connecting');
/** Server time minus local time (ms), from the hello; value ages use it. */
export const clockSkew = signal(0);

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Handlers {
  readings?: (update: LiveReadings) => void;
  presence?: (presence: LivePresence) => void;
  alarm?: (change: LiveChange) => void;
  command?: (change: LiveChange) => void;
  order?: (change: LiveChange) => void;
  batch?: (change: LiveChange) => void;
  /** After every (re)connection: fetch what was missed while the link was down. */
  resync?: () => void;
}

let socket: LiveSocket | null = null;
const handlerSets = new Set<Handlers>();
let zones: string[] = [];
let connectedOnce = false;

function each<K extends keyof Handlers>(key: K, ...args: Parameters<NonNullable<Handlers[K]>>): void {
  for (const handlers of handlerSets) (handlers[key] as ((...a: unknown[]) => void) | undefined)?.(...args);
}

function open(): LiveSocket {
  const s: LiveSocket = io({
    path: '/socket.io',
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    auth: (cb) => cb({ token: session.get()?.accessToken ?? '' }),
  });
  s.on('connect', () => {
    connection.set('live');
    const reconnected = connectedOnce;
    connectedOnce = true;
    // Refetch once the rooms are joined: whatever was committed before that is in the answer, and
    // whatever after it is pushed, so nothing falls between the REST load and the subscription.
    if (zones.length > 0) s.emit('zones.subscribe', zones, () => each('resync'));
    else if (reconnected) each('resync');
  });
  s.on('disconnect', (reason) => {
    // The server closes a socket when its access token expires (socket.io does not reconnect by
    // itself then): refresh the token and reconnect, without flashing "connection lost".
    if (reason === 'io server disconnect') {
      connection.set('connecting');
      void refreshSession().finally(() => s.connect());
      return;
    }
    connection.set('lost');
  });
  s.on('connect_error', (error) => {
    connection.set('lost');
    if (error.message === 'TOKEN_INVALID' || error.message === 'TOKEN_MISSING') {
      void refreshSession().then((ok) => {
        if (ok) s.connect();
      });
    }
  });
  s.on('live.hello', (hello) => clockSkew.set(hello.serverTime - Date.now()));
  s.on('telemetry.readings', (update) => each('readings', update));
  s.on('device.presence', (presence) => each('presence', presence));
  s.on('alarm.changed', (change) => each('alarm', change));
  s.on('command.changed', (change) => each('command', change));
  s.on('order.changed', (change) => each('order', change));
  s.on('batch.changed', (change) => each('batch', change));
  return s;
}

/** Registers handlers for as long as a view is mounted; returns the unregister function. */
export function onLive(handlers: Handlers): () => void {
  handlerSets.add(handlers);
  socket ??= open();
  return () => handlerSets.delete(handlers);
}

export function subscribeZones(next: string[]): void {
  zones = next;
  socket ??= open();
  if (socket.connected) socket.emit('zones.subscribe', zones, () => each('resync'));
}

export function closeLive(): void {
  socket?.disconnect();
  socket = null;
  connectedOnce = false;
  connection.set('connecting');
}

session.subscribe((next) => {
  if (!next) closeLive();
});
