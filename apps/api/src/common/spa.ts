import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

interface SpaMount {
  prefix: string;
  dir: string;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/health/');
}

/** Precompressed copies the build writes beside each text file (apps/spa-vite-config.mts). */
const VARIANTS = [
  { encoding: 'br', extension: '.br' },
  { encoding: 'gzip', extension: '.gz' },
] as const;

/** The weight (q) an Accept-Encoding header gives a coding; identity is acceptable unless refused. */
function weightOf(header: string, coding: string): number {
  let wildcard: number | undefined;
  for (const entry of header.split(',')) {
    const [name, ...parameters] = entry.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const value = Number.isFinite(weight) ? weight : 0;
    if (name.trim() === coding) return value;
    if (name.trim() === '*') wildcard = value;
  }
  return wildcard ?? (coding === 'identity' ? 1 : 0);
}

/**
 * The copy to send: the accepted one the header weighs most, brotli before gzip when equal
 * (browsers list gzip first, but brotli is smaller); none when the browser asked for neither.
 */
function chooseVariant<T extends { encoding: string }>(header: string | undefined, variants: T[]): T | undefined {
  if (!header) return undefined;
  let best: T | undefined;
  let bestWeight = weightOf(header, 'identity');
  for (const variant of variants) {
    const weight = weightOf(header, variant.encoding);
    if (weight > 0 && (best === undefined ? weight >= bestWeight : weight > bestWeight)) {
      best = variant;
      bestWeight = weight;
    }
  }
  return best;
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

/** The file a URL path names inside `dir`, or null when it names none (or tries to leave `dir`). */
function fileIn(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(`/${decoded}`).slice(1);
  if (relative === '' || relative.split(sep).some((part) => part.startsWith('.'))) return null;
  const file = join(dir, relative);
  return file.startsWith(dir + sep) && isFile(file) ? file : null;
}

/**
 * Sends a built file: its brotli or gzip copy when the browser accepts one (and it exists),
 * with the original's type, `Content-Encoding`, and `Vary: Accept-Encoding` whenever the answer
 * depends on that header, so that no cache serves brotli to a browser that asked for gzip.
 */
function sendBuilt(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  const variants = VARIANTS.filter((variant) => isFile(file + variant.extension));
  let sent = file;
  if (variants.length > 0) {
    res.vary('Accept-Encoding');
    const variant = chooseVariant(req.headers['accept-encoding'], variants);
    if (variant) {
      sent = file + variant.extension;
      res.setHeader('Content-Encoding', variant.encoding);
    }
  }
  res.type(extname(file));
  res.setHeader('Cache-Control', cacheControl);
  res.sendFile(sent, { dotfiles: 'deny', lastModified: true, etag: true }, (error?: Error) => {
    if (error && !res.headersSent) next(error);
  });
}

/**
 * Serves the built SPAs: the respondent app under /r/, the analyst app at /. Hashed assets are
 * cached for good; index.html (and anything else) is revalidated each time, so a deployment
 * takes effect at the next load. Paths that are not files fall back to the app's index.html
 * (client-side routing); a missing asset is a 404.
 */
export function spaHandler(staticDir: string): RequestHandler {
  const mounts: SpaMount[] = [
    { prefix: '/r', dir: join(staticDir, 'respondent') },
    { prefix: '', dir: join(staticDir, 'analyst') },
  ];

  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (req.path === '/r') return res.redirect(301, '/r/');
    const mount = mounts.find((m) => m.prefix === '' || req.path.startsWith(`${m.prefix}/`));
    if (!mount) return next();
    const index = join(mount.dir, 'index.html');
    if (!isFile(index)) return next();
    const path = req.path.slice(mount.prefix.length);
    const file = fileIn(mount.dir, path);
    if (file) {
      const hashed = file.startsWith(join(mount.dir, 'assets') + sep);
      return sendBuilt(req, res, next, file, hashed ? IMMUTABLE : 'no-cache');
    }
    if (path.startsWith('/assets/')) return next();
    sendBuilt(req, res, next, index, 'no-cache');
  };
}
