import { EntityManager } from 'typeorm';
import { newOpaqueToken, sha256 } from '../auth/opaque-tokens';
import { INVITATION_TOKEN_HEADER } from '../auth/access.decorator';
import { badRequest, notFound } from '../common/errors';
import type { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { Invitation } from './campaign.entity';
import { insertTokenHashes, invitationByTokenHash } from './invitations.repository';

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a URL fragment. */
const TOKEN_BYTES = 32;
export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export { INVITATION_TOKEN_HEADER } from '../auth/access.decorator';

/** 400 naming the header: a request that brings no token at all. */
export function invitationTokenRequired(): ProblemException {
  return badRequest(`The ${INVITATION_TOKEN_HEADER} header is required.`, ProblemType.InvalidInvitation, {
    errors: [{ field: INVITATION_TOKEN_HEADER, message: 'is required' }],
  });
}

/** The one 404 for every token that opens nothing (malformed, unknown, or its person being erased). */
export function invalidInvitation(): ProblemException {
  return notFound(
    'This survey link is not valid. Please use the link from your most recent invitation.',
    ProblemType.InvalidInvitation,
  );
}

/** Secret links: the plain token goes into one e-mail and nowhere else; only its hash is kept. */
export const InvitationTokens = {
  /** `issuedAt` (default: the database's now) starts each link's validity (INVITATION_LINK_DAYS). */
  async issue(manager: EntityManager, invitationIds: string[], issuedAt?: Date): Promise<string[]> {
    const tokens = invitationIds.map(() => newOpaqueToken('', TOKEN_BYTES));
    await insertTokenHashes(manager, tokens.map(sha256), invitationIds, issuedAt);
    return tokens;
  },

  /**
   * The invitation a token belongs to. Anything else (absent, malformed, unknown) is the same
   * 404, so an answer tells a guesser nothing about which tokens exist.
   */
  async resolve(manager: EntityManager, token: string | undefined, lock = false): Promise<Invitation> {
    if (token === undefined || token === '') throw invitationTokenRequired();
    if (!TOKEN_FORMAT.test(token)) throw invalidInvitation();
    const invitation = await invitationByTokenHash(manager, sha256(token), lock);
    if (!invitation) throw invalidInvitation();
    return invitation;
  },
};
