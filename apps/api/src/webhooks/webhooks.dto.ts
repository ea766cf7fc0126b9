import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, Max, Min } from 'class-validator';
import { Paginated } from '../common/pagination';
import { IsOmittable, ValidateEnum, ValidateText, ValidateUUID } from '../common/validation';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryStatus,
  WebhookEventType,
  WebhookSubscription,
} from './webhook.entity';

const EVENTS_MESSAGE = `each event must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
const lowerCaseIds = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id)) : value;

export class CreateWebhookSubscriptionDto {
  /** What the receiver is, e.g. "Provider data lake". */
  @ValidateText({ max: 120, message: 'name must be 1 to 120 characters long (not only spaces)' })
  name: string;

  /**
   * Where events are POSTed: https (http only outside production), no user name or password, a
   * public address unless the deployment allows private ones. Redirects are not followed.
   */
  @ValidateText({ max: 2000, message: 'url must be 1 to 2000 characters long' })
  url: string;

  @IsArray({ message: 'events must be a list' })
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayUnique({ message: 'events must not repeat an event' })
  @ValidateEnum(WebhookEventType, { name: 'WebhookEventType', each: true, message: EVENTS_MESSAGE })
  events: WebhookEventType[];

  /** The surveys whose events it receives; empty or left out: every survey, and events of no survey. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOmittable()
  @Transform(lowerCaseIds)
  @IsArray({ message: 'surveyIds must be a list' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'surveyIds must not repeat a survey' })
  @ValidateUUID({ each: true, message: 'each survey id must be a UUID' })
  surveyIds?: string[];
}

export class UpdateWebhookSubscriptionDto {
  @ValidateText({ max: 120, optional: true, message: 'name must be 1 to 120 characters long (not only spaces)' })
  name?: string;

  @ValidateText({ max: 2000, optional: true, message: 'url must be 1 to 2000 characters long' })
  url?: string;

  @IsOmittable()
  @IsArray({ message: 'events must be a list' })
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayUnique({ message: 'events must not repeat an event' })
  @ValidateEnum(WebhookEventType, { name: 'WebhookEventType', each: true, message: EVENTS_MESSAGE, optional: true })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOmittable()
  @Transform(lowerCaseIds)
  @IsArray({ message: 'surveyIds must be a list' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'surveyIds must not repeat a survey' })
  @ValidateUUID({ each: true, message: 'each survey id must be a UUID' })
  surveyIds?: string[];

  /** false disables the subscription; true enables it again and clears its failure streak. */
  @IsOmittable()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class RotateWebhookSecretDto {
  /** Hours the previous secret keeps signing beside the new one (0 to 168; default 24). */
  @ApiPropertyOptional({ minimum: 0, maximum: 168, default: 24 })
  @IsOmittable()
  @IsInt({ message: 'overlapHours must be a whole number' })
  @Min(0, { message: 'overlapHours must be 0 to 168' })
  @Max(168, { message: 'overlapHours must be 0 to 168' })
  overlapHours?: number;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: WebhookEventType, enumName: 'WebhookEventType', isArray: true })
  events: WebhookEventType[];

  @ApiProperty({ type: [String], format: 'uuid' })
  surveyIds: string[];

  @ApiProperty()
  enabled: boolean;

  /** Why it is disabled: `failure-streak` (automatic) or `administrator`. */
  @ApiProperty({ type: String, enum: ['failure-streak', 'administrator'], nullable: true })
  disabledReason: 'failure-streak' | 'administrator' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt: string | null;

  /** Failed attempts since the last successful one. */
  @ApiProperty()
  failureStreak: number;

  /** Until when the previous secret still signs beside the current one; null when only one signs. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  previousSecretExpiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  secretRotatedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class WebhookSubscriptionWithSecretDto {
  @ApiProperty({ type: WebhookSubscriptionDto })
  subscription: WebhookSubscriptionDto;

  /** The signing secret (`whsec_…`), for the receiver's Standard Webhooks library. Shown this once. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

export class WebhookDeliveryAttemptDto {
  @ApiProperty()
  attempt: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty()
  durationMs: number;

  /** The receiver's HTTP status; null when none came. */
  @ApiProperty({ type: Number, nullable: true })
  statusCode: number | null;

  @ApiProperty()
  succeeded: boolean;

  /** Why it failed: `http-500`, `redirect-302`, `timeout`, `address-refused`, `connection-ECONNREFUSED`… */
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  /** The event's id; its `webhook-id` header is `msg_` followed by it. */
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ enum: WebhookEventType, enumName: 'WebhookEventType' })
  eventType: WebhookEventType;

  @ApiProperty({ enum: WebhookDeliveryStatus, enumName: 'WebhookDeliveryStatus' })
  status: WebhookDeliveryStatus;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  /** The delivery this one replays, if it is a manual replay. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  replayOf: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  @ApiProperty({ type: [WebhookDeliveryAttemptDto] })
  attemptLog: WebhookDeliveryAttemptDto[];
}

class DeliveryFilter {
  @ValidateEnum(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus', optional: true })
  status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryQueryDto extends Paginated(DeliveryFilter) {}

export function toWebhookSubscriptionDto(row: WebhookSubscription): WebhookSubscriptionDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    surveyIds: row.surveyIds,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failureStreak: row.failureStreak,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toWebhookDeliveryDto(
  row: WebhookDelivery,
  eventType: WebhookEventType,
  attempts: WebhookDeliveryAttempt[],
): WebhookDeliveryDto {
  return {
    id: row.id,
    subscriptionId: row.subscriptionId,
    eventId: row.eventId,
    eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    replayOf: row.replayOf,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      succeeded: a.succeeded,
      error: a.error,
    })),
  };
}
