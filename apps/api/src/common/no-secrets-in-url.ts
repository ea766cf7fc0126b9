import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './errors';

/**
 * Query parameters that would carry a credential. URLs end up in access logs, proxies, browser
 * history and Referer headers, so a request that puts one there is refused outright rather than
 * served: the caller learns at once to use the header instead.
 */
const CREDENTIAL_PARAMETERS = new Set([
  'token',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'invitation_token',
  'invitationtoken',
  'api_key',
  'apikey',
  'key',
  'secret',
  'password',
  'jwt',
  'session',
]);

export function rejectSecretsInUrl(req: Request, _res: Response, next: NextFunction): void {
  const query = req.originalUrl.split('?', 2)[1];
  if (query) {
    for (const name of new URLSearchParams(query).keys()) {
      if (CREDENTIAL_PARAMETERS.has(name.toLowerCase().replace(/-/g, '_').replace(/^x_/, ''))) {
        return next(
          badRequest(
            `Credentials are not accepted in the URL (parameter "${name}"). Send them in the Authorization, ` +
              'X-API-Key or X-Invitation-Token header.',
          ),
        );
      }
    }
  }
  next();
}
