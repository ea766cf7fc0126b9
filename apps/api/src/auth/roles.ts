export enum StaffRole {
  Admin = 'admin',
  Analyst = 'analyst',
  PrivacyOfficer = 'privacy_officer',
  Management = 'management',
}

export const STAFF_ROLES = Object.values(StaffRole);

/** Roles that cannot use the API until a second factor (TOTP) is enrolled. */
export const ROLES_REQUIRING_MFA: readonly StaffRole[] = [StaffRole.Admin, StaffRole.PrivacyOfficer];

export enum ApiKeyScope {
  ResponsesWrite = 'responses:write',
  ResponsesRead = 'responses:read',
  StatisticsRead = 'statistics:read',
  /** The erasure and rectification feed (GET /provider/erasures) and its acknowledgements. */
  ErasuresRead = 'erasures:read',
}

export const API_KEY_SCOPES = Object.values(ApiKeyScope);
