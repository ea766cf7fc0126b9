import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { badRequest, forbidden, unauthorized } from '../common/errors';
import { invalidField, type ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { currentRequestContext, Principal } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ACCESS_METADATA, AccessRule, API_KEY_HEADER, PURPOSE_HEADER } from './access.decorator';
import { ApiKeyScope, StaffRole } from './roles';
import { StaffTokenVerifier } from './staff-token.verifier';

function noCredential(rule: AccessRule): ProblemException {
  const schemes = [rule.roles?.length ? 'Bearer' : null, rule.apiKey ? 'ApiKey' : null].filter(Boolean);
  return unauthorized('This route needs a credential.', ProblemType.CredentialRequired, {
    headers: { 'WWW-Authenticate': schemes.join(', ') },
  });
}

/**
 * Deny by default: a route is reachable only as its @Access rule says. Staff tokens and API keys
 * are each accepted only where the rule admits them; an API key never reaches a staff-only route
 * nor a survey it is not bound to. Personal-data routes also need a configured purpose.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staffTokens: StaffTokenVerifier,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw forbidden('This route declares no access rule, so nobody may call it.');
    if (rule.public || rule.invitationToken || rule.downloadToken) return true;

    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = context.switchToHttp().getResponse<Response>();
    const bearer = req.headers.authorization;
    const apiKey = req.header(API_KEY_HEADER);
    if (bearer !== undefined && apiKey !== undefined) {
      throw badRequest('Send one credential: a bearer token or an API key, not both.');
    }
    let principal: Principal;
    if (bearer !== undefined) {
      if (!rule.roles?.length) throw forbidden('Staff tokens cannot call this route.');
      principal = await this.staffTokens.verify(req, res);
      if (!rule.roles.includes(principal.role as StaffRole)) {
        throw forbidden('Your role does not allow this.');
      }
      if (principal.passwordChangeRequired && !rule.duringMfaEnrolment) {
        throw forbidden(
          'This account has a generated password: change it (POST /auth/password) before using the API.',
          ProblemType.PasswordChangeRequired,
        );
      }
      if (principal.mfaPending && !rule.duringMfaEnrolment) {
        throw forbidden(
          'Your role needs a second factor: enrol one (POST /auth/mfa/totp/setup) before using the API.',
          ProblemType.MfaEnrolmentRequired,
        );
      }
    } else if (apiKey !== undefined) {
      if (!rule.apiKey) throw forbidden('API keys cannot call this route.');
      principal = await this.apiKeys.authenticate(apiKey);
      this.checkKeyReach(principal, rule.apiKey, req);
    } else {
      throw noCredential(rule);
    }

    req.principal = principal;
    const requestContext = currentRequestContext();
    if (requestContext) requestContext.principal = principal;
    if (rule.personalData) {
      const purpose = this.statedPurpose(req);
      if (requestContext) requestContext.purpose = purpose;
    }
    return true;
  }

  private checkKeyReach(
    principal: Extract<Principal, { kind: 'api_key' }>,
    required: { scope: ApiKeyScope; surveyParam?: string; alsoScopes?: ApiKeyScope[] },
    req: Request,
  ): void {
    for (const scope of [required.scope, ...(required.alsoScopes ?? [])]) {
      if (!principal.scopes.includes(scope)) throw forbidden(`This API key lacks the ${scope} scope.`);
    }
    if (required.surveyParam) {
      const surveyId = String(req.params[required.surveyParam] ?? '').toLowerCase();
      if (!principal.surveyIds.includes(surveyId)) {
        throw forbidden('This API key is not bound to that survey.');
      }
    }
  }

  private statedPurpose(req: Request): string {
    const fromHeader = req.header(PURPOSE_HEADER);
    const fromQuery = typeof req.query.purpose === 'string' ? req.query.purpose : undefined;
    const purpose = (fromHeader ?? fromQuery)?.trim();
    const allowed = this.config.dataAccessPurposes;
    if (!purpose) {
      throw invalidField(
        'purpose',
        `state why you read personal data (${PURPOSE_HEADER} header or purpose parameter)`,
        'isNotEmpty',
      );
    }
    if (!allowed.includes(purpose)) {
      throw invalidField('purpose', `purpose must be one of: ${allowed.join(', ')}`, 'isIn');
    }
    return purpose;
  }
}
