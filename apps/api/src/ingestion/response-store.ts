import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import { freeTextAnswerKeys, type Answers, type DisplayOrder, type Questionnaire } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { KeystoreService } from '../crypto/keystore.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { tallyOf } from '../statistics/tally';
import { relationshipBand } from './relationship-band';
import { ResponseChannel } from './response.entity';
import { ResponseColumns, ResponsesRepository } from './responses.repository';

/** What statistics may know about a respondent, copied from the contact when they answer. */
export interface ContactSnapshot {
  country: string;
  segment: string;
  role: string | null;
  relationshipSince: string | null;
}

export interface NewResponse {
  id: string;
  surveyId: string;
  questionnaireVersion: number;
  invitationId: string;
  /** The data subject: their key encrypts the free text and, with the survey, makes the pseudonym. */
  contactId: string;
  channel: ResponseChannel;
  providerResponseId: string | null;
  apiKeyId: string | null;
  /** Already validated against the questionnaire version. */
  answers: Answers;
  /** The order shown, already validated; null when nothing was randomised or it was not recorded. */
  displayOrder?: DisplayOrder | null;
  language: string;
  snapshot: ContactSnapshot;
  submittedAt: Date;
}

export function freeTextContext(responseId: string): string {
  return `response.freeText:${responseId}`;
}

export function draftContext(invitationId: string): string {
  return `response.draft:${invitationId}`;
}

/** Answers with free text taken out, and the free text alone (null when there is none). */
const freeTextNames = new WeakMap<Questionnaire, ReadonlySet<string>>();

/**
 * The answer keys that hold free text (free-text questions, and the `<name>-Comment` of "Other"
 * items), worked out once per questionnaire object.
 */
export function freeTextNamesOf(questionnaire: Questionnaire): ReadonlySet<string> {
  let names = freeTextNames.get(questionnaire);
  if (!names) {
    names = new Set(freeTextAnswerKeys(questionnaire));
    freeTextNames.set(questionnaire, names);
  }
  return names;
}

/** Whether any of the answers is free text. */
export function hasFreeText(questionnaire: Questionnaire, answers: Answers): boolean {
  const names = freeTextNamesOf(questionnaire);
  return Object.keys(answers).some((name) => names.has(name));
}

export function splitFreeText(
  questionnaire: Questionnaire,
  answers: Answers,
): { closed: Answers; freeText: Answers | null } {
  const freeNames = freeTextNamesOf(questionnaire);
  const closed: Answers = {};
  const freeText: Answers = {};
  for (const [name, value] of Object.entries(answers)) {
    if (freeNames.has(name)) freeText[name] = value;
    else closed[name] = value;
  }
  return { closed, freeText: Object.keys(freeText).length > 0 ? freeText : null };
}

/** Writes responses: the single place that turns answers into a pseudonymous, encrypted row. */
@Injectable()
export class ResponseStore {
  constructor(
    private readonly keystore: KeystoreService,
    private readonly responses: ResponsesRepository,
    private readonly webhooks: WebhooksService,
  ) {}

  /** A stable pseudonym per respondent and survey; different surveys give unlinkable ones. */
  pseudonym(surveyId: string, contactId: string): string {
    return `r_${this.keystore.crypto.blindIndex('respondent-pseudonym', `${surveyId}:${contactId}`).subarray(0, 16).toString('base64url')}`;
  }

  /**
   * Inserts the responses in one statement. A response whose invitation already has one, whose
   * provider id the survey already holds, whose invitation is opted out or whose survey is no
   * longer open is skipped: the ids returned are those stored. The invitations of stored
   * responses are marked completed and their drafts removed in the same statement.
   */
  async insert(
    manager: EntityManager,
    responses: NewResponse[],
    questionnaires: (response: NewResponse) => Questionnaire,
    keys: Map<string, SubjectKey>,
    receivedAt: Date,
  ): Promise<Set<string>> {
    if (responses.length === 0) return new Set();
    // One lock order for every writer (by invitation), so overlapping batches queue instead of deadlocking.
    responses = [...responses].sort((a, b) =>
      a.invitationId < b.invitationId ? -1 : a.invitationId > b.invitationId ? 1 : 0,
    );
    const columns: ResponseColumns = {
      id: [],
      survey: [],
      version: [],
      invitation: [],
      pseudonym: [],
      channel: [],
      providerId: [],
      apiKey: [],
      answers: [],
      displayOrder: [],
      tally: [],
      freeText: [],
      language: [],
      country: [],
      segment: [],
      role: [],
      band: [],
      submitted: [],
    };
    const closedAnswers = new Map<string, Answers>();
    for (const response of responses) {
      const questionnaire = questionnaires(response);
      const { closed, freeText } = splitFreeText(questionnaire, response.answers);
      closedAnswers.set(response.id, closed);
      let sealed: Buffer | null = null;
      if (freeText) {
        const key = keys.get(response.contactId);
        if (!key) throw new Error('No key was loaded for a respondent with free-text answers.');
        sealed = this.keystore.crypto.encryptJson(key, freeText, freeTextContext(response.id));
      }
      columns.id.push(response.id);
      columns.survey.push(response.surveyId);
      columns.version.push(response.questionnaireVersion);
      columns.invitation.push(response.invitationId);
      columns.pseudonym.push(this.pseudonym(response.surveyId, response.contactId));
      columns.channel.push(response.channel);
      columns.providerId.push(response.providerResponseId);
      columns.apiKey.push(response.apiKeyId);
      columns.answers.push(JSON.stringify(closed));
      columns.displayOrder.push(response.displayOrder ? JSON.stringify(response.displayOrder) : null);
      columns.tally.push(tallyOf(questionnaire, closed));
      columns.freeText.push(sealed);
      columns.language.push(response.language);
      columns.country.push(response.snapshot.country);
      columns.segment.push(response.snapshot.segment);
      columns.role.push(response.snapshot.role);
      columns.band.push(relationshipBand(response.snapshot.relationshipSince, response.submittedAt));
      columns.submitted.push(response.submittedAt);
    }
    // One statement: the insert, the invitations' funnel stamps and the removal of their drafts.
    const stored = new Set(await this.responses.insertAndStampInvitations(columns, receivedAt, manager));
    // The webhook events of the stored responses, in the same transaction (one more statement,
    // which stores nothing when no subscription wants them). Closed answers only: no free text.
    await this.webhooks.responsesSubmitted(
      manager,
      responses
        .map((response, index) => ({ response, index }))
        .filter(({ response }) => stored.has(response.id))
        .map(({ response, index }) => ({
          responseId: response.id,
          surveyId: response.surveyId,
          questionnaireVersion: response.questionnaireVersion,
          pseudonym: columns.pseudonym[index],
          channel: response.channel,
          language: response.language,
          submittedAt: response.submittedAt.toISOString(),
          answers: closedAnswers.get(response.id)!,
          demographics: {
            country: response.snapshot.country,
            segment: response.snapshot.segment,
            role: response.snapshot.role,
            relationshipBand: columns.band[index],
          },
        })),
    );
    return stored;
  }
}
