import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** The events a subscription can ask for. */
export enum WebhookEventType {
  ResponseSubmitted = 'response.submitted',
  CampaignCompleted = 'campaign.completed',
  ReportPublished = 'report.published',
  PrivacyRequestCompleted = 'privacy-request.completed',
  ErasureRequested = 'erasure.requested',
}

export const WEBHOOK_EVENT_TYPES = Object.values(WebhookEventType);

export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or for a retry. */
  Pending = 'pending',
  Succeeded = 'succeeded',
  /** Every attempt failed (or the event's body was dropped before it could go). */
  Failed = 'failed',
  /** Not tried again: its subscription was disabled or deleted meanwhile. */
  Cancelled = 'cancelled',
}

/**
 * A receiver of signed events: where they go (https in production, a public address unless the
 * deployment allows private ones), which events, for which surveys. Its signing secrets are
 * encrypted under a key of its own in the keystore (subject = this row's id): the current one and,
 * for an overlap period after a rotation, the previous one.
 */
@Entity({ name: 'webhook_subscriptions' })
@Check('webhook_subscriptions_disabled_reason_check', `disabled_reason IN ('failure-streak', 'administrator')`)
export class WebhookSubscription {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  events: WebhookEventType[];

  /** The surveys whose events it receives; empty means every survey (and events of no survey). */
  @Column({ name: 'survey_ids', type: 'uuid', array: true })
  surveyIds: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: 'failure-streak' | 'administrator' | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Failed attempts since the last successful one. */
  @Column({ name: 'failure_streak', type: 'integer', default: 0 })
  failureStreak: number;

  @Column({ name: 'secret_ciphertext', type: 'bytea' })
  secretCiphertext: Buffer;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column({ name: 'previous_secret_ciphertext', type: 'bytea', nullable: true })
  previousSecretCiphertext: Buffer | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One event, as its body is sent (pseudonymous: ids, closed answers, demographic snapshot). It is
 * stored only when a subscription wants it; the body is dropped after 7 days (`payload` null).
 */
@Entity({ name: 'webhook_events' })
@Index('webhook_events_occurred_idx', ['occurredAt'])
@Index('webhook_events_resource_idx', ['resourceId'])
export class WebhookEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: WebhookEventType;

  @Column({ name: 'survey_id', type: 'uuid', nullable: true })
  surveyId: string | null;

  /** The response, campaign, report or privacy request the event is about. */
  @Column({ name: 'resource_id', type: 'uuid', nullable: true })
  resourceId: string | null;

  /** The body sent (`{ type, timestamp, data }`); null once dropped. */
  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;
}

/** One event for one subscription: its attempts, outcome and timings (never the receiver's answer body). */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_subscription_idx', ['subscriptionId', 'createdAt'])
@Index('webhook_deliveries_event_idx', ['eventId'])
@Check('webhook_deliveries_status_check', `status IN ('pending', 'succeeded', 'failed', 'cancelled')`)
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: WebhookEvent;

  @Column({ type: 'text', default: WebhookDeliveryStatus.Pending })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The delivery this one replays (manual replay), if any. */
  @Column({ name: 'replay_of', type: 'uuid', nullable: true })
  replayOf: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** One HTTP attempt of a delivery: when, how long, the status code or why it failed. */
@Entity({ name: 'webhook_delivery_attempts' })
export class WebhookDeliveryAttempt {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @PrimaryColumn({ type: 'integer' })
  attempt: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** The receiver's HTTP status; null when no answer came (refused address, timeout, connection error). */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  /** Why it failed, in words that name no value (`timeout`, `redirect`, `address-refused`, `http-500`…). */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
