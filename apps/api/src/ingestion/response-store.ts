import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import { freeTextQuestionNames, type Answers, type Questionnaire } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { KeystoreService } from '../crypto/keystore.service';
import { preparedQuery } from '../database/prepared-query';
import { tallyOf } from '../statistics/tally';
import { relationshipBand } from './relationship-band';
import { ResponseChannel } from './response.entity';

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

/** The names of a questionnaire's free-text questions, worked out once per questionnaire object. */
export function freeTextNamesOf(questionnaire: Questionnaire): ReadonlySet<string> {
  let names = freeTextNames.get(questionnaire);
  if (!names) {
    names = new Set(freeTextQuestionNames(questionnaire));
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
  constructor(private readonly keystore: KeystoreService) {}

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
    const columns = {
      id: [] as string[],
      survey: [] as string[],
      version: [] as number[],
      invitation: [] as string[],
      pseudonym: [] as string[],
      channel: [] as string[],
      providerId: [] as (string | null)[],
      apiKey: [] as (string | null)[],
      answers: [] as string[],
      tally: [] as string[],
      freeText: [] as (Buffer | null)[],
      language: [] as string[],
      country: [] as string[],
      segment: [] as string[],
      role: [] as (string | null)[],
      band: [] as string[],
      submitted: [] as Date[],
    };
    for (const response of responses) {
      const questionnaire = questionnaires(response);
      const { closed, freeText } = splitFreeText(questionnaire, response.answers);
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
      columns.tally.push(tallyOf(questionnaire, closed));
      columns.freeText.push(sealed);
      columns.language.push(response.language);
      columns.country.push(response.snapshot.country);
      columns.segment.push(response.snapshot.segment);
      columns.role.push(response.snapshot.role);
      columns.band.push(relationshipBand(response.snapshot.relationshipSince, response.submittedAt));
      columns.submitted.push(response.submittedAt);
    }
    // One statement: the insert (only for an invitation not opted out, of an open survey), and
    // on the invitation the funnel stamps and the removal of its draft. A response that an invitation or
    // provider id already has is skipped by the unique keys.
    const inserted = await preparedQuery<{ id: string }>(
      manager,
      'response-store-insert',
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                              $8::uuid[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[],
                              $14::text[], $15::text[], $16::timestamptz[], $18::text[])
           AS u(id, survey_id, version, invitation_id, pseudonym, channel, provider_id, api_key, answers, free_text,
                language, country, segment, role, band, submitted, tally)
       ), stored AS (
         INSERT INTO responses (id, survey_id, questionnaire_version, invitation_id, campaign_id, respondent_pseudonym,
                                channel, provider_response_id, api_key_id, answers, tally, free_text, language, country,
                                segment, role, relationship_band, submitted_at, received_at, updated_at)
         SELECT u.id, u.survey_id, u.version, u.invitation_id, i.campaign_id, u.pseudonym, u.channel, u.provider_id,
                u.api_key,
                u.answers::jsonb, u.tally::bigint[], u.free_text, u.language, u.country, u.segment, u.role, u.band, u.submitted, $17, $17
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
      ],
    );
    return new Set(inserted.map((row) => row.id));
  }
}
