import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { StaffRefreshToken, StaffSession } from './staff-session.entity';

/** Why a session ended early. */
export type SessionRevocation = 'logout' | 'logout_everywhere' | 'refresh_token_reuse' | 'oidc_backchannel_logout';

/** staff_sessions and staff_refresh_tokens: staff sessions and the one-use tokens that renew them. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  createSession(
    session: Pick<StaffSession, 'userId' | 'tokenVersion' | 'mfaPending' | 'expiresAt'> &
      Partial<Pick<StaffSession, 'oidcSid'>>,
    tx?: EntityManager,
  ): Promise<StaffSession> {
    const manager = this.manager(tx);
    return manager.save(manager.create(StaffSession, session));
  }

  getSession(id: string, tx?: EntityManager): Promise<StaffSession> {
    return this.manager(tx).findOneByOrFail(StaffSession, { id });
  }

  /**
   * The session with its user, in one query (the query builder joins without the DISTINCT
   * pre-query findOne({ relations }) makes). It reads staff_users, which the users module owns:
   * this look-up runs on every staff request, and one join is cheaper than two round trips.
   */
  findSessionWithUser(id: string, tx?: EntityManager): Promise<StaffSession | null> {
    return this.manager(tx)
      .getRepository(StaffSession)
      .createQueryBuilder('session')
      .innerJoinAndSelect('session.user', 'user')
      .where('session.id = :id', { id })
      .getOne();
  }

  async revokeSession(id: string, at: Date, reason: SessionRevocation, tx?: EntityManager): Promise<void> {
    await this.manager(tx).update(StaffSession, { id }, { revokedAt: at, revokedReason: reason });
  }

  /** Revokes every session of the user not revoked already. */
  async revokeUserSessions(userId: string, at: Date, reason: SessionRevocation, tx?: EntityManager): Promise<void> {
    await this.manager(tx).update(
      StaffSession,
      { userId, revokedAt: IsNull() },
      { revokedAt: at, revokedReason: reason },
    );
  }

  /**
   * Revokes the live sessions a provider's logout token names: by its session id, or, without
   * one, every single sign-on session of the user. Returns how many ended.
   */
  async revokeOidcSessions(target: { userId: string; sid?: string }, at: Date, tx?: EntityManager): Promise<number> {
    const qb = this.manager(tx)
      .createQueryBuilder()
      .update(StaffSession)
      .set({ revokedAt: at, revokedReason: 'oidc_backchannel_logout' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId: target.userId });
    if (target.sid) qb.andWhere('oidc_sid = :sid', { sid: target.sid });
    else qb.andWhere('oidc_sid IS NOT NULL');
    const result = await qb.execute();
    return result.affected ?? 0;
  }

  /** The user of a live single sign-on session with this provider session id. */
  async userOfOidcSid(sid: string, tx?: EntityManager): Promise<string | undefined> {
    const session = await this.manager(tx).findOneBy(StaffSession, { oidcSid: sid, revokedAt: IsNull() });
    return session?.userId;
  }

  async clearMfaPending(sessionId: string, tx?: EntityManager): Promise<void> {
    await this.manager(tx).update(StaffSession, { id: sessionId }, { mfaPending: false });
  }

  async insertRefreshToken(sessionId: string, tokenHash: string, tx?: EntityManager): Promise<void> {
    await this.manager(tx).insert(StaffRefreshToken, { sessionId, tokenHash });
  }

  /** The refresh token with this hash, row-locked until the transaction ends. */
  lockRefreshToken(tokenHash: string, tx: EntityManager): Promise<StaffRefreshToken | null> {
    return tx
      .getRepository(StaffRefreshToken)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :hash', { hash: tokenHash })
      .getOne();
  }

  async markRefreshTokenUsed(id: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.manager(tx).update(StaffRefreshToken, { id }, { usedAt: at });
  }
}
