import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeystoreService } from '../../crypto/keystore.service';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';
import { expiredSql } from '../expiry';

const DUE = expiredSql('r.submitted_at', 's.retention_months', '$1');

/**
 * Responses expire their survey's `retentionMonths` after they were submitted. The keys of
 * anonymised free text (one per survey and day of submission) are shredded first, once every
 * response under them is due; then the due rows are deleted.
 */
@Injectable()
export class ResponsesRetention implements RetentionTarget {
  readonly kind = 'responses';
  readonly rule = 'A response is deleted its survey’s retentionMonths after it was submitted.';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keystore: KeystoreService,
  ) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM surveys s JOIN responses r ON r.survey_id = s.id WHERE ${DUE}`,
      [at],
    );
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const keys: { subject_id: string }[] = await manager.query(
        `SELECT subject_id FROM anonymised_text_keys WHERE expires_at <= $1
          ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [at, limit],
      );
      const keyIds = keys.map((key) => key.subject_id);
      if (keyIds.length > 0) {
        await this.keystore.shred(keyIds, manager);
        await manager.query('DELETE FROM anonymised_text_keys WHERE subject_id = ANY($1::uuid[])', [keyIds]);
      }
      const [, deleted] = (await manager.query(
        `DELETE FROM responses WHERE id IN (
           SELECT r.id FROM surveys s JOIN responses r ON r.survey_id = s.id WHERE ${DUE}
            LIMIT $2 FOR UPDATE OF r SKIP LOCKED)`,
        [at, limit],
      )) as [unknown, number];
      return { [this.kind]: deleted, anonymised_text_keys: keyIds.length };
    });
  }
}
