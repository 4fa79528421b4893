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
import { LiveCoalescer } from './live-coalescer.js';
import { changeNotice, presenceNotice, telemetryNotice, type LooseEvent } from './live-events.js';

interface SocketData {
  user: AuthUser;
  /** When the handshake's access token expires (ms since the epoch). */
  expiresAt: number | undefined;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The subset of DomainEvents the gateway needs, keyed loosely: the events are declared by their modules. */
interface EventSource {
  on(name: string, handler: (event: LooseEvent) => void): () => void;
}

const MAX_ZONES = 64;

/**
 * Pushes domain events to dashboards: zone rooms for staff, one room per buyer. The token is checked
 * in the handshake middleware, so an unauthenticated socket never joins a room.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private server!: LiveServer;
  private readonly logger = new Logger('live');
  private readonly unsubscribe: (() => void)[] = [];
  private readonly coalescer: LiveCoalescer;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    @Inject(CLOCK) private readonly clock: Clock,
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
      try {
        socket.data.user = this.tokens.verifyAccessToken(token);
        socket.data.expiresAt = tokenExpiry(token);
        next();
      } catch {
        next(new Error('TOKEN_INVALID'));
      }
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
    else void socket.join(STAFF_ROOM);
    socket.on('zones.subscribe', (zones, ack) => this.subscribeZones(socket, zones, ack));
    socket.emit('live.hello', { userId: user.id, role: user.role, serverTime: this.clock.now() });
  }

  onModuleInit(): void {
    const source = this.events as unknown as EventSource;
    this.unsubscribe.push(
      source.on('telemetry.accepted', (event) => {
        // Nobody watches the zone: nothing to coalesce (a page that opens later reads /latest).
        if (typeof event.zone !== 'string' || !this.watched(zoneRoom(event.zone))) return;
        const notice = telemetryNotice(event);
        if (notice) this.coalescer.push(notice.site, notice.zone, notice.readings);
      }),
      source.on('device.presence', (event) => {
        const notice = presenceNotice(event, this.clock.now());
        if (notice?.zone) this.server.to(zoneRoom(notice.zone)).emit('device.presence', notice);
        else if (notice) this.server.to(STAFF_ROOM).emit('device.presence', notice);
      }),
      ...(['alarm.changed', 'command.changed', 'batch.changed'] as const).map((name) =>
        source.on(name, (event) => {
          const notice = changeNotice(event, this.clock.now());
          if (notice) this.server.to(STAFF_ROOM).emit(name, notice);
        }),
      ),
      source.on('order.changed', (event) => {
        const notice = changeNotice(event, this.clock.now());
        if (!notice) return;
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
