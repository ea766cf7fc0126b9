import { Inject, Injectable } from '@nestjs/common';
import { ShreddedKeyError } from '@survey/field-crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { PageQueryDto, Page, toPage } from '../common/pagination';
import { currentRequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { KeystoreService } from '../crypto/keystore.service';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { CheckpointSigner } from './audit-checkpoint';
import { AuditActorType, AuditDetails, AuditEvent, AuditOutcome } from './audit-event.entity';
import { AuditRepository } from './audit.repository';

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
}

export interface AuditRecord {
  /** Dotted verb, e.g. `auth.login`, `user.role_changed`, `contact.read`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome?: AuditOutcome;
  details?: AuditDetails;
  /** Defaults to the authenticated caller of the current request, else `anonymous`/`system`. */
  actor?: AuditActor;
  /** Defaults to the purpose the caller stated for the current request. */
  purpose?: string | null;
}

export interface AuditFilter {
  action?: string;
  actorType?: AuditActorType;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
}

export interface ChainVerification {
  valid: boolean;
  checkedEvents: number;
  lastSeq: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Finds the data subject (the keystore subject id) each of these resource ids belongs to, in the
 * caller's transaction; ids that belong to nobody (any more) are left out.
 */
export type SubjectResolver = (manager: EntityManager, resourceIds: string[]) => Promise<Map<string, string>>;

/** Stored in `resource_id` in place of a data subject's id: see `AuditService.registerSubjectResource`. */
export const SUBJECT_REFERENCE_PREFIX = 'sref_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const VERIFY_BATCH = 2000;

/** Personal values never enter the log; a string that looks like an e-mail address is a bug. */
function assertNoPersonalValues(details: AuditDetails): void {
  for (const [key, value] of Object.entries(details)) {
    const strings = Array.isArray(value) ? value : [value];
    if (strings.some((v) => typeof v === 'string' && EMAIL_LIKE.test(v))) {
      throw new Error(`Audit detail "${key}" looks like a personal value; audit events hold identifiers only.`);
    }
  }
}

function currentActor(): AuditActor {
  const principal = currentRequestContext()?.principal;
  if (principal?.kind === 'staff') return { type: 'staff', id: principal.userId };
  if (principal?.kind === 'api_key') return { type: 'api_key', id: principal.keyId };
  return currentRequestContext() ? { type: 'anonymous', id: null } : { type: 'system', id: null };
}

@Injectable()
export class AuditService {
  private readonly signer: CheckpointSigner;
  private readonly subjects = new Map<string, SubjectResolver>();

  constructor(
    private readonly events: AuditRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly keystore: KeystoreService,
  ) {
    this.signer = new CheckpointSigner(config.retention.auditCheckpointKey);
  }

  /**
   * Declares a resource type whose ids belong to a data subject (a contact, an invitation, a
   * response's respondent). Events about such a resource store, instead of its id, a reference:
   * an HMAC of type and id under a key derived from the subject's own data key. While the key
   * exists the reference can be recomputed from the id (filters by resource id still work); once
   * the key is shredded (erasure, retention) nothing links the events to the id or the person any
   * more, and since the stored value never changes, the hash chain still verifies.
   */
  registerSubjectResource(resourceType: string, resolve: SubjectResolver): void {
    this.subjects.set(resourceType, resolve);
  }

  /**
   * What `resource_id` holds for this resource: the id itself, or for a data subject's resource
   * its reference; null when the subject's key is already gone (nothing may name them then).
   */
  async storedResourceId(
    resourceType: string,
    resourceId: string,
    manager: EntityManager = this.transactions.manager,
  ): Promise<string | null> {
    const resolve = this.subjects.get(resourceType);
    if (!resolve) return resourceId;
    if (!UUID.test(resourceId)) return null;
    const subjectId = (await resolve(manager, [resourceId])).get(resourceId);
    if (!subjectId) return null;
    try {
      const key = await this.keystore.keyFor(subjectId, manager);
      return SUBJECT_REFERENCE_PREFIX + this.keystore.crypto.subjectReference(key, `audit:${resourceType}`, resourceId);
    } catch (error) {
      if (error instanceof ShreddedKeyError) return null;
      throw error;
    }
  }

  /**
   * Every stored form a filter by this resource id must match: the id itself (other resources,
   * and events written before references existed, which the chain keeps as they were) and the
   * references computed from it.
   */
  private async resourceIdsMatching(resourceType: string | undefined, resourceId: string): Promise<string[]> {
    const types = resourceType ? [resourceType] : [...this.subjects.keys()];
    const matching = new Set<string>([resourceId]);
    for (const type of types) {
      if (!this.subjects.has(type)) continue;
      const stored = await this.storedResourceId(type, resourceId);
      if (stored) matching.add(stored);
    }
    return [...matching];
  }

