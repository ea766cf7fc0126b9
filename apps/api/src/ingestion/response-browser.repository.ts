import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Answers } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { filterConditions, Parameters, type ResponseFilters } from './response-statistics.repository';
import type { ResponseChannel } from './response.entity';

/** A response as the analysts' browser lists it: pseudonymous, no answer and no link to its invitation. */
export interface BrowsedResponseRow {
  id: string;
  respondent_pseudonym: string;
  questionnaire_version: number;
  channel: ResponseChannel;
  language: string;
  campaign_id: string | null;
  submitted_at: Date;
  country: string;
  segment: string;
  role: string | null;
  relationship_band: string;
  has_free_text: boolean;
}

/** One response with its closed answers, and its sealed free text with whose key seals it. */
export interface BrowsedResponseDetailRow extends BrowsedResponseRow {
  survey_id: string;
  answers: Answers;
  free_text: Buffer | null;
  free_text_key_id: string | null;
  invitation_id: string | null;
}

/** A position in the newest-first (submitted_at, id) order: microseconds since the epoch, then the id. */
export interface SubmittedCursor {
  micros: string;
  id: string;
}

/** A response holding free text, as the comments view reads it (its text decrypted by the service). */
export interface SealedTextRow {
  id: string;
  respondent_pseudonym: string;
  questionnaire_version: number;
  language: string;
  submitted_at: Date;
  submitted_us: string;
  country: string;
  segment: string;
  role: string | null;
  relationship_band: string;
  free_text: Buffer;
  free_text_key_id: string | null;
  invitation_id: string | null;
}

const LISTED = `id, respondent_pseudonym, questionnaire_version, channel, language, campaign_id, submitted_at,
                country, segment, role, relationship_band, free_text IS NOT NULL AS has_free_text`;

/**
 * The analysts' reads of `responses` one at a time or a page at a time, filtered as statistics
 * are (`filterConditions`), newest first. Nothing here follows a response to its contact.
 */
@Injectable()
export class ResponseBrowserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the filtered responses, newest first, and how many match in all. */
  async page(
    filters: ResponseFilters,
    offset: number,
    limit: number,
  ): Promise<{ rows: BrowsedResponseRow[]; total: number }> {
    const parameters = new Parameters();
    const where = filterConditions(filters, parameters);
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${LISTED} FROM responses WHERE ${where}
          ORDER BY submitted_at DESC, id DESC OFFSET ${Math.trunc(offset)} LIMIT ${Math.trunc(limit)}`,
        parameters.values,
      ) as Promise<BrowsedResponseRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM responses WHERE ${where}`,
        parameters.values,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: counted[0].total };
  }

  /** One response of the survey, or undefined. */
  async one(surveyId: string, responseId: string): Promise<BrowsedResponseDetailRow | undefined> {
    const rows: BrowsedResponseDetailRow[] = await this.dataSource.query(
      `SELECT ${LISTED}, survey_id, answers, free_text, free_text_key_id, invitation_id
         FROM responses WHERE id = $1 AND survey_id = $2`,
      [responseId, surveyId],
    );
    return rows[0];
  }

  /** The survey a response belongs to, or undefined when there is no such response. */
  async surveyOf(responseId: string): Promise<string | undefined> {
    const rows: { survey_id: string }[] = await this.dataSource.query('SELECT survey_id FROM responses WHERE id = $1', [
      responseId,
    ]);
    return rows[0]?.survey_id;
  }

  /** Up to `size` filtered responses holding free text after `after`, newest first. */
  async sealedTexts(filters: ResponseFilters, after: SubmittedCursor | null, size: number): Promise<SealedTextRow[]> {
    const parameters = new Parameters();
    const conditions = [filterConditions(filters, parameters), 'free_text IS NOT NULL'];
    if (after) {
      conditions.push(
        `((extract(epoch FROM submitted_at) * 1000000)::bigint, id) < (${parameters.add(after.micros, '::bigint')}, ${parameters.add(after.id, '::uuid')})`,
      );
    }
    return this.dataSource.query(
      `SELECT id, respondent_pseudonym, questionnaire_version, language, submitted_at,
              (extract(epoch FROM submitted_at) * 1000000)::bigint::text AS submitted_us,
              country, segment, role, relationship_band, free_text, free_text_key_id, invitation_id
         FROM responses WHERE ${conditions.join(' AND ')}
        ORDER BY submitted_at DESC, id DESC LIMIT ${Math.trunc(size)}`,
      parameters.values,
    );
  }
}
