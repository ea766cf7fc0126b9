import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_HOURS } from '../../ingestion/provider-responses.service';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';

/** Expired: first used more than IDEMPOTENCY_HOURS before `$1`, when a retry is no longer replayed. */
const DUE = `created_at < $1::timestamptz - make_interval(hours => $2)`;

/**
 * The answers kept for a provider's Idempotency-Key. A retry within IDEMPOTENCY_HOURS is answered
 * from them; after that they serve nothing, so they are deleted, also for keys never used again
 * (a new batch only clears the expired keys of its own API key).
 */
@Injectable()
export class IdempotencyKeysRetention implements RetentionTarget {
  readonly kind = 'provider_idempotency_keys';
  readonly rule = `A provider's Idempotency-Key and the answer kept for it are deleted ${IDEMPOTENCY_HOURS} hours after the key's first use.`;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM provider_idempotency_keys WHERE ${DUE}`,
      [at, IDEMPOTENCY_HOURS],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM provider_idempotency_keys WHERE (api_key_id, key_hash) IN (
         SELECT api_key_id, key_hash FROM provider_idempotency_keys WHERE ${DUE}
          ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [at, IDEMPOTENCY_HOURS, limit],
    )) as [unknown, number];
    return deleted;
  }
}
