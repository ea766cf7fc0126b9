import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';

const DUE = `i.draft_answers IS NOT NULL AND s.status = 'closed' AND s.closed_at <= $1`;

/**
 * A draft can only become a response while its survey is open; once the survey is closed it is
 * personal data with no purpose left, so it is wiped (the invitation itself stays until it
 * expires). Drafts of invitations that expire go with them.
 */
@Injectable()
export class DraftsRetention implements RetentionTarget {
  readonly kind = 'drafts';
  readonly rule = 'A saved draft is wiped once its survey is closed (it can no longer be submitted).';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DUE}`,
      [at],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    const [, wiped] = (await this.dataSource.query(
      `UPDATE invitations SET draft_answers = NULL, draft_version = NULL, draft_saved_at = NULL
        WHERE id IN (SELECT i.id FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DUE}
                      LIMIT $2 FOR UPDATE OF i SKIP LOCKED)`,
      [at, limit],
    )) as [unknown, number];
    return wiped;
  }
}
