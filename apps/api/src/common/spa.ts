import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface SpaMount {
  prefix: string;
  dir: string;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/health/');
}

/**
 * Serves the built SPAs: the respondent app under /r/, the analyst app at /. Hashed assets are
 * cached for good; index.html never is, so a deployment takes effect at the next load. Paths
 * that are not files fall back to the app's index.html (client-side routing).
 */
export function spaHandler(staticDir: string): RequestHandler {
  const mounts: SpaMount[] = [
    { prefix: '/r', dir: join(staticDir, 'respondent') },
    { prefix: '', dir: join(staticDir, 'analyst') },
  ];
  const servers = new Map(
    mounts.map((mount) => [
      mount,
      express.static(mount.dir, {
        index: false,
        fallthrough: true,
        setHeaders: (res, path) => {
          res.setHeader(
            'Cache-Control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    ]),
  );

  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (req.path === '/r') return res.redirect(301, '/r/');
    const mount = mounts.find((m) => m.prefix === '' || req.path.startsWith(`${m.prefix}/`));
    if (!mount) return next();
    const index = join(mount.dir, 'index.html');
    if (!existsSync(index)) return next();
    const url = req.url;
    req.url = url.slice(mount.prefix.length) || '/';
    servers.get(mount)!(req, res, () => {
      req.url = url;
      if (req.path.includes('/assets/')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}
