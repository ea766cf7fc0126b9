import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { KeystoreService } from '../../crypto/keystore.service';
import type { PurgeBatchResult, RetentionTarget } from '../retention-registry';
import { expiredSql, RANDOM_PSEUDONYM_SQL } from '../expiry';

const DUE = expiredSql('collected_at', '$2', '$1');

/**
 * A contact expires RETENTION_MONTHS after their data was collected (`collected_at`: the import
 * that last brought them, or the last invitation, which restarts the clock). In one transaction
 * per batch: their keys are shredded (name, e-mail, registration numbers, mail and free text
 * under them become unreadable everywhere), the responses they gave lose their link, pseudonym
 * and (now unreadable) free text and are kept until their own expiry, and their mail,
 * invitations (with tokens and drafts) and the contacts themselves are deleted.
 */
@Injectable()
export class ContactsRetention implements RetentionTarget {
  readonly kind = 'contacts';
  readonly rule =
    'A contact is deleted RETENTION_MONTHS after their data was collected (imported, or last invited), with their key, invitations, drafts and mail; their responses lose every link to them.';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keystore: KeystoreService,
    private readonly clock: Clock,
  ) {}

  async countDue(at: Date): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM contacts WHERE ${DUE}`, [
      at,
      this.config.privacy.retentionMonths,
    ]);
    return row.n;
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const due: { id: string }[] = await manager.query(
        `SELECT id FROM contacts WHERE ${DUE} ORDER BY collected_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [at, this.config.privacy.retentionMonths, limit],
      );
      if (due.length === 0) return 0;
      const ids = due.map((row) => row.id);
      const keys = await this.keystore.shred(ids, manager);
      const now = this.clock.now();
      const [, unlinked] = (await manager.query(
        `UPDATE responses SET invitation_id = NULL, respondent_pseudonym = ${RANDOM_PSEUDONYM_SQL},
                free_text = CASE WHEN free_text_key_id IS NULL THEN NULL ELSE free_text END,
                anonymised_at = coalesce(anonymised_at, $2), updated_at = $2
          WHERE invitation_id IN (SELECT id FROM invitations WHERE contact_id = ANY($1::uuid[]))`,
        [ids, now],
      )) as [unknown, number];
      const [, mail] = (await manager.query('DELETE FROM mail_outbox WHERE subject_id = ANY($1::uuid[])', [ids])) as [
        unknown,
        number,
      ];
      const [, invitations] = (await manager.query('DELETE FROM invitations WHERE contact_id = ANY($1::uuid[])', [
        ids,
      ])) as [unknown, number];
      const [, contacts] = (await manager.query('DELETE FROM contacts WHERE id = ANY($1::uuid[])', [ids])) as [
        unknown,
        number,
      ];
      return {
        [this.kind]: contacts,
        subject_keys: keys,
        invitations,
        mail_outbox: mail,
        response_links: unlinked,
      };
    });
  }
}
