import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, EnvironmentVariables, LogLevel, NodeEnv, parseEnvironment } from './environment';
import { OidcConfig, oidcSettings } from './oidc-config';
import { ObservabilityConfig, observabilitySettings } from './observability-config';

export interface Secrets {
  /** Wraps the per-data-subject keys (KEK). 32 bytes. */
  masterKey: Buffer;
  /** Keys the HMAC blind index used to look up e-mail addresses. 32 bytes. */
  blindIndexKey: Buffer;
  /** Signs staff access tokens. */
  jwtSecret: string;
  /** Where the secrets came from, so start-up can say so. */
  source: 'environment' | 'generated-persisted' | 'generated-ephemeral';
}

export interface AppConfig {
  env: NodeEnv;
  port: number;
  host: string;
  /** null means: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  secrets: Secrets;
  logLevel: LogLevel;
  bodyLimit: string;
  trustProxy: boolean;
  /** Serve Swagger UI at /api/docs; the OpenAPI document at /api/docs-json is served either way. */
  swaggerUi: boolean;
  publicUrl: string;
  shutdownTimeoutMs: number;
  /** Connections in this process's database pool. */
  dbPoolSize: number;
  /**
   * Hot statements run as named prepared statements. Off behind a pooler in transaction mode
   * that does not carry them from one server connection to another (PgBouncer before 1.21).
   */
  dbPreparedStatements: boolean;
  heavyWork: HeavyWorkConfig;
  /** Folder holding the built SPAs (analyst/, respondent/). */
  staticDir: string;
  auth: AuthConfig;
  /** Why staff may read personal data; every such read names one of these and is audited. */
  dataAccessPurposes: string[];
  mail: MailConfig;
  delivery: DeliveryConfig;
  privacy: PrivacyConfig;
  ingestion: IngestionConfig;
  privacyRequests: PrivacyRequestsConfig;
  retention: RetentionConfig;
  /** Load demo data into an empty embedded database at start (never with DATABASE_URL). */
  demo: boolean;
  /** Metrics, tracing and the read replica (README, section Observability). */
  observability: ObservabilityConfig;
  jobs: JobsConfig;
  exports: ExportsConfig;
  webhooks: WebhooksConfig;
  /** Staff single sign-on; null when the OIDC_* variables are not set. */
  oidc: OidcConfig | null;
}

/** Outgoing webhooks. */
export interface WebhooksConfig {
  /** Loopback and private receiver addresses are allowed (WEBHOOKS_ALLOW_PRIVATE); never by default. */
  allowPrivate: boolean;
  /** Receiver URLs must be https (always in production). */
  httpsOnly: boolean;
  /** Consecutive failed deliveries that disable a subscription (WEBHOOKS_FAILURE_STREAK). */
  failureStreak: number;
  /** Milliseconds an attempt waits for the receiver (WEBHOOKS_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** Milliseconds before the first retry; each later one waits four times longer (WEBHOOKS_RETRY_BASE_SECONDS). */
  retryBaseMs: number;
}

/** Background exports. */
export interface ExportsConfig {
  /** Hours a finished export's file can be downloaded before it is deleted (EXPORT_TTL_HOURS). */
  ttlHours: number;
}

/** What a process does (ROLE): `api` serves HTTP only, `worker` runs jobs only, `all` both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** The job queue (graphile-worker) and this process's part in it. */
export interface JobsConfig {
  role: ProcessRole;
  /** Whether this process runs jobs (ROLE worker or all). */
  runsJobs: boolean;
  /** Whether this process serves the API (ROLE api or all). */
  servesApi: boolean;
  /** Jobs this process runs at once. */
  concurrency: number;
}

/** Limits on heavy requests per process (see common/bulkhead.ts and the README). */
export interface HeavyWorkConfig {
  /** Heavy staff requests running at once; staff and providers each have their own lane. */
  staffConcurrency: number;
  providerConcurrency: number;
  /** Heavy requests one staff account or API key may run at once. */
  perCaller: number;
  /** Heavy requests that may wait in each lane, and per caller. */
  queueSize: number;
  queuePerCaller: number;
  queueTimeoutMs: number;
}

