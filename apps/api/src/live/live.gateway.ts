import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  LIVE_PUSHES_PER_SECOND,
  ADVISER_ROOM,
  STAFF_ROOM,
  buyerRoom,
  zoneRoom,
  type Clock,
  type ClientToServerEvents,
  type LiveAck,
  type ServerToClientEvents,
} from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { TokenService } from '../auth/token.service.js';
import { DomainEvents } from '../common/domain-events.js';
import { CLOCK } from '../common/tokens.js';
import { DatabaseStatus } from '../health/database-status.service.js';
import { LiveCoalescer } from './live-coalescer.js';
import {
  alarmNotice,
  batchNotice,
  commandNotice,
  orderNotice,
  presenceNotice,
  telemetryNotice,
} from './live-events.js';

interface SocketData {
  user: AuthUser;
  /** When the handshake's access token expires (ms since the epoch). */
  expiresAt: number | undefined;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const MAX_ZONES = 64;

/**
 * Pushes domain events to dashboards: zone rooms for staff, one room per buyer. The token is checked
 * in the handshake middleware, so an unauthenticated socket never joins a room.
 */
// A ping every 5 s, answered within 4: a phone whose Wi-Fi dropped sees 连接中断 within 9 s
// (Socket.IO's 25 + 20 s left it saying 实时连接 for 45 s). A few bytes a client, on the LAN.
@WebSocketGateway({
  path: '/socket.io',
  serveClient: false,
  cors: false,
  pingInterval: 5_000,
  pingTimeout: 4_000,
})
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: LiveServer;
  private readonly logger = new Logger('live');
  private readonly unsubscribe: (() => void)[] = [];
  private readonly coalescer: LiveCoalescer;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly database: DatabaseStatus,
  ) {
    // Real timers: the coalescing window is about the browser's frame budget, not domain time.
    this.coalescer = new LiveCoalescer(
      1000 / LIVE_PUSHES_PER_SECOND,
      (site, zone, readings) =>
        this.server.to(zoneRoom(zone)).emit('telemetry.readings', { site, zone, readings }),
      {
        now: () => performance.now(),
        setTimeout: (cb, ms) => setTimeout(cb, ms),
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      },
    );
  }

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token !== 'string' || token === '') return next(new Error('TOKEN_MISSING'));
      let user: AuthUser;
      try {
        user = this.tokens.verifyAccessToken(token);
      } catch {
        return next(new Error('TOKEN_INVALID'));
      }
      // As on HTTP: a one-time password opens nothing but the form that replaces it.
      if (user.mustChangePassword) return next(new Error('PASSWORD_CHANGE_REQUIRED'));
      socket.data.user = user;
      socket.data.expiresAt = tokenExpiry(token);
      next();
    });
  }

  handleConnection(socket: LiveSocket): void {
    const user = socket.data.user;
    // A socket lives no longer than its token: a disabled account or a changed role stops receiving
    // within one token lifetime; the page reconnects with a refreshed token. JWT expiry is wall-clock
    // time (jsonwebtoken checks it against Date.now), hence not the injected clock.
    const expiresAt = socket.data.expiresAt;
    if (expiresAt !== undefined) {
      const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAt - Date.now()));
      socket.once('disconnect', () => clearTimeout(timer));
    }
    if (user.role === 'buyer') void socket.join(buyerRoom(user.id));
    else if (user.role === 'adviser') void socket.join(ADVISER_ROOM);
    else void socket.join(STAFF_ROOM);
    socket.on('zones.subscribe', (zones, ack) => this.subscribeZones(socket, zones, ack));
    socket.emit('live.hello', { userId: user.id, role: user.role, serverTime: this.clock.now() });
    socket.emit('system.status', this.database.status());
  }

  onModuleInit(): void {
    const events = this.events;
    this.unsubscribe.push(
      // Every page, buyers' too: while the api recovers, a page says so instead of failing.
      events.on('system.status', (status) => void this.server.emit('system.status', status)),
      events.on('telemetry.accepted', (event) => {
        // Nobody watches the zone: nothing to coalesce (a page that opens later reads /latest).
        if (!this.watched(zoneRoom(event.zone))) return;
        const notice = telemetryNotice(event);
        if (notice) this.coalescer.push(notice.site, notice.zone, notice.readings);
      }),
      events.on('device.presence', (event) => {
        this.server.to(zoneRoom(event.zone)).emit('device.presence', presenceNotice(event));
      }),
      events.on('batch.changed', (event) => {
        const notice = batchNotice(event, this.clock.now());
        this.server.to([STAFF_ROOM, ADVISER_ROOM]).emit('batch.changed', notice);
        // A buyer learns only that a batch serving their own order changed; the order comes over REST.
        const rooms = (event.buyerUserIds ?? []).map(buyerRoom);
        if (rooms.length > 0) this.server.to(rooms).emit('batch.changed', { id: notice.id, ts: notice.ts });
      }),
      events.on('observation.changed', (event) => {
        const notice = { id: event.observationId, zone: event.zone, ts: event.ts };
        this.server.to([STAFF_ROOM, ADVISER_ROOM]).emit('observation.changed', notice);
      }),
      events.on(
        'alarm.changed',
        (event) => void this.server.to([STAFF_ROOM, ADVISER_ROOM]).emit('alarm.changed', alarmNotice(event)),
      ),
      events.on('command.changed', (event) => {
        this.server.to(STAFF_ROOM).emit('command.changed', commandNotice(event));
      }),
      events.on('order.changed', (event) => {
        const notice = orderNotice(event, this.clock.now());
        const rooms = [STAFF_ROOM];
        if (notice.buyerId) rooms.push(buyerRoom(notice.buyerId));
        // The buyer gets only the id and status; the order itself comes over REST, scoped to them.
        this.server.to(rooms).emit('order.changed', notice);
      }),
    );
  }

  /** Whether a socket of this process is in the room (one api process serves the dashboards). */
  private watched(room: string): boolean {
    return (this.server?.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
    this.coalescer.close();
  }

  private subscribeZones(socket: LiveSocket, zones: unknown, ack: unknown): void {
    const reply: LiveAck = typeof ack === 'function' ? (ack as LiveAck) : () => undefined;
    if (socket.data.user.role === 'buyer') return reply({ ok: false, code: 'FORBIDDEN' });
    if (
      !Array.isArray(zones) ||
      zones.length > MAX_ZONES ||
      !zones.every((z) => typeof z === 'string' && /^[\w-]{1,40}$/.test(z))
    ) {
      this.logger.warn(`bad zones.subscribe from ${socket.data.user.id}`);
      return reply({ ok: false, code: 'VALIDATION_FAILED' });
    }
    for (const room of socket.rooms) if (room.startsWith('zone:')) void socket.leave(room);
    for (const zone of zones as string[]) void socket.join(zoneRoom(zone));
    reply({ ok: true, zones: zones as string[] });
  }
}

/** The `exp` of an already verified JWT, in ms. */
function tokenExpiry(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
