import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShreddedKeyError } from '@survey/field-crypto';
import { questionsOf, type Answers, type Question } from '@survey/questionnaire';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { decryptContactFields } from '../contacts/contact-crypto';
import { KeystoreService } from '../crypto/keystore.service';
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
import { freeTextContext } from './response-store';
import { ResponseChannel } from './response.entity';

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
];

interface RawRow {
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
  free_text: Buffer | null;
  subject_id: string | null;
  wrapped_key: Buffer | null;
}

/** A position in the (updated_at, id) order: microseconds since the epoch, then the id. */
interface Cursor {
  micros: string;
  id: string;
}

function parseCursor(text: string | undefined): Cursor | null {
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
    if (question.type === 'matrix') {
      return question.rows.map((row) => ({
        header: `${question.name}.${row.value}`,
        value: (answers) => (answers[question.name] as Record<string, unknown> | undefined)?.[String(row.value)],
      }));
    }
    if (question.type === 'checkbox') {
      return [
        {
          header: question.name,
          value: (answers) => (answers[question.name] as unknown[] | undefined)?.map(String).join('; '),
        },
      ];
    }
    return [{ header: question.name, value: (answers) => answers[question.name] }];
  });
}

function rate(funnel: Omit<ResponseRateDto, 'responseRate'>): ResponseRateDto {
  return {
    ...funnel,
    responseRate: funnel.invited > 0 ? Math.round((funnel.completed / funnel.invited) * 10000) / 10000 : 0,
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keystore: KeystoreService,
    private readonly surveys: SurveysService,
    private readonly questionnaires: QuestionnaireCache,
    private readonly campaigns: CampaignsService,
    private readonly audit: AuditService,
  ) {
    // Following a response to its respondent is about that person: audit events name the response
    // only by a reference under the respondent's key.
    audit.registerSubjectResource('response', async (manager, ids) => {
      const rows: { id: string; contact_id: string }[] = await manager.query(
        `SELECT r.id, i.contact_id FROM responses r JOIN invitations i ON i.id = r.invitation_id
          WHERE r.id = ANY($1::uuid[])`,
        [ids],
      );
      return new Map(rows.map((row) => [row.id, row.contact_id]));
    });
  }

  async stream(surveyId: string, query: RawResponsesQueryDto, format: 'json' | 'csv', res: Response): Promise<void> {
    const manager = this.dataSource.manager;
    await this.surveys.find(manager, surveyId);
    const cursor = parseCursor(query.cursor);
    const last = await this.lastOfPage(manager, surveyId, cursor, query);
    const columns = format === 'csv' ? await this.csvColumns(manager, surveyId) : [];
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
    if (format === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="responses-${surveyId}.csv"`);
      await write(res, stringify([[...FIXED_CSV_COLUMNS, ...columns.map((c) => c.header)]], { escape_formulas: true }));
    } else {
      await write(res, '{"items":[');
    }
    let after = cursor;
    let first = true;
    for (;;) {
      const rows = await this.chunk(manager, surveyId, after, last, query.updated_since);
      if (rows.length === 0 || res.destroyed) break;
      const items = rows.map((row) => this.toDto(row));
      if (format === 'csv') {
        await write(
          res,
          stringify(
            items.map((item) => [
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
              ...columns.map((column) => column.value(item.answers as Answers) ?? ''),
            ]),
            { escape_formulas: true, cast: { boolean: (value) => String(value) } },
          ),
        );
      } else {
        await write(res, (first ? '' : ',') + items.map((item) => JSON.stringify(item)).join(','));
      }
      first = false;
      const end = rows[rows.length - 1];
      after = { micros: end.updated_us, id: end.id };
      if (rows.length < CHUNK) break;
    }
    if (format === 'json') await write(res, `],"nextCursor":${JSON.stringify(nextCursor)}}`);
    res.end();
  }

  /**
   * The key of the page's last row when more rows follow it (that key is the next cursor), or
   * null on the last page: the page is bounded before anything streams, so the cursor can go in
   * a header.
   */
  private async lastOfPage(
    manager: EntityManager,
    surveyId: string,
    cursor: Cursor | null,
    query: RawResponsesQueryDto,
  ): Promise<Cursor | null> {
    const { sql, params } = this.window(surveyId, cursor, null, query.updated_since);
    const rows: { updated_us: string; id: string }[] = await manager.query(
      `SELECT (extract(epoch FROM r.updated_at) * 1000000)::bigint::text AS updated_us, r.id
         FROM responses r WHERE ${sql} ORDER BY r.updated_at, r.id OFFSET $${params.length + 1} LIMIT 2`,
      [...params, query.limit - 1],
    );
    return rows.length < 2 ? null : { micros: rows[0].updated_us, id: rows[0].id };
  }

  private window(
    surveyId: string,
    after: Cursor | null,
    upTo: Cursor | null,
    since: Date | undefined,
  ): { sql: string; params: unknown[] } {
    const clauses = ['r.survey_id = $1'];
    const params: unknown[] = [surveyId];
    const at = (micros: string) =>
      `('epoch'::timestamptz + $${params.push(micros)}::bigint * interval '1 microsecond')`;
    if (after) clauses.push(`(r.updated_at, r.id) > (${at(after.micros)}, $${params.push(after.id)}::uuid)`);
    if (upTo) clauses.push(`(r.updated_at, r.id) <= (${at(upTo.micros)}, $${params.push(upTo.id)}::uuid)`);
    if (since) clauses.push(`r.updated_at >= $${params.push(since)}`);
    return { sql: clauses.join(' AND '), params };
  }

  private async chunk(
    manager: EntityManager,
    surveyId: string,
    after: Cursor | null,
    upTo: Cursor | null,
    since: Date | undefined,
  ): Promise<RawRow[]> {
    const { sql, params } = this.window(surveyId, after, upTo, since);
    return manager.query(
      `SELECT r.id, r.respondent_pseudonym, r.questionnaire_version, r.channel, r.language, r.submitted_at,
              r.updated_at, (extract(epoch FROM r.updated_at) * 1000000)::bigint::text AS updated_us,
              r.country, r.segment, r.role, r.relationship_band, r.answers, r.free_text,
              k.subject_id, k.wrapped_key
         FROM responses r
         LEFT JOIN invitations i ON i.id = r.invitation_id AND r.free_text IS NOT NULL
         LEFT JOIN keystore.subject_keys k ON k.subject_id = coalesce(r.free_text_key_id, i.contact_id)
        WHERE ${sql}
        ORDER BY r.updated_at, r.id LIMIT ${CHUNK}`,
      params,
    );
  }

  private toDto(row: RawRow): RawResponseDto {
    let answers: Answers = row.answers;
    if (row.free_text && row.subject_id && row.wrapped_key) {
      const key = this.keystore.crypto.unwrap(row.subject_id, row.wrapped_key);
      const freeText = this.keystore.crypto.decryptJson<Answers>(key, row.free_text, freeTextContext(row.id));
      answers = { ...answers, ...freeText };
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
    };
  }

  /** The questions of every published version, latest first, each once. */
  private async csvColumns(manager: EntityManager, surveyId: string): Promise<AnswerColumn[]> {
    const versions: { version: number }[] = await manager.query(
      'SELECT version FROM questionnaire_versions WHERE survey_id = $1 ORDER BY version DESC',
      [surveyId],
    );
    const seen = new Set<string>();
    const questions: Question[] = [];
    for (const { version } of versions) {
      const questionnaire = await this.questionnaires.get(manager, surveyId, version);
      for (const question of questionnaire ? questionsOf(questionnaire) : []) {
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
    const manager = this.dataSource.manager;
    await this.surveys.find(manager, surveyId);
    const campaigns: { id: string; name: string }[] = await manager.query(
      'SELECT id, name FROM campaigns WHERE survey_id = $1 ORDER BY created_at, id',
      [surveyId],
    );
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
    const channels: { channel: ResponseChannel; count: number }[] = await manager.query(
      'SELECT channel, count(*)::int AS count FROM responses WHERE survey_id = $1 GROUP BY channel',
      [surveyId],
    );
    const responsesByChannel = { [ResponseChannel.Web]: 0, [ResponseChannel.Provider]: 0 };
    for (const { channel, count } of channels) responsesByChannel[channel] = count;
    return { surveyId, ...rate(total), responsesByChannel, campaigns: perCampaign };
  }

  /** Follows a response to the person who gave it; the route audits this with its purpose. */
  async respondent(responseId: string): Promise<RespondentIdentityDto> {
    const rows: {
      invitation_id: string | null;
      contact_id: string | null;
      email_ciphertext: Buffer | null;
      name_ciphertext: Buffer | null;
      registration_numbers_ciphertext: Buffer | null;
    }[] = await this.dataSource.query(
      `SELECT r.invitation_id, c.id AS contact_id, c.email_ciphertext, c.name_ciphertext,
              c.registration_numbers_ciphertext
         FROM responses r
         LEFT JOIN invitations i ON i.id = r.invitation_id
         LEFT JOIN contacts c ON c.id = i.contact_id
        WHERE r.id = $1`,
      [responseId],
    );
    if (rows.length === 0) throw new NotFoundException('No response has this id.');
    const row = rows[0];
    if (!row.invitation_id || !row.contact_id || !row.email_ciphertext || !row.name_ciphertext) {
      throw new NotFoundException('This response is no longer linked to anyone (the contact was erased).');
    }
    const key = await this.keystore.keyFor(row.contact_id).catch((error: unknown) => {
      if (error instanceof ShreddedKeyError) {
        throw new NotFoundException('This response is no longer linked to anyone (the contact is being erased).');
      }
      throw error;
    });
    const identity = decryptContactFields(this.keystore.crypto, key, {
      emailCiphertext: row.email_ciphertext,
      nameCiphertext: row.name_ciphertext,
      registrationNumbersCiphertext: row.registration_numbers_ciphertext,
    });
    return { responseId, invitationId: row.invitation_id, contactId: row.contact_id, ...identity };
  }
}

/** Writes with back-pressure: waits for the socket to drain instead of buffering a page in memory. */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed || res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
