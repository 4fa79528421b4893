import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '#config';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { useRequestLimits } from './common/request-limits.js';
import { StorableTextPipe, createValidationPipe } from './common/validation.js';
import { securityHeaders } from './http/security-headers.js';
import { indexAssets, precompressedStatic, sendAsset } from './http/static-assets.js';
import { Metrics } from './observability/metrics.js';
import { loadJwtSecret } from './auth/jwt-secret-file.js';
import { PinoLoggerService, createLogger, requestLogging } from './observability/logger.js';
import type { RuntimeServices } from './runtime/runtime-services.js';
import { AdminAccount } from './seed/admin-account.js';
import { SeedRegistry } from './seed/seed-registry.js';

/** Built web app: dist/apps/api/src → apps/web/dist (or the source tree under ts-jest). */
export const WEB_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  findRepoRoot(),
  'apps/web/dist',
);

function findRepoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..';
}

/**
 * Builds the Nest application: runs migrations (at init), the first manager from ADMIN_PHONE and,
 * with DEMO_SEED, the demo data. It does not listen; main.ts and the tests do.
 */
export async function createApp(config: AppConfig, services: RuntimeServices): Promise<INestApplication> {
  const logger = createLogger(config.logLevel, path.join(config.dataDir, 'logs'));
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, services, loadJwtSecret(config)),
    {
      logger: new PinoLoggerService(logger),
      // Registered by useRequestLimits with a size limit, a depth limit and JSON errors.
      bodyParser: false,
    },
  );
  app.set('trust proxy', 'loopback');
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready', 'metrics'] });
  app.use(requestLogging(logger, app.get(Metrics)));
  app.use(securityHeaders({ httpsOnly: config.httpsOnly }));
  // API JSON over a village link: worth compressing from about one TCP packet up. The dashboard's
  // files come precompressed (static-assets.ts), which compression leaves alone.
  app.use(compression({ threshold: 1024 }));
  app.enableCors({ origin: config.corsOrigins === true ? true : [...config.corsOrigins], credentials: true });
  useRequestLimits(app);
  app.useGlobalPipes(new StorableTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const openApi = new DocumentBuilder()
    .setTitle('Yumiao 育苗 API')
    .setDescription('Nursery management: telemetry, batches, orders, alarms and control')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  serveWebApp(app);

  await app.init();
  await app.get(AdminAccount).ensure();
  if (config.demoSeed) await app.get(SeedRegistry).runAll();
  return app;
}

/** The dashboard when it is built; until then a small page pointing to the API docs. */
function serveWebApp(app: NestExpressApplication): void {
  const assets = existsSync(path.join(WEB_DIST, 'index.html')) ? indexAssets(WEB_DIST) : undefined;
  const index = assets?.get('/index.html');
  if (assets !== undefined && index !== undefined) {
    app.use(precompressedStatic(assets));
    const express = app.getHttpAdapter().getInstance() as {
      get(path: RegExp, handler: (req: Request, res: Response, next: NextFunction) => void): void;
    };
    // Client-side routes fall back to index.html; the api, docs, health and sockets keep theirs.
    express.get(/^\/(?!api\/|api$|health|metrics|socket\.io).*/, (request, response, next) => {
      if (request.method !== 'GET' || path.extname(request.path) !== '') return next();
      sendAsset(request, response, index, next);
    });
    return;
  }
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: Request, res: Response) => void): void;
  };
  express.get('/', (_request, response) => {
    response
      .type('html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>育苗 Yumiao</title><h1>育苗 Yumiao</h1><p>API: <a href="/api/docs">/api/docs</a></p>',
      );
  });
}
