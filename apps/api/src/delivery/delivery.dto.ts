import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsEnum,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { Segment } from '../contacts/contact.entity';
import { Campaign, CampaignStatus, DeliveryStatus, Invitation } from './campaign.entity';
import {
  IsOmittable,
  trimmed,
  trimmedLowerCase,
  trimmedUpperCase,
  ValidateEnum,
  ValidateText,
} from '../common/validation';

/** Who to invite. Each list narrows the target; an empty or missing list means "any". */
export class CampaignTargetDto {
  /** ISO 3166-1 alpha-2 codes. */
  @ApiPropertyOptional({ type: [String], example: ['FR', 'DE'] })
  @IsOmittable()
  @Transform(trimmedUpperCase)
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each country must be an ISO 3166-1 alpha-2 code' })
  countries?: string[];

  @ApiPropertyOptional({ enum: Segment, enumName: 'Segment', isArray: true })
  @IsOmittable()
  @Transform(trimmedLowerCase)
  @IsArray()
  @ArrayUnique()
  @IsEnum(Segment, { each: true, message: 'each segment must be one of agent, applicant, holder, representative' })
  segments?: Segment[];

  /** Job roles as imported; compared without regard to case. */
  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @Transform(trimmed)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  roles?: string[];

  /** Source platforms (ePCT, Madrid, Hague, ...); compared without regard to case. */
  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @Transform(trimmed)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  platforms?: string[];
}

export class CreateCampaignDto {
  @ValidateText({ max: 200, message: 'name must be 1 to 200 characters long (not only spaces)' })
  name: string;

  @ApiProperty({ type: CampaignTargetDto })
  @IsDefined({ message: 'target is required (an empty object targets every contact)' })
  @IsObject({ message: 'target must be an object' })
  @ValidateNested()
  @Type(() => CampaignTargetDto)
  target: CampaignTargetDto;

  /** Reminders each invitee may receive at most; defaults to MAX_REMINDERS and may not exceed it. */
  @ApiPropertyOptional({ minimum: 0, maximum: 10 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10)
  maxReminders?: number;
}

export class CampaignPreviewDto {
  /** Contacts matching the target. */
  @ApiProperty()
  matching: number;

  /** Of those, already invited to this survey (they will not be invited twice). */
  @ApiProperty()
  alreadyInvited: number;

  /** Would be invited now. */
  @ApiProperty()
  toInvite: number;
}

export class CampaignFunnelDto {
  @ApiProperty()
  invited: number;

  /** Invitation mail accepted by the mail server. */
  @ApiProperty()
  delivered: number;

  @ApiProperty()
  bounced: number;

  @ApiProperty()
  opened: number;

  @ApiProperty()
  started: number;

  @ApiProperty()
  completed: number;

  @ApiProperty()
  optedOut: number;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: CampaignTargetDto })
  target: CampaignTargetDto;

  /** `inviting` while invitations are made in the background; then `completed`, or `stopped` if the survey closed first. */
  @ApiProperty({ enum: CampaignStatus, enumName: 'CampaignStatus' })
  status: CampaignStatus;

  /** Contacts to invite, counted when the campaign was created; follow `invitedCount` against it. */
  @ApiProperty()
  targetCount: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  /** Contacts this campaign invited. */
  @ApiProperty()
  invitedCount: number;

  /** Contacts the target matched who already had an invitation to the survey. */
  @ApiProperty()
  alreadyInvitedCount: number;

  @ApiProperty()
  maxReminders: number;

  /** Reminder rounds sent so far. */
  @ApiProperty()
  reminderRounds: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReminderAt: string | null;

  @ApiProperty({ type: CampaignFunnelDto })
  funnel: CampaignFunnelDto;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** The version of the survey's own mail texts the campaign uses; null: the platform's texts. */
  @ApiProperty({ type: Number, nullable: true })
  mailTextsVersion: number | null;
}

