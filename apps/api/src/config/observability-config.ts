import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Length, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** Metrics, tracing and the read replica: how operators watch and scale the API. */
export class ObservabilityVariables {
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(65535)
  @IsInt()
  METRICS_PORT?: number;

  @IsOptional()
  @Length(32, 512, { message: 'METRICS_TOKEN must be 32 to 512 characters long' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable ASCII without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_READ_URL must be a postgres:// or postgresql:// URL' },
  )
  DATABASE_READ_URL?: string;
}

/** Where /metrics is served, if anywhere (README, section Observability). */
export interface MetricsConfig {
  /** Off: no /metrics anywhere. */
  enabled: boolean;
  /** A listener of its own on HOST:port, serving only /metrics; null: on the public port, behind the token. */
  port: number | null;
  /** Required as `Authorization: Bearer <token>` when set. */
  token: string | null;
}

export interface ObservabilityConfig {
  metrics: MetricsConfig;
  /** OTLP/HTTP collector base URL; null: tracing is off (no SDK started). */
  otlpEndpoint: string | null;
  /** A read-only replica (or pool) for statistics, exports and lists; null: the primary serves all. */
  databaseReadUrl: string | null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

interface Neighbours {
  port: number;
  host: string;
  production: boolean;
  embeddedPostgresPort: number;
  embedded: boolean;
  otherSecrets: string[];
}

/**
 * The observability settings, and the combinations refused because they would publish metrics
 * or reuse a secret: metrics on the public port without a token, a token shared with another
 * purpose, a metrics port that collides with another listener.
 */
export function observabilitySettings(
  env: ObservabilityVariables,
  neighbours: Neighbours,
): { settings: ObservabilityConfig; problems: string[] } {
  const problems: string[] = [];
  const port = env.METRICS_PORT ?? null;
  const token = env.METRICS_TOKEN ?? null;
  if (port !== null && port === neighbours.port) {
    problems.push('METRICS_PORT must differ from PORT (metrics are never served on the public port without a token)');
  }
  if (port !== null && neighbours.embedded && port === neighbours.embeddedPostgresPort) {
    problems.push('METRICS_PORT must differ from EMBEDDED_POSTGRES_PORT');
  }
  if (port !== null && token === null && neighbours.production && !isLoopback(neighbours.host)) {
    problems.push(
      'METRICS_TOKEN is required when METRICS_PORT is set and HOST is not a loopback address in production ' +
        '(the metrics port would be reachable by anyone who can reach the host)',
    );
  }
  if (env.DATABASE_READ_URL !== undefined && neighbours.embedded) {
    problems.push('DATABASE_READ_URL needs DATABASE_URL (the embedded PostgreSQL has no replica)');
  }
  if (token !== null && neighbours.otherSecrets.includes(token)) {
    problems.push('METRICS_TOKEN must differ from the other secrets (one secret must not serve two purposes)');
  }
  return {
    settings: {
      metrics: { enabled: port !== null || token !== null, port, token },
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      databaseReadUrl: env.DATABASE_READ_URL ?? null,
    },
    problems,
  };
}
