import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import { REQUEST_ID_HEADER } from '#contracts';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import type { IdempotencyRepository, RequestKey } from './idempotency.repository.js';
import type { RequestRecord } from './request-record.entity.js';

/** request_records in memory; `release` fails while `databaseDown` says so. */
function records(state: { databaseDown: boolean }) {
  const rows = new Map<string, Partial<RequestRecord>>();
  const id = (key: RequestKey) => `${key.userId} ${key.requestId}`;
  const unavailable = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  return {
    rows,
    repository: {
      claim: (key: RequestKey, method: string, path: string) => {
        if (rows.has(id(key))) return Promise.resolve(false);
        rows.set(id(key), { ...key, method, path, state: 'pending' });
        return Promise.resolve(true);
      },
      find: (key: RequestKey) => Promise.resolve((rows.get(id(key)) ?? null) as RequestRecord | null),
      complete: (key: RequestKey, statusCode: number, body: unknown) => {
        rows.set(id(key), { ...rows.get(id(key)), state: 'done', statusCode, body });
        return Promise.resolve();
      },
      release: (key: RequestKey) => {
        if (state.databaseDown) return unavailable();
        rows.delete(id(key));
        return Promise.resolve();
      },
    } as unknown as IdempotencyRepository,
  };
}

function post(requestId: string): ExecutionContext {
  const request = {
    method: 'POST',
    headers: { [REQUEST_ID_HEADER]: requestId },
    originalUrl: '/api/orders',
    user: { id: 'user-1' },
  };
  const response = { statusCode: 201, setHeader: () => undefined };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

/**
 * Issue 22's soak: an order placed as the database was killed failed with 503, and its request
 * record could not be dropped (the database was down). A retry with the same id, once the
 * database was back, was answered 409 REQUEST_IN_PROGRESS for good, although nothing had committed.
 */
describe('idempotency when the database goes away during a write', () => {
  it('runs a retry afresh once the failed attempt could not forget its id', async () => {
    const state = { databaseDown: false };
    const store = records(state);
    const interceptor = new IdempotencyInterceptor(store.repository, { now: () => Date.now(), speed: 1 });
    const requestId = 'order-0123456789abcdef';

    state.databaseDown = true;
    const failing: CallHandler = { handle: () => throwError(() => new Error('DATABASE_UNAVAILABLE')) };
    await expect(lastValueFrom(interceptor.intercept(post(requestId), failing))).rejects.toThrow();
    expect(store.rows.get(`user-1 ${requestId}`)?.state).toBe('pending');

    state.databaseDown = false;
    const working: CallHandler = { handle: () => of({ id: 'order-1' }) };
    await expect(lastValueFrom(interceptor.intercept(post(requestId), working))).resolves.toEqual({
      id: 'order-1',
    });
    expect(store.rows.get(`user-1 ${requestId}`)?.state).toBe('done');
  });
});
