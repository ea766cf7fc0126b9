import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditActorType, AuditChainHead, AuditEvent, AuditOutcome } from './audit-event.entity';
import { ReadDatabase } from '../database/read-database';

/** SQL: the event ($1 = now, $2 = months) is not yet due for the retention cut. */
const KEPT = 'occurred_at + make_interval(months => $2::int) > $1::timestamptz';

/** A filter of the audit log, with the resource id already expanded to every stored form it matches. */
export interface AuditEventQuery {
  action?: string;
  actorType?: AuditActorType;
  actorId?: string;
  resourceType?: string;
  resourceIds?: string[];
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

/** audit_events, audit_chain_head and audit_checkpoints: the hash-chained log and its signed cut points. */
@Injectable()
export class AuditRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  /** Lists may lag the primary a little: outside a transaction they go to the read pool. */
  private readManager(tx?: EntityManager): EntityManager {
    return tx ?? this.read.manager;
  }

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** The chain head, row-locked until the transaction ends: appends queue up behind it. */
  lockHead(tx: EntityManager): Promise<AuditChainHead> {
    return tx
      .getRepository(AuditChainHead)
      .createQueryBuilder('head')
      .setLock('pessimistic_write')
      .where('head.id = 1')
      .getOneOrFail();
  }

  getHead(tx?: EntityManager): Promise<AuditChainHead> {
    return this.manager(tx).getRepository(AuditChainHead).findOneByOrFail({ id: 1 });
  }

  /** Appends an event and moves the (locked) head to it. */
  async append(event: AuditEvent, tx: EntityManager): Promise<void> {
    await tx.insert(AuditEvent, event);
    await tx.update(AuditChainHead, { id: 1 }, { lastSeq: event.seq, lastHash: event.hash });
  }

  /** Newest first. */
  async list(query: AuditEventQuery, tx?: EntityManager): Promise<[AuditEvent[], number]> {
    const builder = this.readManager(tx).getRepository(AuditEvent).createQueryBuilder('event');
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    if (query.actorType) builder.andWhere('event.actorType = :actorType', { actorType: query.actorType });
    if (query.actorId) builder.andWhere('event.actorId = :actorId', { actorId: query.actorId });
    if (query.resourceType) builder.andWhere('event.resourceType = :resourceType', query);
    if (query.resourceIds) {
      const resourceIds = query.resourceIds.length ? query.resourceIds : [''];
      builder.andWhere('event.resourceId IN (:...resourceIds)', { resourceIds });
    }
    if (query.outcome) builder.andWhere('event.outcome = :outcome', query);
    if (query.from) builder.andWhere('event.occurredAt >= :from', query);
    if (query.to) builder.andWhere('event.occurredAt < :to', query);
    return builder.orderBy('event.seq', 'DESC').skip(query.offset).take(query.limit).getManyAndCount();
  }

  /** The first and last seq of the log, and the first seq still kept `months` months at `at`. */
  async retentionBounds(
    at: Date,
    months: number,
    tx?: EntityManager,
  ): Promise<{ first: string | null; last: string | null; kept: string | null }> {
    const [row]: { first: string | null; last: string | null; kept: string | null }[] = await this.manager(tx).query(
      `SELECT (SELECT min(seq) FROM audit_events)::text AS first, (SELECT max(seq) FROM audit_events)::text AS last,
              (SELECT min(seq) FROM audit_events WHERE ${KEPT})::text AS kept`,
      [at, months],
    );
    return row;
  }

  async firstSeq(tx?: EntityManager): Promise<string | null> {
    const [bounds]: { first: string | null }[] = await this.manager(tx).query(
      'SELECT min(seq)::text AS first FROM audit_events',
    );
    return bounds.first;
  }

  /** Within seq `from`..`to`: the first event still kept `months` months at `at`, and the last event. */
  async scanForCut(
    at: Date,
    months: number,
    from: string,
    to: string,
    tx?: EntityManager,
  ): Promise<{ kept: string | null; last: string | null }> {
    const [scan]: { kept: string | null; last: string | null }[] = await this.manager(tx).query(
      `SELECT min(seq) FILTER (WHERE ${KEPT})::text AS kept, max(seq)::text AS last
         FROM audit_events WHERE seq BETWEEN $3 AND $4`,
      [at, months, from, to],
    );
    return scan;
  }

  getEvent(seq: string, tx?: EntityManager): Promise<AuditEvent> {
    return this.manager(tx).getRepository(AuditEvent).findOneByOrFail({ seq });
  }

  /**
   * Writes the checkpoint, drops the ones before it, and deletes the events it covers (the
   * trigger lets DELETE reach only events a checkpoint covers). Returns how many events went.
   */
  async cutAt(checkpoint: AuditCheckpoint, tx: EntityManager): Promise<number> {
    await tx.insert(AuditCheckpoint, checkpoint);
    await tx.query('DELETE FROM audit_checkpoints WHERE seq < $1', [checkpoint.seq]);
    const [, deleted] = (await tx.query('DELETE FROM audit_events WHERE seq <= $1', [checkpoint.seq])) as [
      unknown,
      number,
    ];
    return deleted;
  }

  latestCheckpoint(tx?: EntityManager): Promise<AuditCheckpoint | null> {
    return this.manager(tx)
      .getRepository(AuditCheckpoint)
      .createQueryBuilder('checkpoint')
      .orderBy('checkpoint.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Up to `limit` events from seq `from` on, in chain order. */
  eventsFrom(from: string, limit: number, tx?: EntityManager): Promise<AuditEvent[]> {
    return this.manager(tx)
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.seq >= :from', { from })
      .orderBy('event.seq', 'ASC')
      .take(limit)
      .getMany();
  }
}
