import { StaffRole, STAFF_ROLES } from '../auth/roles';

/** Staff single sign-on through an OpenID Connect provider (README, section Single sign-on). */
export interface OidcConfig {
  /** The provider's issuer URL; its discovery document is read from it (OIDC_ISSUER_URL). */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** The ID-token claim holding the person's groups (OIDC_ROLE_CLAIM, default `groups`). */
  roleClaim: string;
  /** Group name → role, in the order given: the first group the person has decides (OIDC_ROLE_MAP). */
  roleMap: Array<{ group: string; role: StaffRole }>;
  /** The name on the "Sign in with …" button (OIDC_DISPLAY_NAME). */
  displayName: string;
  /** Whether accounts that signed in with SSO may still log in with a password (OIDC_PASSWORD_LOGIN). */
  passwordLoginForSsoUsers: boolean;
}

const VARIABLES = [
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_ROLE_CLAIM',
  'OIDC_ROLE_MAP',
  'OIDC_DISPLAY_NAME',
  'OIDC_PASSWORD_LOGIN',
] as const;

function isHttpUrl(value: string, allowHttp: boolean): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  } catch {
    return false;
  }
}

/**
 * Reads the OIDC variables. None set: single sign-on is off (null). Some set: the three required
 * ones must all be there and every value well formed; each problem is named, never a value that
 * could be secret.
 */
export function oidcSettings(
  raw: NodeJS.ProcessEnv,
  production: boolean,
): { settings: OidcConfig | null; problems: string[] } {
  const value = (name: (typeof VARIABLES)[number]) => {
    const v = raw[name]?.trim();
    return v ? v : undefined;
  };
  if (VARIABLES.every((name) => value(name) === undefined)) return { settings: null, problems: [] };
  const problems: string[] = [];
  const issuerUrl = value('OIDC_ISSUER_URL');
  const clientId = value('OIDC_CLIENT_ID');
  const clientSecret = value('OIDC_CLIENT_SECRET');
  for (const [name, v] of [
    ['OIDC_ISSUER_URL', issuerUrl],
    ['OIDC_CLIENT_ID', clientId],
    ['OIDC_CLIENT_SECRET', clientSecret],
  ] as const) {
    if (v === undefined) problems.push(`${name} is required when single sign-on (OIDC_*) is configured`);
  }
  if (issuerUrl !== undefined && !isHttpUrl(issuerUrl, !production)) {
    problems.push(
      production
        ? 'OIDC_ISSUER_URL must be an https:// URL when NODE_ENV=production'
        : 'OIDC_ISSUER_URL must be an http:// or https:// URL',
    );
  }
  const roleClaim = value('OIDC_ROLE_CLAIM') ?? 'groups';
  if (!/^[A-Za-z0-9_:.\-/]+$/.test(roleClaim)) {
    problems.push('OIDC_ROLE_CLAIM must be a claim name (letters, digits, _ : . - /)');
  }
  const roleMap: OidcConfig['roleMap'] = [];
  const mapText = value('OIDC_ROLE_MAP');
  if (mapText === undefined) {
    problems.push(`OIDC_ROLE_MAP is required: group=role pairs separated by commas, roles ${STAFF_ROLES.join(', ')}`);
  } else {
    const seen = new Set<string>();
    for (const [index, entry] of mapText.split(',').entries()) {
      const match = /^\s*([^=]+?)\s*=\s*([a-z_]+)\s*$/.exec(entry);
      if (!match) {
        problems.push(`OIDC_ROLE_MAP entry ${index + 1} must be group=role`);
        continue;
      }
      const [, group, role] = match;
      if (!STAFF_ROLES.includes(role as StaffRole)) {
        problems.push(`OIDC_ROLE_MAP entry ${index + 1} names an unknown role; use one of ${STAFF_ROLES.join(', ')}`);
        continue;
      }
      if (seen.has(group)) {
        problems.push(`OIDC_ROLE_MAP entry ${index + 1} repeats a group already mapped`);
        continue;
      }
      seen.add(group);
      roleMap.push({ group, role: role as StaffRole });
    }
  }
  const passwordLogin = value('OIDC_PASSWORD_LOGIN')?.toLowerCase() ?? 'true';
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(passwordLogin)) {
    problems.push('OIDC_PASSWORD_LOGIN must be true or false');
  }
  const displayName = value('OIDC_DISPLAY_NAME') ?? 'single sign-on';
  if (displayName.length > 60) problems.push('OIDC_DISPLAY_NAME must be at most 60 characters');
  if (problems.length > 0) return { settings: null, problems };
  return {
    settings: {
      issuerUrl: issuerUrl!,
      clientId: clientId!,
      clientSecret: clientSecret!,
      roleClaim,
      roleMap,
      displayName,
      passwordLoginForSsoUsers: ['true', '1', 'yes'].includes(passwordLogin),
    },
    problems: [],
  };
}

/** The role the person's groups map to, by the map's order; null when none maps (no access). */
export function mapRole(config: OidcConfig, claims: Record<string, unknown>): StaffRole | null {
  const raw = claims[config.roleClaim];
  const groups = Array.isArray(raw)
    ? raw.filter((g): g is string => typeof g === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  for (const { group, role } of config.roleMap) {
    if (groups.includes(group)) return role;
  }
  return null;
}
