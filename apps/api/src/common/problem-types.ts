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
  RetentionRunInProgress = 'urn:survey:problem:retention-run-in-progress',
  InvalidLink = 'urn:survey:problem:invalid-link',
  PrivacyRequestState = 'urn:survey:problem:privacy-request-state',
}

export const PROBLEM_TYPES: readonly string[] = Object.values(ProblemType);
