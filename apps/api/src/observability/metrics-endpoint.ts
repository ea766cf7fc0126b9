import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { notFound, unauthorized } from '../common/errors';
import type { MetricsConfig } from '../config/observability-config';
import type { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0];
}

function problem(res: ServerResponse, status: number, title: string, detail: string, headers = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/**
 * The listener of the metrics port: GET /metrics and nothing else, behind the token when one
 * is configured.
 */
export function metricsPortHandler(metrics: MetricsService, config: MetricsConfig) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (pathOf(req.url) !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return problem(res, 404, 'Not Found', 'This port serves GET /metrics only.');
    }
    if (config.token !== null && !bearerMatches(req.headers.authorization, config.token)) {
      return problem(res, 401, 'Unauthorized', 'Send the metrics token as Authorization: Bearer <token>.', {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    metrics.exposition().then(
      ({ contentType, text }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => problem(res, 500, 'Internal Server Error', 'The metrics could not be collected.'),
    );
  };
}

/**
 * /metrics on the public port: served there only behind the token (METRICS_TOKEN without
 * METRICS_PORT); otherwise 404, so it is never public and never falls through to the SPA.
 */
export function publicMetricsRoute(metrics: MetricsService, config: MetricsConfig) {
  const servedHere = config.enabled && config.port === null && config.token !== null;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== METRICS_PATH) return next();
    if (!servedHere) return next(notFound('Not found.'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return next(notFound('Not found.'));
    if (!bearerMatches(req.header('authorization'), config.token!)) {
      return next(
        unauthorized('Send the metrics token as Authorization: Bearer <token>.', undefined, {
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        }),
      );
    }
    metrics.exposition().then(({ contentType, text }) => {
      res.setHeader('Content-Type', contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).send(text);
    }, next);
  };
}