export function toCampaignDto(campaign: Campaign, funnel: CampaignFunnelDto): CampaignDto {
  return {
    id: campaign.id,
    surveyId: campaign.surveyId,
    name: campaign.name,
    target: campaign.target,
    status: campaign.status,
    targetCount: campaign.targetCount,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
    invitedCount: campaign.invitedCount,
    alreadyInvitedCount: campaign.alreadyInvitedCount,
    maxReminders: campaign.maxReminders,
    reminderRounds: campaign.reminderRounds,
    lastReminderAt: campaign.lastReminderAt?.toISOString() ?? null,
    mailTextsVersion: campaign.mailTextsVersion,
    funnel,
    createdAt: campaign.createdAt.toISOString(),
  };
}

export class SendRemindersDto {
  /**
   * Send although the campaign mailed less than the minimum delay ago (REMINDER_MIN_DELAY_DAYS).
   * Recorded in the audit log.
   */
  @ApiPropertyOptional({ default: false })
  @IsOmittable()
  @IsBoolean({ message: 'override must be true or false' })
  override?: boolean;
}

export class ReminderPreviewDto {
  /** Who a reminder sent now would reach: not completed, not opted out, not bounced, below the reminder limit. */
  @ApiProperty()
  recipients: number;

  /** When the campaign last mailed anyone (invitation or reminder); null before its first mail. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastMailedAt: string | null;

  /** The earliest time a reminder may go without an override; null when one may go now. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextReminderAllowedAt: string | null;

  /** The deployment's minimum delay after the last mailing, in days. */
  @ApiProperty()
  minDelayDays: number;
}

export class ReminderRoundDto {
  /** Invitees who were sent a reminder now. */
  @ApiProperty()
  reminded: number;

  /** Invitees left out: completed, opted out, bounced, or at their reminder limit. */
  @ApiProperty()
  skipped: number;
}

export enum InvitationState {
  Invited = 'invited',
  Opened = 'opened',
  Started = 'started',
  Completed = 'completed',
  OptedOut = 'opted_out',
}

export class InvitationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'campaignId must be a UUID' })
  campaignId?: string;

  @ValidateEnum(InvitationState, {
    name: 'InvitationState',
    optional: true,
    message: `state must be one of ${Object.values(InvitationState).join(', ')}`,
  })
  state?: InvitationState;

  @ValidateEnum(DeliveryStatus, {
    name: 'DeliveryStatus',
    optional: true,
    message: `deliveryStatus must be one of ${Object.values(DeliveryStatus).join(', ')}`,
  })
  deliveryStatus?: DeliveryStatus;
}

/** An invitation's progress. Who it was sent to is not shown here (see the contact, with a purpose). */
export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  language: string;

  @ApiProperty({ enum: InvitationState, enumName: 'InvitationState' })
  state: InvitationState;

  @ApiProperty({ enum: DeliveryStatus, enumName: 'DeliveryStatus' })
  deliveryStatus: DeliveryStatus;

  @ApiProperty()
  remindersSent: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastMailedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export function invitationState(invitation: Invitation): InvitationState {
  if (invitation.optedOutAt) return InvitationState.OptedOut;
  if (invitation.completedAt) return InvitationState.Completed;
  if (invitation.startedAt) return InvitationState.Started;
  if (invitation.openedAt) return InvitationState.Opened;
  return InvitationState.Invited;
}

export function toInvitationDto(invitation: Invitation): InvitationDto {
  return {
    id: invitation.id,
    campaignId: invitation.campaignId,
    language: invitation.language,
    state: invitationState(invitation),
    deliveryStatus: invitation.deliveryStatus,
    remindersSent: invitation.remindersSent,
    lastMailedAt: invitation.lastMailedAt?.toISOString() ?? null,
    createdAt: invitation.createdAt.toISOString(),
  };
}

export class OptOutResultDto {
  /** Always true: the invitation is opted out (now or earlier). */
  @ApiProperty()
  optedOut: boolean;
}
