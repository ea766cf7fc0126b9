import { NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ProblemException } from '../common/problem';
import { Invitation, InvitationToken } from './campaign.entity';

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a URL fragment. */
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export const INVITATION_TOKEN_HEADER = 'X-Invitation-Token';
export const INVALID_INVITATION_TYPE = 'urn:survey:problem:invalid-invitation';

function hash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Secret links: the plain token goes into one e-mail and nowhere else; only its hash is kept. */
export const InvitationTokens = {
  async issue(manager: EntityManager, invitationIds: string[]): Promise<string[]> {
    const tokens = invitationIds.map(() => randomBytes(TOKEN_BYTES).toString('base64url'));
    await manager.query(
      `INSERT INTO invitation_tokens (token_hash, invitation_id)
       SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
      [tokens.map(hash), invitationIds],
    );
    return tokens;
  },

  /**
   * The invitation a token belongs to. Anything else (absent, malformed, unknown) is the same
   * 404, so an answer tells a guesser nothing about which tokens exist.
   */
  async resolve(manager: EntityManager, token: string | undefined, lock = false): Promise<Invitation> {
    const invalid = () =>
      new ProblemException(
        404,
        'This survey link is not valid. Please use the link from your most recent invitation.',
        {
          type: INVALID_INVITATION_TYPE,
        },
      );
    if (token === undefined || token === '') {
      throw new ProblemException(400, `The ${INVITATION_TOKEN_HEADER} header is required.`, {
        type: INVALID_INVITATION_TYPE,
        errors: [{ field: INVITATION_TOKEN_HEADER, message: 'is required' }],
      });
    }
    if (!TOKEN_FORMAT.test(token)) throw invalid();
    const found = await manager.findOne(InvitationToken, { where: { tokenHash: hash(token) } });
    if (!found) throw invalid();
    const invitation = await manager.findOne(Invitation, {
      where: { id: found.invitationId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!invitation) throw new NotFoundException();
    return invitation;
  },
};
