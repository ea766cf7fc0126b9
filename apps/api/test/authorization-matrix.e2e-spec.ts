import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  SecuritySchemeObject,
} from '@nestjs/swagger';
import { decode, sign, TokenExpiredError, verify } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { openApiDocumentOf } from '../src/app.factory';
import {
  API_KEY_HEADER,
  API_KEY_SECURITY_SCHEME,
  DOWNLOAD_SECURITY_SCHEME,
  DOWNLOAD_TOKEN_HEADER,
  INVITATION_SECURITY_SCHEME,
  INVITATION_TOKEN_HEADER,
  PURPOSE_HEADER,
  STAFF_SECURITY_SCHEME,
} from '../src/auth/access.decorator';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/auth.service';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { PROBLEM_CONTENT_TYPE } from '../src/common/problem';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { ProbeModule } from './utils/probe.module';
import { newApiKey, newStaff, sessionFor, TestApiKey, TestStaff } from './utils/staff';

/**
 * Issue 3: every route of the OpenAPI spec, called with every kind of caller, against a table of
 * who may call what. A new route fails this suite until it is added to EXPECTED below.
 */

const STAFF_LABELS = ['admin', 'analyst', 'privacy_officer', 'management'] as const;
const BAD_JWT_LABELS = ['tampered-jwt', 'alg-none-jwt', 'hs512-jwt', 'expired-jwt'] as const;
const GOOD_KEY_LABELS = [
  'key:responses:write',
  'key:responses:read',
  'key:statistics:read',
  'key:statistics+responses:read',
  'key:erasures:read',
  'key:all-scopes-other-survey',
] as const;
const BAD_KEY_LABELS = ['key:expired', 'key:revoked'] as const;

const CREDENTIALS = [
  'none',
  ...BAD_JWT_LABELS,
  ...STAFF_LABELS,
  'mfa-pending-admin',
  ...GOOD_KEY_LABELS,
  ...BAD_KEY_LABELS,
] as const;

type StaffLabel = (typeof STAFF_LABELS)[number];
type Credential = (typeof CREDENTIALS)[number];

const EVERYONE: readonly Credential[] = CREDENTIALS;
const ANY_ROLE: readonly Credential[] = STAFF_LABELS;
/** Routes marked duringMfaEnrolment: a session that must still enrol a second factor may call them too. */
const ANY_ROLE_DURING_ENROLMENT: readonly Credential[] = [...STAFF_LABELS, 'mfa-pending-admin'];

/**
 * operationId → the credentials that may call it; every other credential must be refused.
 * Public routes list EVERYONE on purpose, so that each route's audience is stated here.
 */
