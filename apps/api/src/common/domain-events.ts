import { Injectable, Logger } from '@nestjs/common';

/**
 * Typed in-process domain events: modules react to each other through these instead of importing
 * each other's services (STYLE rule 7). Feature modules add their events to `DomainEventMap` by
 * declaration merging in their own files:
 *
 *   declare module '../common/domain-events.js' {
 *     interface DomainEventMap { 'telemetry.accepted': TelemetryAccepted }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

type Handler<T> = (event: T) => void | Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('events');
  // Handlers of every event share one map; the typed `on`/`emit` signatures keep each name's
  // handlers and payloads matched, so the map itself stores them loosely.
  private readonly handlers = new Map<string, Set<Handler<unknown>>>();

  on<K extends keyof DomainEventMap>(name: K, handler: Handler<DomainEventMap[K]>): () => void {
    const set = this.handlers.get(name) ?? new Set<Handler<unknown>>();
    const loose = handler as Handler<unknown>;
    set.add(loose);
    this.handlers.set(name, set);
    return () => set.delete(loose);
  }

  /** Handlers run after the caller's current work; a failing handler is logged, never rethrown. */
  emit<K extends keyof DomainEventMap>(name: K, event: DomainEventMap[K]): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const handler of set) {
      // Called inside then(): a handler that throws synchronously becomes a rejection too, instead
      // of an exception escaping the microtask and ending the process.
      queueMicrotask(() => {
        Promise.resolve()
          .then(() => handler(event))
          .catch((error: unknown) =>
            this.logger.error(
              `${name} handler failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
      });
    }
  }
}
