import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { expiredSql } from '../retention/expiry';
import { CampaignTarget, DeliveryStatus, Invitation, InvitationToken } from './campaign.entity';
import { InvitationQueryDto, InvitationState } from './delivery.dto';
import { ReadDatabase } from '../database/read-database';

/** Invitees reminded per transaction. */
const BATCH_SIZE = 500;
/**
 * Contacts considered per invitation batch (one transaction): larger than a reminder batch,
 * since each batch pays fixed statements and a commit; what it holds in memory is small (ids,
 * tokens and the mail's encrypted ingredients, a few hundred bytes each).
 */
const INVITE_BATCH_SIZE = 2000;
/** Ids per statement when a list of ids is looked up. */
const ID_CHUNK = 10_000;

/** A person to mail: their invitation, contact and language (the mail is rendered when sent). */
export interface Recipient {
  invitationId: string;
  contactId: string;
  language: string;
}

export interface InvitationFunnel {
  invited: number;
  delivered: number;
  bounced: number;
  opened: number;
  started: number;
  completed: number;
  optedOut: number;
}

/** The SQL condition and parameters selecting a campaign's target among contacts `c`. */
function targetCondition(target: CampaignTarget, firstParameter: number): { sql: string; params: unknown[] } {
  // Someone who objected (a privacy request) is never invited again, whatever the target.
  const clauses: string[] = ['c.objected_at IS NULL'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('$?', `$${firstParameter + params.length - 1}`));
  };
  if (target.countries.length > 0) add('c.country = ANY($?::text[])', target.countries);
  if (target.segments.length > 0) add('c.segment = ANY($?::text[])', target.segments);
  if (target.roles.length > 0)
    add(
      'lower(c.role) = ANY($?::text[])',
      target.roles.map((r) => r.toLowerCase()),
    );
  if (target.platforms.length > 0) {
    add(
      'lower(c.platform) = ANY($?::text[])',
      target.platforms.map((p) => p.toLowerCase()),
    );
  }
  return { sql: clauses.join(' AND '), params };
}

const STATE_CONDITION: Record<InvitationState, string> = {
  [InvitationState.OptedOut]: 'i.opted_out_at IS NOT NULL',
  [InvitationState.Completed]: 'i.opted_out_at IS NULL AND i.completed_at IS NOT NULL',
  [InvitationState.Started]: 'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NOT NULL',
  [InvitationState.Opened]:
    'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NULL AND i.opened_at IS NOT NULL',
  [InvitationState.Invited]:
    'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NULL AND i.opened_at IS NULL',
};

// A linked response that is itself due does not hold the invitation: the run deletes it first,
// and the preview counts both.
const EXPIRED = `${expiredSql('i.created_at', 's.retention_months', '$1')}
  AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id
                   AND r.submitted_at + make_interval(months => s.retention_months) > $1::timestamptz)`;

