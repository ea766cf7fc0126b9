import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { SurveyStatus } from '../surveys/survey.entity';
import type { ContactSnapshot } from './response-store';

/** A respondent named by a provider item: their invitation to the survey, snapshot and wrapped key. */
export interface Invitee extends ContactSnapshot {
  invitationId: string;
  contactId: string;
  language: string;
  optedOutAt: Date | null;
  /** How the item named them: token hash (hex), contact id or blind index (hex). */
  reference: string;
  /** The respondent's wrapped key; null once shredded. */
  wrappedKey: Buffer | null;
}

/** What a survey-link token opens, in one row (see `lookupByToken`). */
export interface TokenLookupRow extends ContactSnapshot {
  id: string;
  surveyId: string;
  contactId: string;
  language: string;
  optedOutAt: Date | null;
  openedAt: Date | null;
  startedAt: Date | null;
  issuedAt: Date;
  surveyStatus: SurveyStatus;
  latestVersion: number | null;
  /** The respondent's wrapped key; null once shredded. */
  wrappedKey: Buffer | null;
  draftAnswers: Buffer | null;
  draftVersion: number | null;
  draftSavedAt: Date | null;
  submittedAt: Date | null;
  submittedVersion: number | null;
  ipFailures: number | null;
  ipFailuresExpire: string | null;
}

const INVITEE_COLUMNS = `SELECT i.id AS "invitationId", i.contact_id AS "contactId", i.language, i.opted_out_at AS "optedOutAt",
                           c.country, c.segment, c.role, c.relationship_since::text AS "relationshipSince",
                           k.wrapped_key AS "wrappedKey"`;
const INVITEE_KEY = 'LEFT JOIN keystore.subject_keys k ON k.subject_id = i.contact_id';

/** A draft is wiped once its survey is closed: it can no longer become a response. */
const DRAFT_OF_CLOSED_SURVEY = `i.draft_answers IS NOT NULL AND s.status = 'closed' AND s.closed_at <= $1`;

/**
 * Whom a response is from, as ingestion reads it from other modules' tables: the invitation a
 * survey link or a provider item names (delivery), the contact's snapshot (contacts), the
 * respondent's wrapped key (crypto) and the published questionnaire (surveys). Each is one
 * statement on the hot path of a respondent or provider call (the token lookup also reads the
 * caller's rate-limit row), which the owners' services cannot give in one round trip yet. The
 * respondent's draft and the `opened_at` stamp are written on the invitation row here too: the
 * draft is the respondent's, and its conditions (`completed_at IS NULL`) race with the response
 * insert (see ResponsesRepository).
 */
@Injectable()
export class RespondentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The invitation a token hash opens, with the survey's state and latest version, the
   * contact's snapshot, any stored response, the respondent's wrapped key and the caller's count
   * of unknown tokens (the rate_limits row `rateLimitKey`, live at `nowMs`).
   */
  async lookupByToken(
    tokenHash: Buffer,
    rateLimitKey: string,
    nowMs: number,
    tx?: EntityManager,
  ): Promise<TokenLookupRow | undefined> {
    const rows = await preparedQuery<TokenLookupRow>(
      tx ?? this.dataSource.manager,
      'respond-lookup',
      `SELECT i.id, i.survey_id AS "surveyId", i.contact_id AS "contactId", i.language,
              i.opted_out_at AS "optedOutAt", i.opened_at AS "openedAt", i.started_at AS "startedAt",
              t.created_at AS "issuedAt", s.status AS "surveyStatus",
              (SELECT max(v.version) FROM questionnaire_versions v WHERE v.survey_id = i.survey_id)
                AS "latestVersion",
              c.country, c.segment, c.role, c.relationship_since::text AS "relationshipSince",
              r.submitted_at AS "submittedAt", r.questionnaire_version AS "submittedVersion",
              i.draft_answers AS "draftAnswers", i.draft_version AS "draftVersion",
              i.draft_saved_at AS "draftSavedAt",
              k.wrapped_key AS "wrappedKey", rl.points AS "ipFailures", rl.expire AS "ipFailuresExpire"
         FROM invitation_tokens t
         JOIN invitations i ON i.id = t.invitation_id
         JOIN surveys s ON s.id = i.survey_id
         JOIN contacts c ON c.id = i.contact_id
         LEFT JOIN responses r ON r.invitation_id = i.id
         LEFT JOIN keystore.subject_keys k ON k.subject_id = i.contact_id
         LEFT JOIN rate_limits rl ON rl.key = $2 AND (rl.expire IS NULL OR rl.expire > $3)
        WHERE t.token_hash = $1`,
      [tokenHash, rateLimitKey, nowMs],
    );
    return rows[0];
  }

  /** The invitations to the survey of the holders of these link-token hashes. */
  async inviteesByTokenHash(surveyId: string, tokenHashes: Buffer[], tx?: EntityManager): Promise<Invitee[]> {
    if (tokenHashes.length === 0) return [];
    return preparedQuery<Invitee>(
      tx ?? this.dataSource.manager,
      'provider-invitees-token',
      `${INVITEE_COLUMNS}, encode(t.token_hash, 'hex') AS reference
         FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id
         JOIN contacts c ON c.id = i.contact_id ${INVITEE_KEY}
        WHERE t.token_hash = ANY($1::bytea[]) AND i.survey_id = $2`,
      [tokenHashes, surveyId],
    );
  }

  /** The invitations to the survey of these contacts. */
  async inviteesByContactId(surveyId: string, contactIds: string[], tx?: EntityManager): Promise<Invitee[]> {
    if (contactIds.length === 0) return [];
    return preparedQuery<Invitee>(
      tx ?? this.dataSource.manager,
      'provider-invitees-contact-id',
      `${INVITEE_COLUMNS}, i.contact_id::text AS reference
         FROM invitations i JOIN contacts c ON c.id = i.contact_id ${INVITEE_KEY}
        WHERE i.contact_id = ANY($1::uuid[]) AND i.survey_id = $2`,
      [contactIds, surveyId],
    );
  }

  /** The invitations to the survey of the contacts with these e-mail blind indexes. */
  async inviteesByEmailIndex(surveyId: string, emailIndexes: Buffer[], tx?: EntityManager): Promise<Invitee[]> {
    if (emailIndexes.length === 0) return [];
    return preparedQuery<Invitee>(
      tx ?? this.dataSource.manager,
      'provider-invitees-email',
      `${INVITEE_COLUMNS}, encode(c.email_index, 'hex') AS reference
         FROM contacts c JOIN invitations i ON i.contact_id = c.id ${INVITEE_KEY}
        WHERE c.email_index = ANY($1::bytea[]) AND i.survey_id = $2`,
      [emailIndexes, surveyId],
    );
  }

  /** How many saved drafts belong to surveys closed at or before `at`. */
  async countDraftsOfClosedSurveys(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DRAFT_OF_CLOSED_SURVEY}`,
      [at],
    );
    return row.n;
  }

  /** Wipes at most `limit` of those drafts (skipping rows locked elsewhere); returns how many. */
  async wipeDraftsOfClosedSurveys(at: Date, limit: number): Promise<number> {
    const [, wiped] = (await this.dataSource.query(
      `UPDATE invitations SET draft_answers = NULL, draft_version = NULL, draft_saved_at = NULL
        WHERE id IN (SELECT i.id FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DRAFT_OF_CLOSED_SURVEY}
                      LIMIT $2 FOR UPDATE OF i SKIP LOCKED)`,
      [at, limit],
    )) as [unknown, number];
    return wiped;
  }
}
