import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  requestId: string;
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
