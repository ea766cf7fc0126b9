/**
 * Every problem type the API answers with (RFC 9457 `type`), in one place. The OpenAPI spec
 * publishes them, and the generated client and both SPAs import them from there: a client acts on
 * the type, never on the wording of `detail`. A problem without a type of its own is `about:blank`.
 */
export enum ProblemType {
  Validation = 'urn:survey:problem:validation',
  InvalidToken = 'urn:survey:problem:invalid-token',
  CredentialRequired = 'urn:survey:problem:credential-required',
  MfaEnrolmentRequired = 'urn:survey:problem:mfa-enrolment-required',
  PasswordChangeRequired = 'urn:survey:problem:password-change-required',
  InvalidCredentials = 'urn:survey:problem:invalid-credentials',
  InvalidApiKey = 'urn:survey:problem:invalid-api-key',
  TooManyAttempts = 'urn:survey:problem:too-many-attempts',
  TooMuchHeavyWork = 'urn:survey:problem:too-much-heavy-work',
  ServerBusy = 'urn:survey:problem:server-busy',
  ShuttingDown = 'urn:survey:problem:shutting-down',
  DatabaseUnavailable = 'urn:survey:problem:database-unavailable',
  InvalidInvitation = 'urn:survey:problem:invalid-invitation',
  LinkExpired = 'urn:survey:problem:link-expired',
  OptedOut = 'urn:survey:problem:opted-out',
  SurveyClosed = 'urn:survey:problem:survey-closed',
  AlreadySubmitted = 'urn:survey:problem:already-submitted',
  QuestionnaireChanged = 'urn:survey:problem:questionnaire-changed',
  IdempotencyKeyReused = 'urn:survey:problem:idempotency-key-reused',
  ContactImportRejected = 'urn:survey:problem:contact-import-rejected',
  ReportComposition = 'urn:survey:problem:report-composition',
  ReportPopulationTooSmall = 'urn:survey:problem:report-population-too-small',
  ReportPublished = 'urn:survey:problem:report-published',
  RetentionRunInProgress = 'urn:survey:problem:retention-run-in-progress',
  InvalidLink = 'urn:survey:problem:invalid-link',
  PrivacyRequestState = 'urn:survey:problem:privacy-request-state',
  ReminderTooEarly = 'urn:survey:problem:reminder-too-early',
  ExportNotReady = 'urn:survey:problem:export-not-ready',
  ExportExpired = 'urn:survey:problem:export-expired',
}

export const PROBLEM_TYPES: readonly string[] = Object.values(ProblemType);

/** What a problem type means, as the OpenAPI spec publishes it (`x-problem-types`). */
export interface ProblemTypeDoc {
  /** The status it usually comes with (some types have others, named in `meaning`). */
  status: number;
  /** One line: what happened, and what a client does about it. */
  meaning: string;
}

/** Every type's meaning; a new member of ProblemType does not compile without its line here. */
export const PROBLEM_TYPE_DOCS: Readonly<Record<ProblemType, ProblemTypeDoc>> = {
  [ProblemType.Validation]: { status: 400, meaning: 'Fields of the request were refused; `errors` names each one.' },
  [ProblemType.InvalidToken]: {
    status: 401,
    meaning: 'The staff access token is missing its claims, expired or revoked: refresh it or log in again.',
  },
  [ProblemType.CredentialRequired]: {
    status: 401,
    meaning: 'The route needs a credential and none was sent; `WWW-Authenticate` names the schemes it takes.',
  },
  [ProblemType.MfaEnrolmentRequired]: {
    status: 403,
    meaning: 'The account must enrol a second factor before it may use this route.',
  },
  [ProblemType.PasswordChangeRequired]: {
    status: 403,
    meaning: 'The account has a generated password: change it (POST /auth/password) before using other routes.',
  },
  [ProblemType.InvalidCredentials]: {
    status: 401,
    meaning: 'The password, one-time code or refresh token is wrong (400 when a field of a form names it).',
  },
  [ProblemType.InvalidApiKey]: { status: 401, meaning: 'The provider API key is unknown, revoked or expired.' },
  [ProblemType.TooManyAttempts]: { status: 429, meaning: 'Too many attempts: retry after `Retry-After` seconds.' },
  [ProblemType.TooMuchHeavyWork]: {
    status: 429,
    meaning: 'The account already runs as many heavy requests as it may: retry when one has finished.',
  },
  [ProblemType.ServerBusy]: {
    status: 503,
    meaning: 'The server has no room for this heavy request now: retry after `Retry-After` seconds.',
  },
  [ProblemType.ShuttingDown]: {
    status: 503,
    meaning: 'This server is shutting down: retry after `Retry-After` seconds (another replica answers).',
  },
  [ProblemType.DatabaseUnavailable]: {
    status: 503,
    meaning: 'The database is unavailable for a moment: retry after `Retry-After` seconds.',
  },
  [ProblemType.InvalidInvitation]: {
    status: 404,
    meaning: 'The invitation token is unknown or malformed (400 when the header is missing).',
  },
  [ProblemType.LinkExpired]: { status: 410, meaning: 'The invitation link has expired.' },
  [ProblemType.OptedOut]: { status: 410, meaning: 'The person opted out, or their data was erased.' },
  [ProblemType.SurveyClosed]: {
    status: 410,
    meaning: 'The survey is closed and takes no more answers (409 for a provider batch).',
  },
  [ProblemType.AlreadySubmitted]: { status: 409, meaning: 'This invitation has already submitted its response.' },
  [ProblemType.QuestionnaireChanged]: {
    status: 409,
    meaning: 'The questionnaire changed since the answers were started: reload it and answer again.',
  },
  [ProblemType.IdempotencyKeyReused]: {
    status: 422,
    meaning: 'The Idempotency-Key was already used with a different request body.',
  },
  [ProblemType.ContactImportRejected]: {
    status: 422,
    meaning: 'The contact file cannot be imported as a whole (413 when too large, 415 for an unknown format).',
  },
  [ProblemType.ReportComposition]: {
    status: 409,
    meaning:
      'Together with reports already published, this one would single someone out; the problem says what to change.',
  },
  [ProblemType.ReportPopulationTooSmall]: {
    status: 409,
    meaning: 'The filters leave fewer responses than a report needs.',
  },
  [ProblemType.ReportPublished]: {
    status: 409,
    meaning: 'The report is published: it stays as management received it and cannot be deleted.',
  },
  [ProblemType.RetentionRunInProgress]: {
    status: 409,
    meaning: 'A retention run is already in progress (on some replica).',
  },
  [ProblemType.InvalidLink]: {
    status: 404,
    meaning: 'The verification or download link is unknown, used or expired (400 when the token is missing).',
  },
  [ProblemType.PrivacyRequestState]: {
    status: 409,
    meaning: "The privacy request's state does not allow this step.",
  },
  [ProblemType.ReminderTooEarly]: {
    status: 409,
    meaning:
      'The campaign mailed less than the minimum delay ago; `nextReminderAllowedAt` says when a reminder may go, or send again with `override: true` (audited).',
  },
  [ProblemType.ExportNotReady]: {
    status: 409,
    meaning: 'The export is still being made, or failed: poll its status until it is ready.',
  },
  [ProblemType.ExportExpired]: {
    status: 410,
    meaning: 'The export’s file has expired and was deleted: ask for a new export.',
  },
};
