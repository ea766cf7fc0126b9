import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Everything comes from this origin: no CDN, font service or analytics can learn who visits. */
const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Powerful browser features none of our pages use, refused for every page and any frame in it:
 * an injected script cannot reach the camera, microphone, location or sensors. Only features
 * Chromium knows are named, since it reports unknown ones as console errors.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

/**
 * The respondent app's preview page, which the analyst app's questionnaire editor shows in a
 * frame. It alone may be framed, and only by pages of this origin; every other page (the survey
 * itself, the privacy forms, the console) stays unframeable, against clickjacking.
 */
export const FRAMEABLE_PATHS: ReadonlySet<string> = new Set(['/r/preview', '/r/preview/']);

export function securityHeaders(): RequestHandler[] {
  const strict = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  // Swagger UI's page carries inline <style> blocks; scripts stay external.
  const docs = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...STRICT_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] },
  });
  const framedBySelf = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...STRICT_DIRECTIVES, frameAncestors: ["'self'"] },
  });
  const sameOriginFrames = helmet.xFrameOptions({ action: 'sameorigin' });
  return [
    strict,
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      next();
    },
    (req: Request, res: Response, next: NextFunction) =>
      req.path === `/${DOCS_PATH}` || req.path.startsWith(`/${DOCS_PATH}/`) ? docs(req, res, next) : next(),
    (req: Request, res: Response, next: NextFunction) => {
      if (!FRAMEABLE_PATHS.has(req.path)) return next();
      framedBySelf(req, res, (error?: unknown) => (error ? next(error) : sameOriginFrames(req, res, next)));
    },
  ];
}

/** API answers may carry personal data: no browser or proxy may keep them. */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/') || req.path.startsWith('/health/')) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}