/** Stores the hashes of new secret-link tokens of these invitations (one each, in order). */
export async function insertTokenHashes(
  tx: EntityManager,
  hashes: Buffer[],
  invitationIds: string[],
  issuedAt?: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO invitation_tokens (token_hash, invitation_id, created_at)
     SELECT h, i, coalesce($3::timestamptz, now()) FROM unnest($1::bytea[], $2::uuid[]) AS t(h, i)`,
    [hashes, invitationIds, issuedAt ?? null],
  );
}

/** The invitation whose token has this hash, or null; `lock` takes a row lock on the invitation. */
export function invitationByTokenHash(tx: EntityManager, hash: Buffer, lock: boolean): Promise<Invitation | null> {
  const query = tx
    .createQueryBuilder(Invitation, 'invitation')
    .innerJoin(InvitationToken, 'token', 'token.invitation_id = invitation.id')
    .where('token.token_hash = :hash', { hash });
  if (lock) query.setLock('pessimistic_write', undefined, ['invitation']);
  return query.getOne();
}

/**
 * Invitations and their secret-link tokens (tables `invitations`, `invitation_tokens`). The
 * statements that choose whom to invite or remind read the contacts they join in the same
 * statement, so that the choice and the insert (or row lock) are one step.
 */
@Injectable()
export class InvitationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** The contact of each of these invitations. */
  async contactsOf(ids: string[], tx?: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; contact_id: string }[] = await this.manager(tx).query(
      'SELECT id, contact_id FROM invitations WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.contact_id]));
  }

  async setDeliveryStatus(id: string, deliveryStatus: DeliveryStatus, tx?: EntityManager): Promise<void> {
    await this.manager(tx).update(Invitation, { id }, { deliveryStatus });
  }

  /** How many contacts a target matches, and how many of them the survey already invited. */
  async countTarget(
    surveyId: string,
    target: CampaignTarget,
    tx?: EntityManager,
  ): Promise<{ matching: number; alreadyInvited: number }> {
    const { sql, params } = targetCondition(target, 2);
    const [row] = await this.manager(tx).query(
      `SELECT count(*)::int AS matching,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM invitations i WHERE i.survey_id = $1 AND i.contact_id = c.id))::int AS already_invited
         FROM contacts c WHERE ${sql}`,
      [surveyId, ...params],
    );
    return { matching: row.matching, alreadyInvited: row.already_invited };
  }

  /**
   * Invites the next batch of the target's contacts (in id order, after `after`) that the survey
   * has not invited yet. Returns the last contact chosen (null when none was left) and the
   * invitations made: contacts another campaign invited first are chosen but not ours. An
   * invitation is in the contact's language when the survey offers it, else in its default one;
   * it is stamped as mailed at `mailedAt` (its mail is queued in the same transaction).
   */
  async inviteNextBatch(
    campaign: { id: string; surveyId: string; target: CampaignTarget },
    after: string,
    offered: { languages: string[]; defaultLanguage: string },
    mailedAt: Date,
    tx: EntityManager,
  ): Promise<{ lastChosen: string | null; recipients: Recipient[] }> {
    const { sql, params } = targetCondition(campaign.target, 7);
    const rows: (Recipient & { lastChosen: string | null })[] = await tx.query(
      `WITH chosen AS (
         SELECT c.id FROM contacts c
          WHERE ${sql} AND c.id > $3
            AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.survey_id = $1 AND i.contact_id = c.id)
          ORDER BY c.id LIMIT ${INVITE_BATCH_SIZE}
       ), inserted AS (
         INSERT INTO invitations (survey_id, campaign_id, contact_id, language, last_mailed_at)
         SELECT $1, $2, c.id, CASE WHEN c.language = ANY ($4::text[]) THEN c.language ELSE $5 END, $6::timestamptz
           FROM contacts c JOIN chosen USING (id)
         ON CONFLICT (survey_id, contact_id) DO NOTHING
         RETURNING id, contact_id, language
       )
       SELECT (SELECT max(id::text) FROM chosen) AS "lastChosen", ins.id AS "invitationId",
              ins.contact_id AS "contactId", ins.language
         FROM (SELECT 1) AS one
         LEFT JOIN inserted ins ON true`,
      [campaign.surveyId, campaign.id, after, offered.languages, offered.defaultLanguage, mailedAt, ...params],
    );
    return {
      lastChosen: rows[0]?.lastChosen ?? null,
      recipients: rows.filter((row) => row.invitationId !== null),
    };
  }

  /**
   * Locks the campaign's next batch of invitees (after `afterId`) due a reminder: neither
   * completed nor opted out nor bounced, below `maxReminders`, invited before `roundStarted`.
   */
  lockReminderBatch(
    campaignId: string,
    afterId: string,
    maxReminders: number,
    roundStarted: Date,
    tx: EntityManager,
  ): Promise<(Recipient & { id: string })[]> {
    return tx.query(
      `SELECT i.id, i.id AS "invitationId", i.contact_id AS "contactId", i.language
         FROM invitations i JOIN contacts c ON c.id = i.contact_id
        WHERE i.campaign_id = $1 AND i.id > $2
          AND i.completed_at IS NULL AND i.opted_out_at IS NULL
          AND i.delivery_status <> 'bounced' AND i.reminders_sent < $3
          AND i.created_at < $4
        ORDER BY i.id LIMIT ${BATCH_SIZE}
        FOR UPDATE OF i SKIP LOCKED`,
      [campaignId, afterId, maxReminders, roundStarted],
    );
  }

  /**
   * The invitation, row-locked, if a new link may still be mailed for it: not completed, not
   * opted out, its address not bounced; null otherwise. (The contact's fields are read through
   * the contacts module.)
   */
  async lockForNewLink(
    invitationId: string,
    tx: EntityManager,
  ): Promise<{ invitationId: string; surveyId: string; contactId: string; language: string } | null> {
    const rows: { invitationId: string; surveyId: string; contactId: string; language: string }[] = await tx.query(
      `SELECT id AS "invitationId", survey_id AS "surveyId", contact_id AS "contactId", language
         FROM invitations
        WHERE id = $1 AND completed_at IS NULL AND opted_out_at IS NULL AND delivery_status <> 'bounced'
        FOR UPDATE`,
      [invitationId],
    );
    return rows[0] ?? null;
  }

  /** Counts a reminder on each of these invitations and stamps them as mailed at `at`. */
  async countReminded(ids: string[], at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      'UPDATE invitations SET reminders_sent = reminders_sent + 1, last_mailed_at = $2 WHERE id = ANY($1::uuid[])',
      [ids, at],
    );
  }

  async markMailed(ids: string[], at: Date, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE invitations SET last_mailed_at = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
  }

  /**
   * Who a reminder sent now would reach (as `lockReminderBatch` chooses them), and when the
   * campaign last mailed anyone.
   */
  async reminderOutlook(
    campaignId: string,
    maxReminders: number,
    tx?: EntityManager,
  ): Promise<{ recipients: number; lastMailedAt: Date | null }> {
    const [row]: { recipients: number; last_mailed_at: Date | null }[] = await this.manager(tx).query(
      `SELECT count(*) FILTER (WHERE i.completed_at IS NULL AND i.opted_out_at IS NULL
                                 AND i.delivery_status <> 'bounced' AND i.reminders_sent < $2)::int AS recipients,
              max(i.last_mailed_at) AS last_mailed_at
         FROM invitations i WHERE i.campaign_id = $1`,
      [campaignId, maxReminders],
    );
    return { recipients: row?.recipients ?? 0, lastMailedAt: row?.last_mailed_at ?? null };
  }

  async countOfCampaign(campaignId: string, tx?: EntityManager): Promise<number> {
    const { total } = await this.manager(tx)
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .select('count(*)::int', 'total')
      .where('i.campaign_id = :campaignId', { campaignId })
      .getRawOne<{ total: number }>()
      .then((row) => row ?? { total: 0 });
    return total;
  }

  /** Counts per stage of each campaign that has invitations. */
  funnels(campaignIds: string[], tx?: EntityManager): Promise<(InvitationFunnel & { campaign_id: string })[]> {
    return this.manager(tx).query(
      `SELECT campaign_id, count(*)::int AS invited,
              count(*) FILTER (WHERE delivery_status = 'sent')::int AS delivered,
              count(*) FILTER (WHERE delivery_status = 'bounced')::int AS bounced,
              count(opened_at)::int AS opened, count(started_at)::int AS started,
              count(completed_at)::int AS completed, count(opted_out_at)::int AS "optedOut"
         FROM invitations WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
      [campaignIds],
    );
  }

  /** A list, which may lag the primary a little: outside a transaction it is read from the read pool. */
  page(surveyId: string, query: InvitationQueryDto, tx?: EntityManager): Promise<[Invitation[], number]> {
    const qb = (tx ?? this.read.manager)
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .where('i.survey_id = :surveyId', { surveyId })
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .skip(query.offset)
      .take(query.limit);
    if (query.campaignId) qb.andWhere('i.campaign_id = :campaignId', { campaignId: query.campaignId });
    if (query.deliveryStatus) qb.andWhere('i.delivery_status = :status', { status: query.deliveryStatus });
    if (query.state) qb.andWhere(STATE_CONDITION[query.state]);
    return qb.getManyAndCount();
  }

  async markOptedOut(id: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.update(Invitation, id, { optedOutAt: at });
  }

  /** How many invitations are past their survey's retention at `at` and held by no response. */
  async countExpired(at: Date, tx?: EntityManager): Promise<number> {
    const [row]: { n: number }[] = await this.manager(tx).query(
      `SELECT count(*)::int AS n FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${EXPIRED}`,
      [at],
    );
    return row.n;
  }

  /** Locks up to `limit` expired invitations (skipping those locked elsewhere); their ids. */
  async lockExpired(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    const due: { id: string }[] = await tx.query(
      `SELECT i.id FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${EXPIRED}
        LIMIT $2 FOR UPDATE OF i SKIP LOCKED`,
      [at, limit],
    );
    return due.map((row) => row.id);
  }

  /** Deletes these invitations (their tokens go with them); how many there were. */
  async deleteByIds(ids: string[], tx: EntityManager): Promise<number> {
    const [, deleted] = (await tx.query('DELETE FROM invitations WHERE id = ANY($1::uuid[])', [ids])) as [
      unknown,
      number,
    ];
    return deleted;
  }

  /** Deletes every invitation of these contacts (their tokens go with them); how many there were. */
  async deleteOfContacts(contactIds: string[], tx: EntityManager): Promise<number> {
    const [, deleted] = (await tx.query('DELETE FROM invitations WHERE contact_id = ANY($1::uuid[])', [
      contactIds,
    ])) as [unknown, number];
    return deleted;
  }

  // ---- Privacy rights: a contact's invitations for access packages, erasure, objection, rectification ----

  /** The surveys the contact was invited to, each once, in id order. */
  async surveyIdsOfContact(contactId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { survey_id: string }[] = await this.manager(tx).query(
      'SELECT DISTINCT survey_id FROM invitations WHERE contact_id = $1 ORDER BY survey_id',
      [contactId],
    );
    return rows.map((row) => row.survey_id);
  }

  /** Every column of the contact's invitations, oldest first (the person's access package). */
  rowsOfContact(contactId: string, tx?: EntityManager): Promise<InvitationRow[]> {
    return this.manager(tx).query('SELECT * FROM invitations WHERE contact_id = $1 ORDER BY created_at, id', [
      contactId,
    ]);
  }

  /** The contact's invitations and their surveys. */
  surveysOfContact(contactId: string, tx?: EntityManager): Promise<{ id: string; survey_id: string }[]> {
    return this.manager(tx).query('SELECT id, survey_id FROM invitations WHERE contact_id = $1', [contactId]);
  }

  /** Locks the contact's invitations in id order (erasure); their ids and surveys. */
  lockOfContact(contactId: string, tx: EntityManager): Promise<{ id: string; survey_id: string }[]> {
    return tx.query('SELECT id, survey_id FROM invitations WHERE contact_id = $1 ORDER BY id FOR UPDATE', [contactId]);
  }

  /** The ids of the contact's invitations. */
  async idsOfContact(contactId: string, tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query('SELECT id FROM invitations WHERE contact_id = $1', [contactId]);
    return rows.map((row) => row.id);
  }

  /** Opts out every invitation of the contact not opted out yet (objection); returns how many. */
  async optOutOfContact(contactId: string, at: Date, tx: EntityManager): Promise<number> {
    const [optedOut] = (await tx.query(
      'UPDATE invitations SET opted_out_at = $2 WHERE contact_id = $1 AND opted_out_at IS NULL RETURNING id',
      [contactId, at],
    )) as [{ id: string }[], number];
    return optedOut.length;
  }

  // Statistics: the invitations behind a survey's response rate.

  /** Invitations sent and answered (a campaign's, or the survey's). */
  async invitedAndCompleted(
    surveyId: string,
    campaignId?: string,
    tx?: EntityManager,
  ): Promise<{ invited: number; completed: number }> {
    const [row]: { invited: number; completed: number }[] = await this.manager(tx).query(
      `SELECT count(*)::int AS invited, count(completed_at)::int AS completed
         FROM invitations
        WHERE survey_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2::uuid)`,
      [surveyId, campaignId ?? null],
    );
    return row;
  }

  // The respondent (ingestion): the link opened, the draft saved, on the hot path.

  /** Stamps the first opening of an invitation (a later one keeps the first time). */
  async markOpened(invitationId: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.manager(tx).query('UPDATE invitations SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL', [
      invitationId,
      at,
    ]);
  }

  /**
   * Saves the sealed draft on the invitation, only while it has no response and is not opted
   * out; false when it no longer qualifies.
   */
  async saveDraft(
    invitationId: string,
    sealed: Buffer,
    version: number,
    savedAt: Date,
    tx?: EntityManager,
  ): Promise<boolean> {
    const saved = await preparedQuery(
      this.manager(tx),
      'respond-save-draft',
      `UPDATE invitations
          SET draft_answers = $2, draft_version = $3, draft_saved_at = $4,
              started_at = coalesce(started_at, $4), opened_at = coalesce(opened_at, $4)
        WHERE id = $1 AND completed_at IS NULL AND opted_out_at IS NULL
        RETURNING 1`,
      [invitationId, sealed, version, savedAt],
    );
    return saved.length > 0;
  }

  // Anonymisation at close (ingestion): which surveys still have mail of their invitations waiting.

  /** The surveys of these invitations (each once), read in chunks. */
  async surveysOf(invitationIds: string[], tx?: EntityManager): Promise<string[]> {
    const surveys = new Set<string>();
    for (let i = 0; i < invitationIds.length; i += ID_CHUNK) {
      const rows: { survey_id: string }[] = await this.manager(tx).query(
        'SELECT DISTINCT survey_id FROM invitations WHERE id = ANY($1::uuid[])',
        [invitationIds.slice(i, i + ID_CHUNK)],
      );
      for (const row of rows) surveys.add(row.survey_id);
    }
    return [...surveys];
  }
}

/** An invitation row as the person's access package reads it (see `rowsOfContact`). */
export interface InvitationRow {
  id: string;
  survey_id: string;
  language: string;
  delivery_status: string;
  reminders_sent: number;
  last_mailed_at: Date | null;
  opened_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  opted_out_at: Date | null;
  draft_answers: Buffer | null;
  draft_version: number | null;
  draft_saved_at: Date | null;
  created_at: Date;
}
