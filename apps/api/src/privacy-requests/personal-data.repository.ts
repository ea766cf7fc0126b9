import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Answers } from '@survey/questionnaire';
import { DataSource, EntityManager } from 'typeorm';
import { returning } from './privacy-requests.repository';

/**
 * The privacy-request module's SQL on tables other modules own. Every method here says which
 * table and owner it touches: each is to move behind the owner's exported service or repository
 * once that has a method for it. Until then it lives here, in one place, rather than in services.
 * Most run inside the transaction of a fulfilment (erasure, objection, rectification, access
 * package) and take its `tx`, so that the person's data change together with the request.
 */
@Injectable()
export class PersonalDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  // ---- touches contacts, owned by contacts ----

  /** The contact holding this address (by blind index), if any. */
  async contactIdByEmailIndex(emailIndex: Buffer, tx?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await this.manager(tx).query('SELECT id FROM contacts WHERE email_index = $1', [
      emailIndex,
    ]);
    return rows[0]?.id ?? null;
  }

  async contact(contactId: string, tx?: EntityManager): Promise<ContactRow | undefined> {
    const [contact]: ContactRow[] = await this.manager(tx).query(CONTACT_ROW, [contactId]);
    return contact;
  }

  /** Locks the contact first, so a submission racing the erasure waits for it. */
  async lockContact(contactId: string, tx: EntityManager): Promise<void> {
    await tx.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [contactId]);
  }

  /** Privacy requests that matched the contact lose the link (ON DELETE SET NULL). */
  async deleteContact(contactId: string, tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM contacts WHERE id = $1', [contactId]);
  }

  async markObjected(contactId: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE contacts SET objected_at = coalesce(objected_at, $2) WHERE id = $1', [contactId, at]);
  }

  // ---- touches invitations, owned by delivery ----

  /** The surveys the contact was invited to, each once, in id order. */
  async surveyIdsOfContact(contactId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { survey_id: string }[] = await this.manager(tx).query(
      'SELECT DISTINCT survey_id FROM invitations WHERE contact_id = $1 ORDER BY survey_id',
      [contactId],
    );
    return rows.map((row) => row.survey_id);
  }

  invitationsOf(contactId: string, tx?: EntityManager): Promise<InvitationRow[]> {
    return this.manager(tx).query('SELECT * FROM invitations WHERE contact_id = $1 ORDER BY created_at, id', [
      contactId,
    ]);
  }

  invitationSurveysOf(contactId: string, tx?: EntityManager): Promise<{ id: string; survey_id: string }[]> {
    return this.manager(tx).query('SELECT id, survey_id FROM invitations WHERE contact_id = $1', [contactId]);
  }

  lockInvitationsOf(contactId: string, tx: EntityManager): Promise<{ id: string; survey_id: string }[]> {
    return tx.query('SELECT id, survey_id FROM invitations WHERE contact_id = $1 ORDER BY id FOR UPDATE', [contactId]);
  }

  async invitationIdsOf(contactId: string, tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query('SELECT id FROM invitations WHERE contact_id = $1', [contactId]);
    return rows.map((row) => row.id);
  }

  /** Tokens go with their invitations (ON DELETE CASCADE); drafts live on the invitation row. */
  async deleteInvitationsOf(contactId: string, tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM invitations WHERE contact_id = $1', [contactId]);
  }

  /** Opts out every invitation of the contact not opted out yet; returns how many. */
  async optOutInvitationsOf(contactId: string, at: Date, tx: EntityManager): Promise<number> {
    const optedOut = await returning<{ id: string }>(
      tx,
      'UPDATE invitations SET opted_out_at = $2 WHERE contact_id = $1 AND opted_out_at IS NULL RETURNING id',
      [contactId, at],
    );
    return optedOut.length;
  }

  // ---- touches responses, owned by ingestion ----

  /** Responses linked to one of these invitations, or carrying the pseudonym in that survey. */
  responsesOf(invitationIds: string[], people: Pseudonyms, tx?: EntityManager): Promise<ResponseRow[]> {
    return this.manager(tx).query(
      `SELECT * FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
        ORDER BY submitted_at, id`,
      [invitationIds, people.surveyIds, people.pseudonyms],
    );
  }

  /** Deletes what `responsesOf` finds; returns how many. */
  async deleteResponses(invitationIds: string[], people: Pseudonyms, tx: EntityManager): Promise<number> {
    const deleted = await returning<unknown>(
      tx,
      `DELETE FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
       RETURNING id`,
      [invitationIds, people.surveyIds, people.pseudonyms],
    );
    return deleted.length;
  }

  /** A response's demographic snapshot after rectification; `updated_at` moves for `updated_since` readers. */
  async updateResponseSnapshot(id: string, snapshot: ResponseSnapshot, at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE responses SET country = $2, segment = $3, role = $4, relationship_band = $5, updated_at = $6
        WHERE id = $1`,
      [id, snapshot.country, snapshot.segment, snapshot.role, snapshot.relationshipBand, at],
    );
  }

  // ---- touches surveys and questionnaire_versions, owned by surveys (and responses, owned by ingestion) ----

  /** When the survey's responses were unlinked from their invitations (retention: anonymisation at close). */
  async anonymisationOf(
    surveyId: string,
    tx?: EntityManager,
  ): Promise<{ atClose: boolean; anonymisedAt: Date | null }> {
    const [row]: { at_close: boolean; anonymised_at: Date | null }[] = await this.manager(tx).query(
      `SELECT s.anonymise_at_close AS at_close,
              (SELECT max(r.anonymised_at) FROM responses r WHERE r.survey_id = s.id) AS anonymised_at
         FROM surveys s WHERE s.id = $1`,
      [surveyId],
    );
    return { atClose: row?.at_close ?? false, anonymisedAt: row?.anonymised_at ?? null };
  }

  async latestQuestionnaireVersion(surveyId: string, tx?: EntityManager): Promise<number | null> {
    const [row]: { version: number | null }[] = await this.manager(tx).query(
      'SELECT max(version) AS version FROM questionnaire_versions WHERE survey_id = $1',
      [surveyId],
    );
    return row?.version ?? null;
  }

  // ---- touches mail_outbox, owned by mail ----

  /** The mail about the contact or their invitations, oldest first (no content). */
  mailOf(contactId: string, invitationIds: string[], tx?: EntityManager): Promise<MailRow[]> {
    return this.manager(tx).query(
      `SELECT kind, status, created_at, sent_at FROM mail_outbox
        WHERE subject_id = $1 OR invitation_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [contactId, invitationIds],
    );
  }

  /**
   * Drops the mail still queued (or being sent) for these subjects: it could not be sent any more
   * (its key is gone). Unlike MailOutboxService.deleteForSubjects, mail already sent stays.
   */
  async deleteQueuedMailOf(subjectIds: string[], tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM mail_outbox WHERE subject_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')`, [
      subjectIds,
    ]);
  }

  // ---- record of processing: touches contacts (contacts), surveys (surveys), staff_users (users), api_keys (api-keys) ----

  /** Live counts for the record of processing activities; no personal value. */
  async processingFacts(now: Date): Promise<ProcessingFacts> {
    const m = this.dataSource.manager;
    return {
      platforms: await m.query(
        'SELECT platform, count(*)::int AS contacts FROM contacts GROUP BY platform ORDER BY platform',
      ),
      surveys: await m.query('SELECT name, status, retention_months FROM surveys ORDER BY created_at, id'),
      staff: await m.query('SELECT role, count(*)::int AS n FROM staff_users WHERE active GROUP BY role'),
      keys: await m.query(
        `SELECT scope, count(*)::int AS n FROM api_keys, unnest(scopes) AS scope
          WHERE revoked_at IS NULL AND expires_at > $1 GROUP BY scope`,
        [now],
      ),
    };
  }
}