export interface MailConfig {
  /** null: write each message as an .eml file under outboxDir instead of sending it. */
  smtpUrl: string | null;
  outboxDir: string;
  from: string;
  maxAttempts: number;
  retryBaseSeconds: number;
  /** 0 turns the background sender off (tests drive it by hand). */
  pollIntervalMs: number;
}

export interface DeliveryConfig {
  maxReminders: number;
  /** Days a reminder waits after the campaign's last mailing, unless the analyst overrides it. */
  reminderMinDelayDays: number;
  importMaxBytes: number;
  importJsonMaxBytes: number;
}

export interface IngestionConfig {
  /** A secret link stops working this many days after it was issued. */
  invitationLinkDays: number;
  /** Unknown or malformed invitation tokens one IP address may present per window before it gets 429. */
  respondMaxInvalidTokens: number;
  respondInvalidTokenWindowSeconds: number;
  /** Requests one provider API key may make per minute (each route family counted on its own). */
  providerRequestsPerMinute: number;
  /** Largest body of one provider batch. */
  providerBatchMaxBytes: number;
}

/** The privacy-request workflow (P7). */
export interface PrivacyRequestsConfig {
  /** A verification link (and an unverified request) expires this many days after intake. */
  verificationDays: number;
  /** A verified request is due this many months after verification (before any extension). */
  dueMonths: number;
  /** An open request is flagged due-soon this many days before its due date. */
  dueSoonDays: number;
  /** An access package can be downloaded for this many days. */
  downloadDays: number;
  /** A closed request's record (without the person's address or details) is kept this many months. */
  retentionMonths: number;
  /** Requests one IP address may file per hour. */
  perIpPerHour: number;
  /** Requests for one e-mail address per day (counted under an HMAC of the address). */
  perEmailPerDay: number;
  /** Unknown verification or download tokens one IP address may present per 15 minutes. */
  tokenMaxFailures: number;
}

/** The retention run (issue 7): its daily schedule, its batches, and the audit checkpoint key. */
export interface RetentionConfig {
  /** Run the purge every day (off in tests, which start runs themselves). */
  scheduleEnabled: boolean;
  /** Hour of the day (UTC) the daily run starts. */
  runHourUtc: number;
  /** Most records one purge transaction deletes. */
  batchSize: number;
  /** Pause between two batches, leaving the database to other work. */
  batchPauseMs: number;
  /** Signs the audit checkpoint kept when old events are cut: AUDIT_CHECKPOINT_KEY, else derived from MASTER_KEY. */
  auditCheckpointKey: Buffer;
}

/** What the privacy notice says; read from here so it cannot drift from what the system does. */
export interface PrivacyConfig {
  organisationName: string;
  contactEmail: string;
  /** Longest any survey keeps personal data; surveys default to it and may not exceed it. */
  retentionMonths: number;
}

export interface AuthConfig {
  /** Who the first administrator is, when the database has no staff account yet. */
  initialAdmin: { email: string; password?: string };
  accessTokenTtlSeconds: number;
  /** A session (and its refresh tokens) ends this long after login, however often it is refreshed. */
  sessionTtlSeconds: number;
  /** Failed logins for one account name before it is locked for loginLockSeconds. */
  loginMaxFailures: number;
  loginLockSeconds: number;
  /** Login attempts one IP address may make per loginLockSeconds. */
  loginIpMaxAttempts: number;
}

export const DEFAULT_DATA_ACCESS_PURPOSES = [
  'survey-administration',
  'survey-analysis',
  'data-quality',
  'privacy-request',
  'security-investigation',
];

export const APP_CONFIG = Symbol('APP_CONFIG');

const SECRET_VARIABLES = ['MASTER_KEY', 'BLIND_INDEX_KEY', 'JWT_SECRET'] as const;

interface StoredSecrets {
  MASTER_KEY: string;
  BLIND_INDEX_KEY: string;
  JWT_SECRET: string;
}

function generateSecrets(): StoredSecrets {
  return {
    MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  };
}

