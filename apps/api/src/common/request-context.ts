import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Who is calling, once the access guard has checked the credential. */
export type Principal =
  | {
      kind: 'staff';
      userId: string;
      role: string;
      sessionId: string;
      mfaPending: boolean;
      /** The account's password was generated and must be changed before anything else. */
      passwordChangeRequired?: boolean;
    }
  | { kind: 'api_key'; keyId: string; scopes: string[]; surveyIds: string[] };

export interface RequestContext {
  requestId: string;
  /** Set by the access guard; the audit log reads it to name the actor. */
  principal?: Principal;
  /** The declared purpose of a personal-data read, checked against the configured list. */
  purpose?: string;
  /**
   * What the route's service adds to the audit event of a personal-data read (the filters it
   * applied, how many it returned): identifiers and counts only, never a personal value.
   */
  auditDetails?: Record<string, string | number | boolean | null | string[]>;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The request's path as the client sent it, without the query string (which may hold values). */
export function requestPath(req: Request): string {
  return req.originalUrl.split('?', 1)[0];
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The context of the request being handled, if any (none in scheduled jobs or start-up). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Gives every request an id (a caller's well-formed X-Request-Id is kept so traces join up),
 * echoes it on the response and makes it available to every log line written while handling it.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(REQUEST_ID_HEADER);
  const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  storage.run({ requestId }, () => next());
}
