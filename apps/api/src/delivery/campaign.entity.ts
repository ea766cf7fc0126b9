import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Contact, Segment } from '../contacts/contact.entity';
import { Survey } from '../surveys/survey.entity';

/** Who a campaign invites; an empty list means "any". */
export interface CampaignTarget {
  countries: string[];
  segments: Segment[];
  roles: string[];
  platforms: string[];
}

export enum CampaignStatus {
  /** Invitations are being made (in the background, in batches). */
  Inviting = 'inviting',
  /** Everyone the target matched has been invited. */
  Completed = 'completed',
  /** The survey closed before everyone was invited. */
  Stopped = 'stopped',
}

@Entity({ name: 'campaigns' })
@Index('campaigns_survey_idx', ['surveyId'])
@Check('campaigns_status_check', `status IN ('inviting', 'completed', 'stopped')`)
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  target: CampaignTarget;

  @Column({ type: 'text', default: CampaignStatus.Inviting })
  status: CampaignStatus;

  /** Contacts the target matched who had no invitation yet when the campaign was created. */
  @Column({ name: 'target_count', type: 'integer', default: 0 })
  targetCount: number;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Contacts newly invited by this campaign. */
  @Column({ name: 'invited_count', type: 'integer', default: 0 })
  invitedCount: number;

  /** Contacts the target matched who already had an invitation to the survey. */
  @Column({ name: 'already_invited_count', type: 'integer', default: 0 })
  alreadyInvitedCount: number;

  @Column({ name: 'max_reminders', type: 'integer' })
  maxReminders: number;

  @Column({ name: 'reminder_rounds', type: 'integer', default: 0 })
  reminderRounds: number;

  @Column({ name: 'last_reminder_at', type: 'timestamptz', nullable: true })
  lastReminderAt: Date | null;

  /**
   * The version of the survey's own mail texts current when the campaign started: its
   * invitations and reminders use that wording however the texts change later. Null: the
   * platform's texts.
   */
  @Column({ name: 'mail_texts_version', type: 'integer', nullable: true })
  mailTextsVersion: number | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A survey's own invitation and reminder texts, versioned: each change adds a version and none
 * is ever changed, so a campaign keeps the wording it started with.
 */
@Entity({ name: 'survey_mail_texts' })
@Unique('survey_mail_texts_survey_version_key', ['surveyId', 'version'])
export class SurveyMailTexts {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ type: 'integer' })
  version: number;

  /** Subject and body per kind (invitation, reminder) and language; see mail-texts.ts. */
  @Column({ type: 'jsonb' })
  texts: object;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum DeliveryStatus {
  Pending = 'pending',
  Sent = 'sent',
  Bounced = 'bounced',
  Failed = 'failed',
}

/**
 * One per contact per survey. The link to the contact lives here and only here: responses point
 * at the invitation, so following a response to a person is one deliberate, audited step.
 */
@Entity({ name: 'invitations' })
@Unique('invitations_survey_contact_key', ['surveyId', 'contactId'])
@Index('invitations_campaign_idx', ['campaignId'])
@Index('invitations_contact_idx', ['contactId'])
@Index('invitations_survey_created_idx', ['surveyId', 'createdAt'])
@Check('invitations_delivery_status_check', `delivery_status IN ('pending', 'sent', 'bounced', 'failed')`)
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Campaign;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'text' })
  language: string;

  @Column({ name: 'delivery_status', type: 'text', default: DeliveryStatus.Pending })
  deliveryStatus: DeliveryStatus;

  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent: number;

  @Column({ name: 'last_mailed_at', type: 'timestamptz', nullable: true })
  lastMailedAt: Date | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true })
  optedOutAt: Date | null;

  /**
   * The respondent's answers so far, encrypted whole under their key; cleared by the statement
   * that stores the response. Kept on this row so that a save racing a submission is decided by
   * the row itself: a draft is only written while `completed_at` is null.
   */
  @Column({ name: 'draft_answers', type: 'bytea', nullable: true })
  draftAnswers: Buffer | null;

  @Column({ name: 'draft_version', type: 'integer', nullable: true })
  draftVersion: number | null;

  @Column({ name: 'draft_saved_at', type: 'timestamptz', nullable: true })
  draftSavedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Secret link tokens, stored only as SHA-256. An invitation may hold several: each reminder
 * carries a fresh token (the plain one is never kept, so it cannot be mailed twice), and the
 * earlier links keep working.
 */
@Entity({ name: 'invitation_tokens' })
@Index('invitation_tokens_invitation_idx', ['invitationId'])
export class InvitationToken {
  @PrimaryColumn({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Column({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
