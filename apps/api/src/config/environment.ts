import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
  IsEmail,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';
import { ObservabilityVariables } from './observability-config';

/** Staff passwords, including the first administrator's, are at least this long. */
export const MIN_PASSWORD_LENGTH = 12;

export enum NodeEnv {
  Development = 'development',
  Test = 'test',
  Production = 'production',
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

const toBytes = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!match) return value;
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
};

/** Settings of survey delivery, mail and the privacy notice (issue 4). */
export class DeliveryVariables extends ObservabilityVariables {
  @IsOptional()
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true, allow_underscores: true },
    { message: 'SMTP_URL must be an smtp:// or smtps:// URL' },
  )
  SMTP_URL?: string;

  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'MAIL_FROM must be an e-mail address' })
  MAIL_FROM?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(20)
  @IsInt()
  MAIL_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt()
  MAIL_RETRY_BASE_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(600000)
  @IsInt()
  MAIL_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(10)
  @IsInt()
  MAX_REMINDERS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(60)
  @IsInt()
  REMINDER_MIN_DELAY_DAYS?: number;

  @IsOptional()
  @Transform(toBytes)
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  @IsInt({ message: 'CONTACT_IMPORT_MAX_BYTES must look like 100mb, 512kb or a number of bytes' })
  CONTACT_IMPORT_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toBytes)
  @Min(1024)
  @Max(256 * 1024 * 1024)
  @IsInt({ message: 'CONTACT_IMPORT_JSON_MAX_BYTES must look like 20mb, 512kb or a number of bytes' })
  CONTACT_IMPORT_JSON_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(366)
  @IsInt()
  INVITATION_LINK_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100000)
  @IsInt()
  RESPOND_MAX_INVALID_TOKENS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(86400)
  @IsInt()
  RESPOND_INVALID_TOKEN_WINDOW_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1000000)
  @IsInt()
  PROVIDER_REQUESTS_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toBytes)
  @Min(1024)
  @Max(256 * 1024 * 1024)
  @IsInt({ message: 'PROVIDER_BATCH_MAX_BYTES must look like 16mb, 512kb or a number of bytes' })
  PROVIDER_BATCH_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(30)
  @IsInt()
  PRIVACY_VERIFICATION_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3, { message: 'PRIVACY_REQUEST_DUE_MONTHS must not exceed 3 (one month, extended by at most two more)' })
  @IsInt()
  PRIVACY_REQUEST_DUE_MONTHS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(30)
  @IsInt()
  PRIVACY_REQUEST_DUE_SOON_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(30)
  @IsInt()
  PRIVACY_DOWNLOAD_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(24, {
    message: 'PRIVACY_REQUEST_RETENTION_MONTHS must not exceed 24 (the privacy statement promises at most 24 months)',
  })
  @IsInt()
  PRIVACY_REQUEST_RETENTION_MONTHS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100000)
  @IsInt()
  PRIVACY_REQUESTS_PER_IP_PER_HOUR?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1000)
  @IsInt()
  PRIVACY_REQUESTS_PER_EMAIL_PER_DAY?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100000)
  @IsInt()
  PRIVACY_TOKEN_MAX_FAILURES?: number;

  @IsOptional()
  @IsString()
  @Length(2, 200, { message: 'ORGANISATION_NAME must be 2 to 200 characters long' })
  ORGANISATION_NAME?: string;

  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'PRIVACY_CONTACT_EMAIL must be an e-mail address' })
  PRIVACY_CONTACT_EMAIL?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(24, { message: 'RETENTION_MONTHS must not exceed 24 (the privacy statement promises at most 24 months)' })
  @IsInt()
  RETENTION_MONTHS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RETENTION_SCHEDULE?: boolean;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(23)
  @IsInt()
  RETENTION_RUN_HOUR?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(10000)
  @IsInt()
  RETENTION_BATCH_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(10000)
  @IsInt()
  RETENTION_BATCH_PAUSE_MS?: number;

  @IsOptional()
  @IsBase64()
  @Length(44, 44, { message: 'AUDIT_CHECKPOINT_KEY must be 32 bytes, base64-encoded (44 characters)' })
  AUDIT_CHECKPOINT_KEY?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO?: boolean;
}

