import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffRole } from '../auth/roles';
import { Clock } from '../common/clock';
import { conflict, gone, notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { toPage, type Page, type PageQueryDto } from '../common/pagination';
import { invalidField } from '../common/problem';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { StaffUserQueryDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { checkUrlForm, resolveReceiver, WebhookAddressRefused, type AddressRules } from './webhook-address';
import type {
  CampaignCompletedDataDto,
  ErasureRequestedDataDto,
  PrivacyRequestCompletedDataDto,
  ReportPublishedDataDto,
  ResponseSubmittedDataDto,
} from './webhook-events.dto';
import { postSigned, type SendResult } from './webhook-sender';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEventType, WebhookSubscription } from './webhook.entity';
import {
  CreateWebhookSubscriptionDto,
  RotateWebhookSecretDto,
  toWebhookDeliveryDto,
  UpdateWebhookSubscriptionDto,
  WebhookDeliveryDto,
  WebhookDeliveryQueryDto,
} from './webhooks.dto';
import { NewWebhookEvent, WEBHOOK_DELIVER_TASK, WebhooksRepository } from './webhooks.repository';

export const WEBHOOK_PURGE_TASK = 'webhooks.purge';
/** Attempts of one delivery, the first included. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** Each retry waits this many times longer than the one before. */
const BACKOFF_FACTOR = 4;
/** Event bodies are dropped from the log after this many days. */
export const PAYLOAD_DAYS = 7;
/** The delivery log (statuses and timings) is kept this many days, then deleted with its events. */
export const DELIVERY_LOG_DAYS = 90;
const DAY_MS = 86_400_000;
const DEFAULT_OVERLAP_HOURS = 24;

const secretContext = (subscriptionId: string) => `webhook.secret:${subscriptionId}`;

/** The wait before attempt `next` (2, 3, …): base, then four times longer each time. */
export function retryDelayMs(baseMs: number, next: number): number {
  return baseMs * BACKOFF_FACTOR ** (next - 2);
}

/**
 * Signed webhooks (Standard Webhooks): administrators subscribe receivers to events; the owning
 * modules emit events inside their own transactions (one statement, nothing when no enabled
 * subscription wants the event); a job per delivery POSTs the signed body, retries with
 * exponential back-off, and disables a subscription after a streak of failures, mailing the
 * administrators. Order per subscription is not guaranteed.
 */
@Injectable()
export class WebhooksService {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: Transactions,
    private readonly webhooks: WebhooksRepository,
    private readonly keystore: KeystoreService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'webhooks' });
    jobs.register(WEBHOOK_DELIVER_TASK, (payload, job) => this.deliver(String(payload.deliveryId), job));
    jobs.register(WEBHOOK_PURGE_TASK, () => this.purge().then(() => undefined));
    jobs.schedule(WEBHOOK_PURGE_TASK, '17 * * * *');
  }

  private get rules(): AddressRules {
    return { allowPrivate: this.config.webhooks.allowPrivate, httpsOnly: this.config.webhooks.httpsOnly };
  }

  // ---- Events, emitted by the owning modules inside their transactions ----

  /** Responses stored, from any channel (one statement for the lot). */
  responsesSubmitted(tx: EntityManager, responses: ResponseSubmittedDataDto[]): Promise<number> {
    return this.emit(
      tx,
      WebhookEventType.ResponseSubmitted,
      responses.map((data) => ({ surveyId: data.surveyId, resourceId: data.responseId, data })),
    );
  }

  campaignCompleted(tx: EntityManager, data: CampaignCompletedDataDto): Promise<number> {
    return this.emit(tx, WebhookEventType.CampaignCompleted, [
      { surveyId: data.surveyId, resourceId: data.campaignId, data },
    ]);
  }

  reportPublished(tx: EntityManager, data: ReportPublishedDataDto): Promise<number> {
    return this.emit(tx, WebhookEventType.ReportPublished, [
      { surveyId: data.surveyId, resourceId: data.reportId, data },
    ]);
  }

  /** Not about one survey: only subscriptions without a survey filter receive it. */
  privacyRequestCompleted(tx: EntityManager, data: PrivacyRequestCompletedDataDto): Promise<number> {
    return this.emit(tx, WebhookEventType.PrivacyRequestCompleted, [
      { surveyId: null, resourceId: data.privacyRequestId, data },
    ]);
  }

  /**
   * One event per survey the erased person answered, carrying their pseudonym there; the bodies
   * of earlier events about them that the log still holds are dropped in the same transaction.
   */
  async erasureRequested(tx: EntityManager, erasures: ErasureRequestedDataDto[]): Promise<number> {
    await this.webhooks.dropPayloadsOfPseudonyms(erasures, tx);
    return this.emit(
      tx,
      WebhookEventType.ErasureRequested,
      erasures.map((data) => ({ surveyId: data.surveyId, resourceId: null, data })),
    );
  }

  private async emit(
    tx: EntityManager,
    type: WebhookEventType,
    items: { surveyId: string | null; resourceId: string | null; data: object }[],
  ): Promise<number> {
    if (items.length === 0) return 0;
    const occurredAt = this.clock.now();
    const events: NewWebhookEvent[] = items.map(({ surveyId, resourceId, data }) => ({
      id: randomUUID(),
      surveyId,
      resourceId,
      payload: { type, timestamp: occurredAt.toISOString(), data },
    }));
    return this.webhooks.emit(tx, type, occurredAt, events);
  }

  // ---- Subscriptions ----

  /** Checks a receiver URL: its form, and that its host resolves to addresses it may reach. */
  private async checkedUrl(raw: string): Promise<string> {
    try {
      const url = checkUrlForm(raw, this.rules);
      await resolveReceiver(url, this.rules);
      return url.toString();
    } catch (error) {
      if (error instanceof WebhookAddressRefused) throw invalidField('url', error.message, error.code);
      throw error;
    }
  }

  async create(
    actorId: string,
    dto: CreateWebhookSubscriptionDto,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const url = await this.checkedUrl(dto.url);
    const id = randomUUID();
    const secret = newSecret();
    const now = this.clock.now();
    const subscription = await this.transactions.run(async (tx) => {
      const key = (await this.keystore.create([id], tx)).get(id)!;
      const row: WebhookSubscription = {
        id,
        name: dto.name,
        url,
        events: dto.events,
        surveyIds: dto.surveyIds ?? [],
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        failureStreak: 0,
        secretCiphertext: this.keystore.crypto.encrypt(key, secret, secretContext(id)),
        previousSecretCiphertext: null,
        previousSecretExpiresAt: null,
        secretRotatedAt: null,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      };
      await this.webhooks.insertSubscription(row, tx);
      await this.audit.record(
        {
          action: 'webhook.created',
          resourceType: 'webhook_subscription',
          resourceId: id,
          details: { events: dto.events, surveys: row.surveyIds.length },
        },
        tx,
      );
      return row;
    });
    return { subscription, secret };
  }

  async list(query: PageQueryDto): Promise<Page<WebhookSubscription>> {
    const [items, total] = await this.webhooks.subscriptionPage(query);
    return toPage(items, total, query);
  }

  async get(id: string): Promise<WebhookSubscription> {
    const row = await this.webhooks.findSubscription(id);
    if (!row) throw notFound('No webhook subscription has this id.');
    return row;
  }

  async update(id: string, dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscription> {
    const url = dto.url === undefined ? undefined : await this.checkedUrl(dto.url);
    return this.transactions.run(async (tx) => {
      const row = await this.webhooks.lockSubscription(id, tx);
      if (!row) throw notFound('No webhook subscription has this id.');
      const now = this.clock.now();
      if (dto.name !== undefined) row.name = dto.name;
      if (url !== undefined) row.url = url;
      if (dto.events !== undefined) row.events = dto.events;
      if (dto.surveyIds !== undefined) row.surveyIds = dto.surveyIds;
      if (dto.enabled === true && !row.enabled) {
        Object.assign(row, { enabled: true, disabledReason: null, disabledAt: null, failureStreak: 0 });
      } else if (dto.enabled === false && row.enabled) {
        Object.assign(row, { enabled: false, disabledReason: 'administrator', disabledAt: now });
        await this.webhooks.cancelPending(id, now, tx);
      }
      row.updatedAt = now;
      await this.webhooks.saveSubscription(row, tx);
      await this.audit.record(
        {
          action: 'webhook.updated',
          resourceType: 'webhook_subscription',
          resourceId: id,
          details: {
            changed: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined),
            enabled: row.enabled,
          },
        },
        tx,
      );
      return row;
    });
  }

  /** Deletes the subscription, its delivery log and its secrets (its key is shredded). */
  async remove(id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const row = await this.webhooks.lockSubscription(id, tx);
      if (!row) throw notFound('No webhook subscription has this id.');
      await this.webhooks.deleteSubscription(id, tx);
      await this.keystore.shred([id], tx);
      await this.audit.record(
        { action: 'webhook.deleted', resourceType: 'webhook_subscription', resourceId: id, details: {} },
        tx,
      );
    });
  }

  /**
   * A new secret, shown once; the previous one keeps signing beside it for `overlapHours`, so
   * receivers can switch without losing an event (each request then carries both signatures).
   */
  async rotateSecret(
    id: string,
    dto: RotateWebhookSecretDto,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const overlapHours = dto.overlapHours ?? DEFAULT_OVERLAP_HOURS;
    const secret = newSecret();
    const subscription = await this.transactions.run(async (tx) => {
      const row = await this.webhooks.lockSubscription(id, tx);
      if (!row) throw notFound('No webhook subscription has this id.');
      const key = await this.keystore.keyFor(id, tx);
      const now = this.clock.now();
      row.previousSecretCiphertext = overlapHours > 0 ? row.secretCiphertext : null;
      row.previousSecretExpiresAt = overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
      row.secretCiphertext = this.keystore.crypto.encrypt(key, secret, secretContext(id));
      row.secretRotatedAt = now;
      row.updatedAt = now;
      await this.webhooks.saveSubscription(row, tx);
      await this.audit.record(
        {
          action: 'webhook.secret_rotated',
          resourceType: 'webhook_subscription',
          resourceId: id,
          details: { overlapHours },
        },
        tx,
      );
      return row;
    });
    return { subscription, secret };
  }

  // ---- The delivery log ----

  async deliveries(subscriptionId: string, query: WebhookDeliveryQueryDto): Promise<Page<WebhookDeliveryDto>> {
    await this.get(subscriptionId);
    const [rows, total] = await this.webhooks.deliveryPage(subscriptionId, query.status, query);
    return toPage(await this.withAttempts(rows), total, query);
  }

  async delivery(id: string): Promise<WebhookDeliveryDto> {
    const row = await this.webhooks.findDelivery(id);
    if (!row) throw notFound('No webhook delivery has this id.');
    return (await this.withAttempts([row]))[0];
  }

  private async withAttempts(rows: WebhookDelivery[]): Promise<WebhookDeliveryDto[]> {
    const ids = rows.map((row) => row.id);
    const [attempts, types] = await Promise.all([this.webhooks.attemptsOf(ids), this.webhooks.eventTypesOf(ids)]);
    return rows.map((row) =>
      toWebhookDeliveryDto(
        row,
        types.get(row.id)!.type,
        attempts.filter((a) => a.deliveryId === row.id),
      ),
    );
  }

  /**
   * Sends a delivery's event again, as a new delivery with the same `webhook-id` (receivers that
   * deduplicate see it once). Refused while the subscription is disabled, and once the event's
   * body was dropped from the log (after 7 days).
   */
  async replay(deliveryId: string): Promise<WebhookDeliveryDto> {
    const created = await this.transactions.run(async (tx) => {
      const original = await this.webhooks.findDelivery(deliveryId, tx);
      if (!original) throw notFound('No webhook delivery has this id.');
      const subscription = await this.webhooks.lockSubscription(original.subscriptionId, tx);
      if (!subscription?.enabled) {
        throw conflict('The subscription is disabled; enable it before replaying its deliveries.');
      }
      const event = await this.webhooks.findEvent(original.eventId, tx);
      if (!event?.payload) {
        throw gone(`The event's body was dropped from the log after ${PAYLOAD_DAYS} days; it cannot be sent again.`);
      }
      const now = this.clock.now();
      const row: WebhookDelivery = {
        id: randomUUID(),
        subscriptionId: original.subscriptionId,
        eventId: original.eventId,
        status: WebhookDeliveryStatus.Pending,
        attempts: 0,
        replayOf: original.id,
        nextAttemptAt: now,
        createdAt: now,
        finishedAt: null,
      };
      await this.webhooks.insertDelivery(row, tx);
      await this.jobs.enqueue(tx, { task: WEBHOOK_DELIVER_TASK, payload: { deliveryId: row.id }, maxAttempts: 5 });
      await this.audit.record(
        {
          action: 'webhook.delivery_replayed',
          resourceType: 'webhook_subscription',
          resourceId: original.subscriptionId,
          details: { deliveryId: original.id, replayId: row.id },
        },
        tx,
      );
      return row;
    });
    return this.delivery(created.id);
  }

  // ---- Jobs ----

  /** The headers of one signed attempt: every secret still valid signs. */
  private async signedHeaders(subscription: WebhookSubscription, eventId: string, body: string) {
    const key = await this.keystore.keyFor(subscription.id);
    const secrets = [this.keystore.crypto.decrypt(key, subscription.secretCiphertext, secretContext(subscription.id))];
    if (
      subscription.previousSecretCiphertext &&
      subscription.previousSecretExpiresAt &&
      subscription.previousSecretExpiresAt > this.clock.now()
    ) {
      secrets.push(
        this.keystore.crypto.decrypt(key, subscription.previousSecretCiphertext, secretContext(subscription.id)),
      );
    }
    const messageId = `msg_${eventId}`;
    // The receiver checks the timestamp against its own clock: it is the real time of this attempt.
    const timestamp = new Date();
    const signature = secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
    return {
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
  }

  /** One attempt of a delivery (the job). HTTP failures are recorded and retried by a new job, not thrown. */
  async deliver(deliveryId: string, _job?: JobContext): Promise<void> {
    const found = await this.webhooks.toSend(deliveryId);
    if (!found || found.delivery.status !== WebhookDeliveryStatus.Pending) return;
    const { delivery, subscription, payload } = found;
    const now = this.clock.now();
    if (!subscription.enabled) {
      await this.transactions.run((tx) => this.webhooks.cancelPending(subscription.id, now, tx));
      return;
    }
    const attempt = delivery.attempts + 1;
    const startedAt = now;
    let result: SendResult;
    if (!payload) {
      result = { statusCode: null, succeeded: false, error: 'body-dropped', durationMs: 0 };
    } else {
      try {
        // Checked again now, and the connection goes to the address checked (DNS rebinding).
        const url = checkUrlForm(subscription.url, this.rules);
        const address = await resolveReceiver(url, this.rules);
        const body = JSON.stringify(payload);
        const headers = await this.signedHeaders(subscription, delivery.eventId, body);
        result = await postSigned(url, address, headers, body, this.config.webhooks.timeoutMs);
      } catch (error) {
        if (!(error instanceof WebhookAddressRefused)) throw error;
        result = { statusCode: null, succeeded: false, error: error.code, durationMs: 0 };
      }
    }
    await this.transactions.run(async (tx) => {
      const locked = await this.webhooks.lockPendingDelivery(deliveryId, tx);
      if (!locked) return;
      const finishedAt = this.clock.now();
      await this.webhooks.insertAttempt(
        {
          deliveryId,
          attempt,
          startedAt,
          durationMs: result.durationMs,
          statusCode: result.statusCode,
          succeeded: result.succeeded,
          error: result.error,
        },
        tx,
      );
      if (result.succeeded) {
        await this.webhooks.updateDelivery(
          deliveryId,
          { status: WebhookDeliveryStatus.Succeeded, attempts: attempt, nextAttemptAt: null, finishedAt },
          tx,
        );
        await this.webhooks.resetFailures(subscription.id, tx);
        return;
      }
      const streak = await this.webhooks.addFailure(subscription.id, tx);
      let stillEnabled = streak?.enabled ?? false;
      if (stillEnabled && streak!.streak >= this.config.webhooks.failureStreak) {
        if (await this.webhooks.disableForFailures(subscription.id, finishedAt, tx)) {
          await this.disabledForFailures(subscription, streak!.streak, finishedAt, tx);
        }
        stillEnabled = false;
      }
      if (stillEnabled && payload && attempt < WEBHOOK_MAX_ATTEMPTS) {
        // The queue's clock is real time (a retry waits real seconds, whatever the business clock says).
        const runAt = new Date(Date.now() + retryDelayMs(this.config.webhooks.retryBaseMs, attempt + 1));
        await this.webhooks.updateDelivery(deliveryId, { attempts: attempt, nextAttemptAt: runAt }, tx);
        await this.jobs.enqueue(tx, { task: WEBHOOK_DELIVER_TASK, payload: { deliveryId }, runAt, maxAttempts: 5 });
        return;
      }
      await this.webhooks.updateDelivery(
        deliveryId,
        { status: WebhookDeliveryStatus.Failed, attempts: attempt, nextAttemptAt: null, finishedAt },
        tx,
      );
    });
  }

  /** Cancels what was still to go, audits, and mails every active administrator. */
  private async disabledForFailures(
    subscription: WebhookSubscription,
    streak: number,
    at: Date,
    tx: EntityManager,
  ): Promise<void> {
    await this.webhooks.cancelPending(subscription.id, at, tx);
    await this.audit.record(
      {
        action: 'webhook.disabled',
        resourceType: 'webhook_subscription',
        resourceId: subscription.id,
        actor: { type: 'system', id: null },
        details: { failureStreak: streak },
      },
      tx,
    );
    const admins = await this.users.list(
      Object.assign(new StaffUserQueryDto(), { role: StaffRole.Admin, active: true, page: 1, limit: 100 }),
    );
    const host = new URL(subscription.url).host;
    const subject = `Webhook subscription "${subscription.name}" was disabled`;
    const text =
      `The webhook subscription "${subscription.name}" (${subscription.id}), which posts to ${host}, ` +
      `was disabled after ${streak} failed delivery attempts in a row. Events are no longer sent to it.\n\n` +
      'Look at its delivery log in the console, fix the receiver, then enable the subscription again ' +
      'and replay the deliveries it missed.';
    const html = `<p>${escapeHtml(text).replace(/\n\n/g, '</p><p>')}</p>`;
    await this.outbox.enqueue(
      tx,
      admins.items.map((admin) => ({
        // Encrypted under the subscription's key: deleting the subscription makes them unreadable.
        subjectId: subscription.id,
        kind: 'webhook-disabled',
        to: admin.email,
        subject,
        text,
        html,
      })),
    );
    this.logger.warn({ subscriptionId: subscription.id, failureStreak: streak }, 'webhook subscription disabled');
  }

  /** Drops event bodies after 7 days and the delivery log after 90; returns the bodies dropped. */
  async purge(): Promise<number> {
    const now = this.clock.now().getTime();
    const dropped = await this.webhooks.dropPayloads(new Date(now - PAYLOAD_DAYS * DAY_MS));
    await this.webhooks.deleteEvents(new Date(now - DELIVERY_LOG_DAYS * DAY_MS));
    return dropped;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