const EXPECTED: Record<string, readonly Credential[]> = {
  // Public.
  getLiveness: EVERYONE,
  getReadiness: EVERYONE,
  login: EVERYONE,
  refreshTokens: EVERYONE,
  echo: EVERYONE,
  // Throws on purpose: it must answer 500 to everyone, which shows that access let every caller through.
  crash: EVERYONE,
  // Single sign-on: the provider's redirects and logout tokens carry their own proof.
  ssoSettings: EVERYONE,
  ssoLogin: EVERYONE,
  ssoCallback: EVERYONE,
  ssoSession: EVERYONE,
  ssoBackchannelLogout: EVERYONE,
  // Waits 400 ms; the credentials of one operation are sent concurrently, so it costs 400 ms once.
  slow: EVERYONE,

  // Any signed-in staff member, also while the session may only enrol a second factor.
  getMe: ANY_ROLE_DURING_ENROLMENT,
  logout: ANY_ROLE_DURING_ENROLMENT,
  changePassword: ANY_ROLE_DURING_ENROLMENT,
  setupTotp: ANY_ROLE_DURING_ENROLMENT,
  confirmTotp: ANY_ROLE_DURING_ENROLMENT,
  verifyTotp: ANY_ROLE_DURING_ENROLMENT,
  // Any signed-in staff member with a complete session.
  disableTotp: ANY_ROLE,

  // Administrators.
  listUsers: ['admin'],
  createUser: ['admin'],
  getUser: ['admin'],
  updateUser: ['admin'],
  setUserPassword: ['admin'],
  resetUserMfa: ['admin'],
  listApiKeys: ['admin'],
  createApiKey: ['admin'],
  getApiKey: ['admin'],
  revokeApiKey: ['admin'],
  listFailedJobs: ['admin'],
  retryFailedJob: ['admin'],
  listWebhookSubscriptions: ['admin'],
  createWebhookSubscription: ['admin'],
  getWebhookSubscription: ['admin'],
  updateWebhookSubscription: ['admin'],
  deleteWebhookSubscription: ['admin'],
  rotateWebhookSecret: ['admin'],
  listWebhookDeliveries: ['admin'],
  getWebhookDelivery: ['admin'],
  replayWebhookDelivery: ['admin'],

  // Privacy officers and administrators.
  listAuditEvents: ['admin', 'privacy_officer'],
  verifyAuditChain: ['admin', 'privacy_officer'],
  listAuditActions: ['admin', 'privacy_officer'],

  // Provider keys, by scope, bound to the survey in the path (S1).
  readResponses: ['key:responses:read', 'key:statistics+responses:read'],
  writeResponses: ['key:responses:write'],
  readStatistics: ['analyst', 'key:statistics:read', 'key:statistics+responses:read'],

  // Personal data, with a purpose.
  readContact: ['analyst', 'privacy_officer'],
  getContact: ['analyst', 'privacy_officer'],
  findContactByEmail: ['analyst', 'privacy_officer'],
  listContactFacets: ['analyst'],
  updateContact: ['analyst', 'privacy_officer'],

  // Survey delivery (issue 4): analysts run it; privacy officers may look at contacts and surveys.
  importContacts: ['analyst'],
  listContactImports: ['analyst'],
  getContactImport: ['analyst'],
  listContactImportIssues: ['analyst'],
  listContacts: ['analyst', 'privacy_officer'],
  createSurvey: ['analyst'],
  listSurveys: ['analyst', 'privacy_officer'],
  getSurvey: ['analyst', 'privacy_officer'],
  updateSurvey: ['analyst'],
  publishSurvey: ['analyst'],
  closeSurvey: ['analyst'],
  listQuestionnaireVersions: ['analyst', 'privacy_officer'],
  getQuestionnaireVersion: ['analyst', 'privacy_officer'],
  exportSurveyJs: ['analyst', 'privacy_officer'],
  importSurveyJs: ['analyst'],
  previewCampaign: ['analyst'],
  createCampaign: ['analyst'],
  listCampaigns: ['analyst'],
  getCampaign: ['analyst'],
  sendReminders: ['analyst'],
  previewReminders: ['analyst'],
  getMailTexts: ['analyst'],
  updateMailTexts: ['analyst'],
  previewMail: ['analyst'],
  sendTestMail: ['analyst'],
  listInvitations: ['analyst'],
  // Respondents: the invitation token in X-Invitation-Token is checked by the route itself.
  respondentSurvey: EVERYONE,
  saveRespondentDraft: EVERYONE,
  submitResponse: EVERYONE,
  optOut: EVERYONE,
  respondentLink: EVERYONE,
  requestNewLink: EVERYONE,
  // Anyone reading the notice.
  getPrivacyNotice: EVERYONE,
  // The respondent app's brand: the organisation's default is set by administrators and shown to
  // anyone (pages without a link), logos are served to anyone who has their URL; a survey's own
  // brand follows the survey's rules (read by its readers, changed by its editors).
  getOrganisationBranding: ['admin'],
  updateOrganisationBranding: ['admin'],
  uploadOrganisationLogo: ['admin'],
  deleteOrganisationLogo: ['admin'],
  getDefaultBrand: EVERYONE,
  getLogo: EVERYONE,
  getSurveyBranding: ['analyst', 'privacy_officer'],
  updateSurveyBranding: ['analyst'],
  uploadSurveyLogo: ['analyst'],
  deleteSurveyLogo: ['analyst'],

  // Response ingestion (issue 5): the provider by scope, bound to the survey; analysts read raw
  // responses; following one to its person needs a purpose.
  ingestProviderResponses: ['key:responses:write'],
  listProviderResponses: ['key:responses:read', 'key:statistics+responses:read'],
  listSurveyResponses: ['analyst'],
  surveyResponseRates: ['analyst', 'key:statistics:read', 'key:statistics+responses:read'],
  respondentOfResponse: ['analyst', 'privacy_officer'],
  // The response browser and free-text comments: analysts only; never management nor a provider key.
  browseResponses: ['analyst'],
  browseResponse: ['analyst'],
  responseFreeText: ['analyst'],
  listComments: ['analyst'],

  // Statistics (issue 6): live figures for analysts and the provider's statistics scope; reports
  // drafted and published by analysts, read (published ones) by management.
  // Live figures need responses:read as well: they are for callers who may read the raw responses.
  // A key with statistics:read alone reads published reports.
  getSurveyStatistics: ['analyst', 'key:statistics+responses:read'],
  listPublishedReports: ['key:statistics:read', 'key:statistics+responses:read'],
  getPublishedReport: ['key:statistics:read', 'key:statistics+responses:read'],
  createReport: ['analyst'],
  listReports: ['analyst', 'management'],
  getReport: ['analyst', 'management'],
  publishReport: ['analyst'],
  deleteReport: ['analyst'],
  exportReport: ['analyst', 'management'],
  // Background exports: asked for and followed by analysts and management (raw responses: analysts,
  // checked by the service); each export is its asker's alone.
  createExport: ['analyst', 'management'],
  listExports: ['analyst', 'management'],
  getExport: ['analyst', 'management'],
  downloadExport: ['analyst', 'management'],
  // Privacy requests (issue 7): filing and confirming are public, the download link's token is
  // checked by the route itself; the workflow is the privacy officers'; the provider's erasure feed
  // takes any key with erasures:read (it shows only the key's own surveys).
  createPrivacyRequest: EVERYONE,
  verifyPrivacyRequest: EVERYONE,
  downloadAccessPackage: EVERYONE,
  listPrivacyRequests: ['privacy_officer'],
  registerPrivacyRequest: ['privacy_officer'],
  getPrivacyRequest: ['privacy_officer'],
  startPrivacyRequest: ['privacy_officer'],
  extendPrivacyRequest: ['privacy_officer'],
  rejectPrivacyRequest: ['privacy_officer'],
  fulfilPrivacyRequest: ['privacy_officer'],
  getAccessPackageProgress: ['privacy_officer'],
  listProviderErasures: ['key:erasures:read', 'key:all-scopes-other-survey'],
  acknowledgeProviderErasures: ['key:erasures:read', 'key:all-scopes-other-survey'],
  getProcessingRecord: ['admin', 'privacy_officer'],
  // Retention (issue 7): privacy officers and administrators; analysts may read the policy.
  getRetentionPolicy: ['admin', 'analyst', 'privacy_officer'],
  previewRetention: ['admin', 'privacy_officer'],
  startRetentionRun: ['admin', 'privacy_officer'],
  listRetentionRuns: ['admin', 'privacy_officer'],
  getRetentionRun: ['admin', 'privacy_officer'],

  // No @Access rule: deny by default, 403 to everyone.
  undeclared: [],
};

