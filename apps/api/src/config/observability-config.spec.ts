import { loadConfig } from './app-config';
import { ConfigError } from './environment';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://survey@db.internal:5432/survey',
  MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  BLIND_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
  JWT_SECRET: 'j'.repeat(40),
};
const TOKEN = 't'.repeat(40);

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('observability settings', () => {
  it('serve no metrics, start no tracing and use no read pool by default', () => {
    expect(loadConfig(PRODUCTION).observability).toEqual({
      metrics: { enabled: false, port: null, token: null },
      otlpEndpoint: null,
      databaseReadUrl: null,
    });
  });

  it('take the metrics port, token, collector and read pool from the environment', () => {
    const config = loadConfig({
      ...PRODUCTION,
      HOST: '0.0.0.0',
      METRICS_PORT: '9464',
      METRICS_TOKEN: TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      DATABASE_READ_URL: 'postgres://survey_reader@replica.internal:5432/survey',
    });
    expect(config.observability).toEqual({
      metrics: { enabled: true, port: 9464, token: TOKEN },
      otlpEndpoint: 'http://otel-collector:4318',
      databaseReadUrl: 'postgres://survey_reader@replica.internal:5432/survey',
    });
    expect(loadConfig({ ...PRODUCTION, METRICS_TOKEN: TOKEN }).observability.metrics).toEqual({
      enabled: true,
      port: null,
      token: TOKEN,
    });
  });

  it('refuse combinations that would publish the metrics or reuse a secret', () => {
    expect(problemsOf({ ...PRODUCTION, PORT: '8080', METRICS_PORT: '8080', METRICS_TOKEN: TOKEN })).toEqual([
      expect.stringMatching(/^METRICS_PORT must differ from PORT/),
    ]);
    expect(problemsOf({ ...PRODUCTION, HOST: '0.0.0.0', METRICS_PORT: '9464' })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN is required when METRICS_PORT is set and HOST is not a loopback/),
    ]);
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: PRODUCTION.JWT_SECRET })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN must differ from the other secrets/),
    ]);
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: 'short' })).toEqual([
      'METRICS_TOKEN must be 32 to 512 characters long',
    ]);
    expect(problemsOf({ NODE_ENV: 'test', METRICS_PORT: '54329' })).toEqual([
      'METRICS_PORT must differ from EMBEDDED_POSTGRES_PORT',
    ]);
    expect(problemsOf({ NODE_ENV: 'test', DATABASE_READ_URL: 'postgres://r@replica/survey' })).toEqual([
      expect.stringMatching(/^DATABASE_READ_URL needs DATABASE_URL/),
    ]);
    expect(problemsOf({ ...PRODUCTION, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
    ]);
  });

  it('allow a metrics port without a token on a loopback host, and outside production', () => {
    expect(loadConfig({ ...PRODUCTION, HOST: '127.0.0.1', METRICS_PORT: '9464' }).observability.metrics.port).toBe(
      9464,
    );
    expect(loadConfig({ NODE_ENV: 'test', HOST: '0.0.0.0', METRICS_PORT: '9464' }).observability.metrics.token).toBe(
      null,
    );
  });
});
