import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';
import { DailyLogFiles } from './log-files.js';
import type { Metrics } from './metrics.js';

/** JSON logs (pino) for Nest's own logger and every module's `new Logger(context)`. */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}

/**
 * JSON lines to stdout (the journal under systemd) and, given a folder, to daily files there too
 * (DATA_DIR/logs: the diagnostics zip's logs, see log-files.ts).
 */
export function createLogger(level: string, logsDir?: string): Logger {
  const options = { level, base: { app: 'yumiao-api' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (logsDir === undefined || level === 'silent') return pino(options);
  return pino(
    options,
    pino.multistream([
      { level: level as pino.Level, stream: pino.destination(1) },
      { level: level as pino.Level, stream: new DailyLogFiles(logsDir) },
    ]),
  );
}

/** Gives each request an id (kept from X-Request-Id when sent), logs it and counts it. */
export function requestLogging(logger: Logger, metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const header = request.headers['x-request-id'];
    const requestId = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, seconds);
      if (request.path === '/health' || request.path === '/metrics') return;
      logger.info(
        {
          requestId,
          method: request.method,
          path: request.path,
          status: response.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  };
}
