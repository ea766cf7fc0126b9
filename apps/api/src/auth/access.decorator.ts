import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblemResponses } from '../common/problem';
import type { Principal } from '../common/request-context';
import { ApiKeyScope, StaffRole } from './roles';

export const ACCESS_METADATA = 'survey:access';
/** Marker the OpenAPI builder turns into `security: []` and then removes. */
export const PUBLIC_OPERATION_EXTENSION = 'x-survey-public';

export const STAFF_SECURITY_SCHEME = 'staff';
export const API_KEY_SECURITY_SCHEME = 'providerKey';
export const API_KEY_HEADER = 'X-API-Key';
export const INVITATION_SECURITY_SCHEME = 'invitationToken';
export const INVITATION_TOKEN_HEADER = 'X-Invitation-Token';
export const PURPOSE_HEADER = 'X-Purpose';
export const DOWNLOAD_SECURITY_SCHEME = 'downloadToken';
export const DOWNLOAD_TOKEN_HEADER = 'X-Download-Token';

/** Who may call a route. A route without one is not reachable (deny by default). */
export interface AccessRule {
  /** No credential needed. */
  public?: boolean;
  /**
   * A respondent's secret link: the token in the X-Invitation-Token header, which the route's
   * service looks up (by hash, throttled per IP). No staff token or API key is involved.
   */
  invitationToken?: boolean;
  /**
   * A time-limited download link mailed to a person (their access package): the token in the
   * X-Download-Token header, which the route's service looks up by hash, throttled per IP.
   */
  downloadToken?: boolean;
  /** Staff roles that may call it with a staff access token. */
  roles?: StaffRole[];
  /**
   * Provider API keys that hold this scope (and every one of `alsoScopes`). With `surveyParam`,
   * the key must also be bound to the survey whose id is in that route parameter.
   */
  apiKey?: { scope: ApiKeyScope; surveyParam?: string; alsoScopes?: ApiKeyScope[] };
  /**
   * Reachable while the caller's session still has to enrol the second factor it requires, or
   * while the account's generated password has still to be changed.
   */
  duringMfaEnrolment?: boolean;
  /**
   * The route reads or changes personal data of this kind of resource (contact, invitation,
   * response, privacy_request): the caller must state a configured purpose, and every successful
   * call is audited with it (`<resource>.read` for GET, `<resource>.write` otherwise), the
   * resource id taken from the route parameter `idParam`, before the answer leaves. `action`
   * names the audit action instead, for reads that deserve their own name.
   */
  personalData?: { resource: string; idParam?: string; action?: string };
}

function securityDecorators(rule: AccessRule): Array<ClassDecorator & MethodDecorator> {
  if (rule.public) return [ApiExtension(PUBLIC_OPERATION_EXTENSION, true)];
  if (rule.invitationToken) return [ApiSecurity(INVITATION_SECURITY_SCHEME), ApiProblemResponses(400, 404, 429)];
  if (rule.downloadToken) return [ApiSecurity(DOWNLOAD_SECURITY_SCHEME), ApiProblemResponses(400, 404, 429)];
  const decorators: Array<ClassDecorator & MethodDecorator> = [
    ApiProblemResponses(401, 403),
    ApiExtension('x-access', {
      ...(rule.roles?.length ? { roles: rule.roles } : {}),
      ...(rule.apiKey
        ? {
            apiKeyScope: rule.apiKey.scope,
            ...(rule.apiKey.alsoScopes?.length ? { apiKeyAlsoScopes: rule.apiKey.alsoScopes } : {}),
            boundSurveyParam: rule.apiKey.surveyParam ?? null,
          }
        : {}),
      ...(rule.personalData ? { personalData: rule.personalData.resource, purposeRequired: true } : {}),
    }),
  ];
  if (rule.roles?.length) decorators.push(ApiSecurity(STAFF_SECURITY_SCHEME));
  if (rule.apiKey) decorators.push(ApiSecurity(API_KEY_SECURITY_SCHEME));
  if (rule.personalData) {
    decorators.push(
      ApiHeader({
        name: PURPOSE_HEADER,
        required: false,
        description:
          'Why personal data is read; one of the configured purposes (see README). Required, here or as the ' +
          '`purpose` query parameter. Recorded in the audit log.',
      }),
      ApiProblemResponses(400),
    );
  }
  return decorators;
}

/** States who may call the route; the global AccessGuard enforces it and the OpenAPI spec shows it. */
export function Access(rule: AccessRule): ClassDecorator & MethodDecorator {
  if ((rule.public || rule.invitationToken || rule.downloadToken) && (rule.roles || rule.apiKey)) {
    throw new Error('A public or respondent route takes no staff or provider credential.');
  }
  if (!rule.public && !rule.invitationToken && !rule.downloadToken && !rule.roles?.length && !rule.apiKey) {
    throw new Error('An access rule must admit someone.');
  }
  return applyDecorators(SetMetadata(ACCESS_METADATA, rule), ...securityDecorators(rule));
}

/** A respondent route: the invitation token in its header is the credential (see AccessRule). */
export const InvitationTokenAccess = (): ClassDecorator & MethodDecorator => Access({ invitationToken: true });

/** A download link's route: the token in the X-Download-Token header is the credential (see AccessRule). */
export const DownloadTokenAccess = (): ClassDecorator & MethodDecorator => Access({ downloadToken: true });

/** The route needs no credential. */
export const Public = (): ClassDecorator & MethodDecorator => Access({ public: true });

/** Staff with one of these roles. */
export const Roles = (...roles: StaffRole[]): ClassDecorator & MethodDecorator => Access({ roles });

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type ApiKeyPrincipal = Extract<Principal, { kind: 'api_key' }>;

/** The caller the AccessGuard authenticated. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<Request & { principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a credential.');
  return principal;
});

/** The staff member calling; only on routes that admit staff alone. */
export const CurrentStaff = createParamDecorator((_data: unknown, context: ExecutionContext): StaffPrincipal => {
  const principal = context.switchToHttp().getRequest<Request & { principal?: Principal }>().principal;
  if (principal?.kind !== 'staff') throw new Error('CurrentStaff used on a route that admits other callers.');
  return principal;
});
