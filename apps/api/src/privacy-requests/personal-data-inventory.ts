import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import { isLanguage, localize, type Answers, type Language } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { decryptContactFields } from '../contacts/contact-crypto';
import { ContactsRepository, type ContactRow } from '../contacts/contacts.repository';
import { KeystoreService } from '../crypto/keystore.service';
import { InvitationsRepository, type InvitationRow } from '../delivery/invitations.repository';
import { ExportsService } from '../exports/exports.service';
import { QuestionnaireCache } from '../ingestion/questionnaire-cache';
import { draftContext, freeTextContext, ResponseStore } from '../ingestion/response-store';
import { relationshipBand } from '../ingestion/relationship-band';
import { ResponsesRepository, type Pseudonyms } from '../ingestion/responses.repository';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SurveysService } from '../surveys/surveys.service';
import { AccessPackage, answeredQuestions, PackageSurvey } from './access-package';
import { keysIfHeld, PRIVACY_REQUEST_DETAILS_CONTEXT } from './privacy-request-crypto';
import { PrivacyRequestDownloadsRepository } from './privacy-request-downloads.repository';
import { PrivacyRequestsRepository } from './privacy-requests.repository';

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

/** Survey titles and questionnaires of one access package, each looked up once, in its language. */
class SurveyLookups {
  private readonly titles = new Map<string, PackageSurvey>();

  constructor(
    private readonly manager: EntityManager,
    private readonly surveys: SurveysService,
    private readonly responses: ResponsesRepository,
    private readonly questionnaires: QuestionnaireCache,
    readonly language: Language,
  ) {}

  async survey(surveyId: string): Promise<PackageSurvey> {
    const known = this.titles.get(surveyId);
    if (known) return known;
    const version = await this.surveys.latestVersionNumber(this.manager, surveyId);
    const questionnaire = version ? await this.questionnaires.get(this.manager, surveyId, version) : null;
    const survey = { id: surveyId, title: questionnaire ? localize(questionnaire.title, this.language) : surveyId };
    this.titles.set(surveyId, survey);
    return survey;
  }

  questionnaire(surveyId: string, version: number) {
    return this.questionnaires.get(this.manager, surveyId, version);
  }

