/**
 * The rights a respondent can exercise by request (P7), in the order the privacy notice lists
 * them. The privacy-request workflow accepts exactly these types, and the notice explains each.
 */
export const PRIVACY_REQUEST_TYPES = ['access', 'rectification', 'erasure', 'objection'] as const;
export type PrivacyRequestType = (typeof PRIVACY_REQUEST_TYPES)[number];

export function isPrivacyRequestType(value: unknown): value is PrivacyRequestType {
  return typeof value === 'string' && (PRIVACY_REQUEST_TYPES as readonly string[]).includes(value);
}
