import { Inject, Injectable } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import { Secret, TOTP } from 'otpauth';
import type { EntityManager } from 'typeorm';
import type { AuditDetails } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden, unauthorized } from '../common/errors';
import type { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { StaffUser } from '../users/staff-user.entity';
import { toStaffUserDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import type { StaffPrincipal } from './access.decorator';
import { ChangePasswordDto, LoginDto, MeDto, TokensDto, TotpSetupDto } from './auth.dto';
import { AuthRepository } from './auth.repository';
import { LoginThrottle } from './login-throttle';
import { newOpaqueToken, randomChars, sha256Hex } from './opaque-tokens';
import { verifyPassword } from './passwords';
import { ROLES_REQUIRING_MFA } from './roles';
import { SecretBox } from './secret-box';
import { StaffSession } from './staff-session.entity';

export const JWT_ISSUER = 'survey-api';
export const JWT_AUDIENCE = 'survey-staff';
export const JWT_ALGORITHM = 'HS256';
const REFRESH_TOKEN_PREFIX = 'srt_';
const RECOVERY_CODES = 10;
const TOTP_ISSUER = 'Survey platform';

/** The claims of a staff access token. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  ver: number;
}

/** Also the answer to the right password without its code: the answer must not tell them apart. */
function invalidCredentials(): ProblemException {
  return unauthorized(
    'The e-mail address or password is wrong, or the account needs its one-time code (otp) or a recovery code.',
    ProblemType.InvalidCredentials,
  );
}

function invalidRefreshToken(): ProblemException {
  return unauthorized('The refresh token is invalid, used or expired; log in again.', ProblemType.InvalidCredentials);
}

/** Ten groups of base32 look alike on paper; four-four-four is easy to type. */
function newRecoveryCode(): string {
  const chars = randomChars('abcdefghjkmnpqrstuvwxyz23456789', 12);
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/\s+/g, '');
}

@Injectable()
export class AuthService {
  private readonly totpBox: SecretBox;

  constructor(
    private readonly sessions: AuthRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {
    this.totpBox = new SecretBox(config.secrets.masterKey, 'staff-totp');
  }

  /**
   * Password, then the second factor if one is enrolled. Every refusal is the same 401 (or, while
   * the name is locked, the same 429) after the same work: an unknown account, a deactivated one,
   * a wrong password, and the right password without its code or with a wrong one. So an answer
   * never tells whether the password was right; only a login that succeeds does.
   */
  async login(dto: LoginDto, ip: string): Promise<TokensDto> {
    const secondFactorGiven = Boolean(dto.otp || dto.recoveryCode);
    const gate = await this.throttle.admit(dto.email, ip, secondFactorGiven);
    const user = await this.users.findByEmail(dto.email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, dto.password);
    const ssoOnly = Boolean(user?.oidcSubject) && this.config.oidc?.passwordLoginForSsoUsers === false;
    let refusal = !user
      ? 'unknown_account'
      : !user.active
        ? 'inactive_account'
        : !passwordOk
          ? 'wrong_password'
          : ssoOnly
            ? 'single_sign_on_only'
            : null;
    if (user && !refusal) {
      if (user.totpEnabled) {
        if (!secondFactorGiven) refusal = 'second_factor_missing';
        else if (gate.secondFactorLocked) refusal = 'second_factor_locked';
        else if (!(await this.acceptSecondFactor(user, dto))) refusal = dto.otp ? 'wrong_otp' : 'wrong_recovery_code';
      } else if (gate.nameLock) {
        // Only a second factor passes the name lock.
        refusal = 'account_locked';
      }
    }
    if (refusal) {
      const wrongCode = refusal === 'wrong_otp' || refusal === 'wrong_recovery_code';
      await this.throttle.failed(dto.email, { gate, secondFactorGiven, wrongCode });
      await this.audit.record({
        action: 'auth.login',
        resourceType: 'staff_session',
        outcome: 'failure',
        actor: user ? { type: 'staff', id: user.id } : { type: 'anonymous', id: null },
        details: { reason: refusal, accountLocked: gate.nameLock !== null },
      });
      throw gate.nameLock ?? invalidCredentials();
    }
    await this.throttle.succeeded(dto.email);
    return this.openSession(user!, {
      secondFactor: user!.totpEnabled ? (dto.otp ? 'totp' : 'recovery_code') : 'none',
      ...(gate.nameLock ? { passedAccountLock: true } : {}),
    });
  }

  private acceptSecondFactor(user: StaffUser, dto: LoginDto): Promise<boolean> {
    return dto.otp ? this.acceptTotp(user, dto.otp) : this.consumeRecoveryCode(user, dto.recoveryCode!);
  }

  /**
   * Starts a session for a user whose credentials were checked, and audits the login. A role
   * that requires a second factor, without one enrolled, gets a session that may only enrol it.
   */
  async openSession(
    user: StaffUser,
    details: AuditDetails = {},
    sso?: { oidcSid: string | null; mfaPending: boolean },
  ): Promise<TokensDto> {
    // A single sign-on without the provider's second factor waits for the local one (enrolled or not).
    const mfaPending = sso ? sso.mfaPending : ROLES_REQUIRING_MFA.includes(user.role) && !user.totpEnabled;
    return this.transactions.run(async (manager) => {
      const session = await this.sessions.createSession(
        {
          userId: user.id,
          tokenVersion: user.tokenVersion,
          mfaPending,
          oidcSid: sso?.oidcSid ?? null,
          expiresAt: new Date(this.clock.now().getTime() + this.config.auth.sessionTtlSeconds * 1000),
        },
        manager,
      );
      await this.users.recordLogin(user.id, manager);
      const tokens = await this.issueTokens(manager, user, session);
      // Last in the transaction: the audit chain's lock is then held only until the commit.
      await this.audit.record(
        {
          action: 'auth.login',
          resourceType: 'staff_session',
          resourceId: session.id,
          actor: { type: 'staff', id: user.id },
          details: { ...details, mfaEnrolmentRequired: mfaPending },
        },
        manager,
      );
      return tokens;
    });
  }

  private async issueTokens(manager: EntityManager, user: StaffUser, session: StaffSession): Promise<TokensDto> {
    const refreshToken = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    await this.sessions.insertRefreshToken(session.id, sha256Hex(refreshToken), manager);
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const claims: Omit<AccessTokenClaims, 'sub'> = { sid: session.id, ver: session.tokenVersion };
    const accessToken = sign(claims, this.config.secrets.jwtSecret, {
      algorithm: JWT_ALGORITHM,
      subject: user.id,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: ttl,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      refreshToken,
      sessionExpiresAt: session.expiresAt.toISOString(),
      mfaEnrolmentRequired: session.mfaPending,
      user: this.toMe(user, session.mfaPending),
    };
  }

  /**
   * Trades a refresh token for new tokens. Each refresh token works once: presenting a used one
   * means it was stolen or replayed, so the whole session is revoked.
   */
  async refresh(refreshToken: string): Promise<TokensDto> {
    // Refusals are returned, not thrown, so that revoking a session on reuse still commits.
    const outcome = await this.transactions.run(async (manager) => {
      const token = await this.sessions.lockRefreshToken(sha256Hex(refreshToken), manager);
      if (!token) return { error: invalidRefreshToken() };
      const session = await this.sessions.getSession(token.sessionId, manager);
      if (token.usedAt) {
        if (!session.revokedAt) {
          await this.sessions.revokeSession(session.id, this.clock.now(), 'refresh_token_reuse', manager);
          await this.audit.record(
            {
              action: 'auth.refresh_token_reused',
              resourceType: 'staff_session',
              resourceId: session.id,
              outcome: 'denied',
              actor: { type: 'staff', id: session.userId },
            },
            manager,
          );
        }
        return { error: invalidRefreshToken() };
      }
      const user = await this.users.findById(session.userId, manager);
      if (!user || !this.sessionIsLive(session, user)) return { error: invalidRefreshToken() };
      await this.sessions.markRefreshTokenUsed(token.id, this.clock.now(), manager);
      return { tokens: await this.issueTokens(manager, user, session) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }

  private sessionIsLive(session: StaffSession, user: StaffUser): boolean {
    return (
      session.revokedAt === null &&
      session.expiresAt.getTime() > this.clock.now().getTime() &&
      user.active &&
      session.tokenVersion === user.tokenVersion
    );
  }

  /**
   * Checks a verified access token against the database on every request, so logout,
   * deactivation and role changes take effect at once. Returns null to refuse.
   */
  async principalFor(claims: AccessTokenClaims): Promise<StaffPrincipal | null> {
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || typeof claims.ver !== 'number') return null;
    if (!/^[0-9a-f-]{36}$/i.test(claims.sid)) return null;
    const session = await this.sessions.findSessionWithUser(claims.sid);
    if (!session?.user || session.userId !== claims.sub || session.tokenVersion !== claims.ver) return null;
    if (!this.sessionIsLive(session, session.user)) return null;
    return {
      kind: 'staff',
      userId: session.userId,
      role: session.user.role,
      sessionId: session.id,
      mfaPending: session.mfaPending,
      passwordChangeRequired: session.user.mustChangePassword,
    };
  }

  async logout(principal: StaffPrincipal, allSessions: boolean): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (allSessions) {
        await this.users.endAllSessions(principal.userId, manager);
        await this.sessions.revokeUserSessions(principal.userId, this.clock.now(), 'logout_everywhere', manager);
      } else {
        await this.sessions.revokeSession(principal.sessionId, this.clock.now(), 'logout', manager);
      }
      await this.audit.record(
        {
          action: allSessions ? 'auth.logout_everywhere' : 'auth.logout',
          resourceType: 'staff_session',
          resourceId: principal.sessionId,
        },
        manager,
      );
    });
  }

  async me(principal: StaffPrincipal): Promise<MeDto> {
    return this.toMe(await this.users.getById(principal.userId), principal.mfaPending);
  }

  private toMe(user: StaffUser, mfaPending: boolean): MeDto {
    return {
      ...toStaffUserDto(user),
      mfaEnrolmentPending: mfaPending,
      passwordChangeRequired: user.mustChangePassword,
    };
  }

  /** Changing one's password ends every session, this one included: log in again. */
  async changePassword(principal: StaffPrincipal, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.getById(principal.userId);
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      await this.audit.record({
        action: 'auth.password_change',
        resourceType: 'staff_user',
        resourceId: user.id,
        outcome: 'failure',
        details: { reason: 'wrong_current_password' },
      });
      throw badRequest('The current password is wrong.', ProblemType.InvalidCredentials, {
        errors: [{ field: 'currentPassword', message: 'currentPassword is wrong', reason: 'incorrect' }],
      });
    }
    await this.users.setPassword(principal.userId, principal.userId, dto.newPassword);
  }

  /** Starts enrolment: a new secret, kept encrypted, not active until a code from it is confirmed. */
  async setupTotp(principal: StaffPrincipal): Promise<TotpSetupDto> {
    return this.transactions.run(async (manager) => {
      const user = await this.users.lockUser(manager, principal.userId);
      if (user.totpEnabled) throw conflict('A second factor is already enrolled; an administrator can reset it.');
      const secret = new Secret({ size: 20 }).base32;
      user.totpSecret = this.totpBox.seal(secret);
      await this.users.save(user, manager);
      await this.audit.record(
        { action: 'auth.mfa_setup_started', resourceType: 'staff_user', resourceId: user.id },
        manager,
      );
      const totp = new TOTP({ issuer: TOTP_ISSUER, label: user.email, secret: Secret.fromBase32(secret) });
      return { secret, otpauthUri: totp.toString() };
    });
  }

  /**
   * A single sign-on session whose provider did not assert a second factor, of an account that
   * has one enrolled: the one-time code (or a recovery code) lifts the session's limit.
   */
  async verifySecondFactor(principal: StaffPrincipal, dto: { otp?: string; recoveryCode?: string }): Promise<void> {
    const user = await this.users.getById(principal.userId);
    if (!principal.mfaPending || !user.totpEnabled) throw conflict('This session does not wait for a one-time code.');
    const ok = dto.otp
      ? await this.acceptTotp(user, dto.otp)
      : dto.recoveryCode
        ? await this.consumeRecoveryCode(user, dto.recoveryCode)
        : false;
    if (!ok) {
      await this.audit.record({
        action: 'auth.login',
        resourceType: 'staff_session',
        resourceId: principal.sessionId,
        outcome: 'failure',
        details: { reason: dto.otp ? 'wrong_otp' : 'wrong_recovery_code', method: 'oidc' },
      });
      throw unauthorized('The one-time code is wrong.', ProblemType.InvalidCredentials);
    }
    await this.sessions.clearMfaPending(principal.sessionId);
  }

  /** Confirms enrolment with a code, returns the recovery codes once, and lifts the enrolment-only limit. */
  async confirmTotp(principal: StaffPrincipal, otp: string): Promise<string[]> {
    return this.transactions.run(async (manager) => {
      const user = await this.users.lockUser(manager, principal.userId);
      if (user.totpEnabled) throw conflict('A second factor is already enrolled.');
      if (!user.totpSecret) throw conflict('Start with POST /auth/mfa/totp/setup.');
      const accepted = this.checkTotp(user, otp);
      if (!accepted) {
        await this.audit.record(
          { action: 'auth.mfa_enabled', resourceType: 'staff_user', resourceId: user.id, outcome: 'failure' },
          manager,
        );
        throw badRequest('The one-time code is wrong.', ProblemType.InvalidCredentials, {
          errors: [{ field: 'otp', message: 'otp does not match the authenticator secret' }],
        });
      }
      const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
      user.totpEnabled = true;
      user.totpLastStep = String(accepted.timeStep);
      user.recoveryCodeHashes = codes.map((code) => sha256Hex(normaliseRecoveryCode(code)));
      await this.users.save(user, manager);
      await this.sessions.clearMfaPending(principal.sessionId, manager);
      await this.audit.record({ action: 'auth.mfa_enabled', resourceType: 'staff_user', resourceId: user.id }, manager);
      return codes;
    });
  }

  async disableTotp(principal: StaffPrincipal, password: string, otp: string): Promise<void> {
    const user = await this.users.getById(principal.userId);
    if (ROLES_REQUIRING_MFA.includes(user.role)) {
      throw forbidden('Your role requires a second factor; it cannot be turned off.');
    }
    if (!user.totpEnabled) throw conflict('No second factor is enrolled.');
    const passwordOk = await verifyPassword(user.passwordHash, password);
    if (!passwordOk || !(await this.acceptTotp(user, otp))) {
      throw unauthorized('The password or one-time code is wrong.', ProblemType.InvalidCredentials);
    }
    await this.transactions.run(async (manager) => {
      await this.users.removeSecondFactor(user.id, manager);
      await this.audit.record(
        { action: 'auth.mfa_disabled', resourceType: 'staff_user', resourceId: user.id },
        manager,
      );
    });
  }

  /** RFC 6238 with SHA-1, 6 digits, 30 s, one step of clock drift either way; a step already used is refused. */
  private checkTotp(user: StaffUser, otp: string): { timeStep: number } | null {
    if (!user.totpSecret) return null;
    const timestamp = this.clock.now().getTime();
    const secret = Secret.fromBase32(this.totpBox.open(user.totpSecret));
    const delta = TOTP.validate({ token: otp, secret, timestamp, window: 1 });
    if (delta === null) return null;
    const timeStep = TOTP.counter({ timestamp }) + delta;
    if (user.totpLastStep !== null && timeStep <= Number(user.totpLastStep)) return null;
    return { timeStep };
  }

  /** A valid code is accepted once: its time step is remembered so it cannot be replayed. */
  private async acceptTotp(user: StaffUser, otp: string): Promise<boolean> {
    const accepted = this.checkTotp(user, otp);
    if (!accepted) return false;
    return this.users.acceptTotpStep(user.id, accepted.timeStep);
  }

  private async consumeRecoveryCode(user: StaffUser, code: string): Promise<boolean> {
    const hash = sha256Hex(normaliseRecoveryCode(code));
    const used = await this.users.useRecoveryCode(user.id, hash);
    if (used) {
      await this.audit.record({
        action: 'auth.recovery_code_used',
        resourceType: 'staff_user',
        resourceId: user.id,
        actor: { type: 'staff', id: user.id },
      });
    }
    return used;
  }
}
