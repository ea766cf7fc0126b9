import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { ONE_RUNNING_RUN_INDEX, RetentionRun } from './retention-run.entity';

/**
 * retention_runs (the receipts). The surveys' retention settings
 * the policy shows and each run records come from the surveys module, and the expiry of their
 * responses from the ingestion module.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** False when the app runs without a database (the OpenAPI generator). */
  get databaseReady(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Whether a scheduled run started after `since`. */
  async scheduledRunSince(since: Date, tx?: EntityManager): Promise<boolean> {
    const [recent] = await (tx ?? this.dataSource.manager).query(
      `SELECT 1 FROM retention_runs WHERE trigger = 'schedule' AND started_at > $1 LIMIT 1`,
      [since],
    );
    return Boolean(recent);
  }

  /** Whether `error` is the refusal of a second running receipt (one run at a time). */
  isSecondRunningRun(error: unknown): boolean {
    return (
      error instanceof QueryFailedError &&
      (error.driverError as { constraint?: string }).constraint === ONE_RUNNING_RUN_INDEX
    );
  }

  async list(query: PageQueryDto): Promise<Page<RetentionRun>> {
    const [items, total] = await this.dataSource.getRepository(RetentionRun).findAndCount({
      order: { startedAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(items, total, query);
  }

  async get(id: string): Promise<RetentionRun | null> {
    return this.dataSource.getRepository(RetentionRun).findOneBy({ id });
  }

  async create(run: Partial<RetentionRun>, tx?: EntityManager): Promise<RetentionRun> {
    const manager = tx ?? this.dataSource.manager;
    return manager.save(manager.create(RetentionRun, run));
  }

  async update(id: string, changes: Partial<RetentionRun>, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).update(RetentionRun, id, changes);
  }
}

/**
 * anonymised_text_keys: the key of each survey and UTC day under which anonymised free text is
 * sealed (see AnonymisedTextKey). Used by the ingestion module's retention of responses.
 */
@Injectable()
export class AnonymisedTextKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks at most `limit` keys expired at `at`, oldest first (skipping rows locked elsewhere). */
  async lockExpired(at: Date, limit: number, tx: EntityManager): Promise<string[]> {
    const keys: { subject_id: string }[] = await tx.query(
      `SELECT subject_id FROM anonymised_text_keys WHERE expires_at <= $1
        ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [at, limit],
    );
    return keys.map((key) => key.subject_id);
  }

  async delete(subjectIds: string[], tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).query('DELETE FROM anonymised_text_keys WHERE subject_id = ANY($1::uuid[])', [
      subjectIds,
    ]);
  }

  /**
   * Records a key for each (survey, day) that has none, under the candidate subject ids given,
   * expiring at the end of the day plus the survey's retention (given with each day); returns
   * the subject ids recorded.
   */
  async createMissing(
    candidates: string[],
    days: { surveyId: string; day: string; retentionMonths: number }[],
    tx?: EntityManager,
  ): Promise<string[]> {
    const created: { subject_id: string }[] = await (tx ?? this.dataSource.manager).query(
      `INSERT INTO anonymised_text_keys (subject_id, survey_id, submitted_on, expires_at)
       SELECT u.subject_id, u.survey_id, u.day,
              ((u.day + 1)::timestamp AT TIME ZONE 'UTC') + make_interval(months => u.retention_months)
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::int[]) AS u(subject_id, survey_id, day, retention_months)
       ON CONFLICT (survey_id, submitted_on) DO NOTHING
       RETURNING subject_id`,
      [candidates, days.map((p) => p.surveyId), days.map((p) => p.day), days.map((p) => p.retentionMonths)],
    );
    return created.map((row) => row.subject_id);
  }

  /** The key of each of these (survey, day) pairs that has one. */
  async find(
    days: { surveyId: string; day: string }[],
    tx?: EntityManager,
  ): Promise<{ subject_id: string; survey_id: string; day: string }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT k.subject_id, k.survey_id, k.submitted_on::text AS day
         FROM anonymised_text_keys k
         JOIN unnest($1::uuid[], $2::date[]) AS u(survey_id, day) ON k.survey_id = u.survey_id AND k.submitted_on = u.day`,
      [days.map((p) => p.surveyId), days.map((p) => p.day)],
    );
  }
}
