import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SubjectKey } from '@survey/field-crypto';
import type { Answers } from '@survey/questionnaire';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { KeystoreService } from '../../crypto/keystore.service';
import { freeTextContext } from '../../ingestion/response-store';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';
import { utcDay } from '../expiry';

/**
 * A survey is due for anonymisation once it is closed, anonymises at close, and no invitation or
 * reminder mail of it is still waiting to go (reminders need an open survey, so none can come).
 */
export const ANONYMISABLE_SURVEY_SQL = `s.status = 'closed' AND s.anonymise_at_close AND s.closed_at <= $1
  AND NOT EXISTS (SELECT 1 FROM mail_outbox m JOIN invitations mi ON mi.id = m.invitation_id
                   WHERE mi.survey_id = s.id AND m.status IN ('pending', 'sending'))`;

/** A response already due for deletion is deleted (first, in every run), not anonymised. */
const NOT_EXPIRED = 'r.submitted_at + make_interval(months => s.retention_months) > $1::timestamptz';

interface LinkedResponse {
  id: string;
  survey_id: string;
  submitted_at: Date;
  free_text: Buffer | null;
  contact_id: string;
}

/** A new random pseudonym of the same shape as the keyed ones. */
function randomPseudonym(): string {
  return `r_${randomBytes(16).toString('base64url')}`;
}

/**
 * Anonymisation at close (item 9). For each response of a survey due for it, in one short
 * transaction per batch: the free text is decrypted with the respondent's key and encrypted again
 * under the key of its survey and day of submission (see AnonymisedTextKey), the invitation link
 * is removed, and the keyed pseudonym (which anyone holding the key could recompute from the
 * contact id) is replaced by a random one. The invitation keeps only its `completed_at` stamp.
 */
@Injectable()
export class ResponseLinksRetention implements RetentionTarget {
  readonly kind = 'response_links';
  readonly rule =
    'When a survey that anonymises at close is closed and none of its mail is waiting, each response loses its link to the invitation and its pseudonym; free text is re-encrypted under a key of the survey and day.';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keystore: KeystoreService,
    private readonly clock: Clock,
  ) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN responses r ON r.survey_id = s.id AND r.invitation_id IS NOT NULL
        WHERE ${ANONYMISABLE_SURVEY_SQL} AND ${NOT_EXPIRED}`,
      [at],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: LinkedResponse[] = await manager.query(
        `SELECT r.id, r.survey_id, r.submitted_at, r.free_text, i.contact_id
           FROM surveys s
           JOIN responses r ON r.survey_id = s.id AND r.invitation_id IS NOT NULL
           JOIN invitations i ON i.id = r.invitation_id
          WHERE ${ANONYMISABLE_SURVEY_SQL} AND ${NOT_EXPIRED}
          LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
        [at, limit],
      );
      if (rows.length === 0) return 0;
      const withText = rows.filter((row) => row.free_text !== null);
      const respondentKeys = await this.loadKeys(
        manager,
        withText.map((row) => row.contact_id),
      );
      const dayKeys = await this.dayKeys(manager, withText);
      const crypto = this.keystore.crypto;
      const freeText = rows.map((row): { sealed: Buffer | null; keyId: string | null } => {
        const respondentKey = respondentKeys.get(row.contact_id);
        if (!row.free_text || !respondentKey) return { sealed: null, keyId: null };
        const dayKey = dayKeys.get(`${row.survey_id}|${utcDay(row.submitted_at)}`)!;
        let answers: Answers;
        try {
          answers = crypto.decryptJson<Answers>(respondentKey, row.free_text, freeTextContext(row.id));
        } catch {
          // Unreadable already (altered, or under a key that no longer matches): nothing to keep.
          return { sealed: null, keyId: null };
        }
        return { sealed: crypto.encryptJson(dayKey, answers, freeTextContext(row.id)), keyId: dayKey.subjectId };
      });
      const now = this.clock.now();
      await manager.query(
        `UPDATE responses r SET invitation_id = NULL, respondent_pseudonym = u.pseudonym, free_text = u.free_text,
                free_text_key_id = u.key_id, anonymised_at = $5, updated_at = $5
           FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::uuid[]) AS u(id, pseudonym, free_text, key_id)
          WHERE r.id = u.id`,
        [
          rows.map((row) => row.id),
          rows.map(() => randomPseudonym()),
          freeText.map((text) => text.sealed),
          freeText.map((text) => text.keyId),
          now,
        ],
      );
      return rows.length;
    });
  }

  /** The respondents' keys that still exist (a shredded one simply is not there). */
  private async loadKeys(manager: EntityManager, subjectIds: string[]): Promise<Map<string, SubjectKey>> {
    const found = new Map<string, SubjectKey>();
    if (subjectIds.length === 0) return found;
    const rows: { subject_id: string; wrapped_key: Buffer }[] = await manager.query(
      'SELECT subject_id, wrapped_key FROM keystore.subject_keys WHERE subject_id = ANY($1::uuid[])',
      [[...new Set(subjectIds)]],
    );
    for (const row of rows) found.set(row.subject_id, this.keystore.crypto.unwrap(row.subject_id, row.wrapped_key));
    return found;
  }

  /** The key of each (survey, UTC day) the rows need, made (with its expiry) when missing. */
  private async dayKeys(manager: EntityManager, rows: LinkedResponse[]): Promise<Map<string, SubjectKey>> {
    const wanted = new Map<string, { surveyId: string; day: string }>();
    for (const row of rows) {
      const day = utcDay(row.submitted_at);
      wanted.set(`${row.survey_id}|${day}`, { surveyId: row.survey_id, day });
    }
    const pairs = [...wanted.values()];
    if (pairs.length === 0) return new Map();
    const candidates = pairs.map(() => randomUUID());
    const created: { subject_id: string }[] = await manager.query(
      `INSERT INTO anonymised_text_keys (subject_id, survey_id, submitted_on, expires_at)
       SELECT u.subject_id, u.survey_id, u.day,
              ((u.day + 1)::timestamp AT TIME ZONE 'UTC') + make_interval(months => s.retention_months)
         FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS u(subject_id, survey_id, day)
         JOIN surveys s ON s.id = u.survey_id
       ON CONFLICT (survey_id, submitted_on) DO NOTHING
       RETURNING subject_id`,
      [candidates, pairs.map((p) => p.surveyId), pairs.map((p) => p.day)],
    );
    await this.keystore.create(
      created.map((row) => row.subject_id),
      manager,
    );
    const existing: { subject_id: string; survey_id: string; day: string }[] = await manager.query(
      `SELECT k.subject_id, k.survey_id, k.submitted_on::text AS day
         FROM anonymised_text_keys k
         JOIN unnest($1::uuid[], $2::date[]) AS u(survey_id, day) ON k.survey_id = u.survey_id AND k.submitted_on = u.day`,
      [pairs.map((p) => p.surveyId), pairs.map((p) => p.day)],
    );
    const unlocked = await this.keystore.keysFor(
      existing.map((row) => row.subject_id),
      manager,
    );
    return new Map(existing.map((row) => [`${row.survey_id}|${row.day}`, unlocked.get(row.subject_id)!]));
  }
}
