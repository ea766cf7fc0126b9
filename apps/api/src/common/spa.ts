import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/health/');
}

/** Vite names every file it emits under assets/ `<name>-<content hash>.<ext>`: they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether a URL path can be decoded: express-static-gzip answers a bare 400 text otherwise. */
function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves one built app from `dir`, mounted at its prefix. express-static-gzip sends a file's
 * brotli or gzip copy (`<file>.br`, `<file>.gz`, written by the build beside each text file,
 * apps/spa-vite-config.mts) when the browser accepts one, with the original's type,
 * `Content-Encoding`, and `Vary: Accept-Encoding` on every file that has copies, so that no cache
 * serves brotli to a browser that asked for gzip. It reads which copies exist when the server
 * starts. A path that names no file is a client-side route and gets index.html; under assets/ it
 * is a missing asset, and the router is left (the API answers 404).
 */
function builtApp(dir: string): RequestHandler {
  const index = join(dir, 'index.html');
  const assets = join(dir, 'assets') + sep;
  const serve = expressStaticGzip(dir, {
    enableBrotli: true,
    // Browsers list gzip before br at the same weight; brotli is smaller, so it goes first
    // whenever the browser accepts it.
    orderPreference: ['br'],
    index: 'index.html',
    serveStatic: {
      // A directory without a trailing slash is a client-side route, not a redirect.
      redirect: false,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader('Cache-Control', path.startsWith(assets) ? IMMUTABLE : 'no-cache'),
    },
  }) as RequestHandler;

  const sendIndex = (req: Request, res: Response, next: NextFunction): void => {
    const url = req.url;
    req.url = '/index.html';
    void serve(req, res, (error?: unknown) => {
      req.url = url;
      next(error ?? 'router');
    });
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (!isFile(index)) return next('router');
    if (!decodable(req.path)) return req.path.startsWith('/assets/') ? next('router') : sendIndex(req, res, next);
    void serve(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.path.startsWith('/assets/')) return next('router');
      sendIndex(req, res, next);
    });
  };
}

/**
 * Serves the built SPAs: the respondent app under /r/, the analyst app at /. Hashed assets are
 * cached for good; index.html (and anything else) is revalidated each time, so a deployment
 * takes effect at the next load. Paths that are not files fall back to the app's index.html
 * (client-side routing); a missing asset is a 404.
 */
export function spaHandler(staticDir: string): RequestHandler {
  const apps = Router();
  apps.use('/r', builtApp(join(staticDir, 'respondent')));
  apps.use(builtApp(join(staticDir, 'analyst')));

  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (req.path === '/r') return res.redirect(301, '/r/');
    apps(req, res, next);
  };
}
