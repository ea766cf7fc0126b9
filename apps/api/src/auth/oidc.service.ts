import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BaseClient, custom, generators, Issuer } from 'openid-client';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { badRequest, notFound, unauthorized } from '../common/errors';
import { ProblemType } from '../common/problem-types';
import { API_PREFIX } from '../common/security-headers';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { mapRole, OidcConfig } from '../config/oidc-config';
import { UsersService } from '../users/users.service';
import { TokensDto } from './auth.dto';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { ROLES_REQUIRING_MFA } from './roles';

/** How long the browser may take at the provider between "Sign in with …" and the callback. */
export const OIDC_TRANSACTION_SECONDS = 600;
/** How long the analyst app has, after the callback, to pick up its session. */
export const OIDC_HANDOFF_SECONDS = 60;
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** `amr` values that say the provider checked more than one factor (RFC 8176). */
const MFA_AMR = new Set(['mfa', 'otp', 'hwk', 'swk', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm']);

/** What the signed transaction cookie carries between the redirect and the callback. */
interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

function refused(reason: string) {
  return unauthorized(
    `Single sign-on was refused (${reason}); start again from the login page.`,
    ProblemType.InvalidCredentials,
  );
}

/**
 * Staff single sign-on with an OpenID Connect provider: the authorisation code flow with PKCE
 * (openid-client, a certified relying party), just-in-time accounts with the role the person's
 * groups map to, and back-channel logout. The state, nonce and PKCE verifier travel in a signed,
 * short-lived, httpOnly cookie, so no server-side store is needed and any API process can finish
 * the flow.
 */
@Injectable()
export class OidcService {
  private client: Promise<BaseClient> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private readonly cookieKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: AuthRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.cookieKey = createHmac('sha256', config.secrets.jwtSecret).update('oidc-transaction-cookie').digest();
  }

  get settings(): OidcConfig | null {
    return this.config.oidc;
  }

  private require(): OidcConfig {
    if (!this.config.oidc) throw notFound('Single sign-on is not configured.');
    return this.config.oidc;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/${API_PREFIX}/auth/oidc/callback`;
  }

  /** The discovered client; discovery is retried on the next login when it failed. */
  private async oidcClient(): Promise<BaseClient> {
    const settings = this.require();
    if (!this.client) {
      this.client = (async () => {
        const issuer = await Issuer.discover(settings.issuerUrl);
        const client = new issuer.Client({
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          redirect_uris: [this.redirectUri],
          response_types: ['code'],
          id_token_signed_response_alg: 'RS256',
        });
        client[custom.clock_tolerance] = 5;
        this.jwks = createRemoteJWKSet(new URL(issuer.metadata.jwks_uri!));
        return client;
      })();
      this.client.catch(() => {
        this.client = null;
      });
    }
    return this.client;
  }

  /** The provider's authorisation URL and the signed cookie that must come back with the callback. */
  async begin(): Promise<{ url: string; cookie: string }> {
    const client = await this.oidcClient();
    const transaction: OidcTransaction = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      expiresAt: this.clock.now().getTime() + OIDC_TRANSACTION_SECONDS * 1000,
    };
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: generators.codeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, cookie: this.seal(transaction) };
  }

  /**
   * Finishes the flow: checks state, PKCE, the ID token's signature, issuer, audience, expiry and
   * nonce (openid-client), brings the account in line with the provider's groups, and opens the
   * same kind of session a password login does. A role that requires a second factor skips the
   * local one only when the provider asserts it checked several (`amr`, or an `acr` naming MFA).
   */
  async complete(cookie: string | undefined, params: Record<string, unknown>): Promise<TokensDto> {
    const settings = this.require();
    const transaction = cookie ? this.open(cookie) : null;
    if (!transaction) throw refused('the sign-in took too long or started in another browser');
    const client = await this.oidcClient();
    const given = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (typeof value === 'string') given.set(key, value);
    const callbackParams = client.callbackParams({ method: 'GET', url: `/?${given.toString()}` } as never);
    let tokenSet;
    try {
      tokenSet = await client.callback(this.redirectUri, callbackParams, {
        state: transaction.state,
        nonce: transaction.nonce,
        code_verifier: transaction.codeVerifier,
        response_type: 'code',
      });
    } catch (error) {
      await this.audit.record({
        action: 'auth.sso_login_refused',
        resourceType: 'staff_session',
        outcome: 'failure',
        actor: { type: 'anonymous', id: null },
        details: { reason: (error as { name?: string }).name ?? 'error' },
      });
      throw refused('the identity provider’s answer did not check out');
    }
    const claims = tokenSet.claims();
    const email = typeof claims.email === 'string' ? claims.email : null;
    if (!email || claims.email_verified === false) {
      throw refused('the identity provider did not give a verified e-mail address');
    }
    const role = mapRole(settings, claims as Record<string, unknown>);
    const account = await this.users.syncSsoAccount({
      subject: claims.sub,
      email,
      displayName: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email,
      role,
    });
    if ('refused' in account) {
      await this.audit.record({
        action: 'auth.sso_login_refused',
        resourceType: 'staff_session',
        outcome: 'denied',
        actor: { type: 'anonymous', id: null },
        details: { reason: account.refused },
      });
      throw refused(
        account.refused === 'no_mapped_role' ? 'your groups give no role here' : 'the account may not sign in',
      );
    }
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
    const acr = typeof claims.acr === 'string' ? claims.acr : '';
    const providerMfa = amr.some((value) => MFA_AMR.has(value)) || /mfa|multi|2fa|aal[23]|loa[34]/i.test(acr);
    const sid = typeof claims.sid === 'string' ? claims.sid : null;
    return this.auth.openSession(
      account.user,
      {
        method: 'oidc',
        secondFactor: providerMfa ? 'identity_provider' : 'none',
        accountCreated: account.created,
        roleChanged: account.roleChanged,
      },
      {
        oidcSid: sid,
        mfaPending: ROLES_REQUIRING_MFA.includes(account.user.role) && !providerMfa,
      },
    );
  }

  /**
   * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the logout token is a JWT signed
   * by the provider, for this client, with the logout event, a `sub` or `sid`, and no nonce. Ends
   * the sessions it names. Returns false when the token does not check out.
   */
  async backchannelLogout(logoutToken: unknown): Promise<void> {
    const settings = this.require();
    if (typeof logoutToken !== 'string' || logoutToken.length > 8192) {
      throw badRequest('logout_token is required.', ProblemType.Validation, {
        errors: [{ field: 'logout_token', message: 'logout_token must be a JWT', reason: 'required' }],
      });
    }
    const client = await this.oidcClient();
    let payload;
    try {
      ({ payload } = await jwtVerify(logoutToken, this.jwks!, {
        issuer: client.issuer.metadata.issuer,
        audience: settings.clientId,
        clockTolerance: 5,
      }));
    } catch {
      throw badRequest('The logout token does not check out.', ProblemType.Validation, {
        errors: [{ field: 'logout_token', message: 'logout_token is not valid for this client', reason: 'invalid' }],
      });
    }
    const events = payload.events as Record<string, unknown> | undefined;
    const valid =
      typeof payload.iat === 'number' &&
      events !== null &&
      typeof events === 'object' &&
      typeof events[BACKCHANNEL_LOGOUT_EVENT] === 'object' &&
      payload.nonce === undefined &&
      (typeof payload.sub === 'string' || typeof payload.sid === 'string');
    if (!valid) {
      throw badRequest('The logout token does not check out.', ProblemType.Validation, {
        errors: [
          { field: 'logout_token', message: 'logout_token lacks the logout event, sub or sid', reason: 'invalid' },
        ],
      });
    }
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    const userId =
      typeof payload.sub === 'string'
        ? (await this.users.findBySsoSubject(payload.sub))?.id
        : await this.sessions.userOfOidcSid(sid!);
    if (!userId) return;
    const ended = await this.sessions.revokeOidcSessions({ userId, sid }, this.clock.now());
    await this.audit.record({
      action: 'auth.sso_backchannel_logout',
      resourceType: 'staff_user',
      resourceId: userId,
      actor: { type: 'system', id: null },
      details: { sessionsEnded: ended, bySessionId: sid !== undefined },
    });
  }

  private seal(transaction: OidcTransaction): string {
    const body = Buffer.from(JSON.stringify(transaction)).toString('base64url');
    const mac = createHmac('sha256', this.cookieKey).update(body).digest('base64url');
    return `${body}.${mac}`;
  }

  private open(cookie: string): OidcTransaction | null {
    const [body, mac] = cookie.split('.');
    if (!body || !mac) return null;
    const expected = createHmac('sha256', this.cookieKey).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const transaction = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OidcTransaction;
      if (typeof transaction.expiresAt !== 'number' || transaction.expiresAt < this.clock.now().getTime()) return null;
      return transaction;
    } catch {
      return null;
    }
  }
}
