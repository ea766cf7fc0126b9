import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createSecretKey } from 'node:crypto';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { unauthorized } from '../common/errors';
import type { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { StaffPrincipal } from './access.decorator';
import { AccessTokenClaims, AuthService, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './auth.service';

const STRATEGY = 'staff-jwt';

export function invalidToken(detail = 'The access token is missing, malformed, expired or revoked.'): ProblemException {
  return unauthorized(detail, ProblemType.InvalidToken, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/**
 * Verifies staff access tokens with passport-jwt: HS256 only (so `none` and every other
 * algorithm are refused), our issuer and audience, not expired; then AuthService checks the
 * session and token version in the database. Its own Passport instance, so two applications in
 * one process (tests) never share a strategy.
 */
@Injectable()
export class StaffTokenVerifier {
  private readonly passport = new Passport();

  constructor(auth: AuthService, @Inject(APP_CONFIG) config: AppConfig) {
    this.passport.use(
      STRATEGY,
      new JwtStrategy(
        {
          jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
          // A KeyObject made once: given a string, jsonwebtoken first tries it as a PEM public
          // key on every request (and fails); HS256 still accepts only symmetric keys.
          secretOrKey: createSecretKey(Buffer.from(config.secrets.jwtSecret, 'utf8')) as unknown as Buffer,
          algorithms: [JWT_ALGORITHM],
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          ignoreExpiration: false,
        },
        (claims: AccessTokenClaims, done: (error: unknown, user?: StaffPrincipal | false) => void) => {
          auth.principalFor(claims).then(
            (principal) => done(null, principal ?? false),
            (error: unknown) => done(error),
          );
        },
      ),
    );
  }

  verify(req: Request, res: Response): Promise<StaffPrincipal> {
    return new Promise((resolve, reject) => {
      const authenticate = this.passport.authenticate(
        STRATEGY,
        { session: false },
        (error: unknown, principal: StaffPrincipal | false) => {
          if (error) reject(error instanceof Error ? error : new Error('Token verification failed.'));
          else if (!principal) reject(invalidToken());
          else resolve(principal);
        },
      ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
      authenticate(req, res, (error) => reject(error instanceof Error ? error : invalidToken()));
    });
  }
}
