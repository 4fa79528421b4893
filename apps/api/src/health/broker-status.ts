import net from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_SERVICES } from '../common/tokens.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';

/**
 * Whether the MQTT broker is reachable, for /health/ready. The telemetry consumer knows best (it
 * holds the connection) and installs its own probe; until then an external broker is probed with
 * a TCP connect and the embedded one by its own state.
 */
@Injectable()
export class BrokerStatus {
  private probe: (() => boolean | Promise<boolean>) | undefined;
  private drainingSession: string | undefined;

  constructor(@Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices) {}

  useProbe(probe: () => boolean | Promise<boolean>): void {
    this.probe = probe;
  }

  /** The unused consumer session being drained at the broker (telemetry/consumer-session-drain.ts). */
  setDraining(clientId: string | undefined): void {
    this.drainingSession = clientId;
  }

  get draining(): string | undefined {
    return this.drainingSession;
  }

  async reachable(): Promise<boolean> {
    if (this.probe) return this.probe();
    const broker = this.services.broker;
    if (broker.kind === 'embedded') return !broker.broker.aedes.closed;
    return tcpReachable(broker.url, 1000);
  }
}

function tcpReachable(url: string, timeoutMs: number): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'mqtts:' ? 8883 : 1883));
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