  /**
   * Appends one event. Pass the EntityManager of the transaction that makes the change, so the
   * change and its audit event commit (or roll back) together. Appends are serialised by a row
   * lock on the chain head, which keeps `seq` gap-free and the chain linear.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager?.queryRunner?.isTransactionActive) return this.append(record, manager);
    return this.transactions.run((transaction) => this.append(record, transaction));
  }

  private async append(record: AuditRecord, manager: EntityManager): Promise<void> {
    let details = record.details ?? {};
    assertNoPersonalValues(details);
    // Before the chain head is locked: the look-up of the subject's key need not hold it.
    const named = record.resourceId ?? null;
    const resourceId = named === null ? null : await this.storedResourceId(record.resourceType, named, manager);
    if (named !== null && resourceId === null) details = { ...details, subjectErased: true };
    const head = await this.events.lockHead(manager);
    const actor = record.actor ?? currentActor();
    const event: Omit<AuditEvent, 'hash' | 'prevHash'> = {
      seq: (BigInt(head.lastSeq) + 1n).toString(),
      occurredAt: this.clock.now(),
      actorType: actor.type,
      actorId: actor.id,
      action: record.action,
      resourceType: record.resourceType,
      resourceId,
      purpose: record.purpose !== undefined ? record.purpose : (currentRequestContext()?.purpose ?? null),
      outcome: record.outcome ?? 'success',
      requestId: currentRequestContext()?.requestId ?? null,
      details,
    };
    const hash = chainHash(head.lastHash, event);
    await this.events.append({ ...event, prevHash: head.lastHash, hash }, manager);
  }

  async list(filter: AuditFilter, page: PageQueryDto): Promise<Page<AuditEvent>> {
    const { resourceId, ...rest } = filter;
    const resourceIds = resourceId ? await this.resourceIdsMatching(filter.resourceType, resourceId) : undefined;
    const [items, total] = await this.events.list({
      ...rest,
      ...(resourceIds ? { resourceIds } : {}),
      offset: page.offset,
      limit: page.limit,
    });
    return toPage(items, total, page);
  }

  /**
   * How many events retention cuts at `at`: the oldest events, in chain order, up to the first
   * one that has not yet been kept `months` months (the chain is cut only from its start).
   */
  async countExpired(at: Date, months: number): Promise<number> {
    const row = await this.events.retentionBounds(at, months);
    if (row.first === null || row.last === null) return 0;
    const end = row.kept === null ? BigInt(row.last) : BigInt(row.kept) - 1n;
    return end < BigInt(row.first) ? 0 : Number(end - BigInt(row.first) + 1n);
  }

  /**
   * Cuts at most `limit` of the oldest events kept `months` months at `at`, in one transaction:
   * first a signed checkpoint of the last event cut (the chain as it stood there), which replaces
   * the previous checkpoint, then the events up to it (the trigger lets DELETE reach only events
   * a checkpoint covers). Returns how many events were deleted.
   */
  async cutExpired(at: Date, months: number, limit: number): Promise<number> {
    return this.transactions.run(async (manager) => {
      const firstSeq = await this.events.firstSeq(manager);
      if (firstSeq === null) return 0;
      const first = BigInt(firstSeq);
      const scan = await this.events.scanForCut(
        at,
        months,
        first.toString(),
        (first + BigInt(limit) - 1n).toString(),
        manager,
      );
      if (scan.last === null) return 0;
      const end = scan.kept === null ? BigInt(scan.last) : BigInt(scan.kept) - 1n;
      if (end < first) return 0;
      const last = await this.events.getEvent(end.toString(), manager);
      const checkpoint = {
        seq: last.seq,
        hash: last.hash,
        eventOccurredAt: last.occurredAt,
        createdAt: this.clock.now(),
      };
      return this.events.cutAt(
        { ...checkpoint, keyId: this.signer.keyId, signature: this.signer.sign(checkpoint) },
        manager,
      );
    });
  }

  /**
   * Walks the whole chain in order, in one snapshot, and reports the first event whose link is
   * broken: a gap in `seq`, a `prev_hash` that is not the previous event's hash, a hash that no
   * longer matches the event's content, or a chain head that is not the last event. When
   * retention has cut the oldest events, the walk starts from the signed checkpoint left in their
   * place, whose signature must verify.
   */
  async verify(): Promise<ChainVerification> {
    return this.transactions.run('REPEATABLE READ', async (manager) => {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1n;
      let checked = 0;
      const checkpoint = await this.events.latestCheckpoint(manager);
      if (checkpoint) {
        const seq = BigInt(checkpoint.seq);
        const reason =
          checkpoint.keyId !== this.signer.keyId
            ? 'the checkpoint was signed with another key'
            : !this.signer.verifies(checkpoint, checkpoint.signature)
              ? 'the checkpoint signature does not verify'
              : null;
        if (reason) {
          return { valid: false, checkedEvents: 0, lastSeq: 0, firstBrokenSeq: Number(seq), reason };
        }
        prevHash = checkpoint.hash;
        expectedSeq = seq + 1n;
      }
      const broken = (seq: bigint, reason: string): ChainVerification => ({
        valid: false,
        checkedEvents: checked,
        lastSeq: Number(expectedSeq - 1n),
        firstBrokenSeq: Number(seq),
        reason,
      });
      for (;;) {
        const batch = await this.events.eventsFrom(expectedSeq.toString(), VERIFY_BATCH, manager);
        for (const event of batch) {
          const seq = BigInt(event.seq);
          if (seq !== expectedSeq) return broken(expectedSeq, 'event missing: the sequence has a gap');
          if (event.prevHash !== prevHash) return broken(seq, 'prev_hash is not the hash of the previous event');
          if (chainHash(prevHash, event) !== event.hash) return broken(seq, 'content no longer matches its hash');
          prevHash = event.hash;
          expectedSeq = seq + 1n;
          checked += 1;
        }
        if (batch.length < VERIFY_BATCH) break;
      }
      const head = await this.events.getHead(manager);
      if (BigInt(head.lastSeq) !== expectedSeq - 1n || head.lastHash !== prevHash) {
        return broken(expectedSeq, 'the chain head does not match the last event: events were removed at the end');
      }
      return {
        valid: true,
        checkedEvents: checked,
        lastSeq: Number(expectedSeq - 1n),
        firstBrokenSeq: null,
        reason: null,
      };
    });
  }
}
