import { ApiKeyScope, StaffRole } from '../auth/roles';

/** Who, outside the respondent, can see survey data, and in what form. */
export type NoticeAudience = 'customer-experience' | 'privacy-officers' | 'survey-provider' | 'management';

/** What an audience gets to see. */
export type AudienceAccess =
  /** Identifying data (name, e-mail, registration numbers), on stating a purpose; audited. */
  | 'identified'
  /** Raw answers and demographics without name or e-mail. */
  | 'pseudonymised'
  /** Published, anonymous, aggregated reports only. */
  | 'aggregate';

/**
 * Which audience each staff role and each provider API-key scope belongs to, and hence what the
 * notice says about it. The records are exhaustive over StaffRole and ApiKeyScope, so a new role
 * or scope does not compile until someone decides what the notice says about it. `null`: the
 * role sees no survey data (administrators manage accounts and keys).
 */
export const RECIPIENTS_BY_ROLE: Readonly<Record<StaffRole, NoticeAudience | null>> = {
  [StaffRole.Admin]: null,
  [StaffRole.Analyst]: 'customer-experience',
  [StaffRole.PrivacyOfficer]: 'privacy-officers',
  [StaffRole.Management]: 'management',
};

export const RECIPIENTS_BY_API_KEY_SCOPE: Readonly<Record<ApiKeyScope, NoticeAudience>> = {
  [ApiKeyScope.ResponsesWrite]: 'survey-provider',
  [ApiKeyScope.ResponsesRead]: 'survey-provider',
  [ApiKeyScope.StatisticsRead]: 'survey-provider',
  [ApiKeyScope.ErasuresRead]: 'survey-provider',
};

/** The most each audience can see. The notice's wording for an audience states exactly this. */
export const AUDIENCE_ACCESS: Readonly<Record<NoticeAudience, AudienceAccess>> = {
  'customer-experience': 'identified',
  'privacy-officers': 'identified',
  'survey-provider': 'pseudonymised',
  management: 'aggregate',
};

const ACCESS_ORDER: readonly AudienceAccess[] = ['identified', 'pseudonymised', 'aggregate'];

/** The recipients the notice lists: every audience some role or scope maps to, most access first. */
export function noticeAudiences(): NoticeAudience[] {
  const audiences = new Set<NoticeAudience>();
  for (const audience of Object.values(RECIPIENTS_BY_ROLE)) if (audience) audiences.add(audience);
  for (const audience of Object.values(RECIPIENTS_BY_API_KEY_SCOPE)) audiences.add(audience);
  return [...audiences].sort(
    (a, b) => ACCESS_ORDER.indexOf(AUDIENCE_ACCESS[a]) - ACCESS_ORDER.indexOf(AUDIENCE_ACCESS[b]),
  );
}
