import { Global, Injectable, Module } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';
import { AnonymisedTextKeysRepository } from './retention.repository';

/**
 * What one `purgeBatch` did: the number of records of the target's own kind it deleted, or, when
 * deleting them takes records of other kinds with it (a contact's invitations and mail), the
 * count per kind, in which the target's own kind is the figure the run loops on.
 */
export type PurgeBatchResult = number | Readonly<Record<string, number>>;

/**
 * One kind of personal (or retention-bound) record that the retention run purges. Each module
 * that owns such records implements it for its own tables and registers it, so the retention
 * run does not reach into other modules' repositories.
 */
export interface RetentionTarget {
  /** Stable name used in previews and run receipts, e.g. `privacy_requests`. */
  readonly kind: string;
  /** One sentence saying when a record of this kind expires, for `GET /retention/policy`. */
  readonly rule?: string;
  /** How many records are due for deletion at `at` (an expiry at or before `at`). */
  countDue(at: Date): Promise<number>;
  /**
   * Deletes at most `limit` records due at `at`, in one short transaction of its own, for good
   * (crypto-shredding keys first where the records are encrypted). Returns how many it
   * deleted; the run calls it again until it returns 0, so a crashed run resumes naturally.
   */
  purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult>;
}

/**
 * The order a run purges the known kinds in, whatever order their modules start in: responses
 * before the invitations they hold, so both can go in the same run; the audit log last.
 */
const PURGE_ORDER: readonly string[] = [
  'privacy_request_downloads',
  'privacy_request_addresses',
  'privacy_requests',
  'provider_erasure_notices',
  'responses',
  'response_links',
  'drafts',
  'invitations',
  'contacts',
  'mail_outbox',
  'provider_idempotency_keys',
  'audit_events',
];

function rank(kind: string): number {
  const at = PURGE_ORDER.indexOf(kind);
  return at < 0 ? PURGE_ORDER.length : at;
}

/** Where modules register their retention targets at start-up (in `onModuleInit`). */
@Injectable()
export class RetentionRegistry {
  private readonly targets = new Map<string, RetentionTarget>();
  private readonly deleted: Counter<'target'>;

  constructor(metrics: MetricsService) {
    this.deleted = metrics.counter(
      'survey_retention_deleted_total',
      'Records the retention purge deleted for good, by kind of record',
      ['target'],
    );
  }

  register(target: RetentionTarget): void {
    if (this.targets.has(target.kind)) throw new Error(`retention target ${target.kind} is registered twice`);
    this.targets.set(target.kind, this.counted(target));
  }

  /** The target, with what each batch deletes counted per kind (kinds are the code's own names). */
  private counted(target: RetentionTarget): RetentionTarget {
    const deleted = this.deleted;
    return {
      kind: target.kind,
      rule: target.rule,
      countDue: (at) => target.countDue(at),
      async purgeBatch(at, limit) {
        const result = await target.purgeBatch(at, limit);
        const byKind = typeof result === 'number' ? { [target.kind]: result } : result;
        for (const [kind, count] of Object.entries(byKind)) if (count > 0) deleted.inc({ target: kind }, count);
        return result;
      },
    };
  }

  /** The known kinds in PURGE_ORDER, then any others in registration order. */
  all(): RetentionTarget[] {
    return [...this.targets.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
  }
}

/**
 * Global, so that modules register their targets without importing RetentionModule (whose own
 * start-up order would then come first). It also gives the ingestion module's response targets
 * the keys of anonymised free text, which retention owns.
 */
@Global()
@Module({
  providers: [RetentionRegistry, AnonymisedTextKeysRepository],
  exports: [RetentionRegistry, AnonymisedTextKeysRepository],
})
export class RetentionRegistryModule {}
