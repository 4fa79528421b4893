import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, catchError, from, mergeMap, switchMap } from 'rxjs';
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN, type Clock } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import { IdempotencyRepository, type RequestKey } from './idempotency.repository.js';
import { withheldSecrets } from './withheld-secrets.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a repeat waits for the first attempt, still running, to finish before answering 409. */
const WAIT_FOR_FIRST_MS = 8_000;
const POLL_MS = 100;

/**
 * Answers a repeated write (same user, same request id) with the first attempt's answer instead
 * of doing it again: the browser retries after a time-out on greenhouse Wi-Fi without knowing
 * whether the first attempt arrived, and a cull or an order must count once.
 *
 * The record and the work commit separately: a crash between the two leaves the record pending,
 * and a repeat is then answered REQUEST_IN_PROGRESS rather than run twice (a person checks).
 * A failed attempt commits nothing (each service write is one transaction), so its record is
 * dropped and a repeat runs afresh.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /**
   * Failed attempts whose record could not be dropped (the database went away with the work): they
   * committed nothing, so a repeat drops the record then and runs afresh, instead of meeting a
   * record pending for good (REQUEST_IN_PROGRESS). Kept in memory: after a restart the ambiguity
   * is real (the work may have committed before a crash) and the record stays.
   */
  private readonly unreleased = new Set<string>();

  constructor(
    private readonly records: IdempotencyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers[REQUEST_ID_HEADER];
    if (!WRITES.has(request.method) || header === undefined) return next.handle();
    const requestId = Array.isArray(header) ? header[0] : header;
    if (requestId === undefined || !REQUEST_ID_PATTERN.test(requestId))
      throw DomainError.invalid(
        'REQUEST_ID_INVALID',
        `${REQUEST_ID_HEADER} must be 16-64 letters, digits, - or _`,
      );
    // Public writes (login, refresh) carry no user to scope the id to; they are safe to repeat.
    if (!request.user) return next.handle();
    const key: RequestKey = { userId: request.user.id, requestId };
    const path = request.originalUrl.split('?')[0] ?? request.originalUrl;

    return from(this.claim(key, request.method, path)).pipe(
      switchMap((fresh) => {
        if (!fresh) return from(this.replay(key, request.method, path, response));
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            // Stored without the secrets shown once; this first answer carries them.
            await this.records.complete(
              key,
              response.statusCode,
              withheldSecrets(body),
              new Date(this.clock.now()),
            );
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.records.release(key).catch(() => this.unreleased.add(unreleasedId(key)));
            throw error;
          }),
        );
      }),
    );
  }

  /** True when the request is new (or its only attempt failed); false when it is a repeat. */
  private async claim(key: RequestKey, method: string, path: string): Promise<boolean> {
    if (this.unreleased.has(unreleasedId(key))) {
      await this.records.release(key);
      this.unreleased.delete(unreleasedId(key));
    }
    return this.records.claim(key, method, path, new Date(this.clock.now()));
  }

  private async replay(key: RequestKey, method: string, path: string, response: Response): Promise<unknown> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const record = await this.records.find(key);
      if (record === null)
        // The first attempt failed and was forgotten between our claim and this read.
        throw DomainError.conflict('REQUEST_IN_PROGRESS', 'The first attempt is being retried; ask again');
      if (record.method !== method || record.path !== path)
        throw DomainError.conflict('REQUEST_ID_REUSED', 'This request id was used for another request');
      if (record.state === 'done') {
        response.setHeader('Idempotent-Replayed', 'true');
        return record.body;
      }
      if (Date.now() >= deadline)
        throw DomainError.conflict('REQUEST_IN_PROGRESS', 'The first attempt is still running');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

const unreleasedId = (key: RequestKey): string => `${key.userId} ${key.requestId}`;
