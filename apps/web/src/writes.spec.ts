import { describe, expect, it } from '@jest/globals';
import type { RequestCheck } from '#contracts';
import { newRequestId, reliableWrite, unconfirmedWrites, UnconfirmedError } from './writes.ts';

const FAST = { timeoutMs: 50, checkEveryMs: 10, giveUpMs: 400 };

/** A send that never answers: the greenhouse Wi-Fi dropped the reply. */
const hang = (signal: AbortSignal) =>
  new Promise<Response>((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted'))),
  );

describe('reliableWrite', () => {
  it('makes 128-bit ids without crypto.randomUUID (plain-HTTP LAN origins lack it)', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('asks the server after a time-out and takes the answer it kept', async () => {
    const sent: string[] = [];
    const seen: number[] = [];
    const off = unconfirmedWrites.subscribe((n) => seen.push(n));
    const kept: RequestCheck = { requestId: '', state: 'done', statusCode: 201, body: { culled: 500 } };
    const answer = await reliableWrite(
      {
        send: (id, signal) => {
          sent.push(id);
          return hang(signal);
        },
        check: async (id) => ({ ...kept, requestId: id }),
      },
      FAST,
    );
    off();
    expect(sent).toHaveLength(1);
    expect(answer).toEqual({ ...kept, requestId: sent[0] });
    // The page showed 未确认，正在核对… while it checked, and stopped showing it after.
    expect(seen).toEqual([1, 0]);
  });

  it('re-sends with the same id only when the server never saw the write', async () => {
    const sent: string[] = [];
    const answer = await reliableWrite(
      {
        send: (id, signal) => {
          sent.push(id);
          return sent.length === 1 ? hang(signal) : Promise.resolve(new Response('{"ok":true}'));
        },
        check: async (id) => ({ requestId: id, state: 'unknown' }),
      },
      FAST,
    );
    expect(answer).toBeInstanceOf(Response);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
  });

  it('keeps checking while the first attempt still runs, then gives up honestly', async () => {
    const checks: string[] = [];
    await expect(
      reliableWrite(
        {
          send: (_id, signal) => hang(signal),
          check: async (id) => {
            checks.push(id);
            return { requestId: id, state: 'pending' };
          },
        },
        FAST,
      ),
    ).rejects.toBeInstanceOf(UnconfirmedError);
    expect(checks.length).toBeGreaterThan(3);
    expect(unconfirmedWrites.get()).toBe(0);
  });
});