/** Surveys and the person's pseudonym in each, side by side. */
export interface Pseudonyms {
  surveyIds: string[];
  pseudonyms: string[];
}

export interface ResponseSnapshot {
  country: string;
  segment: string;
  role: string | null;
  relationshipBand: string;
}

export interface ProcessingFacts {
  platforms: { platform: string; contacts: number }[];
  surveys: { name: string; status: string; retention_months: number }[];
  staff: { role: string; n: number }[];
  keys: { scope: string; n: number }[];
}

/** A contact's columns; the date as text (node-postgres would make it a local-time Date). */
const CONTACT_ROW = `SELECT id, email_ciphertext, name_ciphertext, registration_numbers_ciphertext, country, segment, role,
                            relationship_since::text AS relationship_since, platform, language, collected_at,
                            created_at, updated_at, objected_at
                       FROM contacts WHERE id = $1`;

export interface ContactRow {
  id: string;
  email_ciphertext: Buffer;
  name_ciphertext: Buffer;
  registration_numbers_ciphertext: Buffer | null;
  country: string;
  segment: string;
  role: string | null;
  relationship_since: string | null;
  platform: string;
  language: string;
  collected_at: Date;
  created_at: Date;
  updated_at: Date;
  objected_at: Date | null;
}

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

export interface MailRow {
  kind: string;
  status: string;
  created_at: Date;
  sent_at: Date | null;
}