/** Development keys live in DATA_DIR/secrets.json (mode 0600) so data stays readable across runs. */
function persistedSecrets(dataDir: string): StoredSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
    const missing = SECRET_VARIABLES.filter((name) => typeof stored[name] !== 'string');
    if (missing.length > 0) {
      throw new ConfigError([`${file} lacks ${missing.join(', ')}; restore it or remove the data directory`]);
    }
    return stored as StoredSecrets;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const secrets = generateSecrets();
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

/** Secrets come all from the environment, or (outside production) all generated. */
function secretsProblems(env: EnvironmentVariables, nodeEnv: NodeEnv): string[] {
  const given = SECRET_VARIABLES.filter((name) => env[name] !== undefined);
  if (given.length === SECRET_VARIABLES.length) return [];
  if (nodeEnv !== NodeEnv.Production && given.length === 0) return [];
  const why =
    nodeEnv === NodeEnv.Production
      ? 'is required when NODE_ENV=production'
      : 'is required because other secrets are set in the environment (set all three or none)';
  return SECRET_VARIABLES.filter((name) => env[name] === undefined).map((name) => `${name} ${why}`);
}

function resolveSecrets(env: EnvironmentVariables, nodeEnv: NodeEnv, dataDir: string): Secrets {
  if (SECRET_VARIABLES.every((name) => env[name] !== undefined)) {
    return toSecrets(env as StoredSecrets, 'environment');
  }
  if (nodeEnv === NodeEnv.Test) {
    return toSecrets(generateSecrets(), 'generated-ephemeral');
  }
  return toSecrets(persistedSecrets(dataDir), 'generated-persisted');
}

function toSecrets(values: StoredSecrets, source: Secrets['source']): Secrets {
  return {
    masterKey: Buffer.from(values.MASTER_KEY, 'base64'),
    blindIndexKey: Buffer.from(values.BLIND_INDEX_KEY, 'base64'),
    jwtSecret: values.JWT_SECRET,
    source,
  };
}

/** Connections heavy work may never take, so respondents and everyday requests always find one. */
export const HEAVY_WORK_SPARE_CONNECTIONS = 4;

/**
 * Reads the environment once into a typed, validated object. Throws ConfigError naming every
 * missing or malformed variable; nothing secret has a default outside development and test.
 */
export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const { env, nodeEnv, dbPoolSize, heavyWork } = checkedEnvironment(raw);
  const dataDir = resolve(env.DATA_DIR ?? 'var');
  const port = env.PORT ?? 3000;
  const secrets = resolveSecrets(env, nodeEnv, dataDir);
  if (secrets.masterKey.equals(secrets.blindIndexKey)) {
    throw new ConfigError(['BLIND_INDEX_KEY must differ from MASTER_KEY (one key must not serve two purposes)']);
  }
  if (env.AUDIT_CHECKPOINT_KEY && Buffer.from(env.AUDIT_CHECKPOINT_KEY, 'base64').equals(secrets.masterKey)) {
    throw new ConfigError(['AUDIT_CHECKPOINT_KEY must differ from MASTER_KEY (one key must not serve two purposes)']);
  }
  const host = env.HOST ?? '127.0.0.1';
  const observability = observabilitySettings(env, {
    port,
    host,
    production: nodeEnv === NodeEnv.Production,
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT ?? 54329,
    embedded: env.DATABASE_URL === undefined,
    otherSecrets: [
      secrets.jwtSecret,
      ...[env.MASTER_KEY, env.BLIND_INDEX_KEY, env.AUDIT_CHECKPOINT_KEY].flatMap((k) => k ?? []),
    ],
  });
  if (observability.problems.length > 0) throw new ConfigError(observability.problems);
  const oidc = oidcSettings(raw, nodeEnv === NodeEnv.Production);
  if (oidc.problems.length > 0) throw new ConfigError(oidc.problems);
  return {
    env: nodeEnv,
    port,
    host,
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir,
    embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT ?? 54329,
    secrets,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === NodeEnv.Test ? 'silent' : 'info'),
    bodyLimit: env.BODY_LIMIT ?? '1mb',
    trustProxy: env.TRUST_PROXY ?? false,
    swaggerUi: env.SWAGGER_UI ?? true,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10000,
    dbPoolSize,
    dbPreparedStatements: env.DB_PREPARED_STATEMENTS ?? true,
    heavyWork,
    staticDir: resolve(env.STATIC_DIR ?? 'dist/apps'),
    ...featureSettings(env, nodeEnv, dataDir, secrets),
    demo: env.DATABASE_URL === undefined && (env.DEMO ?? true),
    observability: observability.settings,
    jobs: jobsSettings(env),
    exports: { ttlHours: env.EXPORT_TTL_HOURS ?? 24 },
    webhooks: {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE ?? false,
      httpsOnly: nodeEnv === NodeEnv.Production,
      failureStreak: env.WEBHOOKS_FAILURE_STREAK ?? 10,
      timeoutMs: (env.WEBHOOKS_TIMEOUT_SECONDS ?? 10) * 1000,
      retryBaseMs: (env.WEBHOOKS_RETRY_BASE_SECONDS ?? 10) * 1000,
    },
    oidc: oidc.settings,
  };
}

