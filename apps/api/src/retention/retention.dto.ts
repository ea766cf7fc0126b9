import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { integerParam } from '../common/query-params';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '../common/validation';
import { SurveyStatus } from '../surveys/survey.entity';
import { RetentionRun, RetentionRunStatus, RetentionRunTrigger } from './retention-run.entity';
import type { DueCount, SurveyRetention } from './retention.service';

export const MAX_PREVIEW_DAYS = 730;

export class RetentionPreviewQueryDto {
  /** Count what becomes due within this many days from now (0: what is due now). */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PREVIEW_DAYS, default: 30 })
  @IsOmittable()
  @Transform(integerParam)
  @IsInt({ message: 'days must be a whole number of days' })
  @Min(0, { message: 'days must not be negative' })
  @Max(MAX_PREVIEW_DAYS, { message: `days must not exceed ${MAX_PREVIEW_DAYS}` })
  days: number = 30;
}

export class RetentionKindCountDto {
  /** What is counted: `contacts`, `responses`, `invitations`, `audit_events`, … */
  @ApiProperty({ example: 'contacts' })
  kind: string;

  @ApiProperty({ minimum: 0 })
  count: number;
}

export class RetentionKindDto {
  @ApiProperty({ example: 'contacts' })
  kind: string;

  /** When a record of this kind expires. */
  @ApiProperty({ type: String, nullable: true })
  rule: string | null;
}

export class RetentionScheduleDto {
  /** Whether the daily run is on (RETENTION_SCHEDULE). */
  @ApiProperty()
  enabled: boolean;

  /** Hour of the day, UTC, when it starts (RETENTION_RUN_HOUR). */
  @ApiProperty({ minimum: 0, maximum: 23 })
  hourUtc: number;
}

export class SurveyRetentionDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: SurveyStatus, enumName: 'SurveyStatus' })
  status: SurveyStatus;

  /** Responses are deleted this many months after they were submitted. */
  @ApiProperty({ minimum: 1, maximum: 24 })
  retentionMonths: number;

  /** Whether responses lose their link to the respondent once the survey is closed. */
  @ApiProperty()
  anonymiseAtClose: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  /** When the survey's first and last responses expire; null while it has none. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstExpiryAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastExpiryAt: string | null;
}

export class RetentionPolicyDto {
  /**
   * RETENTION_MONTHS: the longest any survey keeps personal data, and how long contacts (from
   * their last import or invitation), outbox mail and audit events are kept.
   */
  @ApiProperty({ minimum: 1, maximum: 24 })
  retentionMonths: number;

  @ApiProperty({ type: RetentionScheduleDto })
  schedule: RetentionScheduleDto;

  /** Most records one purge transaction deletes (RETENTION_BATCH_SIZE). */
  @ApiProperty()
  batchSize: number;

  /** Every kind a run purges, in the order it purges them, with its rule. */
  @ApiProperty({ type: [RetentionKindDto] })
  kinds: RetentionKindDto[];

  @ApiProperty({ type: [SurveyRetentionDto] })
  surveys: SurveyRetentionDto[];
}

export class RetentionPreviewDto {
  @ApiProperty()
  days: number;

  /** The moment the counts are measured at: now plus `days`. */
  @ApiProperty({ format: 'date-time' })
  at: string;

  /** Records due for deletion (or, for `response_links`, anonymisation) by then, per kind. */
  @ApiProperty({ type: [RetentionKindCountDto] })
  counts: RetentionKindCountDto[];
}

export class RetentionPolicySurveyDto {
  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  retentionMonths: number;

  @ApiProperty()
  anonymiseAtClose: boolean;
}

export class RetentionPolicyUsedDto {
  @ApiProperty()
  retentionMonths: number;

  @ApiProperty()
  batchSize: number;

  @ApiProperty({ type: [RetentionPolicySurveyDto] })
  surveys: RetentionPolicySurveyDto[];
}

export class RetentionRunErrorDto {
  @ApiProperty({ example: 'contacts' })
  kind: string;

  /** The kind of error (`interrupted`, or the error's class name); never a value. */
  @ApiProperty({ example: 'QueryFailedError' })
  error: string;
}

/** The receipt of a retention run. It holds no personal value. */
export class RetentionRunDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: RetentionRunTrigger, enumName: 'RetentionRunTrigger' })
  trigger: RetentionRunTrigger;

  /** The staff member who started it; null for the daily job. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  triggeredBy: string | null;

  @ApiProperty({ enum: RetentionRunStatus, enumName: 'RetentionRunStatus' })
  status: RetentionRunStatus;

  /** Expiry was measured against this moment. */
  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  /** The policy the run applied. */
  @ApiProperty({ type: RetentionPolicyUsedDto })
  policy: RetentionPolicyUsedDto;

  /** Records deleted (or anonymised) per kind, so far while running. */
  @ApiProperty({ type: [RetentionKindCountDto] })
  counts: RetentionKindCountDto[];

  /** The kind being purged while running; null otherwise. */
  @ApiProperty({ type: String, nullable: true })
  currentKind: string | null;

  /** Kinds that failed (a failed run is resumed by the next one). */
  @ApiProperty({ type: [RetentionRunErrorDto] })
  errors: RetentionRunErrorDto[];
}

function countsOf(counts: Record<string, number> | DueCount[]): RetentionKindCountDto[] {
  return Array.isArray(counts) ? counts : Object.entries(counts).map(([kind, count]) => ({ kind, count }));
}

export function toRetentionRunDto(run: RetentionRun): RetentionRunDto {
  return {
    id: run.id,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    status: run.status,
    dueAt: run.dueAt.toISOString(),
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    policy: run.policy,
    counts: countsOf(run.counts),
    currentKind: run.currentKind,
    errors: run.errors,
  };
}

export function toSurveyRetentionDto(survey: SurveyRetention): SurveyRetentionDto {
  return {
    surveyId: survey.surveyId,
    name: survey.name,
    status: survey.status as SurveyStatus,
    retentionMonths: survey.retentionMonths,
    anonymiseAtClose: survey.anonymiseAtClose,
    closedAt: survey.closedAt?.toISOString() ?? null,
    firstExpiryAt: survey.firstExpiryAt?.toISOString() ?? null,
    lastExpiryAt: survey.lastExpiryAt?.toISOString() ?? null,
  };
}
