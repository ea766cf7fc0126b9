import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Answers, DisplayOrder } from '@survey/questionnaire';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { expiredSql } from '../retention/expiry';
import { ResponseChannel } from './response.entity';
import { ReadDatabase } from '../database/read-database';

/** One response ready to store, column by column (see ResponseStore.insert). */
export interface ResponseColumns {
  id: string[];
  survey: string[];
  version: number[];
  invitation: string[];
  pseudonym: string[];
  channel: string[];
  providerId: (string | null)[];
  apiKey: (string | null)[];
  answers: string[];
  /** The order the respondent was shown (JSON), or null when nothing was randomised. */
  displayOrder: (string | null)[];
  tally: string[];
  freeText: (Buffer | null)[];
  language: string[];
  country: string[];
  segment: string[];
  role: (string | null)[];
  band: string[];
  submitted: Date[];
}

/** A stored response as the raw-response pages read it, with whose key its free text is under. */
export interface RawResponseRow {
  id: string;
  respondent_pseudonym: string;
  questionnaire_version: number;
  channel: ResponseChannel;
  language: string;
  submitted_at: Date;
  updated_at: Date;
  updated_us: string;
  country: string;
  segment: string;
  role: string | null;
  relationship_band: string;
  answers: Answers;
  display_order: DisplayOrder | null;
  free_text: Buffer | null;
  /** The survey day's subject whose key seals the free text once anonymised; null while the respondent's key does. */
  free_text_key_id: string | null;
  /** The invitation the response is linked to (its contact's key seals the free text until anonymisation). */
  invitation_id: string | null;
}

/** A position in the (updated_at, id) order: microseconds since the epoch, then the id. */
export interface ResponseCursor {
  micros: string;
  id: string;
}

/** A response still linked to its invitation, as anonymisation at close reads it. */
export interface LinkedResponse {
  id: string;
  survey_id: string;
  submitted_at: Date;
  free_text: Buffer | null;
  contact_id: string;
  /** The survey's retention, which the key of its anonymised free text expires by. */
  retention_months: number;
}

/** Responses due for deletion: their survey's `retention_months` after submission. */
const EXPIRED_RESPONSE = expiredSql('r.submitted_at', 's.retention_months', '$1');

/**
 * A survey is due for anonymisation once it is closed, anonymises at close, and no invitation or
 * reminder mail of it is still waiting to go: `waiting` is the parameter listing the surveys with
 * mail waiting (delivery's answer, read just before in the same transaction). A closed survey
 * gets no new mail (invitations and reminders need an open survey), so one found without waiting
 * mail stays without.
 */
function anonymisableSurvey(waiting: string): string {
  return `s.status = 'closed' AND s.anonymise_at_close AND s.closed_at <= $1 AND s.id <> ALL(${waiting}::uuid[])`;
}

/** A response already due for deletion is deleted (first, in every run), not anonymised. */
const NOT_EXPIRED = 'r.submitted_at + make_interval(months => s.retention_months) > $1::timestamptz';

/**
 * The SQL on `responses`. Several statements also read tables other modules own, to decide in
 * the same snapshot which responses they apply to or what a page carries: the survey (status,
 * retention months) and the invitation (its contact). The contact's identity, the keys of free
 * text and the mail still waiting come from their owners (contacts, crypto, delivery and mail).
 * The one statement that writes another module's table is `insertAndStampInvitations` (see there).
 */
