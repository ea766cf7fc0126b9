import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { RetentionRun } from './retention-run.entity';

/** First key of the advisory lock that makes one replica run the purge at a time. */
const RETENTION_LOCK = 0x72657465; // 'rete'

/**
 * The advisory lock of a retention run, held by the session of a connection of its own: it
 * lasts as long as that session, so a run checks the connection before every batch.
 */
export class RetentionLock {
  constructor(private readonly runner: QueryRunner) {}

  /** Fails when the lock's connection (and so the lock) is gone. */
  async ping(): Promise<void> {
    await this.runner.query('SELECT 1');
  }

  /** Whether a scheduled run started after `since` (read on the lock's connection). */
  async scheduledRunSince(since: Date): Promise<boolean> {
    const [recent] = await this.runner.query(
      `SELECT 1 FROM retention_runs WHERE trigger = 'schedule' AND started_at > $1 LIMIT 1`,
      [since],
    );
    return Boolean(recent);
  }

  async unlock(): Promise<void> {
    await this.runner.query('SELECT pg_advisory_unlock($1, 0)', [RETENTION_LOCK]);
  }

  /** Gives the connection back to the pool (after `unlock`). */
  async close(): Promise<void> {
    await this.runner.release();
  }
}

/**
 * retention_runs (the receipts) and the run's advisory lock. The surveys' retention settings
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

  /** Takes the run's lock on a connection of its own; null (and the connection back) when another holds it. */
  async tryLock(): Promise<RetentionLock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1, 0) AS locked', [RETENTION_LOCK]);
      return locked ? new RetentionLock(runner) : null;
    } finally {
      if (!locked) await runner.release();
    }
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

  /** Marks every run still `running` failed (interrupted) at `at`; returns them. */
  async failRunning(at: Date, tx?: EntityManager): Promise<{ id: string; current_kind: string | null }[]> {
    const [interrupted] = (await (tx ?? this.dataSource.manager).query(
      `UPDATE retention_runs SET status = 'failed', finished_at = $1,
              errors = errors || jsonb_build_array(jsonb_build_object('kind', coalesce(current_kind, 'run'), 'error', 'interrupted'))
        WHERE status = 'running' RETURNING id, current_kind`,
      [at],
    )) as [{ id: string; current_kind: string | null }[], number];
    return interrupted;
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
