import { Injectable } from '@nestjs/common';
import { ShreddedKeyError, type SubjectKey } from '@survey/field-crypto';
import {
  otherCommentKey,
  questionsOf,
  takesExtraItems,
  type Answers,
  type DisplayOrder,
  type Question,
  type Questionnaire,
} from '@survey/questionnaire';
import { stringify } from 'csv-stringify/sync';
import { SPREADSHEET_SAFE_CSV } from '../common/spreadsheet-text';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { writeWithBackPressure } from '../common/write-with-back-pressure';
import { decryptContactFields } from '../contacts/contact-crypto';
import { ContactsService } from '../contacts/contacts.service';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { CampaignsService } from '../delivery/campaigns.service';
import { SurveysService } from '../surveys/surveys.service';
import {
  RawResponseDto,
  RawResponsesQueryDto,
  RespondentIdentityDto,
  ResponseRateDto,
  SurveyResponseRatesDto,
} from './ingestion.dto';
import { QuestionnaireCache } from './questionnaire-cache';
import { RespondentsRepository } from './respondents.repository';
import { freeTextContext } from './response-store';
import { ResponseChannel } from './response.entity';
import { RawResponseRow, ResponseCursor, ResponsesRepository } from './responses.repository';

export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';
/** Rows read from PostgreSQL (and decrypted) at a time while a page streams out. */
const CHUNK = 500;

const FIXED_CSV_COLUMNS = [
  'response_id',
  'respondent',
  'questionnaire_version',
  'channel',
  'language',
  'submitted_at',
  'updated_at',
  'country',
  'segment',
  'role',
  'relationship_band',
  'display_order',
];

/** What it takes to open a row's free text: the sealed text and whose key seals it. */
export interface SealedFreeText {
  free_text: Buffer | null;
  free_text_key_id: string | null;
  invitation_id: string | null;
}

function parseCursor(text: string | undefined): ResponseCursor | null {
  if (!text) return null;
  const [micros, id] = text.split('_');
  return { micros, id };
}

/** One CSV column per question; one per row for a matrix. */
interface AnswerColumn {
  header: string;
  value: (answers: Answers) => unknown;
}

function answerColumns(questions: Question[]): AnswerColumn[] {
  return questions.flatMap((question): AnswerColumn[] => {
    // An information block takes no answer: no column.
    if (question.type === 'html') return [];
    if (question.type === 'multipletext') {
      return question.items.map((item) => ({
        header: `${question.name}.${item.name}`,
        value: (answers) => (answers[question.name] as Record<string, unknown> | undefined)?.[item.name],
      }));
    }
    if (question.type === 'matrix') {
      return question.rows.map((row) => ({
        header: `${question.name}.${row.value}`,
        value: (answers) => (answers[question.name] as Record<string, unknown> | undefined)?.[String(row.value)],
      }));
    }
    // The comment of an "Other" answer is free text: its own column, filled only where the key still opens it.
    const comment: AnswerColumn[] =
      takesExtraItems(question) && question.showOtherItem
        ? [{ header: otherCommentKey(question.name), value: (answers) => answers[otherCommentKey(question.name)] }]
        : [];
    if (question.type === 'ranking') {
      // One column per choice holding its rank (1 = first), so the file sorts and averages as it is.
      return question.choices.map((choice) => ({
        header: `${question.name}.${choice.value}`,
        value: (answers) => {
          const ranked = answers[question.name];
          const rank = Array.isArray(ranked) ? ranked.indexOf(choice.value) + 1 : 0;
          return rank > 0 ? rank : undefined;
        },
      }));
    }
    if (question.type === 'checkbox') {
      return [
        {
          header: question.name,
          value: (answers) => (answers[question.name] as unknown[] | undefined)?.map(String).join('; '),
        },
        ...comment,
      ];
    }
    return [{ header: question.name, value: (answers) => answers[question.name] }, ...comment];
  });
}

function rate(funnel: Omit<ResponseRateDto, 'responseRate'>): ResponseRateDto {
  return {
    ...funnel,
    responseRate: funnel.invited > 0 ? Math.round((funnel.completed / funnel.invited) * 10000) / 10000 : 0,
  };
}

/** The stored order with its parts in a fixed order (jsonb sorts keys by length). */
function displayOrderOf(stored: DisplayOrder | null): Record<string, unknown> | null {
  if (!stored) return null;
  return {
    ...(stored.questions && { questions: stored.questions }),
    ...(stored.choices && { choices: stored.choices }),
  };
}

/**
 * Pseudonymised raw responses, for the provider and for analysts: the pseudonym, the snapshot
 * and the answers (free text decrypted with the respondent's key while it exists), never a
 * name, address or registration number. Pages are streamed in chunks, as JSON or CSV.
 */