@Injectable()
export class ResponsesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  /**
   * Two modules in one statement, for atomicity: the insert (only for an invitation not opted
   * out, of an open survey), and on the invitation (delivery's table) the funnel stamps and the
   * removal of its draft. Exactly-once submission without a lock depends on it: the unique keys
   * decide which of two racing writers stores, and only the winner's invitation is stamped
   * completed, so no draft outlives its submission. A response that an invitation or provider
   * id already has is skipped. Returns the ids stored.
   */
  async insertAndStampInvitations(columns: ResponseColumns, receivedAt: Date, tx?: EntityManager): Promise<string[]> {
    const inserted = await preparedQuery<{ id: string }>(
      tx ?? this.dataSource.manager,
      'response-store-insert',
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                              $8::uuid[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[],
                              $14::text[], $15::text[], $16::timestamptz[], $18::text[], $19::text[])
           AS u(id, survey_id, version, invitation_id, pseudonym, channel, provider_id, api_key, answers, free_text,
                language, country, segment, role, band, submitted, tally, display_order)
       ), stored AS (
         INSERT INTO responses (id, survey_id, questionnaire_version, invitation_id, campaign_id, respondent_pseudonym,
                                channel, provider_response_id, api_key_id, answers, display_order, tally, free_text, language,
                                country, segment, role, relationship_band, submitted_at, received_at, updated_at)
         SELECT u.id, u.survey_id, u.version, u.invitation_id, i.campaign_id, u.pseudonym, u.channel, u.provider_id,
                u.api_key,
                u.answers::jsonb, u.display_order::jsonb, u.tally::bigint[], u.free_text, u.language, u.country, u.segment, u.role, u.band, u.submitted, $17, $17
           FROM u
           JOIN invitations i ON i.id = u.invitation_id AND i.opted_out_at IS NULL
           JOIN surveys s ON s.id = u.survey_id AND s.status = 'open'
         ON CONFLICT DO NOTHING
         RETURNING id, invitation_id
       ), stamped AS (
         UPDATE invitations SET completed_at = coalesce(completed_at, $17), started_at = coalesce(started_at, $17),
                                opened_at = coalesce(opened_at, $17),
                                draft_answers = NULL, draft_version = NULL, draft_saved_at = NULL
          WHERE id IN (SELECT invitation_id FROM stored)
       )
       SELECT id FROM stored`,
      [
        columns.id,
        columns.survey,
        columns.version,
        columns.invitation,
        columns.pseudonym,
        columns.channel,
        columns.providerId,
        columns.apiKey,
        columns.answers,
        columns.freeText,
        columns.language,
        columns.country,
        columns.segment,
        columns.role,
        columns.band,
        columns.submitted,
        receivedAt,
        columns.tally,
        columns.displayOrder,
      ],
    );
    return inserted.map((row) => row.id);
  }

  /** The response id stored under each of these provider ids for the survey. */
  async idsByProviderId(surveyId: string, providerIds: string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (providerIds.length === 0) return new Map();
    const rows = await preparedQuery<{ id: string; provider_response_id: string }>(
      tx ?? this.dataSource.manager,
      'provider-known-ids',
      'SELECT id, provider_response_id FROM responses WHERE survey_id = $1 AND provider_response_id = ANY($2::text[])',
      [surveyId, providerIds],
    );
    return new Map(rows.map((row) => [row.provider_response_id, row.id]));
  }

  /** The stored response of each invitation that has one: its id and provider id (null from the web). */
  async byInvitation(
    invitationIds: string[],
    tx?: EntityManager,
  ): Promise<Map<string, { id: string; providerResponseId: string | null }>> {
    if (invitationIds.length === 0) return new Map();
    const rows = await preparedQuery<{ id: string; invitation_id: string; provider_response_id: string | null }>(
      tx ?? this.dataSource.manager,
      'provider-answered-invitations',
      'SELECT id, invitation_id, provider_response_id FROM responses WHERE invitation_id = ANY($1::uuid[])',
      [invitationIds],
    );
    return new Map(
      rows.map((row) => [row.invitation_id, { id: row.id, providerResponseId: row.provider_response_id }]),
    );
  }

  /** The invitation each of these responses is still linked to (response id → invitation id). */
  async invitationsOf(responseIds: string[], tx?: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; invitation_id: string }[] = await (tx ?? this.dataSource.manager).query(
      'SELECT id, invitation_id FROM responses WHERE id = ANY($1::uuid[]) AND invitation_id IS NOT NULL',
      [responseIds],
    );
    return new Map(rows.map((row) => [row.id, row.invitation_id]));
  }

  /** The invitation a response is linked to (null once unlinked), if the response exists. */
  async linkedInvitation(responseId: string): Promise<{ invitation_id: string | null } | undefined> {
    const rows: { invitation_id: string | null }[] = await this.dataSource.query(
      'SELECT invitation_id FROM responses WHERE id = $1',
      [responseId],
    );
    return rows[0];
  }

  /**
   * The key of the page's last row when more rows follow it, or null on the last page: the row
   * `limit - 1` places after `cursor` in the (updated_at, id) order, if one follows it.
   */
  async lastOfPage(
    surveyId: string,
    cursor: ResponseCursor | null,
    limit: number,
    since: Date | undefined,
  ): Promise<ResponseCursor | null> {
    const { sql, params } = rawWindow(surveyId, cursor, null, since);
    // The raw export pages on the read pool (it may lag the primary a little).
    const rows: { updated_us: string; id: string }[] = await this.read.manager.query(
      `SELECT (extract(epoch FROM r.updated_at) * 1000000)::bigint::text AS updated_us, r.id
         FROM responses r WHERE ${sql} ORDER BY r.updated_at, r.id OFFSET $${params.length + 1} LIMIT 2`,
      [...params, limit - 1],
    );
    return rows.length < 2 ? null : { micros: rows[0].updated_us, id: rows[0].id };
  }

  /**
   * Up to `size` rows after `after` and up to `upTo`, in (updated_at, id) order, each with whose
   * key its free text is under (the respondent's, or the survey day's once anonymised); the
   * caller loads those keys for the whole chunk at once.
   */
  async rawChunk(
    surveyId: string,
    after: ResponseCursor | null,
    upTo: ResponseCursor | null,
    since: Date | undefined,
    size: number,
  ): Promise<RawResponseRow[]> {
    const { sql, params } = rawWindow(surveyId, after, upTo, since);
    return this.read.manager.query(
      `SELECT r.id, r.respondent_pseudonym, r.questionnaire_version, r.channel, r.language, r.submitted_at,
              r.updated_at, (extract(epoch FROM r.updated_at) * 1000000)::bigint::text AS updated_us,
              r.country, r.segment, r.role, r.relationship_band, r.answers, r.display_order, r.free_text,
              r.free_text_key_id, r.invitation_id
         FROM responses r
        WHERE ${sql}
        ORDER BY r.updated_at, r.id LIMIT ${size}`,
      params,
    );
  }

  /** How many responses the survey has (updated since `since`, if given). */
  async countInWindow(surveyId: string, since: Date | undefined): Promise<number> {
    const { sql, params } = rawWindow(surveyId, null, null, since);
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM responses r WHERE ${sql}`,
      params,
    );
    return count;
  }

  /** How many responses the survey has per channel (channels without any are absent). */
  async countByChannel(surveyId: string): Promise<{ channel: ResponseChannel; count: number }[]> {
    return this.read.manager.query(
      'SELECT channel, count(*)::int AS count FROM responses WHERE survey_id = $1 GROUP BY channel',
      [surveyId],
    );
  }

  /** How many responses are past their survey's retention at `at`. */
  async countExpired(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN responses r ON r.survey_id = s.id WHERE ${EXPIRED_RESPONSE}`,
      [at],
    );
    return row.n;
  }

  /** Deletes at most `limit` expired responses (skipping rows locked elsewhere); returns how many. */
  async deleteExpired(at: Date, limit: number, tx?: EntityManager): Promise<number> {
    const [, deleted] = (await (tx ?? this.dataSource.manager).query(
      `DELETE FROM responses WHERE id IN (
         SELECT r.id FROM surveys s JOIN responses r ON r.survey_id = s.id WHERE ${EXPIRED_RESPONSE}
          LIMIT $2 FOR UPDATE OF r SKIP LOCKED)`,
      [at, limit],
    )) as [unknown, number];
    return deleted;
  }

  /**
   * How many responses of surveys due for anonymisation at `at` are still linked to an
   * invitation; `mailWaiting` lists the surveys that still have mail waiting (not due).
   */
  async countLinkedOfAnonymisableSurveys(at: Date, mailWaiting: string[]): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN responses r ON r.survey_id = s.id AND r.invitation_id IS NOT NULL
        WHERE ${anonymisableSurvey('$2')} AND ${NOT_EXPIRED}`,
      [at, mailWaiting],
    );
    return row.n;
  }

  /**
   * Locks at most `limit` of those responses (skipping rows locked elsewhere), with their contact
   * and their survey's retention.
   */
  async lockLinkedOfAnonymisableSurveys(
    at: Date,
    limit: number,
    mailWaiting: string[],
    tx: EntityManager,
  ): Promise<LinkedResponse[]> {
    return tx.query(
      `SELECT r.id, r.survey_id, r.submitted_at, r.free_text, i.contact_id, s.retention_months
         FROM surveys s
         JOIN responses r ON r.survey_id = s.id AND r.invitation_id IS NOT NULL
         JOIN invitations i ON i.id = r.invitation_id
        WHERE ${anonymisableSurvey('$3')} AND ${NOT_EXPIRED}
        LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [at, limit, mailWaiting],
    );
  }

  /** Unlinks each response from its invitation: new pseudonym, free text re-sealed (or dropped). */
  async unlink(
    rows: { id: string; pseudonym: string; freeText: Buffer | null; freeTextKeyId: string | null }[],
    at: Date,
    tx?: EntityManager,
  ): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      `UPDATE responses r SET invitation_id = NULL, respondent_pseudonym = u.pseudonym, free_text = u.free_text,
              free_text_key_id = u.key_id, anonymised_at = $5, updated_at = $5
         FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::uuid[]) AS u(id, pseudonym, free_text, key_id)
        WHERE r.id = u.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.pseudonym),
        rows.map((row) => row.freeText),
        rows.map((row) => row.freeTextKeyId),
        at,
      ],
    );
  }

  // ---- Privacy rights: a person's responses for access packages, erasure, rectification ----

  /** Responses linked to one of these invitations, or carrying the pseudonym in that survey; oldest first. */
  ofPerson(invitationIds: string[], people: Pseudonyms, tx?: EntityManager): Promise<ResponseRow[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT * FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
        ORDER BY submitted_at, id`,
      [invitationIds, people.surveyIds, people.pseudonyms],
    );
  }

  /** Deletes what `ofPerson` finds (erasure); returns how many. */
  async deleteOfPerson(invitationIds: string[], people: Pseudonyms, tx: EntityManager): Promise<number> {
    const [deleted] = (await tx.query(
      `DELETE FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
       RETURNING id`,
      [invitationIds, people.surveyIds, people.pseudonyms],
    )) as [unknown[], number];
    return deleted.length;
  }

  /** A response's demographic snapshot after rectification; `updated_at` moves for `updated_since` readers. */
  async updateSnapshot(id: string, snapshot: ResponseSnapshot, at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE responses SET country = $2, segment = $3, role = $4, relationship_band = $5, updated_at = $6
        WHERE id = $1`,
      [id, snapshot.country, snapshot.segment, snapshot.role, snapshot.relationshipBand, at],
    );
  }

  /** When the survey's responses were last unlinked from their invitations (anonymisation at close), if ever. */
  async lastAnonymisedAt(surveyId: string, tx?: EntityManager): Promise<Date | null> {
    const [row]: { anonymised_at: Date | null }[] = await (tx ?? this.dataSource.manager).query(
      'SELECT max(anonymised_at) AS anonymised_at FROM responses WHERE survey_id = $1',
      [surveyId],
    );
    return row?.anonymised_at ?? null;
  }

  // Retention: when each survey's responses expire, for the retention policy view.

  /**
   * When the oldest and newest responses of each of these surveys expire, given each survey's
   * retention (PostgreSQL's month arithmetic); surveys without responses are absent.
   */
  async expiries(
    surveys: { surveyId: string; retentionMonths: number }[],
    tx?: EntityManager,
  ): Promise<{ survey_id: string; first_expiry: Date; last_expiry: Date }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT u.survey_id,
              min(r.submitted_at) + make_interval(months => u.retention_months) AS first_expiry,
              max(r.submitted_at) + make_interval(months => u.retention_months) AS last_expiry
         FROM unnest($1::uuid[], $2::int[]) AS u(survey_id, retention_months)
         JOIN responses r ON r.survey_id = u.survey_id
        GROUP BY u.survey_id, u.retention_months`,
      [surveys.map((s) => s.surveyId), surveys.map((s) => s.retentionMonths)],
    );
  }
}

/** Surveys and the person's pseudonym in each, side by side. */
export interface Pseudonyms {
  surveyIds: string[];
  pseudonyms: string[];
}

/** What a response copies from its respondent's contact for statistics. */
export interface ResponseSnapshot {
  country: string;
  segment: string;
  role: string | null;
  relationshipBand: string;
}

/** A response's columns as the person's access package reads them (see `ofPerson`). */
export interface ResponseRow {
  id: string;
  survey_id: string;
  questionnaire_version: number;
  respondent_pseudonym: string;
  channel: string;
  language: string;
  submitted_at: Date;
  answers: Answers;
  free_text: Buffer | null;
  country: string;
  segment: string;
  role: string | null;
  relationship_band: string;
}

/** The `WHERE` clause of a raw-response page window, on `responses r`, and its parameters. */
function rawWindow(
  surveyId: string,
  after: ResponseCursor | null,
  upTo: ResponseCursor | null,
  since: Date | undefined,
): { sql: string; params: unknown[] } {
  const clauses = ['r.survey_id = $1'];
  const params: unknown[] = [surveyId];
  const at = (micros: string) => `('epoch'::timestamptz + $${params.push(micros)}::bigint * interval '1 microsecond')`;
  if (after) clauses.push(`(r.updated_at, r.id) > (${at(after.micros)}, $${params.push(after.id)}::uuid)`);
  if (upTo) clauses.push(`(r.updated_at, r.id) <= (${at(upTo.micros)}, $${params.push(upTo.id)}::uuid)`);
  if (since) clauses.push(`r.updated_at >= $${params.push(since)}`);
  return { sql: clauses.join(' AND '), params };
}