/** Handlers that fail by design once access lets the caller in, and the status they answer with. */
const STATUS_BY_DESIGN: Record<string, number> = {
  crash: 500,
  // Public, and 401 to everyone without the one-minute cookie a single sign-on leaves.
  ssoSession: 401,
};

/** Operations with no access rule: not public, no security requirement, unreachable. */
const UNDECLARED = new Set(Object.keys(EXPECTED).filter((id) => EXPECTED[id].length === 0));
/** Open to every caller as far as the AccessGuard goes; the invitation token is their credential. */
const RESPONDENT = new Set([
  'respondentSurvey',
  'respondentLink',
  'saveRespondentDraft',
  'submitResponse',
  'optOut',
  'requestNewLink',
]);
/** Likewise for a mailed download link, whose token travels in X-Download-Token. */
const DOWNLOAD = new Set(['downloadAccessPackage']);
const PUBLIC = new Set(
  Object.keys(EXPECTED).filter(
    (id) => !RESPONDENT.has(id) && !DOWNLOAD.has(id) && EVERYONE.every((c) => EXPECTED[id].includes(c)),
  ),
);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

interface SpecOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  operation: OperationObject;
}

function operationsOf(document: OpenAPIObject): SpecOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]: [string, PathItemObject]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      return [{ method, path, operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`, operation }];
    }),
  );
}

function isParameter(parameter: ParameterObject | ReferenceObject): parameter is ParameterObject {
  return !('$ref' in parameter);
}

function readsPersonalData(operation: OperationObject): boolean {
  return (operation.parameters ?? []).some(
    (p) => isParameter(p) && p.in === 'header' && p.name.toLowerCase() === PURPOSE_HEADER.toLowerCase(),
  );
}

function securitySchemesOf(operation: OperationObject): string[] {
  return [...new Set((operation.security ?? []).flatMap((requirement) => Object.keys(requirement)))].sort();
}

function describeOperation({ method, path, operationId }: SpecOperation): string {
  return `${method.toUpperCase()} ${path} (${operationId})`;
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function isStaff(credential: Credential): credential is StaffLabel {
  return (STAFF_LABELS as readonly string[]).includes(credential);
}

function isKey(credential: Credential): boolean {
  return credential.startsWith('key:');
}

function admitsStaff(allowed: readonly Credential[]): boolean {
  return allowed.some(isStaff);
}

function admitsKeys(allowed: readonly Credential[]): boolean {
  return allowed.some(isKey);
}

/**
 * The refusal the AccessGuard owes a credential the table does not admit: 403 on a route without
 * an access rule; 401 without a credential; 403 for a kind of credential the route does not take
 * (a staff token on a key-only route, a key on a staff route), checked before the credential
 * itself; 401 for an invalid credential of a kind it takes; 403 for a valid credential with the
 * wrong role, scope or survey, or a session that must still enrol its second factor.
 */
function expectedRefusal(allowed: readonly Credential[], credential: Credential): 401 | 403 {
  if (allowed.length === 0) return 403;
  if (credential === 'none') return 401;
  const staffToken = !isKey(credential);
  if (staffToken ? !admitsStaff(allowed) : !admitsKeys(allowed)) return 403;
  const invalid = ([...BAD_JWT_LABELS, ...BAD_KEY_LABELS] as readonly string[]).includes(credential);
  return invalid ? 401 : 403;
}

interface Mismatch {
  operation: string;
  credential: Credential;
  expected: string;
  got: string;
}

function formatMismatches(mismatches: Mismatch[]): string {
  const rows = [
    ['operation', 'credential', 'expected', 'got'],
    ...mismatches.map((m) => [m.operation, m.credential, m.expected, m.got]),
  ];
  const widths = rows[0].map((_cell, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]))
        .join(' | ')
        .trimEnd(),
    )
    .join('\n');
}

describe('authorization matrix', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let app: NestExpressApplication;
  let document: OpenAPIObject;
  let operations: SpecOperation[];

  const surveyS1 = randomUUID();
  const surveyS2 = randomUUID();
  const staff = {} as Record<StaffLabel | 'mfa-pending-admin' | 'spare-analyst', TestStaff>;
  const keys = {} as Record<(typeof GOOD_KEY_LABELS)[number] | (typeof BAD_KEY_LABELS)[number] | 'spare', TestApiKey>;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({ databaseUrl: db.url, imports: [ProbeModule] });
    app = subject.app;
    document = openApiDocumentOf(app);
    operations = operationsOf(document);

    staff.admin = await newStaff(app, StaffRole.Admin);
    staff.analyst = await newStaff(app, StaffRole.Analyst);
    staff.privacy_officer = await newStaff(app, StaffRole.PrivacyOfficer);
    staff.management = await newStaff(app, StaffRole.Management);
    staff['mfa-pending-admin'] = await newStaff(app, StaffRole.Admin, { totp: false });
    staff['spare-analyst'] = await newStaff(app, StaffRole.Analyst);

    const all = [
      ApiKeyScope.ResponsesWrite,
      ApiKeyScope.ResponsesRead,
      ApiKeyScope.StatisticsRead,
      ApiKeyScope.ErasuresRead,
    ];
    const creator = staff.admin;
    keys['key:responses:write'] = await newApiKey(app, creator, [ApiKeyScope.ResponsesWrite], [surveyS1]);
    keys['key:responses:read'] = await newApiKey(app, creator, [ApiKeyScope.ResponsesRead], [surveyS1]);
    keys['key:statistics:read'] = await newApiKey(app, creator, [ApiKeyScope.StatisticsRead], [surveyS1]);
    keys['key:statistics+responses:read'] = await newApiKey(
      app,
      creator,
      [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead],
      [surveyS1],
    );
    keys['key:erasures:read'] = await newApiKey(app, creator, [ApiKeyScope.ErasuresRead], [surveyS1]);
    keys['key:all-scopes-other-survey'] = await newApiKey(app, creator, all, [surveyS2]);
    keys['key:expired'] = await newApiKey(app, creator, all, [surveyS1], { expired: true });
    keys['key:revoked'] = await newApiKey(app, creator, all, [surveyS1], { revoked: true });
    keys.spare = await newApiKey(app, creator, [ApiKeyScope.ResponsesRead], [surveyS1]);
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  /** A token for a live administrator session, split into its parts and claims. */
  async function freshAdminToken(): Promise<{ parts: string[]; claims: Record<string, unknown> }> {
    const token = await sessionFor(app, staff.admin);
    const claims = decode(token, { json: true });
    if (!claims) throw new Error('sessionFor returned a token that is not a JWT.');
    return { parts: token.split('.'), claims };
  }

  /** Each call gets its own session: some allowed calls (logout, password, MFA reset) end sessions. */
  async function headersFor(credential: Credential): Promise<Record<string, string>> {
    const secret = subject.config.secrets.jwtSecret;
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    switch (credential) {
      case 'none':
        return {};
      case 'tampered-jwt': {
        // A real admin token whose payload now names another staff member (and claims the admin
        // role); header and signature are the original ones.
        const { parts, claims } = await freshAdminToken();
        const payload = base64UrlJson({ ...claims, sub: staff.privacy_officer.user.id, role: StaffRole.Admin });
        return bearer(`${parts[0]}.${payload}.${parts[2]}`);
      }
      case 'alg-none-jwt': {
        const { parts } = await freshAdminToken();
        return bearer(`${base64UrlJson({ alg: 'none', typ: 'JWT' })}.${parts[1]}.`);
      }
      case 'hs512-jwt': {
        // Right secret, right claims, live session: only the algorithm (pinned to HS256) is wrong.
        const { claims } = await freshAdminToken();
        return bearer(sign(claims, secret, { algorithm: 'HS512' }));
      }
      case 'expired-jwt': {
        const { claims } = await freshAdminToken();
        const now = Math.floor(Date.now() / 1000);
        return bearer(sign({ ...claims, iat: now - 3600, exp: now - 60 }, secret, { algorithm: 'HS256' }));
      }
      case 'admin':
      case 'analyst':
      case 'privacy_officer':
      case 'management':
      case 'mfa-pending-admin':
        return bearer(await sessionFor(app, staff[credential]));
      case 'key:responses:write':
      case 'key:responses:read':
      case 'key:statistics:read':
      case 'key:statistics+responses:read':
      case 'key:erasures:read':
      case 'key:all-scopes-other-survey':
      case 'key:expired':
      case 'key:revoked':
        return { [API_KEY_HEADER]: keys[credential].secret };
    }
  }

  function urlOf({ path }: SpecOperation): string {
    return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      if (name === 'id' && path.startsWith('/api/v1/users/')) return staff['spare-analyst'].user.id;
      if (name === 'id' && path.startsWith('/api/v1/api-keys/')) return keys.spare.id;
      if (name === 'id' && path.startsWith('/api/v1/probe/surveys/')) return surveyS1;
      // Routes that also admit keys: the survey the keys are bound to (it does not exist: 404).
      if (name === 'id' && path.startsWith('/api/v1/provider/surveys/')) return surveyS1;
      if (name === 'id' && path.endsWith('/response-rates')) return surveyS1;
      if (name === 'id' && path.endsWith('/statistics')) return surveyS1;
      if (name === 'id' && path.startsWith('/api/v1/probe/contacts/')) return randomUUID();
      // Unknown ids: an admitted caller gets 404, which is enough to show access let it in.
      if (
        name === 'id' &&
        /^\/api\/v1\/(contacts|surveys|campaigns|responses|reports|privacy-requests|exports)\//.test(path)
      ) {
        return randomUUID();
      }
      if (name === 'id' && /^\/api\/v1\/(contacts|surveys|campaigns|responses)\//.test(path)) return randomUUID();
      if (name === 'id' && path.startsWith('/api/v1/retention/runs/')) return randomUUID();
      // An unknown subscription or delivery: an admitted caller gets 404 (or 400 for an empty body).
      if (name === 'id' && path.startsWith('/api/v1/webhooks/')) return randomUUID();
      // An unknown job id: an admitted caller gets 404.
      if (name === 'id' && path.startsWith('/api/v1/jobs/')) return '999999999';
      if (name === 'version') return '1';
      if (name === 'responseId') return randomUUID();
      if (name === 'question') return 'comments';
      if (name === 'reportId') return randomUUID();
      // An unknown logo: public, so every caller gets 404.
      if (name === 'logoId') return randomUUID();
      throw new Error(`No value for the {${name}} parameter of ${path}: add one to urlOf.`);
    });
  }

  /** Raw: every operation is called by its enumerated path, with forged credentials the typed client would not send. */
  async function call(op: SpecOperation, headers: Record<string, string>): Promise<request.Response> {
    const http = request(app.getHttpServer());
    let req = http[op.method](urlOf(op)).set(headers);
    if (readsPersonalData(op.operation)) req = req.set(PURPOSE_HEADER, 'survey-analysis');
    if (op.method === 'post' || op.method === 'patch' || op.method === 'put') req = req.send({});
    return req;
  }

  function judge(op: SpecOperation, credential: Credential, res: request.Response): Mismatch | null {
    const allowed = EXPECTED[op.operationId];
    const contentType = String(res.headers['content-type'] ?? '');
    const body = res.body as { detail?: unknown } | undefined;
    const detail = typeof body?.detail === 'string' ? `: ${body.detail}` : '';
    const got = `${res.status}${detail}`;
    const mismatch = (expected: string): Mismatch => ({ operation: describeOperation(op), credential, expected, got });

    if (allowed.includes(credential)) {
      const byDesign = STATUS_BY_DESIGN[op.operationId];
      if (byDesign !== undefined) return res.status === byDesign ? null : mismatch(`allowed (${byDesign} by design)`);
      if (res.status === 401 || res.status === 403 || res.status >= 500) return mismatch('allowed (<500, not 401/403)');
      return null;
    }
    const refusal = expectedRefusal(allowed, credential);
    if (res.status !== refusal) return mismatch(`denied (${refusal})`);
    if (!contentType.startsWith(PROBLEM_CONTENT_TYPE)) {
      return { ...mismatch(`denied (${refusal}, ${PROBLEM_CONTENT_TYPE})`), got: `${res.status} ${contentType}` };
    }
    return null;
  }

  function specOperation(operationId: string): SpecOperation {
    const op = operations.find((candidate) => candidate.operationId === operationId);
    if (!op) throw new Error(`The table names ${operationId}, which the OpenAPI spec does not have: remove it.`);
    return op;
  }

  it('has an entry in the table for every operation of the spec', () => {
    expect(operations.length).toBeGreaterThan(0);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = operations.filter((op) => !(op.operationId in EXPECTED)).map(describeOperation);
    expect(missing).toEqual([]);
  });

  it('names only operations the spec has', () => {
    const ids = new Set(operations.map((op) => op.operationId));
    expect(Object.keys(EXPECTED).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('declares the staff, providerKey, invitationToken and downloadToken security schemes', () => {
    const schemes = document.components?.securitySchemes ?? {};
    expect(schemes[DOWNLOAD_SECURITY_SCHEME]).toMatchObject<Partial<SecuritySchemeObject>>({
      type: 'apiKey',
      in: 'header',
      name: DOWNLOAD_TOKEN_HEADER,
    });
    expect(schemes[INVITATION_SECURITY_SCHEME]).toMatchObject<Partial<SecuritySchemeObject>>({
      type: 'apiKey',
      in: 'header',
      name: INVITATION_TOKEN_HEADER,
    });
    expect(schemes[STAFF_SECURITY_SCHEME]).toMatchObject<Partial<SecuritySchemeObject>>({
      type: 'http',
      scheme: 'bearer',
    });
    expect(schemes[API_KEY_SECURITY_SCHEME]).toMatchObject<Partial<SecuritySchemeObject>>({
      type: 'apiKey',
      in: 'header',
      name: API_KEY_HEADER,
    });
  });

  it('marks public operations with security: [] and states the schemes each other operation takes', () => {
    const wrong = operations.flatMap((op) => {
      const { security } = op.operation;
      const allowed = EXPECTED[op.operationId];
      let expected: string;
      if (allowed === undefined) {
        // Not in the table yet (the first test fails): at least it must say whether it is public.
        expected = '[] or a security requirement';
        if (Array.isArray(security)) return [];
      } else if (RESPONDENT.has(op.operationId)) {
        expected = JSON.stringify([INVITATION_SECURITY_SCHEME]);
        if (JSON.stringify(securitySchemesOf(op.operation)) === expected) return [];
      } else if (DOWNLOAD.has(op.operationId)) {
        expected = JSON.stringify([DOWNLOAD_SECURITY_SCHEME]);
        if (JSON.stringify(securitySchemesOf(op.operation)) === expected) return [];
      } else if (PUBLIC.has(op.operationId)) {
        expected = '[]';
        if (Array.isArray(security) && security.length === 0) return [];
      } else if (UNDECLARED.has(op.operationId)) {
        // The probe route without an @Access rule: unreachable, so the spec offers no way in, nor calls it public.
        expected = 'none';
        if (security === undefined) return [];
      } else {
        const schemes = [
          ...(admitsStaff(allowed) ? [STAFF_SECURITY_SCHEME] : []),
          ...(admitsKeys(allowed) ? [API_KEY_SECURITY_SCHEME] : []),
        ].sort();
        expected = JSON.stringify(schemes);
        if (security?.length && JSON.stringify(securitySchemesOf(op.operation)) === expected) return [];
      }
      return [`${describeOperation(op)}: security ${JSON.stringify(security) ?? 'none'}, expected ${expected}`];
    });
    expect(wrong).toEqual([]);
  });

  it('forges tokens that are wrong only in the way their label says', async () => {
    const secret = subject.config.secrets.jwtSecret;
    const tokenOf = async (credential: Credential): Promise<string> =>
      ((await headersFor(credential)).Authorization ?? '').replace(/^Bearer /, '');
    const pinned = { algorithms: ['HS256' as const], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
    const [admin, tampered, algNone, hs512, expired] = await Promise.all(
      (['admin', 'tampered-jwt', 'alg-none-jwt', 'hs512-jwt', 'expired-jwt'] as const).map(tokenOf),
    );

    expect(() => verify(admin, secret, pinned)).not.toThrow();
    expect(() => verify(tampered, secret, pinned)).toThrow('invalid signature');
    expect(decode(algNone, { complete: true })?.header.alg).toBe('none');
    // Valid in every respect but the algorithm: a verifier that did not pin HS256 would accept it.
    expect(() => verify(hs512, secret, { ...pinned, algorithms: ['HS512'] })).not.toThrow();
    expect(() => verify(hs512, secret, pinned)).toThrow('invalid algorithm');
    // Valid in every respect but its age.
    expect(() => verify(expired, secret, { ...pinned, ignoreExpiration: true })).not.toThrow();
    expect(() => verify(expired, secret, pinned)).toThrow(TokenExpiredError);
  });

  it.each(Object.keys(EXPECTED))('%s answers each credential as the table says', async (operationId) => {
    const op = specOperation(operationId);
    // Credentials are made one after the other (each opens a session), then sent all at once.
    const prepared: Array<[Credential, Record<string, string>]> = [];
    for (const credential of CREDENTIALS) prepared.push([credential, await headersFor(credential)]);
    const results = await Promise.all(
      prepared.map(async ([credential, headers]) => judge(op, credential, await call(op, headers))),
    );
    const mismatches = results.filter((m): m is Mismatch => m !== null);
    if (mismatches.length > 0) {
      throw new Error(`${mismatches.length} unexpected answer(s):\n${formatMismatches(mismatches)}`);
    }
  });
});
