import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ReportSnapshot } from './report-snapshot.entity';

/** Which report snapshots a listing shows, one page of them, newest first. */
export interface ReportListFilter {
  publishedOnly: boolean;
  surveyId?: string;
  status?: ReportSnapshot['status'];
  offset: number;
  limit: number;
}

/** Report snapshots (`report_snapshots`): drafts and the published reports they become. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new snapshot; returns it with its id. */
  create(fields: Partial<ReportSnapshot>, tx?: EntityManager): Promise<ReportSnapshot> {
    const manager = tx ?? this.dataSource.manager;
    return manager.save(manager.create(ReportSnapshot, fields));
  }

  /** Stores the changes to a snapshot read before. */
  async update(snapshot: ReportSnapshot, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).save(snapshot);
  }

  /** A snapshot, locked until the end of the transaction (publication). */
  findForUpdate(id: string, tx: EntityManager): Promise<ReportSnapshot | null> {
    return tx.findOne(ReportSnapshot, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Deletes a draft; a published snapshot is never deleted here (the statement names the status). */
  async deleteDraft(id: string, tx: EntityManager): Promise<boolean> {
    const result = await tx.delete(ReportSnapshot, { id, status: 'draft' });
    return (result.affected ?? 0) > 0;
  }

  find(id: string, tx?: EntityManager): Promise<ReportSnapshot | null> {
    return (tx ?? this.dataSource.manager).findOneBy(ReportSnapshot, { id });
  }

  findOfSurvey(surveyId: string, id: string, tx?: EntityManager): Promise<ReportSnapshot | null> {
    return (tx ?? this.dataSource.manager).findOneBy(ReportSnapshot, { id, surveyId });
  }

  /** One page of summaries (without the content) and how many match in all. */
  list(filter: ReportListFilter, tx?: EntityManager): Promise<[ReportSnapshot[], number]> {
    const builder = (tx ?? this.dataSource.manager)
      .getRepository(ReportSnapshot)
      .createQueryBuilder('report')
      .select([
        'report.id',
        'report.surveyId',
        'report.title',
        'report.status',
        'report.language',
        'report.createdAt',
        'report.publishedAt',
        'report.responses',
      ])
      .orderBy('report.createdAt', 'DESC')
      .addOrderBy('report.id', 'DESC')
      .skip(filter.offset)
      .take(filter.limit);
    if (filter.publishedOnly) builder.andWhere("report.status = 'published'");
    if (filter.surveyId) builder.andWhere('report.surveyId = :surveyId', { surveyId: filter.surveyId });
    if (filter.status) builder.andWhere('report.status = :status', { status: filter.status });
    return builder.getManyAndCount();
  }

  /**
   * Holds the survey's publication lock until the end of `tx`: one publication at a time per
   * survey, so two drafts cannot each pass the check against the other.
   */
  async lockPublications(surveyId: string, tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`report-publish:${surveyId}`]);
  }
}
