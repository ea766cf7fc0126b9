import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import { isLanguage, localize, type Answers, type Language } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { decryptContactFields } from '../contacts/contact-crypto';
import { KeystoreService } from '../crypto/keystore.service';
import { QuestionnaireCache } from '../ingestion/questionnaire-cache';
import { draftContext, freeTextContext, ResponseStore } from '../ingestion/response-store';
import { relationshipBand } from '../ingestion/relationship-band';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { AccessPackage, answeredQuestions, PackageSurvey } from './access-package';
import { PRIVACY_REQUEST_DETAILS_CONTEXT } from './privacy-request-crypto';
import { returning } from './returning';

/** A survey the person was invited to, and their pseudonym in it. */
export interface Pseudonymous {
  surveyId: string;
  pseudonym: string;
}

export interface ErasureCounts {
  invitations: number;
  downloads: number;
  responses: number;
  mail: number;
  surveys: Pseudonymous[];
}

type Collected = Pick<AccessPackage, 'contact' | 'invitations' | 'responses' | 'privacyRequests' | 'mail'>;

/**
 * The one place that knows every table holding data about a contact: the access package reads
 * them here and erasure deletes from them here, so the two cannot drift apart. A person's data
 * are: the contact row (name, e-mail, registration numbers encrypted under their key), their
 * invitations (with tokens and any draft), the responses linked to those invitations or carrying
 * their pseudonym, the mail queued for them, and privacy requests made from their address.
 */
@Injectable()
export class PersonalDataInventory {
  constructor(
    private readonly keystore: KeystoreService,
    private readonly questionnaires: QuestionnaireCache,
    private readonly store: ResponseStore,
    private readonly outbox: MailOutboxService,
  ) {}

