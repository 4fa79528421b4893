import { describe, expect, it } from '@jest/globals';
import { DomainEvents } from './domain-events.js';

declare module './domain-events.js' {
  interface DomainEventMap {
    'test.pinged': { n: number };
  }
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

describe('DomainEvents', () => {
  it('delivers to every handler after the caller, and a handler that throws (synchronously or not) only logs', async () => {
    const events = new DomainEvents();
    const logged: string[] = [];
    (events as unknown as { logger: { error(message: string): void } }).logger = {
      error: (message) => logged.push(message),
    };
    const seen: number[] = [];
    events.on('test.pinged', () => {
      throw new Error('sync failure');
    });
    events.on('test.pinged', () => Promise.reject(new Error('async failure')));
    events.on('test.pinged', (event) => {
      seen.push(event.n);
    });

    events.emit('test.pinged', { n: 1 });
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual([1]);
    expect(logged.sort()).toEqual([
      'test.pinged handler failed: async failure',
      'test.pinged handler failed: sync failure',
    ]);
  });

  it('stops delivering to a handler once it unsubscribes', async () => {
    const events = new DomainEvents();
    const seen: number[] = [];
    const off = events.on('test.pinged', (event) => {
      seen.push(event.n);
    });
    events.emit('test.pinged', { n: 1 });
    await settle();
    off();
    events.emit('test.pinged', { n: 2 });
    await settle();
    expect(seen).toEqual([1]);
  });
});
