import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
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

/** Every error leaves the api as `{ statusCode, code, message, details }` with a stable code. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { body, headers } = this.toBody(error);
    if (body.statusCode >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): { body: ErrorBody; headers: Readonly<Record<string, string>> } {
    if (error instanceof DomainError) {
      const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
      if (error.details !== undefined) body.details = error.details;
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
