import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { AppModule, AppModuleOptions } from './app.module';
import { PinoNestLogger } from './common/logger';
import { compressApiAnswers } from './common/compression';
import { rejectSecretsInUrl } from './common/no-secrets-in-url';
import { guardParsedBody, guardRequestText, verifyRawJson } from './common/input-guard';
import { ProblemException } from './common/problem';
import { problemErrorHandler } from './common/problem.filter';
import { currentRequestId, requestContextMiddleware, requestPath } from './common/request-context';
import { API_PREFIX, DOCS_PATH, noStore, securityHeaders } from './common/security-headers';
import { LOGO_UPLOAD_PATH } from './branding/logo-upload';
import { CONTACT_IMPORT_PATH } from './contacts/contact-imports.controller';
import { spaHandler } from './common/spa';
import type { AppConfig } from './config/app-config';
import { HealthService } from './health/health.service';
import { httpMetrics } from './observability/http-metrics';
import { publicMetricsRoute } from './observability/metrics-endpoint';
import { MetricsService } from './observability/metrics.service';
import { buildOpenApiDocument } from './openapi/openapi';
import { ProblemType } from './common/problem-types';

export interface CreateAppOptions {
  config: AppConfig;
  logger: Logger;
  withoutDatabase?: boolean;
  imports?: AppModuleOptions['imports'];
}

/** One access-log line per request: method, path without query string, status, duration. */
function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = currentRequestId();
    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](
        {
          requestId,
          method: req.method,
          path: requestPath(req),
          status,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request completed',
      );
    });
    next();
  };
}

/** Routes that read their request body as a stream (uploads). */
const STREAMED_BODY_PATHS: ReadonlySet<string> = new Set([`/${API_PREFIX}/${CONTACT_IMPORT_PATH}`]);

/** POST here takes a provider batch, under PROVIDER_BATCH_MAX_BYTES rather than BODY_LIMIT. */
const PROVIDER_BATCH_PATH = new RegExp(`^/${API_PREFIX}/provider/surveys/[^/]+/responses/?$`);

const documents = new WeakMap<NestExpressApplication, OpenAPIObject>();

export const SHUTTING_DOWN_TYPE = ProblemType.ShuttingDown;

/**
 * Tracks the requests being served so that a shutdown can let them finish on connections that
 * then close, and refuses (503, before any work) requests that arrive once it has begun.
 */
class Drain {
  private readonly inFlight = new Set<Response>();

  constructor(private readonly health: HealthService) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.health.draining) {
      res.setHeader('Connection', 'close');
      return next(
        new ProblemException(503, 'The server is shutting down; try again in a moment.', {
          type: SHUTTING_DOWN_TYPE,
          headers: { 'Retry-After': '1' },
        }),
      );
    }
    this.inFlight.add(res);
    res.once('close', () => this.inFlight.delete(res));
    next();
  };

  /** Readiness turns 503; each answer still to come closes its connection behind it. */
  begin(): void {
    this.health.beginDraining();
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  }
}

const drains = new WeakMap<NestExpressApplication, Drain>();

/** The OpenAPI document createApp built and serves at /api/docs-json. */
export function openApiDocumentOf(app: NestExpressApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('This application was not made by createApp.');
  return document;
}

/**
 * Builds the configured but not yet listening application; main.ts, the tests and the OpenAPI
 * generator all go through here so they see the same routes, pipes and headers.
 */
const OIDC_BACKCHANNEL_LOGOUT_PATH = `/${API_PREFIX}/auth/oidc/backchannel-logout`;

