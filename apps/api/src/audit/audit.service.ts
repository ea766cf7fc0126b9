import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { PageQueryDto, Page, toPage } from '../common/pagination';
import { currentRequestContext } from '../common/request-context';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditActorType, AuditChainHead, AuditDetails, AuditEvent, AuditOutcome } from './audit-event.entity';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one event. Pass the EntityManager of the transaction that makes the change, so the
   * change and its audit event commit (or roll back) together. Appends are serialised by a row
   * lock on the chain head, which keeps `seq` gap-free and the chain linear.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager?.queryRunner?.isTransactionActive) return this.append(record, manager);
    return this.dataSource.transaction((transaction) => this.append(record, transaction));
  }

  private async append(record: AuditRecord, manager: EntityManager): Promise<void> {
    const details = record.details ?? {};
    assertNoPersonalValues(details);
    const head = await manager
      .getRepository(AuditChainHead)
      .createQueryBuilder('head')
      .setLock('pessimistic_write')
      .where('head.id = 1')
      .getOneOrFail();
    const actor = record.actor ?? currentActor();
    const event: Omit<AuditEvent, 'hash' | 'prevHash'> = {
      seq: (BigInt(head.lastSeq) + 1n).toString(),
      occurredAt: this.clock.now(),
      actorType: actor.type,
      actorId: actor.id,
      action: record.action,
      resourceType: record.resourceType,
      resourceId: record.resourceId ?? null,
      purpose: record.purpose !== undefined ? record.purpose : (currentRequestContext()?.purpose ?? null),
      outcome: record.outcome ?? 'success',
      requestId: currentRequestContext()?.requestId ?? null,
      details,
    };
    const hash = chainHash(head.lastHash, event);
    await manager.insert(AuditEvent, { ...event, prevHash: head.lastHash, hash });
    await manager.update(AuditChainHead, { id: 1 }, { lastSeq: event.seq, lastHash: hash });
  }

  async list(filter: AuditFilter, page: PageQueryDto): Promise<Page<AuditEvent>> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('event');
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.actorType) query.andWhere('event.actorType = :actorType', { actorType: filter.actorType });
    if (filter.actorId) query.andWhere('event.actorId = :actorId', { actorId: filter.actorId });
    if (filter.resourceType) query.andWhere('event.resourceType = :resourceType', filter);
    if (filter.resourceId) query.andWhere('event.resourceId = :resourceId', filter);
    if (filter.outcome) query.andWhere('event.outcome = :outcome', filter);
    if (filter.from) query.andWhere('event.occurredAt >= :from', filter);
    if (filter.to) query.andWhere('event.occurredAt < :to', filter);
    const [items, total] = await query
      .orderBy('event.seq', 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return toPage(items, total, page);
  }

  /**
   * Walks the whole chain in order, in one snapshot, and reports the first event whose link is
   * broken: a gap in `seq`, a `prev_hash` that is not the previous event's hash, a hash that no
   * longer matches the event's content, or a chain head that is not the last event.
   */
  async verify(): Promise<ChainVerification> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1n;
      let checked = 0;
      const broken = (seq: bigint, reason: string): ChainVerification => ({
        valid: false,
        checkedEvents: checked,
        lastSeq: Number(expectedSeq - 1n),
        firstBrokenSeq: Number(seq),
        reason,
      });
      for (;;) {
        const batch = await manager
          .getRepository(AuditEvent)
          .createQueryBuilder('event')
          .where('event.seq >= :from', { from: expectedSeq.toString() })
          .orderBy('event.seq', 'ASC')
          .take(VERIFY_BATCH)
          .getMany();
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
      const head = await manager.getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
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
