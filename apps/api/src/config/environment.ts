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

/**
 * Every environment variable the API reads. Names are the variables themselves so that a
 * validation error names exactly what the operator has to fix.
 */
export class EnvironmentVariables {
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
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(120000)
  @IsInt()
  SHUTDOWN_TIMEOUT_MS?: number;

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
