import type { ErrorCode, ErrorParams } from '#contracts';

export type { ErrorCode as DomainErrorCode } from '#contracts';

/** The parameters argument: required when the code has parameters, optional when it has none. */
type ParamsArgument<C extends ErrorCode> =
  ErrorParams[C] extends Record<string, never> ? [params?: ErrorParams[C]] : [params: ErrorParams[C]];

/**
 * A failure the caller can act on, with a code from the closed list in libs/contracts
 * (codes/error-codes.ts) and that code's typed parameters. The global filter maps it to HTTP as
 * `{ statusCode, code, message, params }`; `message` is English for logs, pages show the catalogue's
 * text for the code. Services throw it without knowing about HTTP.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly params: ErrorParams[C] | undefined;

  constructor(
    readonly code: C,
    message: string,
    readonly status: number,
    params?: ErrorParams[C],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.params = params;
  }

  static notFound<C extends ErrorCode>(
    code: C,
    message: string,
    ...params: ParamsArgument<C>
  ): DomainError<C> {
    return new DomainError(code, message, 404, params[0]);
  }

  static conflict<C extends ErrorCode>(
    code: C,
    message: string,
    ...params: ParamsArgument<C>
  ): DomainError<C> {
    return new DomainError(code, message, 409, params[0]);
  }

  /** A request a validator cannot judge alone (it needs the database or two fields together). */
  static invalid<C extends ErrorCode>(
    code: C,
    message: string,
    ...params: ParamsArgument<C>
  ): DomainError<C> {
    return new DomainError(code, message, 400, params[0]);
  }

  static forbidden(message = 'Not allowed for this account'): DomainError<'FORBIDDEN'> {
    return new DomainError('FORBIDDEN', message, 403);
  }
}

/** Narrows to a DomainError of any code (`instanceof` on the generic class gives `DomainError<any>`). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
