import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../database/connection-errors.js';
import { isDomainError } from './domain-error.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** A domain error's parameters (libs/contracts codes/error-codes.ts). */
  params?: unknown;
  /** A validation error's problems: `{ field, constraint, params }` each. */
  details?: unknown;
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_ATTEMPTS',
};

/**
 * A PostgreSQL data exception (SQLSTATE class 22: a value out of range, a bad date, a NUL byte in
 * text) raised by the request's own values, as TypeORM's QueryFailedError or pg's DatabaseError.
 */
export function postgresDataError(error: unknown): { code: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driver = (error as { driverError?: unknown }).driverError;
  const source = (typeof driver === 'object' && driver !== null ? driver : error) as {
    code?: unknown;
    message?: unknown;
  };
  if (typeof source.code !== 'string' || !/^22[0-9A-Z]{3}$/.test(source.code)) return undefined;
  return { code: source.code, message: typeof source.message === 'string' ? source.message : '' };
}

/** Every error leaves the api as `{ statusCode, code, message, details }` with a stable code. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const dataError = postgresDataError(error);
    if (dataError) {
      // A validator should have refused this value before it reached the database: say which.
      const request = host.switchToHttp().getRequest<Request>();
      this.logger.warn(
        `missed validator: ${request.method} ${request.originalUrl} reached PostgreSQL, SQLSTATE ${dataError.code}: ${dataError.message}`,
      );
      response.status(400).json({
        statusCode: 400,
        code: 'INVALID_VALUE',
        message: 'A value in the request is out of range or malformed',
      } satisfies ErrorBody);
      return;
    }
    const { body, headers } = this.toBody(error);
    // An outage is logged once by the database status, not once per request (docs/operations.md).
    if (body.statusCode >= 500 && body.code !== 'DATABASE_UNAVAILABLE')
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): { body: ErrorBody; headers: Readonly<Record<string, string>> } {
    if (isDomainError(error)) {
      const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
      if (error.params !== undefined) body.params = error.params;
      return { body, headers: error.headers ?? {} };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const fromResponse =
        typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const code =
        typeof fromResponse['code'] === 'string' ? fromResponse['code'] : (CODE_BY_STATUS[status] ?? 'ERROR');
      const body: ErrorBody = {
        statusCode: status,
        code,
        message: typeof fromResponse['message'] === 'string' ? fromResponse['message'] : error.message,
      };
      if (fromResponse['details'] !== undefined) body.details = fromResponse['details'];
      return { body, headers: {} };
    }
    if (isDatabaseUnavailable(error)) {
      return {
        body: {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          code: 'DATABASE_UNAVAILABLE',
          message: 'The database is not available right now; try again shortly',
        },
        headers: { 'Retry-After': '5' },
      };
    }
    return {
      body: {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        code: 'INTERNAL',
        message: 'Internal server error',
      },
      headers: {},
    };
  }
}