  /** The contact holding this address (by blind index), if any. */
  async contactIdFor(manager: EntityManager, emailIndex: Buffer): Promise<string | null> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM contacts WHERE email_index = $1', [emailIndex]);
    return rows[0]?.id ?? null;
  }

  /** Each survey the contact was invited to, with their pseudonym in it. */
  async surveysOf(manager: EntityManager, contactId: string): Promise<Pseudonymous[]> {
    const rows: { survey_id: string }[] = await manager.query(
      'SELECT DISTINCT survey_id FROM invitations WHERE contact_id = $1 ORDER BY survey_id',
      [contactId],
    );
    return rows.map((row) => ({ surveyId: row.survey_id, pseudonym: this.store.pseudonym(row.survey_id, contactId) }));
  }

  /** Everything held about the person, decrypted, for their access package. */
  async collect(
    manager: EntityManager,
    contactId: string | null,
    emailIndex: Buffer,
    language: Language,
  ): Promise<Collected> {
    const titles = new Map<string, PackageSurvey>();
    /** When the survey's responses were unlinked from their invitations (retention: anonymisation at close). */
    const anonymisationOf = async (surveyId: string): Promise<{ atClose: boolean; anonymisedAt: string | null }> => {
      const [row]: { at_close: boolean; anonymised_at: Date | null }[] = await manager.query(
        `SELECT s.anonymise_at_close AS at_close,
                (SELECT max(r.anonymised_at) FROM responses r WHERE r.survey_id = s.id) AS anonymised_at
           FROM surveys s WHERE s.id = $1`,
        [surveyId],
      );
      return { atClose: row?.at_close ?? false, anonymisedAt: iso(row?.anonymised_at ?? null) };
    };
    const surveyOf = async (surveyId: string): Promise<PackageSurvey> => {
      const known = titles.get(surveyId);
      if (known) return known;
      const [row]: { version: number | null }[] = await manager.query(
        'SELECT max(version) AS version FROM questionnaire_versions WHERE survey_id = $1',
        [surveyId],
      );
      const questionnaire = row?.version ? await this.questionnaires.get(manager, surveyId, row.version) : null;
      const survey = { id: surveyId, title: questionnaire ? localize(questionnaire.title, language) : surveyId };
      titles.set(surveyId, survey);
      return survey;
    };
    const questionnaireOf = (surveyId: string, version: number) => this.questionnaires.get(manager, surveyId, version);

    const collected: Collected = {
      contact: null,
      invitations: [],
      responses: [],
      privacyRequests: await this.requestsFrom(manager, emailIndex),
      mail: [],
    };
    if (!contactId) return collected;

    const [contact]: ContactRow[] = await manager.query(CONTACT_ROW, [contactId]);
    if (!contact) return collected;
    const key = await this.keystore.keyFor(contactId, manager);
    const identity = decryptContactFields(this.keystore.crypto, key, {
      emailCiphertext: contact.email_ciphertext,
      nameCiphertext: contact.name_ciphertext,
      registrationNumbersCiphertext: contact.registration_numbers_ciphertext,
    });
    collected.contact = {
      id: contact.id,
      fields: {
        name: identity.name,
        email: identity.email,
        registrationNumbers: identity.registrationNumbers,
        country: contact.country,
        segment: contact.segment,
        role: contact.role,
        relationshipSince: contact.relationship_since,
        platform: contact.platform,
        language: contact.language,
      },
      collectedAt: contact.collected_at.toISOString(),
      createdAt: contact.created_at.toISOString(),
      updatedAt: contact.updated_at.toISOString(),
      objectedAt: contact.objected_at?.toISOString() ?? null,
    };

    const invitations: InvitationRow[] = await manager.query(
      'SELECT * FROM invitations WHERE contact_id = $1 ORDER BY created_at, id',
      [contactId],
    );
    for (const inv of invitations) {
      let draft: AccessPackage['invitations'][number]['draft'] = null;
      if (inv.draft_answers && inv.draft_version !== null && inv.draft_saved_at) {
        const answers = this.keystore.crypto.decryptJson<Answers>(key, inv.draft_answers, draftContext(inv.id));
        draft = {
          savedAt: inv.draft_saved_at.toISOString(),
          questionnaireVersion: inv.draft_version,
          answers: answeredQuestions(await questionnaireOf(inv.survey_id, inv.draft_version), answers, language),
        };
      }
      collected.invitations.push({
        id: inv.id,
        survey: await surveyOf(inv.survey_id),
        language: inv.language,
        invitedAt: inv.created_at.toISOString(),
        deliveryStatus: inv.delivery_status,
        remindersSent: inv.reminders_sent,
        lastMailedAt: iso(inv.last_mailed_at),
        openedAt: iso(inv.opened_at),
        startedAt: iso(inv.started_at),
        completedAt: iso(inv.completed_at),
        optedOutAt: iso(inv.opted_out_at),
        anonymisation: await anonymisationOf(inv.survey_id),
        draft,
      });
    }

    for (const response of await this.responsesOf(manager, contactId, invitations)) {
      let answers: Answers = response.answers;
      if (response.free_text) {
        const freeText = this.keystore.crypto.decryptJson<Answers>(
          key,
          response.free_text,
          freeTextContext(response.id),
        );
        answers = { ...answers, ...freeText };
      }
      const questionnaire = await questionnaireOf(response.survey_id, response.questionnaire_version);
      collected.responses.push({
        id: response.id,
        survey: await surveyOf(response.survey_id),
        pseudonym: response.respondent_pseudonym,
        questionnaireVersion: response.questionnaire_version,
        channel: response.channel,
        language: response.language,
        submittedAt: response.submitted_at.toISOString(),
        snapshot: {
          country: response.country,
          segment: response.segment,
          role: response.role,
          relationshipBand: response.relationship_band,
        },
        answers: answeredQuestions(questionnaire, answers, language),
      });
    }

    const mail: { kind: string; status: string; created_at: Date; sent_at: Date | null }[] = await manager.query(
      `SELECT kind, status, created_at, sent_at FROM mail_outbox
        WHERE subject_id = $1 OR invitation_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [contactId, invitations.map((i) => i.id)],
    );
    collected.mail = mail.map((m) => ({
      kind: m.kind,
      status: m.status,
      createdAt: m.created_at.toISOString(),
      sentAt: iso(m.sent_at),
    }));
    return collected;
  }

  /**
   * Responses that are the person's: linked to one of their invitations, or (once anonymised at
   * close, when the invitation link is gone) carrying their pseudonym in that survey.
   */
  private async responsesOf(
    manager: EntityManager,
    contactId: string,
    invitations: { id: string; survey_id: string }[],
  ): Promise<ResponseRow[]> {
    const surveys = [...new Set(invitations.map((i) => i.survey_id))];
    return manager.query(
      `SELECT * FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
        ORDER BY submitted_at, id`,
      [invitations.map((i) => i.id), surveys, surveys.map((s) => this.store.pseudonym(s, contactId))],
    );
  }

  private async requestsFrom(manager: EntityManager, emailIndex: Buffer): Promise<AccessPackage['privacyRequests']> {
    const rows: RequestRow[] = await manager.query(
      `SELECT id, type, status, channel, received_at, verified_at, due_at, closed_at, details_ciphertext
         FROM privacy_requests WHERE email_index = $1 ORDER BY received_at, id`,
      [emailIndex],
    );
    const keys = await this.keysIfHeld(
      manager,
      rows.filter((r) => r.details_ciphertext).map((r) => r.id),
    );
    return rows.map((row) => {
      const key = keys.get(row.id);
      return {
        id: row.id,
        type: row.type,
        status: row.status,
        channel: row.channel,
        receivedAt: row.received_at.toISOString(),
        verifiedAt: iso(row.verified_at),
        dueAt: iso(row.due_at),
        closedAt: iso(row.closed_at),
        details:
          row.details_ciphertext && key
            ? this.keystore.crypto.decrypt(key, row.details_ciphertext, PRIVACY_REQUEST_DETAILS_CONTEXT)
            : null,
      };
    });
  }

  private async keysIfHeld(manager: EntityManager, subjectIds: string[]): Promise<Map<string, SubjectKey>> {
    if (subjectIds.length === 0) return new Map();
    const held: { subject_id: string }[] = await manager.query(
      'SELECT subject_id FROM keystore.subject_keys WHERE subject_id = ANY($1::uuid[])',
      [subjectIds],
    );
    return this.keystore.keysFor(
      held.map((h) => h.subject_id),
      manager,
    );
  }

  /**
   * Erasure (P7): shreds the contact's key first, so every ciphertext under it (name, e-mail,
   * registration numbers, drafts, free-text answers, queued mail, in this database and in any
   * backup) is unreadable from this commit on, then hard-deletes the rows.
   *
   * Responses are deleted with the invitations, not kept as anonymous rows: a kept response
   * would still count in the per-channel totals while its invitation no longer counts as
   * invited or completed, so live response rates would stop adding up, and its closed answers
   * and demographic snapshot together could still single the person out in a small group.
   * Published report snapshots hold only aggregates and stay as they are.
   */
  async erase(manager: EntityManager, contactId: string): Promise<ErasureCounts> {
    // Locks first: a submission racing the erasure waits for it, then finds the invitation gone.
    await manager.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [contactId]);
    const invitations: { id: string; survey_id: string }[] = await manager.query(
      'SELECT id, survey_id FROM invitations WHERE contact_id = $1 ORDER BY id FOR UPDATE',
      [contactId],
    );
    const surveys = await this.surveysOf(manager, contactId);
    // Access packages made for them earlier are copies of their data under keys of their own.
    const downloads: { id: string }[] = await manager.query(
      'SELECT id FROM privacy_request_downloads WHERE contact_id = $1 FOR UPDATE',
      [contactId],
    );
    await this.keystore.shred([contactId, ...downloads.map((d) => d.id)], manager);
    await manager.query('DELETE FROM privacy_request_downloads WHERE contact_id = $1', [contactId]);
    const responses = await returning<unknown>(
      manager,
      `DELETE FROM responses
        WHERE invitation_id = ANY($1::uuid[])
           OR (survey_id, respondent_pseudonym) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))
       RETURNING id`,
      [invitations.map((i) => i.id), surveys.map((s) => s.surveyId), surveys.map((s) => s.pseudonym)],
    );
    // Survey mail is always encrypted under (and filed by) the recipient's key.
    const mail = await this.outbox.deleteForSubjects(manager, [contactId]);
    // Tokens go with their invitations (ON DELETE CASCADE); drafts live on the invitation row.
    await manager.query('DELETE FROM invitations WHERE contact_id = $1', [contactId]);
    // Privacy requests that matched the contact lose the link (ON DELETE SET NULL).
    await manager.query('DELETE FROM contacts WHERE id = $1', [contactId]);
    return { invitations: invitations.length, downloads: downloads.length, responses: responses.length, mail, surveys };
  }

  /**
   * Objection: no further contact, ever. The contact is marked (campaigns skip it), every
   * invitation is opted out and the mail still waiting for them is cancelled.
   */
  async object(manager: EntityManager, contactId: string, at: Date): Promise<{ invitations: number; mail: number }> {
    await manager.query('UPDATE contacts SET objected_at = coalesce(objected_at, $2) WHERE id = $1', [contactId, at]);
    const optedOut = await returning<{ id: string }>(
      manager,
      'UPDATE invitations SET opted_out_at = $2 WHERE contact_id = $1 AND opted_out_at IS NULL RETURNING id',
      [contactId, at],
    );
    const invitations: { id: string }[] = await manager.query('SELECT id FROM invitations WHERE contact_id = $1', [
      contactId,
    ]);
    let mail = 0;
    for (const invitation of invitations) mail += await this.outbox.cancelForInvitation(manager, invitation.id);
    return { invitations: optedOut.length, mail };
  }

  /**
   * After a contact's demographics were rectified: the snapshots of their responses follow, and
   * `updated_at` moves so that readers of `updated_since` (the provider) fetch them again.
   */
  async rectifyResponses(manager: EntityManager, contactId: string, at: Date): Promise<number> {
    const [contact]: ContactRow[] = await manager.query(CONTACT_ROW, [contactId]);
    const invitations: { id: string; survey_id: string }[] = await manager.query(
      'SELECT id, survey_id FROM invitations WHERE contact_id = $1',
      [contactId],
    );
    const responses = await this.responsesOf(manager, contactId, invitations);
    for (const response of responses) {
      await manager.query(
        `UPDATE responses SET country = $2, segment = $3, role = $4, relationship_band = $5, updated_at = $6
          WHERE id = $1`,
        [
          response.id,
          contact.country,
          contact.segment,
          contact.role,
          relationshipBand(contact.relationship_since, response.submitted_at),
          at,
        ],
      );
    }
    return responses.length;
  }
}

/** A contact's columns; the date as text (node-postgres would make it a local-time Date). */
const CONTACT_ROW = `SELECT id, email_ciphertext, name_ciphertext, registration_numbers_ciphertext, country, segment, role,
                            relationship_since::text AS relationship_since, platform, language, collected_at,
                            created_at, updated_at, objected_at
                       FROM contacts WHERE id = $1`;

export function packageLanguage(value: string): Language {
  return isLanguage(value) ? value : 'en';
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

interface ContactRow {
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

interface InvitationRow {
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

interface ResponseRow {
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

interface RequestRow {
  id: string;
  type: AccessPackage['privacyRequests'][number]['type'];
  status: string;
  channel: string;
  received_at: Date;
  verified_at: Date | null;
  due_at: Date | null;
  closed_at: Date | null;
  details_ciphertext: Buffer | null;
}