export async function createApp({
  config,
  logger,
  withoutDatabase = false,
  imports,
}: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, logger, withoutDatabase, imports }),
    {
      bodyParser: false,
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
      abortOnError: false,
    },
  );
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  const drain = new Drain(app.get(HealthService));
  drains.set(app, drain);
  const metrics = app.get(MetricsService);
  app.use(requestContextMiddleware);
  app.use(httpMetrics(metrics));
  app.use(accessLog(logger));
  app.use(drain.middleware);
  app.use(compressApiAnswers());
  app.use(...securityHeaders());
  app.use(noStore);
  app.use(rejectSecretsInUrl);
  app.use(publicMetricsRoute(metrics, config.observability.metrics));
  app.use(guardRequestText);
  // Uploads stream their body to the route itself, under the route's own size limit; provider
  // batches have their own, larger limit; every other body must be JSON.
  // Both parsers check the raw bytes (UTF-8, nesting depth) before parsing, and the parsed body
  // (NUL, lone surrogates, prototype keys) before any route sees it.
  const parseJson = express.json({ limit: config.bodyLimit, strict: true, verify: verifyRawJson });
  const parseBatch = express.json({
    limit: config.ingestion.providerBatchMaxBytes,
    strict: true,
    verify: verifyRawJson,
  });
  // The identity provider posts its back-channel logout token as a form (OIDC Back-Channel Logout).
  const parseLogoutForm = express.urlencoded({ limit: '16kb', extended: false, parameterLimit: 5 });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (STREAMED_BODY_PATHS.has(req.path)) return next();
    if (
      req.method === 'POST' &&
      req.path === OIDC_BACKCHANNEL_LOGOUT_PATH &&
      req.is('application/x-www-form-urlencoded')
    ) {
      return parseLogoutForm(req, res, next);
    }
    if (req.method === 'PUT' && LOGO_UPLOAD_PATH.test(req.path)) return next();
    // req.is() is null without a body and false when the body is of another type. A bodiless
    // POST may come chunked without a Content-Type: only a declared or non-empty body is judged.
    const declared = req.headers['content-type'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (declared && req.is(['application/json', 'application/*+json']) === false) {
      return next(
        new ProblemException(415, 'Send the request body as JSON (Content-Type: application/json).', {
          errors: [{ field: 'Content-Type', message: 'must be application/json' }],
        }),
      );
    }
    const parse = req.method === 'POST' && PROVIDER_BATCH_PATH.test(req.path) ? parseBatch : parseJson;
    return parse(req, res, (error?: unknown) => (error ? next(error) : guardParsedBody(req, res, next)));
  });
  app.use(problemErrorHandler(logger));
  app.use(spaHandler(config.staticDir));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });

  const document = buildOpenApiDocument(app);
  documents.set(app, document);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    ui: config.swaggerUi,
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'Survey platform API',
  });
  return app;
}

/**
 * How long connections without a request in progress are left open once shutdown begins: a
 * request already on its way over one is then answered 503 (with Connection: close) instead of
 * meeting a reset.
 */
const IDLE_GRACE_MS = 250;

/**
 * Shuts down in order: readiness answers 503 at once and new requests are refused; the server
 * stops accepting connections; requests in flight finish, their connections closing behind them
 * and idle keep-alive connections closed; then background work stops at its next safe point and
 * the database pool closes (app.close()). Requests still running after `drainTimeoutMs` are cut
 * so that the rest of the shutdown still happens.
 */
export async function closeGracefully(
  app: NestExpressApplication,
  { drainTimeoutMs = 30_000, onCut }: { drainTimeoutMs?: number; onCut?: (connections: number) => void } = {},
): Promise<void> {
  const server = app.getHttpServer() as Server;
  drains.get(app)?.begin();
  await new Promise<void>((resolve) => {
    let sweeper: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      sweeper = setInterval(() => server.closeIdleConnections(), 50);
    }, IDLE_GRACE_MS);
    const cut = setTimeout(() => {
      server.getConnections((_error, count) => onCut?.(count));
      server.closeAllConnections();
    }, drainTimeoutMs);
    // Stops listening at once. (http.Server#close would also drop, at once, connections whose
    // request has not been read yet; app.close() calls it once they are all gone.)
    NetServer.prototype.close.call(server, () => {
      clearTimeout(grace);
      clearInterval(sweeper);
      clearTimeout(cut);
      resolve();
    });
  });
  await app.close();
}
