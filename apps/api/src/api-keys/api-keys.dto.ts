import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { dateTimeParam } from '../common/query-params';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsDate, IsEnum, IsUUID } from 'class-validator';
import { ApiKeyScope } from '../auth/roles';
import { PageQueryDto } from '../common/pagination';
import { ValidateEnum, ValidateText } from '../common/validation';
import type { ApiKey } from './api-key.entity';

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';
const STATUSES: ApiKeyStatus[] = ['active', 'expired', 'revoked'];

export class CreateApiKeyDto {
  /** What the key is for, e.g. "Provider upload, 2027 wave". */
  @ValidateText({ max: 120, message: 'name must be 1 to 120 characters long (not only spaces)' })
  name: string;

  @ApiProperty({ enum: ApiKeyScope, enumName: 'ApiKeyScope', isArray: true })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(ApiKeyScope, { each: true, message: `each scope must be one of: ${Object.values(ApiKeyScope).join(', ')}` })
  scopes: ApiKeyScope[];

  /** The surveys the key may reach; it can reach no other. */
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value,
  )
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each survey id must be a UUID' })
  surveyIds: string[];

  /** When the key stops working; in the future, at most a year away. */
  @ApiProperty({ format: 'date-time' })
  @Transform(dateTimeParam)
  @IsDate({ message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt: Date;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  /** Public part of the key, shown so a key can be recognised; not a secret. */
  @ApiProperty({ example: 'svk_k3p9x2m4q8ab' })
  prefix: string;

  @ApiProperty({ enum: ApiKeyScope, enumName: 'ApiKeyScope', isArray: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ type: [String], format: 'uuid' })
  surveyIds: string[];

  @ApiProperty({ enum: STATUSES })
  status: ApiKeyStatus;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto })
  apiKey: ApiKeyDto;

  /** The whole key, for the X-API-Key header. Shown this once; only its hash is stored. */
  @ApiProperty({ example: 'svk_k3p9x2m4q8ab_…' })
  secret: string;
}

export class ApiKeyQueryDto extends PageQueryDto {
  @ValidateEnum(STATUSES, { optional: true, message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: ApiKeyStatus;
}

export function apiKeyStatus(key: ApiKey, now: Date): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  return key.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

export function toApiKeyDto(key: ApiKey, now: Date): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: `svk_${key.prefix}`,
    scopes: key.scopes,
    surveyIds: key.surveyIds,
    status: apiKeyStatus(key, now),
    expiresAt: key.expiresAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
  };
}
