import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';
import { expiredSql } from '../expiry';

// A linked response that is itself due does not hold the invitation: the run deletes it first,
// and the preview counts both.
const DUE = `${expiredSql('i.created_at', 's.retention_months', '$1')}
  AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id
                   AND r.submitted_at + make_interval(months => s.retention_months) > $1::timestamptz)`;

/**
 * An invitation records that a person was asked (and whether they answered): it expires its
 * survey's `retentionMonths` after it was made, but not before the response linked to it (the
 * responses go first in every run). Its secret-link tokens, draft and mail go with it.
 */
@Injectable()
export class InvitationsRetention implements RetentionTarget {
  readonly kind = 'invitations';
  readonly rule =
    'An invitation (with its link tokens, draft and mail) is deleted its survey’s retentionMonths after it was made, once no response is linked to it; all of a contact’s go with the contact.';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DUE}`,
      [at],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const due: { id: string }[] = await manager.query(
        `SELECT i.id FROM surveys s JOIN invitations i ON i.survey_id = s.id WHERE ${DUE}
          LIMIT $2 FOR UPDATE OF i SKIP LOCKED`,
        [at, limit],
      );
      if (due.length === 0) return 0;
      const ids = due.map((row) => row.id);
      const [, mail] = (await manager.query('DELETE FROM mail_outbox WHERE invitation_id = ANY($1::uuid[])', [
        ids,
      ])) as [unknown, number];
      const [, deleted] = (await manager.query('DELETE FROM invitations WHERE id = ANY($1::uuid[])', [ids])) as [
        unknown,
        number,
      ];
      return { [this.kind]: deleted, mail_outbox: mail };
    });
  }
}