function jobsSettings(env: EnvironmentVariables): JobsConfig {
  const role = env.ROLE ?? 'all';
  return {
    role,
    runsJobs: role !== 'api',
    servesApi: role !== 'worker',
    concurrency: env.JOBS_CONCURRENCY ?? 4,
  };
}

/**
 * The parsed environment, or ConfigError with every problem found: malformed values, what
 * production requires, secrets, and pool sizes that would let heavy work take every connection.
 */
function checkedEnvironment(raw: NodeJS.ProcessEnv): {
  env: EnvironmentVariables;
  nodeEnv: NodeEnv;
  dbPoolSize: number;
  heavyWork: HeavyWorkConfig;
} {
  const { env, problems } = parseEnvironment(raw);
  if (problems.some((problem) => problem.startsWith('NODE_ENV'))) throw new ConfigError(problems);
  const nodeEnv = env.NODE_ENV ?? NodeEnv.Development;
  if (
    nodeEnv === NodeEnv.Production &&
    env.DATABASE_URL === undefined &&
    !problems.some((p) => p.startsWith('DATABASE_URL'))
  ) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for development)');
  }
  const secretProblems = secretsProblems(env, nodeEnv).filter(
    (p) => !problems.some((q) => q.split(' ')[0] === p.split(' ')[0]),
  );
  problems.push(...secretProblems);
  const dbPoolSize = env.DB_POOL_SIZE ?? 10;
  const heavyWork: HeavyWorkConfig = {
    staffConcurrency: env.HEAVY_WORK_STAFF_CONCURRENCY ?? 3,
    providerConcurrency: env.HEAVY_WORK_PROVIDER_CONCURRENCY ?? 2,
    perCaller: env.HEAVY_WORK_PER_CALLER ?? 1,
    queueSize: env.HEAVY_WORK_QUEUE_SIZE ?? 50,
    queuePerCaller: env.HEAVY_WORK_QUEUE_PER_CALLER ?? 8,
    queueTimeoutMs: env.HEAVY_WORK_QUEUE_TIMEOUT_MS ?? 30000,
  };
  if (heavyWork.staffConcurrency + heavyWork.providerConcurrency + HEAVY_WORK_SPARE_CONNECTIONS > dbPoolSize) {
    problems.push(
      `HEAVY_WORK_STAFF_CONCURRENCY + HEAVY_WORK_PROVIDER_CONCURRENCY must leave at least ` +
        `${HEAVY_WORK_SPARE_CONNECTIONS} of the DB_POOL_SIZE (${dbPoolSize}) connections to other requests`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { env, nodeEnv, dbPoolSize, heavyWork };
}

/** The settings of the feature modules, each from its variables or its default. */
function featureSettings(
  env: EnvironmentVariables,
  nodeEnv: NodeEnv,
  dataDir: string,
  secrets: Secrets,
): Pick<
  AppConfig,
  'auth' | 'dataAccessPurposes' | 'mail' | 'delivery' | 'privacy' | 'ingestion' | 'privacyRequests' | 'retention'
> {
  return {
    auth: {
      initialAdmin: {
        email: (env.INITIAL_ADMIN_EMAIL ?? 'admin@localhost').toLowerCase(),
        password: env.INITIAL_ADMIN_PASSWORD,
      },
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS ?? 900,
      sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 12 * 3600,
      loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      loginLockSeconds: env.LOGIN_LOCK_SECONDS ?? 900,
      loginIpMaxAttempts: env.LOGIN_IP_MAX_ATTEMPTS ?? 100,
    },
    dataAccessPurposes: env.DATA_ACCESS_PURPOSES
      ? [...new Set(env.DATA_ACCESS_PURPOSES.split(',').map((p) => p.trim()))]
      : DEFAULT_DATA_ACCESS_PURPOSES,
    mail: {
      smtpUrl: env.SMTP_URL ?? null,
      outboxDir: join(dataDir, 'outbox'),
      from: env.MAIL_FROM ?? 'surveys@localhost',
      maxAttempts: env.MAIL_MAX_ATTEMPTS ?? 5,
      retryBaseSeconds: env.MAIL_RETRY_BASE_SECONDS ?? 30,
      pollIntervalMs: env.MAIL_POLL_INTERVAL_MS ?? (nodeEnv === NodeEnv.Test ? 0 : 2000),
    },
    delivery: {
      maxReminders: env.MAX_REMINDERS ?? 2,
      reminderMinDelayDays: env.REMINDER_MIN_DELAY_DAYS ?? 3,
      importMaxBytes: env.CONTACT_IMPORT_MAX_BYTES ?? 100 * 1024 * 1024,
      importJsonMaxBytes: env.CONTACT_IMPORT_JSON_MAX_BYTES ?? 20 * 1024 * 1024,
    },
    privacy: {
      organisationName: env.ORGANISATION_NAME ?? 'World Intellectual Property Organization (WIPO)',
      contactEmail: (env.PRIVACY_CONTACT_EMAIL ?? 'privacy@localhost').toLowerCase(),
      retentionMonths: env.RETENTION_MONTHS ?? 24,
    },
    ingestion: {
      invitationLinkDays: env.INVITATION_LINK_DAYS ?? 90,
      respondMaxInvalidTokens: env.RESPOND_MAX_INVALID_TOKENS ?? 20,
      respondInvalidTokenWindowSeconds: env.RESPOND_INVALID_TOKEN_WINDOW_SECONDS ?? 900,
      providerRequestsPerMinute: env.PROVIDER_REQUESTS_PER_MINUTE ?? 120,
      providerBatchMaxBytes: env.PROVIDER_BATCH_MAX_BYTES ?? 16 * 1024 * 1024,
    },
    privacyRequests: {
      verificationDays: env.PRIVACY_VERIFICATION_DAYS ?? 7,
      dueMonths: env.PRIVACY_REQUEST_DUE_MONTHS ?? 1,
      dueSoonDays: env.PRIVACY_REQUEST_DUE_SOON_DAYS ?? 7,
      downloadDays: env.PRIVACY_DOWNLOAD_DAYS ?? 7,
      retentionMonths: env.PRIVACY_REQUEST_RETENTION_MONTHS ?? 24,
      perIpPerHour: env.PRIVACY_REQUESTS_PER_IP_PER_HOUR ?? 10,
      perEmailPerDay: env.PRIVACY_REQUESTS_PER_EMAIL_PER_DAY ?? 3,
      tokenMaxFailures: env.PRIVACY_TOKEN_MAX_FAILURES ?? 20,
    },
    retention: {
      scheduleEnabled: env.RETENTION_SCHEDULE ?? nodeEnv !== NodeEnv.Test,
      runHourUtc: env.RETENTION_RUN_HOUR ?? 3,
      batchSize: env.RETENTION_BATCH_SIZE ?? 2000,
      batchPauseMs: env.RETENTION_BATCH_PAUSE_MS ?? 0,
      auditCheckpointKey: env.AUDIT_CHECKPOINT_KEY
        ? Buffer.from(env.AUDIT_CHECKPOINT_KEY, 'base64')
        : Buffer.from(hkdfSync('sha256', secrets.masterKey, Buffer.alloc(0), 'survey:audit-checkpoint', 32)),
    },
  };
}
