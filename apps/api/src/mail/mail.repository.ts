import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { expiredSql } from '../retention/expiry';
import { MailOutboxMessage, MailStatus } from './mail-outbox.entity';

const INSERT_CHUNK = 1000;
/** Rows per statement of messages rendered when sent (small rows: an unnest of parallel arrays). */
const RENDER_LATER_CHUNK = 5000;
/** SQL: the row ($1 = now, $2 = months) is past its retention. */
const DUE_FOR_RETENTION = expiredSql('created_at', '$2', '$1');

/** A message the sender has claimed, as the claim returned it. */
export interface ClaimedMessage {
  id: string;
  subjectId: string;
  kind: string;
  invitationId: string | null;
  ciphertext: Buffer | null;
  /** Set when the ciphertext holds the ingredients a renderer builds the message from. */
  renderer: string | null;
  attempts: number;
}

/** What a send attempt leaves in the row. */
export interface MailVerdictRow {
  status: MailStatus;
  /** Null keeps the row's next_attempt_at. */
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

interface ClaimedRow {
  id: string;
  subject_id: string;
  kind: string;
  invitation_id: string | null;
  message_ciphertext: Buffer | null;
  renderer: string | null;
  attempts: number;
}

/** Rows of messages rendered when sent, as `insertForRendering` takes them (parallel arrays). */
export interface RenderLaterRows {
  subjectIds: string[];
  invitationIds: (string | null)[];
  ciphertexts: Buffer[];
}

/** mail_outbox: the encrypted transactional outbox and the sender's claims on it. */
@Injectable()
export class MailOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** False while the database is not connected (OpenAPI generation, start-up). */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Inserts the rows in chunks. */
  async insert(rows: Partial<MailOutboxMessage>[], tx: EntityManager): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(MailOutboxMessage)
        .values(rows.slice(i, i + INSERT_CHUNK))
        .updateEntity(false)
        .execute();
    }
  }

  /**
   * Inserts pending messages of one kind that `renderer` renders when they are sent: one
   * statement per chunk, ids made by the database.
   */
  async insertForRendering(
    kind: string,
    renderer: string,
    rows: RenderLaterRows,
    now: Date,
    tx: EntityManager,
  ): Promise<void> {
    for (let i = 0; i < rows.subjectIds.length; i += RENDER_LATER_CHUNK) {
      await tx.query(
        `INSERT INTO mail_outbox (subject_id, kind, invitation_id, message_ciphertext, renderer, status, attempts, next_attempt_at)
         SELECT s, $4, i, c, $5, 'pending', 0, $6
           FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS t(s, i, c)`,
        [
          rows.subjectIds.slice(i, i + RENDER_LATER_CHUNK),
          rows.invitationIds.slice(i, i + RENDER_LATER_CHUNK),
          rows.ciphertexts.slice(i, i + RENDER_LATER_CHUNK),
          kind,
          renderer,
          now,
        ],
      );
    }
  }

  /** Cancels the invitation's still-pending messages and drops their content; returns how many. */
  async cancelPendingForInvitation(invitationId: string, tx?: EntityManager): Promise<number> {
    const result = await this.manager(tx)
      .createQueryBuilder()
      .update(MailOutboxMessage)
      .set({
        status: MailStatus.Cancelled,
        messageCiphertext: null,
        lockedUntil: null,
        lastError: 'cancelled: invitation withdrawn',
      })
      .where('invitation_id = :invitationId AND status = :pending', { invitationId, pending: MailStatus.Pending })
      .execute();
    return result.affected ?? 0;
  }

  /** Deletes every message about these invitations, whatever its status; returns how many. */
  async deleteForInvitations(invitationIds: string[], tx?: EntityManager): Promise<number> {
    const [, deleted] = (await this.manager(tx).query('DELETE FROM mail_outbox WHERE invitation_id = ANY($1::uuid[])', [
      invitationIds,
    ])) as [unknown, number];
    return deleted;
  }

  /** Deletes every message of these subjects, whatever its status; returns how many. */
  async deleteForSubjects(subjectIds: string[], tx?: EntityManager): Promise<number> {
    const result = await this.manager(tx)
      .createQueryBuilder()
      .delete()
      .from(MailOutboxMessage)
      .where('subject_id = ANY(:subjectIds::uuid[])', { subjectIds })
      .execute();
    return result.affected ?? 0;
  }

  async countByStatus(tx?: EntityManager): Promise<{ status: MailStatus; count: number }[]> {
    return this.manager(tx).query('SELECT status, count(*)::int AS count FROM mail_outbox GROUP BY status');
  }

  /**
   * Claims up to `limit` due messages (pending and due, or sending with a lapsed lease) until
   * `leaseEnd`, counting the attempt; one statement, so the claim commits before anything is sent.
   */
  async claim(now: Date, leaseEnd: Date, limit: number): Promise<ClaimedMessage[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE mail_outbox m
          SET status = 'sending', locked_until = $2, attempts = m.attempts + 1
         FROM (SELECT id FROM mail_outbox
                WHERE (status = 'pending' AND next_attempt_at <= $1)
                   OR (status = 'sending' AND (locked_until IS NULL OR locked_until < $1))
                ORDER BY next_attempt_at, id
                LIMIT $3
                  FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
      RETURNING m.id, m.subject_id, m.kind, m.invitation_id, m.message_ciphertext, m.renderer, m.attempts`,
      [now, leaseEnd, limit],
    )) as [ClaimedRow[], number];
    return rows.map((row) => ({
      id: row.id,
      subjectId: row.subject_id,
      kind: row.kind,
      invitationId: row.invitation_id,
      ciphertext: row.message_ciphertext,
      renderer: row.renderer,
      attempts: row.attempts,
    }));
  }

  /**
   * Records the outcome of an attempt on a claimed message; false when the claim is no longer
   * ours. Guarded by status and attempts: a sender whose lease ran out must not overwrite a newer
   * claim. Content stays only while the message is pending.
   */
  async recordVerdict(message: ClaimedMessage, verdict: MailVerdictRow, tx?: EntityManager): Promise<boolean> {
    const [, affected] = (await this.manager(tx).query(
      `UPDATE mail_outbox
          SET status = $3,
              next_attempt_at = COALESCE($4, next_attempt_at),
              last_error = $5,
              sent_at = $6,
              locked_until = NULL,
              message_ciphertext = CASE WHEN $3 = 'pending' THEN message_ciphertext ELSE NULL END
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [message.id, message.attempts, verdict.status, verdict.nextAttemptAt, verdict.lastError, verdict.sentAt],
    )) as [unknown[], number];
    return affected === 1;
  }

  /** Hands back a claimed message whose attempt did not happen. */
  async release(message: ClaimedMessage): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = 'pending', locked_until = NULL, attempts = attempts - 1
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [message.id, message.attempts],
    );
  }

  /** Rows queued more than `months` months before `at`, whatever their status. */
  async countExpired(at: Date, months: number): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE ${DUE_FOR_RETENTION}`,
      [at, months],
    );
    return row.n;
  }

  /** Deletes at most `limit` of those rows, oldest first, skipping rows another transaction holds. */
  async deleteExpired(at: Date, months: number, limit: number): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM mail_outbox WHERE id IN (
         SELECT id FROM mail_outbox WHERE ${DUE_FOR_RETENTION} ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [at, months, limit],
    )) as [unknown, number];
    return deleted;
  }

  // ---- Privacy rights: a person's mail for access packages, and the purge of a privacy request ----

  /** The mail about the subject or their invitations, oldest first (no content). */
  ofSubjectOrInvitations(subjectId: string, invitationIds: string[], tx?: EntityManager): Promise<MailSummaryRow[]> {
    return this.manager(tx).query(
      `SELECT kind, status, created_at, sent_at FROM mail_outbox
        WHERE subject_id = $1 OR invitation_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [subjectId, invitationIds],
    );
  }

  /** Deletes the mail of these subjects still queued or being sent; mail already sent stays. */
  async deleteQueuedForSubjects(subjectIds: string[], tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM mail_outbox WHERE subject_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')`, [
      subjectIds,
    ]);
  }

  // Anonymisation at close: the invitations whose mail is still waiting to go.

  /** The invitations (each once) that have a message pending or being sent. */
  async invitationsWithMailWaiting(tx?: EntityManager): Promise<string[]> {
    const rows: { invitation_id: string }[] = await this.manager(tx).query(
      `SELECT DISTINCT invitation_id FROM mail_outbox
        WHERE status IN ('pending', 'sending') AND invitation_id IS NOT NULL`,
    );
    return rows.map((row) => row.invitation_id);
  }
}

/** A message as the person's access package lists it: what and when, never its content. */
export interface MailSummaryRow {
  kind: string;
  status: string;
  created_at: Date;
  sent_at: Date | null;
}
