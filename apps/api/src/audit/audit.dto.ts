import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { dateTimeParam } from '../common/query-params';
import { IsDate, IsIn, Matches } from 'class-validator';
import { IsOmittable, ValidateText } from '../common/validation';
import { PageQueryDto } from '../common/pagination';
import type { AuditActorType, AuditEvent, AuditOutcome } from './audit-event.entity';
import { AUDIT_ACTIONS, type AuditAction } from './audit-actions';
import type { ChainVerification } from './audit.service';

const ACTOR_TYPES: AuditActorType[] = ['staff', 'api_key', 'system', 'anonymous'];
const OUTCOMES: AuditOutcome[] = ['success', 'failure', 'denied'];

export class AuditEventQueryDto extends PageQueryDto {
  /** Exact action, e.g. `auth.login`; GET /audit-events/actions lists those the log records. */
  @IsOmittable()
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action must be a dotted lower-case action name' })
  action?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES })
  @IsOmittable()
  @IsIn(ACTOR_TYPES)
  actorType?: AuditActorType;

  /** Id of the staff user or API key that acted. */
  @ValidateText({ max: 64, optional: true, trim: false })
  actorId?: string;

  @IsOmittable()
  @Matches(/^[a-z_]+$/, { message: 'resourceType must be a lower-case resource name' })
  resourceType?: string;

  /**
   * Id of the resource. For a contact, an invitation or a response, also finds the events that
   * name it by reference, as long as the person's key exists.
   */
  @ValidateText({ max: 64, optional: true, trim: false })
  resourceId?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOmittable()
  @IsIn(OUTCOMES)
  outcome?: AuditOutcome;

  /** Events at or after this time (ISO 8601). */
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  /** Events before this time (ISO 8601). */
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;
}

export class AuditEventDto {
  /** Position in the chain, from 1, without gaps. */
  @ApiProperty()
  seq: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ enum: ACTOR_TYPES })
  actorType: AuditActorType;

  @ApiProperty({ type: String, nullable: true })
  actorId: string | null;

  /** One of the `AuditAction` names (events recorded by an older version may carry another). */
  @ApiProperty({ example: 'auth.login' })
  action: string;

  /** The display name of the staff member who acted (`actorType` staff); null for others, or once the account is gone. */
  @ApiProperty({ type: String, nullable: true })
  actorName: string | null;

  @ApiProperty({ example: 'staff_user' })
  resourceType: string;

  /**
   * Id of the resource; for a contact, an invitation or a response (the person behind it), a
   * reference (`sref_…`) that means nothing once the person's key is shredded; null when the
   * event names nobody.
   */
  @ApiProperty({ type: String, nullable: true })
  resourceId: string | null;

  @ApiProperty({ type: String, nullable: true })
  purpose: string | null;

  @ApiProperty({ enum: OUTCOMES })
  outcome: AuditOutcome;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  /** Identifiers, counts and field names only; never a personal value. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty()
  prevHash: string;

  @ApiProperty()
  hash: string;
}

export function toAuditEventDto(event: AuditEvent, staffNames: ReadonlyMap<string, string>): AuditEventDto {
  return {
    seq: Number(event.seq),
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorName: (event.actorType === 'staff' && event.actorId && staffNames.get(event.actorId)) || null,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    purpose: event.purpose,
    outcome: event.outcome,
    requestId: event.requestId,
    details: event.details,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

export class AuditActionsDto {
  /** Every action the audit log records, sorted by name. */
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', isArray: true })
  actions: AuditAction[];
}

export class AuditVerificationDto implements ChainVerification {
  /** True when every link holds. */
  @ApiProperty()
  valid: boolean;

  @ApiProperty()
  checkedEvents: number;

  /** Last sequence number verified (0 for an empty log). */
  @ApiProperty()
  lastSeq: number;

  /** The first event whose link is broken, or null. */
  @ApiProperty({ type: Number, nullable: true })
  firstBrokenSeq: number | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
}
