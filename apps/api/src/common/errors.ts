import { HttpStatus } from '@nestjs/common';
import { ProblemException, type ProblemOptions } from './problem';
import type { ProblemType } from './problem-types';

/**
 * Named factories for the errors services and guards throw, instead of Nest's bare exceptions:
 * each says what went wrong in words a client can show (`detail`, never a personal value) and,
 * where a client acts on it, which ProblemType it is. The problem filter turns them into
 * application/problem+json. Field-level refusals use `invalidField` (common/problem.ts).
 */
function raise(status: HttpStatus, detail: string, type?: ProblemType, options: Omit<ProblemOptions, 'type'> = {}) {
  return new ProblemException(status, detail, { ...options, ...(type ? { type } : {}) });
}

/** 400: the request as a whole cannot be done (a field-level refusal is `invalidField`). */
export const badRequest = (detail: string, type?: ProblemType, options?: Omit<ProblemOptions, 'type'>) =>
  raise(HttpStatus.BAD_REQUEST, detail, type, options);

/** 401: no credential, or one that is not (or no longer) valid. */
export const unauthorized = (detail: string, type?: ProblemType, options?: Omit<ProblemOptions, 'type'>) =>
  raise(HttpStatus.UNAUTHORIZED, detail, type, options);

/** 403: a valid credential without the right to this. */
export const forbidden = (detail: string, type?: ProblemType, options?: Omit<ProblemOptions, 'type'>) =>
  raise(HttpStatus.FORBIDDEN, detail, type, options);

/** 404: nothing with that id, or nothing this caller may know exists. */
export const notFound = (detail: string, type?: ProblemType) => raise(HttpStatus.NOT_FOUND, detail, type);

/** 409: the resource's state does not allow it (closed survey, run in progress, …). */
export const conflict = (detail: string, type?: ProblemType, options?: Omit<ProblemOptions, 'type'>) =>
  raise(HttpStatus.CONFLICT, detail, type, options);

/** 410: it existed, and is gone for good (an expired link). */
export const gone = (detail: string, type?: ProblemType) => raise(HttpStatus.GONE, detail, type);

/** 422: well-formed, but not acceptable as a whole (an import file that cannot be read). */
export const unprocessable = (detail: string, type?: ProblemType, options?: Omit<ProblemOptions, 'type'>) =>
  raise(HttpStatus.UNPROCESSABLE_ENTITY, detail, type, options);

/** 503: the server cannot serve this for a moment; the client retries after `retryAfterSeconds`. */
export const unavailable = (detail: string, type: ProblemType, retryAfterSeconds: number) =>
  raise(HttpStatus.SERVICE_UNAVAILABLE, detail, type, { headers: { 'Retry-After': String(retryAfterSeconds) } });

/** 503 with no type or retry hint: this instance is not ready to serve (readiness probes). */
export const notReady = (detail: string) => raise(HttpStatus.SERVICE_UNAVAILABLE, detail);
