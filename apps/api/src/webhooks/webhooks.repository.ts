import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import {
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryStatus,
  WebhookEvent,
  WebhookEventType,
  WebhookSubscription,
} from './webhook.entity';

/** The job that makes one attempt of a delivery (payload: `deliveryId`). */
export const WEBHOOK_DELIVER_TASK = 'webhooks.deliver';

/** One event to record for the subscriptions that want it. */
export interface NewWebhookEvent {
  id: string;
  surveyId: string | null;
  resourceId: string | null;
  /** The whole body, `{ type, timestamp, data }`. */
  payload: Record<string, unknown>;
}

/** What an attempt needs, read in one statement. */
export interface DeliveryToSend {
  delivery: WebhookDelivery;
  subscription: WebhookSubscription;
  eventType: WebhookEventType;
  payload: Record<string, unknown> | null;
}

/**
 * The events, their deliveries and the subscriptions' matching in one statement: on the response
 * submission path an event costs this statement only, and nothing is stored when no enabled
 * subscription asks for it. Each delivery gets its job in the same statement (graphile_worker's
 * `add_job`, which is how every module adds jobs), so it exists exactly when the caller commits.
 */
const EMIT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::jsonb[]) AS i(id, survey_id, resource_id, payload)
), wanted AS (
  SELECT s.id AS subscription_id, i.id AS event_id
    FROM webhook_subscriptions s JOIN input i
      ON cardinality(s.survey_ids) = 0 OR i.survey_id = ANY (s.survey_ids)
   WHERE s.enabled AND $5::text = ANY (s.events)
), stored AS (
  INSERT INTO webhook_events (id, type, survey_id, resource_id, payload, occurred_at)
  SELECT i.id, $5::text, i.survey_id, i.resource_id, i.payload, $6::timestamptz FROM input i
   WHERE EXISTS (SELECT 1 FROM wanted w WHERE w.event_id = i.id)
  RETURNING id
), deliveries AS (
  INSERT INTO webhook_deliveries (id, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
  SELECT gen_random_uuid(), w.subscription_id, w.event_id, 'pending', 0, $6::timestamptz, $6::timestamptz
    FROM wanted w JOIN stored ON stored.id = w.event_id
  RETURNING id
)
SELECT graphile_worker.add_job('${WEBHOOK_DELIVER_TASK}', json_build_object('deliveryId', d.id::text), max_attempts => 5)::text AS job
  FROM deliveries d`;

/** The rows of an UPDATE or DELETE … RETURNING (TypeORM answers those with `[rows, count]`). */
function returned<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/** webhook_subscriptions, webhook_events, webhook_deliveries and webhook_delivery_attempts. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Records events of one type for the subscriptions that want them; returns how many deliveries were queued. */
  async emit(tx: EntityManager, type: WebhookEventType, occurredAt: Date, events: NewWebhookEvent[]): Promise<number> {
    const rows = await preparedQuery<{ job: string }>(tx, 'webhooks_emit', EMIT_SQL, [
      events.map((e) => e.id),
      events.map((e) => e.surveyId),
      events.map((e) => e.resourceId),
      events.map((e) => JSON.stringify(e.payload)),
      type,
      occurredAt,
    ]);
    return rows.length;
  }

  async insertSubscription(row: WebhookSubscription, tx: EntityManager): Promise<void> {
    await tx.insert(WebhookSubscription, row);
  }

  findSubscription(id: string, tx?: EntityManager): Promise<WebhookSubscription | null> {
    return this.manager(tx).findOne(WebhookSubscription, { where: { id } });
  }

  async lockSubscription(id: string, tx: EntityManager): Promise<WebhookSubscription | null> {
    return tx.findOne(WebhookSubscription, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveSubscription(row: WebhookSubscription, tx: EntityManager): Promise<void> {
    await tx.save(WebhookSubscription, row);
  }

  async deleteSubscription(id: string, tx: EntityManager): Promise<void> {
    await tx.delete(WebhookSubscription, { id });
  }

  subscriptionPage(query: { offset: number; limit: number }): Promise<[WebhookSubscription[], number]> {
    return this.dataSource.manager.findAndCount(WebhookSubscription, {
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
  }

  /** The delivery with its subscription and its event's body, or null when any of them is gone. */
  async toSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const delivery = await this.dataSource.manager.findOne(WebhookDelivery, {
      where: { id: deliveryId },
      relations: { subscription: true, event: true },
    });
    if (!delivery?.subscription || !delivery.event) return null;
    const { subscription, event, ...rest } = delivery;
    return {
      delivery: rest as WebhookDelivery,
      subscription,
      eventType: event.type,
      payload: event.payload,
    };
  }

  findDelivery(id: string, tx?: EntityManager): Promise<WebhookDelivery | null> {
    return this.manager(tx).findOne(WebhookDelivery, { where: { id } });
  }

  findEvent(id: string, tx?: EntityManager): Promise<WebhookEvent | null> {
    return this.manager(tx).findOne(WebhookEvent, { where: { id } });
  }

  async lockPendingDelivery(id: string, tx: EntityManager): Promise<WebhookDelivery | null> {
    return tx.findOne(WebhookDelivery, {
      where: { id, status: WebhookDeliveryStatus.Pending },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insertDelivery(row: Omit<WebhookDelivery, 'subscription' | 'event'>, tx: EntityManager): Promise<void> {
    await tx.insert(WebhookDelivery, row);
  }

  async updateDelivery(
    id: string,
    changes: Partial<Omit<WebhookDelivery, 'subscription' | 'event'>>,
    tx: EntityManager,
  ): Promise<void> {
    await tx.update(WebhookDelivery, { id }, changes);
  }

  async insertAttempt(row: Omit<WebhookDeliveryAttempt, 'delivery'>, tx: EntityManager): Promise<void> {
    await tx.insert(WebhookDeliveryAttempt, row);
  }

  /** Counts one more failed attempt; returns the streak and whether the subscription is still enabled. */
  async addFailure(subscriptionId: string, tx: EntityManager): Promise<{ streak: number; enabled: boolean } | null> {
    const [row] = returned<{ failure_streak: number; enabled: boolean }>(
      await tx.query(
        `UPDATE webhook_subscriptions SET failure_streak = failure_streak + 1 WHERE id = $1
         RETURNING failure_streak, enabled`,
        [subscriptionId],
      ),
    );
    return row ? { streak: row.failure_streak, enabled: row.enabled } : null;
  }

  async resetFailures(subscriptionId: string, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE webhook_subscriptions SET failure_streak = 0 WHERE id = $1 AND failure_streak <> 0', [
      subscriptionId,
    ]);
  }

  /** Disables an enabled subscription for its failure streak; false when it already was disabled. */
  async disableForFailures(subscriptionId: string, at: Date, tx: EntityManager): Promise<boolean> {
    const rows = returned(
      await tx.query(
        `UPDATE webhook_subscriptions SET enabled = false, disabled_reason = 'failure-streak', disabled_at = $2, updated_at = $2
        WHERE id = $1 AND enabled RETURNING id`,
        [subscriptionId, at],
      ),
    );
    return rows.length === 1;
  }

  deliveryPage(
    subscriptionId: string,
    status: WebhookDeliveryStatus | undefined,
    query: { offset: number; limit: number },
  ): Promise<[WebhookDelivery[], number]> {
    return this.dataSource.manager.findAndCount(WebhookDelivery, {
      where: { subscriptionId, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
  }

  attemptsOf(deliveryIds: string[]): Promise<WebhookDeliveryAttempt[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(WebhookDeliveryAttempt, 'a')
      .where('a.delivery_id = ANY(:ids)', { ids: deliveryIds })
      .orderBy('a.delivery_id')
      .addOrderBy('a.attempt')
      .getMany();
  }

  /** Event types of these deliveries' events, by delivery id. */
  async eventTypesOf(deliveryIds: string[]): Promise<Map<string, { type: WebhookEventType; eventId: string }>> {
    if (deliveryIds.length === 0) return new Map();
    const rows: { id: string; event_id: string; type: WebhookEventType }[] = await this.dataSource.query(
      `SELECT d.id, d.event_id, e.type FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.id = ANY($1::uuid[])`,
      [deliveryIds],
    );
    return new Map(rows.map((r) => [r.id, { type: r.type, eventId: r.event_id }]));
  }

  /** Cancels the pending deliveries of a subscription (disabled or deleted); returns how many. */
  async cancelPending(subscriptionId: string, at: Date, tx: EntityManager): Promise<number> {
    const rows = returned(
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'cancelled', finished_at = $2, next_attempt_at = NULL
        WHERE subscription_id = $1 AND status = 'pending' RETURNING id`,
        [subscriptionId, at],
      ),
    );
    return rows.length;
  }

  /** Drops the bodies of events that occurred before `before`; returns how many. */
  async dropPayloads(before: Date): Promise<number> {
    const rows = returned(
      await this.dataSource.query(
        'UPDATE webhook_events SET payload = NULL WHERE occurred_at < $1 AND payload IS NOT NULL RETURNING id',
        [before],
      ),
    );
    return rows.length;
  }

  /** Deletes events (and so their deliveries and attempts) that occurred before `before`. */
  async deleteEvents(before: Date): Promise<number> {
    const rows = returned(
      await this.dataSource.query('DELETE FROM webhook_events WHERE occurred_at < $1 RETURNING id', [before]),
    );
    return rows.length;
  }

  /** Drops the bodies of events that carry one of these pseudonyms in its survey (an erased person). */
  async dropPayloadsOfPseudonyms(
    people: { surveyId: string; pseudonym: string }[],
    tx: EntityManager,
  ): Promise<number> {
    if (people.length === 0) return 0;
    const rows = returned(
      await tx.query(
        `UPDATE webhook_events e SET payload = NULL
         FROM unnest($1::uuid[], $2::text[]) AS p(survey_id, pseudonym)
        WHERE e.survey_id = p.survey_id AND e.payload->'data'->>'pseudonym' = p.pseudonym
        RETURNING e.id`,
        [people.map((p) => p.surveyId), people.map((p) => p.pseudonym)],
      ),
    );
    return rows.length;
  }
}
