import type { Request } from 'express';

interface RouteLayer {
  route?: { path: string };
  match(path: string): boolean;
}

const API_OR_HEALTH = /^\/(?:api(?:\/|$)|health\/)/;

/** Route layers of the application's router (Express 5: `app.router.stack`). */
function routeLayers(req: Request): RouteLayer[] {
  const router = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router;
  return (router?.stack ?? []).filter((layer) => layer.route !== undefined);
}

/**
 * The route template a request was (or would have been) served by, as `/api/v1/surveys/:id`:
 * never the path itself, which carries ids. A request refused before it reached its route (bad
 * body, draining) is matched against the routes' patterns; anything else is `unmatched`, and
 * what the SPAs serve is `spa`.
 */
export function routeTemplateOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  const path = req.originalUrl.split('?', 1)[0];
  if (!API_OR_HEALTH.test(path)) return 'spa';
  for (const layer of routeLayers(req)) {
    try {
      if (layer.match(path)) return layer.route!.path;
    } catch {
      // A malformed path (bad percent-encoding) matches nothing.
    }
  }
  return 'unmatched';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The method, or OTHER for anything a client invented (labels stay a bounded set). */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