/**
 * Every environment variable the API reads. Names are the variables themselves so that a
 * validation error names exactly what the operator has to fix.
 */
export class EnvironmentVariables extends DeliveryVariables {
  @IsOptional()
  @IsEnum(NodeEnv)
  NODE_ENV?: NodeEnv;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]+$/, { message: 'HOST must be a host name or IP address' })
  HOST?: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' },
  )
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(1024)
  @Max(65535)
  @IsInt()
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @IsBase64()
  @Length(44, 44, { message: 'MASTER_KEY must be 32 bytes, base64-encoded (44 characters)' })
  MASTER_KEY?: string;

  @IsOptional()
  @IsBase64()
  @Length(44, 44, { message: 'BLIND_INDEX_KEY must be 32 bytes, base64-encoded (44 characters)' })
  BLIND_INDEX_KEY?: string;

  @IsOptional()
  @IsString()
  @Length(32, 512, { message: 'JWT_SECRET must be 32 to 512 characters long' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SWAGGER_UI?: boolean;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  /** What this process does: serve the API, run background jobs, or both (the default). */
  @IsOptional()
  @IsIn(['api', 'worker', 'all'], { message: 'ROLE must be api, worker or all' })
  ROLE?: 'api' | 'worker' | 'all';

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(32)
  @IsInt()
  JOBS_CONCURRENCY?: number;

  /** Hours a background export's file stays downloadable (then it is deleted). */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(720)
  @IsInt()
  EXPORT_TTL_HOURS?: number;

  /** Webhook URLs may point at loopback and private addresses (tests, closed networks). Off by default. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE?: boolean;

  /** Consecutive failed deliveries after which a webhook subscription is disabled. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(1000)
  @IsInt()
  WEBHOOKS_FAILURE_STREAK?: number;

  /** Seconds a webhook delivery attempt waits for the receiver's answer. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(60)
  @IsInt()
  WEBHOOKS_TIMEOUT_SECONDS?: number;

  /** Seconds before a webhook delivery's first retry; each later one waits four times longer. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt()
  WEBHOOKS_RETRY_BASE_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(120000)
  @IsInt()
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(6)
  @Max(500)
  @IsInt()
  DB_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DB_PREPARED_STATEMENTS?: boolean;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  HEAVY_WORK_STAFF_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  HEAVY_WORK_PROVIDER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  HEAVY_WORK_PER_CALLER?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(10000)
  @IsInt()
  HEAVY_WORK_QUEUE_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(1000)
  @IsInt()
  HEAVY_WORK_QUEUE_PER_CALLER?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(600000)
  @IsInt()
  HEAVY_WORK_QUEUE_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  STATIC_DIR?: string;

  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'INITIAL_ADMIN_EMAIL must be an e-mail address' })
  INITIAL_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, 256, {
    message: `INITIAL_ADMIN_PASSWORD must be ${MIN_PASSWORD_LENGTH} to 256 characters long`,
  })
  INITIAL_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(60)
  @Max(3600)
  @IsInt()
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(300)
  @Max(7 * 24 * 3600)
  @IsInt()
  SESSION_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  LOGIN_MAX_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(24 * 3600)
  @IsInt()
  LOGIN_LOCK_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100000)
  @IsInt()
  LOGIN_IP_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Matches(/^\s*[a-z][a-z0-9-]{1,63}(\s*,\s*[a-z][a-z0-9-]{1,63})*\s*$/, {
    message: 'DATA_ACCESS_PURPOSES must be a comma-separated list of lower-case-hyphenated names',
  })
  DATA_ACCESS_PURPOSES?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

/**
 * Parses and validates raw environment values. Malformed variables are reported and dropped, so
 * the caller can add its own findings and report everything at once.
 */
export function parseEnvironment(raw: NodeJS.ProcessEnv): { env: EnvironmentVariables; problems: string[] } {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  for (const error of errors) {
    delete (env as unknown as Record<string, unknown>)[error.property];
  }
  return { env, problems: describe(errors) };
}
