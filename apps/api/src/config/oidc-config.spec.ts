import { StaffRole } from '../auth/roles';
import { mapRole, oidcSettings } from './oidc-config';

const complete = {
  OIDC_ISSUER_URL: 'https://idp.example.org/realms/staff',
  OIDC_CLIENT_ID: 'survey',
  OIDC_CLIENT_SECRET: 'a secret',
  OIDC_ROLE_MAP: 'cx-admins=admin, cx-analysts=analyst',
};

describe('single sign-on settings', () => {
  it('are off when no OIDC variable is set', () => {
    expect(oidcSettings({}, true)).toEqual({ settings: null, problems: [] });
  });

  it('read the provider, the role map in order and the defaults', () => {
    const { settings, problems } = oidcSettings(complete, true);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      roleClaim: 'groups',
      displayName: 'single sign-on',
      passwordLoginForSsoUsers: true,
      roleMap: [
        { group: 'cx-admins', role: StaffRole.Admin },
        { group: 'cx-analysts', role: StaffRole.Analyst },
      ],
    });
    expect(oidcSettings({ ...complete, OIDC_PASSWORD_LOGIN: 'false' }, true).settings?.passwordLoginForSsoUsers).toBe(
      false,
    );
  });

  it('name every missing or malformed variable, never the secret', () => {
    const { settings, problems } = oidcSettings(
      {
        OIDC_ISSUER_URL: 'http://idp.example.org',
        OIDC_ROLE_MAP: 'a=admin,b=owner,nonsense',
        OIDC_PASSWORD_LOGIN: 'maybe',
      },
      true,
    );
    expect(settings).toBeNull();
    expect(problems).toEqual([
      'OIDC_CLIENT_ID is required when single sign-on (OIDC_*) is configured',
      'OIDC_CLIENT_SECRET is required when single sign-on (OIDC_*) is configured',
      'OIDC_ISSUER_URL must be an https:// URL when NODE_ENV=production',
      expect.stringContaining('OIDC_ROLE_MAP entry 2 names an unknown role'),
      'OIDC_ROLE_MAP entry 3 must be group=role',
      'OIDC_PASSWORD_LOGIN must be true or false',
    ]);
  });

  it('map the first listed group the person has, and nothing when none maps', () => {
    const { settings } = oidcSettings(complete, true);
    expect(mapRole(settings!, { groups: ['cx-analysts', 'cx-admins'] })).toBe(StaffRole.Admin);
    expect(mapRole(settings!, { groups: 'cx-analysts' })).toBe(StaffRole.Analyst);
    expect(mapRole(settings!, { groups: ['elsewhere'] })).toBeNull();
    expect(mapRole(settings!, {})).toBeNull();
  });
});
