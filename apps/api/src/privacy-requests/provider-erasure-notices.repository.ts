import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ProviderErasureNotice, ProviderNoticeAction } from './privacy-request.entity';
import { countWhere, lockWhere, returning } from './privacy-requests.repository';

const DUE = 't.acknowledged_at <= $1 OR t.created_at <= $2';

/** provider_erasure_notices: the provider's feed of pseudonyms to erase or read again. */
@Injectable()
export class ProviderErasureNoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One notice per survey and pseudonym. */
  async insertMany(
    notices: { surveyId: string; pseudonym: string }[],
    action: ProviderNoticeAction,
    at: Date,
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO provider_erasure_notices (survey_id, respondent_pseudonym, action, created_at)
       SELECT s, p, $3, $4 FROM unnest($1::uuid[], $2::text[]) AS u(s, p)`,
      [notices.map((s) => s.surveyId), notices.map((s) => s.pseudonym), action, at],
    );
  }

  /** Unacknowledged notices of these surveys, oldest first; one page and the total. */
  pending(surveyIds: string[], page: { offset: number; limit: number }): Promise<[ProviderErasureNotice[], number]> {
    return this.dataSource
      .getRepository(ProviderErasureNotice)
      .createQueryBuilder('n')
      .where('n.acknowledged_at IS NULL')
      .andWhere('n.survey_id = ANY(:surveys::uuid[])', { surveys: surveyIds })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
  }

  /** Acknowledges those of `ids` that belong to these surveys (again: no change); returns their ids. */
  async acknowledge(ids: string[], surveyIds: string[], at: Date, keyId: string, tx: EntityManager): Promise<string[]> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE provider_erasure_notices
          SET acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $4)
        WHERE id = ANY($1::uuid[]) AND survey_id = ANY($2::uuid[])
        RETURNING id`,
      [ids, surveyIds, at, keyId],
    );
    return rows.map((row) => row.id);
  }

  /** Retention: acknowledged before `acknowledgedBefore`, or made before `createdBefore`. */
  countDue(acknowledgedBefore: Date, createdBefore: Date): Promise<number> {
    return countWhere(this.dataSource.manager, 'provider_erasure_notices', DUE, [acknowledgedBefore, createdBefore]);
  }

  lockDue(acknowledgedBefore: Date, createdBefore: Date, limit: number, tx: EntityManager): Promise<string[]> {
    return lockWhere(tx, 'provider_erasure_notices', DUE, [acknowledgedBefore, createdBefore], limit);
  }

  async deleteByIds(ids: string[], tx: EntityManager): Promise<number> {
    const deleted = await returning<unknown>(
      tx,
      'DELETE FROM provider_erasure_notices WHERE id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    return deleted.length;
  }
}