@Injectable()
export class RawResponsesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly responses: ResponsesRepository,
    private readonly respondents: RespondentsRepository,
    private readonly keystore: KeystoreService,
    private readonly surveys: SurveysService,
    private readonly questionnaires: QuestionnaireCache,
    private readonly campaigns: CampaignsService,
    private readonly contacts: ContactsService,
    private readonly audit: AuditService,
  ) {
    // Following a response to its respondent is about that person: audit events name the response
    // only by a reference under the respondent's key.
    audit.registerSubjectResource('response', async (manager, ids) => {
      const links = await responses.invitationsOf(ids, manager);
      const contacts = await campaigns.contactsOfInvitations([...new Set(links.values())], manager);
      return new Map(
        [...links].flatMap(([response, invitation]) =>
          contacts.has(invitation) ? [[response, contacts.get(invitation)!] as const] : [],
        ),
      );
    });
  }

  async stream(surveyId: string, query: RawResponsesQueryDto, format: 'json' | 'csv', res: Response): Promise<void> {
    await this.surveys.find(this.transactions.manager, surveyId);
    const cursor = parseCursor(query.cursor);
    // The page is bounded before anything streams (its last row's key is the next cursor, null on
    // the last page), so the cursor can go in a header.
    const last = await this.responses.lastOfPage(surveyId, cursor, query.limit, query.updated_since);
    const columns = format === 'csv' ? await this.csvColumns(surveyId) : [];
    await this.audit.record({
      action: 'responses.read',
      resourceType: 'survey',
      resourceId: surveyId,
      details: {
        format,
        limit: query.limit,
        continued: cursor !== null,
        updatedSince: query.updated_since?.toISOString() ?? null,
      },
    });

    const nextCursor = last ? `${last.micros}_${last.id}` : null;
    res.status(200);
    if (nextCursor) res.setHeader(NEXT_CURSOR_HEADER, nextCursor);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    if (format === 'csv') res.setHeader('Content-Disposition', `attachment; filename="responses-${surveyId}.csv"`);
    for await (const { text } of this.serialised(surveyId, format, columns, { after: cursor, upTo: last }, query)) {
      if (res.destroyed) break;
      await writeWithBackPressure(res, text);
    }
    if (format === 'json') await writeWithBackPressure(res, `],"nextCursor":${JSON.stringify(nextCursor)}}`);
    res.end();
  }

  /**
   * The whole of a survey's raw responses (those updated since `updatedSince`, if given), as the
   * text of one JSON document or CSV file in pieces of about `CHUNK` rows, each with the count of
   * rows written so far. Memory stays bounded whatever the number of responses; the export job
   * writes the pieces to its encrypted file.
   */
  async *document(
    surveyId: string,
    format: 'json' | 'csv',
    updatedSince: Date | undefined,
  ): AsyncGenerator<{ text: string; rows: number }> {
    await this.surveys.find(this.transactions.manager, surveyId);
    const columns = format === 'csv' ? await this.csvColumns(surveyId) : [];
    yield* this.serialised(surveyId, format, columns, { after: null, upTo: null }, { updated_since: updatedSince });
    if (format === 'json') yield { text: '],"nextCursor":null}', rows: -1 };
  }

  /** How many responses `document` would write. */
  count(surveyId: string, updatedSince: Date | undefined): Promise<number> {
    return this.responses.countInWindow(surveyId, updatedSince);
  }

  /** The header, then the rows of the window in chunks; `rows` counts the rows so far (-1: unchanged). */
  private async *serialised(
    surveyId: string,
    format: 'json' | 'csv',
    columns: AnswerColumn[],
    window: { after: ResponseCursor | null; upTo: ResponseCursor | null },
    query: { updated_since?: Date },
  ): AsyncGenerator<{ text: string; rows: number }> {
    yield {
      text:
        format === 'csv'
          ? stringify([[...FIXED_CSV_COLUMNS, ...columns.map((c) => c.header)]], SPREADSHEET_SAFE_CSV)
          : '{"items":[',
      rows: 0,
    };
    let after = window.after;
    let written = 0;
    for (;;) {
      const rows = await this.responses.rawChunk(surveyId, after, window.upTo, query.updated_since, CHUNK);
      if (rows.length === 0) break;
      const keyOf = await this.freeTextKeys(rows);
      const items = rows.map((row) => this.toDto(row, keyOf(row)));
      const text =
        format === 'csv'
          ? stringify(
              items.map((item) => csvRow(item, columns)),
              { cast: { ...SPREADSHEET_SAFE_CSV.cast, boolean: (value) => String(value) } },
            )
          : (written === 0 ? '' : ',') + items.map((item) => JSON.stringify(item)).join(',');
      written += rows.length;
      yield { text, rows: written };
      const end = rows[rows.length - 1];
      after = { micros: end.updated_us, id: end.id };
      if (rows.length < CHUNK) break;
    }
  }

  /**
   * The key that opens each row's free text, loaded for the whole chunk at once: the survey day's
   * once anonymised, else the respondent's (the contact of the response's invitation). Undefined
   * when the row has no free text or its key was shredded.
   */
  async freeTextKeys<Row extends SealedFreeText>(rows: Row[]): Promise<(row: Row) => SubjectKey | undefined> {
    const sealed = rows.filter((row) => row.free_text);
    const contacts = await this.campaigns.contactsOfInvitations([
      ...new Set(sealed.flatMap((row) => (!row.free_text_key_id && row.invitation_id ? [row.invitation_id] : []))),
    ]);
    const subjectOf = (row: Row) =>
      row.free_text_key_id ?? (row.invitation_id ? contacts.get(row.invitation_id) : undefined);
    const keys = await this.keystore.existingKeys(sealed.flatMap((row) => subjectOf(row) ?? []));
    return (row) => {
      const subject = row.free_text ? subjectOf(row) : undefined;
      return subject ? keys.get(subject) : undefined;
    };
  }

  /** The free-text answers of a row sealed under `key` (see `freeTextKeys`). */
  openFreeText(row: SealedFreeText & { id: string }, key: SubjectKey): Answers {
    return this.keystore.crypto.decryptJson<Answers>(key, row.free_text!, freeTextContext(row.id));
  }

  /** The row as served; its free text joins the answers while its key exists. */
  private toDto(row: RawResponseRow, key: SubjectKey | undefined): RawResponseDto {
    let answers: Answers = row.answers;
    if (row.free_text && key) {
      answers = { ...answers, ...this.openFreeText(row, key) };
    }
    return {
      responseId: row.id,
      respondent: row.respondent_pseudonym,
      questionnaireVersion: row.questionnaire_version,
      channel: row.channel,
      language: row.language,
      submittedAt: row.submitted_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      snapshot: {
        country: row.country,
        segment: row.segment,
        role: row.role,
        relationshipBand: row.relationship_band,
      },
      answers,
      displayOrder: displayOrderOf(row.display_order),
    };
  }

  /** The questions of every published version, latest first, each once. */
  private async csvColumns(surveyId: string): Promise<AnswerColumn[]> {
    const seen = new Set<string>();
    const questions: Question[] = [];
    for (const version of (await this.surveys.versions(surveyId)).reverse()) {
      for (const question of questionsOf(version.questionnaire as Questionnaire)) {
        if (!seen.has(question.name)) {
          seen.add(question.name);
          questions.push(question);
        }
      }
    }
    return answerColumns(questions);
  }

  /** Funnel counts per survey and per campaign: invited, opened, started, completed, opted out. */
  async rates(surveyId: string): Promise<SurveyResponseRatesDto> {
    await this.surveys.find(this.transactions.manager, surveyId);
    const campaigns = await this.campaigns.campaignsOfSurvey(surveyId);
    const funnels = await this.campaigns.funnels(campaigns.map((c) => c.id));
    const perCampaign = campaigns.map((campaign) => ({
      campaignId: campaign.id,
      name: campaign.name,
      ...rate(funnels.get(campaign.id)!),
    }));
    const keys = ['invited', 'delivered', 'bounced', 'opened', 'started', 'completed', 'optedOut'] as const;
    const total = Object.fromEntries(
      keys.map((key) => [key, perCampaign.reduce((sum, campaign) => sum + campaign[key], 0)]),
    ) as Record<(typeof keys)[number], number>;
    const channels = await this.responses.countByChannel(surveyId);
    const responsesByChannel = { [ResponseChannel.Web]: 0, [ResponseChannel.Provider]: 0 };
    for (const { channel, count } of channels) responsesByChannel[channel] = count;
    return { surveyId, ...rate(total), responsesByChannel, campaigns: perCampaign };
  }

  /** Follows a response to the person who gave it; the route audits this with its purpose. */
  async respondent(responseId: string): Promise<RespondentIdentityDto> {
    const link = await this.responses.linkedInvitation(responseId);
    if (!link) throw notFound('No response has this id.');
    const invitationId = link.invitation_id;
    const contactId = invitationId
      ? (await this.campaigns.contactsOfInvitations([invitationId])).get(invitationId)
      : null;
    const contact = contactId ? await this.contacts.encryptedIdentity(contactId) : null;
    if (!invitationId || !contactId || !contact) {
      throw notFound('This response is no longer linked to anyone (the contact was erased).');
    }
    const key = await this.keystore.keyFor(contactId).catch((error: unknown) => {
      if (error instanceof ShreddedKeyError) {
        throw notFound('This response is no longer linked to anyone (the contact is being erased).');
      }
      throw error;
    });
    const identity = decryptContactFields(this.keystore.crypto, key, contact);
    return { responseId, invitationId, contactId, ...identity };
  }
}

/** One CSV line of a response: the fixed columns, then one per question. */
function csvRow(item: RawResponseDto, columns: AnswerColumn[]): unknown[] {
  return [
    item.responseId,
    item.respondent,
    item.questionnaireVersion,
    item.channel,
    item.language,
    item.submittedAt,
    item.updatedAt,
    item.snapshot.country,
    item.snapshot.segment,
    item.snapshot.role ?? '',
    item.snapshot.relationshipBand,
    item.displayOrder ? JSON.stringify(item.displayOrder) : '',
    ...columns.map((column) => column.value(item.answers as Answers) ?? ''),
  ];
}
