import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MetricsService } from './metrics.service';
import { methodLabel, routeTemplateOf } from './route-template';

/** Seconds; from a fast cached read to a long export. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Counts every request and its latency by method, route template and status class
 * (`http_request_duration_seconds_count` is the request rate).
 */
export function httpMetrics(metrics: MetricsService): RequestHandler {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP requests served, by method, route template and status class, and how long they took',
    ['method', 'route', 'status_class'],
    LATENCY_BUCKETS,
  );
  const inFlight = metrics.gauge('http_requests_in_flight', 'HTTP requests being served');
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    inFlight.inc();
    let done = false;
    const observe = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      duration.observe(
        {
          method: methodLabel(req.method),
          route: routeTemplateOf(req),
          // A request the client gave up on before any answer is counted as such.
          status_class: res.headersSent ? `${Math.floor(res.statusCode / 100)}xx` : 'aborted',
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    };
    res.once('finish', observe);
    res.once('close', observe);
    next();
  };
}
