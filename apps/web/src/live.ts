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

/**
 * One status model for every page: connecting, live, lost (no socket), or recovering (the socket is
 * up but the server says it cannot reach its database: what the page shows may be old, and writes
 * will be refused until it is back).
 */
export type ConnectionState = 'connecting' | 'live' | 'lost' | 'recovering';

export const connection = signal<ConnectionState>('connecting');
/** The server's own word on whether it can serve (`system.status`); true until it says otherwise. */
let serverReady = true;
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
  observation?: (change: LiveChange) => void;
  /**
   * Loads the view's data over REST: once the socket has joined its rooms (at once when it already
   * has), and again after every reconnection. Whatever was committed before the rooms were joined
   * is in the answer and whatever after is pushed, so nothing falls in between, and a page asks for
   * each resource once (a first load before the join would need a second one after it).
   */
  load?: () => void;
}

/** Without a socket (a proxy that drops WebSockets), the page still shows its data after this. */
const LOAD_WITHOUT_SOCKET_MS = 5_000;
/** `loadedOn` of a load made without the socket: the next joined connection loads again. */
const LOADED_WITHOUT_SOCKET = -1;

interface Registration {
  /** The connection whose rooms the last load came after. */
  loadedOn: number | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

let socket: LiveSocket | null = null;
const registrations = new Map<Handlers, Registration>();
let zones: string[] = [];
/** Counts connections: a reconnection loads every view again. */
let connectionNumber = 0;
/** Set once the current connection has joined every room (hello received, zones subscribed). */
let roomsJoined = false;
let helloOn = 0;
/** Only the newest zones.subscribe may mark the rooms joined. */
let subscription = 0;

function each<K extends Exclude<keyof Handlers, 'load'>>(
  key: K,
  ...args: Parameters<NonNullable<Handlers[K]>>
): void {
  for (const handlers of registrations.keys())
    (handlers[key] as ((...a: unknown[]) => void) | undefined)?.(...args);
}

function loadOne(handlers: Handlers, registration: Registration, on: number): void {
  clearTimeout(registration.timer);
  registration.timer = undefined;
  registration.loadedOn = on;
  handlers.load?.();
}

function joined(): void {
  roomsJoined = true;
  for (const [handlers, registration] of registrations)
    if (registration.loadedOn !== connectionNumber) loadOne(handlers, registration, connectionNumber);
}

/** Joins the zone rooms (the user's own rooms are joined by the server before its hello). */
function joinRooms(s: LiveSocket): void {
  roomsJoined = false;
  if (zones.length === 0) return joined();
  const mine = ++subscription;
  const on = connectionNumber;
  s.emit('zones.subscribe', zones, () => {
    if (mine === subscription && on === connectionNumber) joined();
  });
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
    connectionNumber += 1;
    roomsJoined = false;
    connection.set(serverReady ? 'live' : 'recovering');
  });
  s.on('disconnect', (reason) => {
    roomsJoined = false;
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
  // The server sends its hello after it has put the socket in the user's rooms.
  s.on('live.hello', (hello) => {
    clockSkew.set(hello.serverTime - Date.now());
    helloOn = connectionNumber;
    joinRooms(s);
  });
  s.on('system.status', (status) => {
    serverReady = status.ready;
    if (s.connected) connection.set(status.ready ? 'live' : 'recovering');
  });
  s.on('telemetry.readings', (update) => each('readings', update));
  s.on('device.presence', (presence) => each('presence', presence));
  s.on('alarm.changed', (change) => each('alarm', change));
  s.on('command.changed', (change) => each('command', change));
  s.on('order.changed', (change) => each('order', change));
  s.on('batch.changed', (change) => each('batch', change));
  s.on('observation.changed', (change) => each('observation', change));
  return s;
}

/**
 * Registers handlers for as long as a view is mounted; returns the unregister function. The
 * view's `load` runs once the rooms are joined (see Handlers.load), not at mount.
 */
export function onLive(handlers: Handlers): () => void {
  const registration: Registration = { loadedOn: null, timer: undefined };
  registrations.set(handlers, registration);
  socket ??= open();
  if (roomsJoined) loadOne(handlers, registration, connectionNumber);
  else if (handlers.load)
    registration.timer = setTimeout(() => {
      if (registration.loadedOn === null) loadOne(handlers, registration, LOADED_WITHOUT_SOCKET);
    }, LOAD_WITHOUT_SOCKET_MS);
  return () => {
    clearTimeout(registration.timer);
    registrations.delete(handlers);
  };
}

/** The zone rooms this page follows; views registered after this call load once they are joined. */
export function subscribeZones(next: string[]): void {
  zones = next;
  socket ??= open();
  if (socket.connected && helloOn === connectionNumber) joinRooms(socket);
}

export function closeLive(): void {
  socket?.disconnect();
  socket = null;
  roomsJoined = false;
  connection.set('connecting');
}

session.subscribe((next) => {
  if (!next) closeLive();
});