  /** When the survey's responses were unlinked from their invitations (retention: anonymisation at close). */
  async anonymisation(surveyId: string): Promise<{ atClose: boolean; anonymisedAt: string | null }> {
    const atClose = await this.surveys.anonymisesAtClose(this.manager, surveyId);
    const anonymisedAt = await this.responses.lastAnonymisedAt(surveyId, this.manager);
    return { atClose, anonymisedAt: iso(anonymisedAt) };
  }
}

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
    private readonly contacts: ContactsRepository,
    private readonly invitations: InvitationsRepository,
    private readonly responses: ResponsesRepository,
    private readonly surveys: SurveysService,
    private readonly requests: PrivacyRequestsRepository,
    private readonly downloads: PrivacyRequestDownloadsRepository,
    private readonly exportFiles: ExportsService,
  ) {}

  /** The contact holding this address (by blind index), if any. */
  async contactIdFor(manager: EntityManager, emailIndex: Buffer): Promise<string | null> {
    const contact = await this.contacts.idByEmailIndex(emailIndex, manager);
    return contact?.id ?? null;
  }

  /** Each survey the contact was invited to, with their pseudonym in it. */
  async surveysOf(manager: EntityManager, contactId: string): Promise<Pseudonymous[]> {
    const surveyIds = await this.invitations.surveyIdsOfContact(contactId, manager);
    return surveyIds.map((surveyId) => ({ surveyId, pseudonym: this.store.pseudonym(surveyId, contactId) }));
  }

  /** Everything held about the person, decrypted, for their access package. */
  async collect(
    manager: EntityManager,
    contactId: string | null,
    emailIndex: Buffer,
    language: Language,
  ): Promise<Collected> {
    const lookups = new SurveyLookups(manager, this.surveys, this.responses, this.questionnaires, language);
    const collected: Collected = {
      contact: null,
      invitations: [],
      responses: [],
      privacyRequests: await this.requestsFrom(manager, emailIndex),
      mail: [],
    };
    if (!contactId) return collected;

    const contact = await this.contacts.personalDataRow(contactId, manager);
    if (!contact) return collected;
    const key = await this.keystore.keyFor(contactId, manager);
    collected.contact = this.contactOf(contact, key);
    const invitations = await this.invitations.rowsOfContact(contactId, manager);
    for (const inv of invitations) collected.invitations.push(await this.invitationOf(inv, key, lookups));
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
      const questionnaire = await lookups.questionnaire(response.survey_id, response.questionnaire_version);
      collected.responses.push({
        id: response.id,
        survey: await lookups.survey(response.survey_id),
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
    const mail = await this.outbox.mailOf(
      manager,
      contactId,
      invitations.map((i) => i.id),
    );
    collected.mail = mail.map((m) => ({
      kind: m.kind,
      status: m.status,
      createdAt: m.created_at.toISOString(),
      sentAt: iso(m.sent_at),
    }));
    return collected;
  }

  private contactOf(contact: ContactRow, key: SubjectKey): Collected['contact'] {
    const identity = decryptContactFields(this.keystore.crypto, key, {
      emailCiphertext: contact.email_ciphertext,
      nameCiphertext: contact.name_ciphertext,
      registrationNumbersCiphertext: contact.registration_numbers_ciphertext,
    });
    return {
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
  }

  private async invitationOf(
    inv: InvitationRow,
    key: SubjectKey,
    lookups: SurveyLookups,
  ): Promise<AccessPackage['invitations'][number]> {
    let draft: AccessPackage['invitations'][number]['draft'] = null;
    if (inv.draft_answers && inv.draft_version !== null && inv.draft_saved_at) {
      const answers = this.keystore.crypto.decryptJson<Answers>(key, inv.draft_answers, draftContext(inv.id));
      draft = {
        savedAt: inv.draft_saved_at.toISOString(),
        questionnaireVersion: inv.draft_version,
        answers: answeredQuestions(
          await lookups.questionnaire(inv.survey_id, inv.draft_version),
          answers,
          lookups.language,
        ),
      };
    }
    return {
      id: inv.id,
      survey: await lookups.survey(inv.survey_id),
      language: inv.language,
      invitedAt: inv.created_at.toISOString(),
      deliveryStatus: inv.delivery_status,
      remindersSent: inv.reminders_sent,
      lastMailedAt: iso(inv.last_mailed_at),
      openedAt: iso(inv.opened_at),
      startedAt: iso(inv.started_at),
      completedAt: iso(inv.completed_at),
      optedOutAt: iso(inv.opted_out_at),
      anonymisation: await lookups.anonymisation(inv.survey_id),
      draft,
    };
  }

  /** The person's pseudonyms in the surveys of these invitations. */
  private pseudonymsIn(contactId: string, invitations: { survey_id: string }[]): Pseudonyms {
    const surveyIds = [...new Set(invitations.map((i) => i.survey_id))];
    return { surveyIds, pseudonyms: surveyIds.map((s) => this.store.pseudonym(s, contactId)) };
  }

  /**
   * Responses that are the person's: linked to one of their invitations, or (once anonymised at
   * close, when the invitation link is gone) carrying their pseudonym in that survey.
   */
  private responsesOf(manager: EntityManager, contactId: string, invitations: { id: string; survey_id: string }[]) {
    return this.responses.ofPerson(
      invitations.map((i) => i.id),
      this.pseudonymsIn(contactId, invitations),
      manager,
    );
  }

  private async requestsFrom(manager: EntityManager, emailIndex: Buffer): Promise<AccessPackage['privacyRequests']> {
    const rows = await this.requests.fromAddress(emailIndex, manager);
    const keys = await keysIfHeld(
      this.keystore,
      rows.filter((r) => r.details_ciphertext).map((r) => r.id),
      manager,
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
    await this.contacts.lockForErasure(contactId, manager);
    const invitations = await this.invitations.lockOfContact(contactId, manager);
    const surveys = await this.surveysOf(manager, contactId);
    // Access packages made for them earlier are copies of their data under keys of their own.
    const downloads = await this.downloads.lockIdsOfContact(contactId, manager);
    await this.exportFiles.discard(await this.downloads.fileIdsOf(downloads, manager), manager);
    await this.keystore.shred([contactId, ...downloads], manager);
    await this.downloads.deleteOfContact(contactId, manager);
    const responses = await this.responses.deleteOfPerson(
      invitations.map((i) => i.id),
      { surveyIds: surveys.map((s) => s.surveyId), pseudonyms: surveys.map((s) => s.pseudonym) },
      manager,
    );
    // Survey mail is always encrypted under (and filed by) the recipient's key.
    const mail = await this.outbox.deleteForSubjects(manager, [contactId]);
    // Tokens go with their invitations (ON DELETE CASCADE); drafts live on the invitation row.
    await this.invitations.deleteOfContacts([contactId], manager);
    // Privacy requests that matched the contact lose the link (ON DELETE SET NULL).
    await this.contacts.deleteByIds([contactId], manager);
    return { invitations: invitations.length, downloads: downloads.length, responses, mail, surveys };
  }

  /**
   * Objection: no further contact, ever. The contact is marked (campaigns skip it), every
   * invitation is opted out and the mail still waiting for them is cancelled.
   */
  async object(manager: EntityManager, contactId: string, at: Date): Promise<{ invitations: number; mail: number }> {
    await this.contacts.markObjected(contactId, at, manager);
    const optedOut = await this.invitations.optOutOfContact(contactId, at, manager);
    let mail = 0;
    for (const invitation of await this.invitations.idsOfContact(contactId, manager)) {
      mail += await this.outbox.cancelForInvitation(manager, invitation);
    }
    return { invitations: optedOut, mail };
  }

  /**
   * After a contact's demographics were rectified: the snapshots of their responses follow, and
   * `updated_at` moves so that readers of `updated_since` (the provider) fetch them again.
   */
  async rectifyResponses(manager: EntityManager, contactId: string, at: Date): Promise<number> {
    const contact = (await this.contacts.personalDataRow(contactId, manager))!;
    const invitations = await this.invitations.surveysOfContact(contactId, manager);
    const responses = await this.responsesOf(manager, contactId, invitations);
    for (const response of responses) {
      const snapshot = {
        country: contact.country,
        segment: contact.segment,
        role: contact.role,
        relationshipBand: relationshipBand(contact.relationship_since, response.submitted_at),
      };
      await this.responses.updateSnapshot(response.id, snapshot, at, manager);
    }
    return responses.length;
  }
}

export function packageLanguage(value: string): Language {
  return isLanguage(value) ? value : 'en';
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
