import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, DeepPartial, EntityManager } from 'typeorm';
import type { PrivacyRequestType } from '../privacy-notice/privacy-request-types';
import { OPEN_STATUSES, PrivacyRequest, PrivacyRequestStatus } from './privacy-request.entity';

/** The filters of the officers' list; `due` narrows to open requests due in a window. */
export interface PrivacyRequestFilter {
  status?: PrivacyRequestStatus;
  type?: PrivacyRequestType;
  dueBefore?: Date;
  due?: { overdueAt: Date } | { from: Date; to: Date };
}

/** A request made from an address, as its access package lists it. */
export interface PrivacyRequestFromAddress {
  id: string;
  type: PrivacyRequestType;
  status: string;
  channel: string;
  received_at: Date;
  verified_at: Date | null;
  due_at: Date | null;
  closed_at: Date | null;
  details_ciphertext: Buffer | null;
}

/**
 * Runs an UPDATE or DELETE … RETURNING and gives its rows. TypeORM's PostgreSQL driver answers
 * those two commands with `[rows, affectedCount]` rather than the rows alone.
 */
export async function returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** Counts the rows of `table` (aliased `t`) matching `where`, for a retention preview. */
export async function countWhere(
  manager: EntityManager,
  table: string,
  where: string,
  params: unknown[],
): Promise<number> {
  const [row]: { count: number }[] = await manager.query(
    `SELECT count(*)::int AS count FROM ${table} t WHERE ${where}`,
    params,
  );
  return row.count;
}

/** Locks up to `limit` matching rows for a retention batch. SKIP LOCKED: a row someone is working on waits for the next batch instead of stalling this one. */
export async function lockWhere(
  manager: EntityManager,
  table: string,
  where: string,
  params: unknown[],
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT t.id FROM ${table} t WHERE ${where} ORDER BY t.id LIMIT $${params.length + 1} FOR UPDATE SKIP LOCKED`,
    [...params, limit],
  );
  return rows.map((row) => row.id);
}

const EXPIRED_RECORDS = `(t.closed_at IS NOT NULL AND t.closed_at <= $1) OR (t.status = 'received' AND t.verification_expires_at <= $2)`;
const ADDRESSES_DUE = 't.closed_at <= $1 AND t.personal_data_removed_at IS NULL';

/** privacy_requests: the requests, their workflow state and their encrypted personal fields. */
@Injectable()
export class PrivacyRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** A new, unsaved entity (no database call). */
  build(fields: DeepPartial<PrivacyRequest>): PrivacyRequest {
    return this.dataSource.manager.create(PrivacyRequest, fields);
  }

  async insert(request: PrivacyRequest, tx?: EntityManager): Promise<void> {
    await this.manager(tx).insert(PrivacyRequest, request);
  }

  async save(request: PrivacyRequest, tx?: EntityManager): Promise<void> {
    await this.manager(tx).save(request);
  }

  findById(id: string, lock: boolean, tx?: EntityManager): Promise<PrivacyRequest | null> {
    return this.manager(tx).findOne(PrivacyRequest, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The request behind a verification link, locked for the verification. */
  findForVerification(tokenHash: Buffer, tx: EntityManager): Promise<PrivacyRequest | null> {
    return tx.findOne(PrivacyRequest, {
      where: { verificationTokenHash: tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Soonest due first, then oldest; one page and the total. */
  list(filter: PrivacyRequestFilter, page: { offset: number; limit: number }): Promise<[PrivacyRequest[], number]> {
    const qb = this.dataSource.getRepository(PrivacyRequest).createQueryBuilder('r');
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.type) qb.andWhere('r.type = :type', { type: filter.type });
    if (filter.dueBefore) qb.andWhere('r.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    const due = filter.due;
    if (due) {
      qb.andWhere('r.status IN (:...open)', { open: OPEN_STATUSES });
      if ('overdueAt' in due) qb.andWhere('r.due_at < :now', { now: due.overdueAt });
      else {
        qb.andWhere(
          new Brackets((b) =>
            b.where('r.due_at >= :now', { now: due.from }).andWhere('r.due_at <= :soon', { soon: due.to }),
          ),
        );
      }
    }
    return qb
      .orderBy('r.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('r.received_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
  }

  /** Every request made from this address (blind index), oldest first. */
  fromAddress(emailIndex: Buffer, tx?: EntityManager): Promise<PrivacyRequestFromAddress[]> {
    return this.manager(tx).query(
      `SELECT id, type, status, channel, received_at, verified_at, due_at, closed_at, details_ciphertext
         FROM privacy_requests WHERE email_index = $1 ORDER BY received_at, id`,
      [emailIndex],
    );
  }

  /** Closed requests whose closing mail this is and that still hold personal data, locked. */
  async lockClosedByMail(messageId: string, tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM privacy_requests
        WHERE closing_mail_id = $1 AND closed_at IS NOT NULL AND personal_data_removed_at IS NULL
        FOR UPDATE`,
      [messageId],
    );
    return rows.map((row) => row.id);
  }

  /** Empties every column that could say who asked; returns how many changed. */
  async removePersonalData(ids: string[], at: Date, tx: EntityManager): Promise<number> {
    const rows = await returning<unknown>(
      tx,
      `UPDATE privacy_requests
          SET email_index = NULL, email_ciphertext = NULL, details_ciphertext = NULL,
              identity_note_ciphertext = NULL, extension_reason_ciphertext = NULL,
              rejection_note_ciphertext = NULL, verification_token_hash = NULL, contact_id = NULL,
              personal_data_removed_at = $2
        WHERE id = ANY($1::uuid[]) AND personal_data_removed_at IS NULL
        RETURNING id`,
      [ids, at],
    );
    return rows.length;
  }

  /** Retention: closed before `closedBefore`, or unverified with the link expired at `at`. */
  countExpired(closedBefore: Date, at: Date): Promise<number> {
    return countWhere(this.dataSource.manager, 'privacy_requests', EXPIRED_RECORDS, [closedBefore, at]);
  }

  lockExpired(closedBefore: Date, at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return lockWhere(tx, 'privacy_requests', EXPIRED_RECORDS, [closedBefore, at], limit);
  }

  /** Retention: closed before `closedBefore` and still holding personal data. */
  countAddressesDue(closedBefore: Date): Promise<number> {
    return countWhere(this.dataSource.manager, 'privacy_requests', ADDRESSES_DUE, [closedBefore]);
  }

  lockAddressesDue(closedBefore: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return lockWhere(tx, 'privacy_requests', ADDRESSES_DUE, [closedBefore], limit);
  }

  /** Deletes the requests (their downloads go with them, ON DELETE CASCADE); returns how many. */
  async deleteByIds(ids: string[], tx: EntityManager): Promise<number> {
    const deleted = await returning<unknown>(
      tx,
      'DELETE FROM privacy_requests WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}
