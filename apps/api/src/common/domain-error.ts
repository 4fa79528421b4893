/**
 * A failure the caller can act on, with a stable code. The global filter maps it to HTTP as
 * `{ statusCode, code, message, details }`; services throw it without knowing about HTTP.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'TOO_MANY_ATTEMPTS'
  | 'TOKEN_INVALID'
  | (string & {});

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, details?: unknown): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`, 404, details);
  }

  static conflict(code: DomainErrorCode, message: string, details?: unknown): DomainError {
    return new DomainError(code, message, 409, details);
  }

  static invalid(message: string, details?: unknown): DomainError {
    return new DomainError('VALIDATION_FAILED', message, 400, details);
  }

  static forbidden(message = 'Not allowed for this account'): DomainError {
    return new DomainError('FORBIDDEN', message, 403);
  }
}
