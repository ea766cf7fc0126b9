import { loadConfig } from '../config/app-config';
import { ConfigError } from '../config/environment';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env });

describe('privacy-request settings', () => {
  it('defaults: a week to confirm, a month to answer, a week to download, 24 months of records', () => {
    expect(load({}).privacyRequests).toEqual({
      verificationDays: 7,
      dueMonths: 1,
      dueSoonDays: 7,
      downloadDays: 7,
      retentionMonths: 24,
      perIpPerHour: 10,
      perEmailPerDay: 3,
      tokenMaxFailures: 20,
    });
  });

  it.each([
    ['PRIVACY_REQUEST_RETENTION_MONTHS', '25'],
    ['PRIVACY_REQUEST_RETENTION_MONTHS', '0'],
    ['PRIVACY_REQUEST_DUE_MONTHS', '4'],
    ['PRIVACY_VERIFICATION_DAYS', '31'],
    ['PRIVACY_DOWNLOAD_DAYS', 'week'],
    ['PRIVACY_REQUESTS_PER_EMAIL_PER_DAY', '0'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(ConfigError);
    expect(() => load({ [name]: value })).toThrow(name);
  });

  it('takes values within bounds', () => {
    const config = load({ PRIVACY_REQUEST_RETENTION_MONTHS: '24', PRIVACY_REQUEST_DUE_MONTHS: '3' });
    expect(config.privacyRequests).toMatchObject({ retentionMonths: 24, dueMonths: 3 });
  });
});
