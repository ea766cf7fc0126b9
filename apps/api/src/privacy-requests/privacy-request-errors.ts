import { conflict, notFound } from '../common/errors';
import type { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { OPEN_STATUSES, PrivacyRequest, PrivacyRequestStatus } from './privacy-request.entity';

/** The one 404 for every link that opens nothing: unknown, expired or already used up. */
export function invalidLink(): ProblemException {
  return notFound(
    'This link is not valid or has expired. Please use the link from your most recent e-mail, or file a new request.',
    ProblemType.InvalidLink,
  );
}

/** 409: the request's state does not allow the step. */
export function wrongState(detail: string): ProblemException {
  return conflict(detail, ProblemType.PrivacyRequestState);
}

export function isOpen(status: PrivacyRequestStatus): boolean {
  return (OPEN_STATUSES as readonly PrivacyRequestStatus[]).includes(status);
}

/** The request, or the 404 of an unknown id. */
export function requireFound(request: PrivacyRequest | null): PrivacyRequest {
  if (!request) throw notFound('No privacy request has this id.');
  return request;
}

/** The request if it is open (verified or in progress), or the 409 saying why it cannot be `verb`. */
export function requireOpen(request: PrivacyRequest | null, verb: string): PrivacyRequest {
  const found = requireFound(request);
  if (!isOpen(found.status)) {
    throw wrongState(
      found.status === PrivacyRequestStatus.Received
        ? 'The request has not been verified yet, so it cannot be ' + verb + '.'
        : `The request is ${found.status} already.`,
    );
  }
  return found;
}
