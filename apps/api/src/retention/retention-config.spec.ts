import { loadConfig } from '../config/app-config';
import { ConfigError } from '../config/environment';

describe('Retention settings at start-up', () => {
  it('refuses RETENTION_MONTHS=25 (over the 24-month limit), naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_MONTHS: '25' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_MONTHS: '25' })).toThrow(/RETENTION_MONTHS/);
  });

  it('refuses malformed retention settings, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_RUN_HOUR: '24' })).toThrow(/RETENTION_RUN_HOUR/);
    expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_BATCH_SIZE: '10' })).toThrow(/RETENTION_BATCH_SIZE/);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_CHECKPOINT_KEY: 'short' })).toThrow(/AUDIT_CHECKPOINT_KEY/);
  });
});
