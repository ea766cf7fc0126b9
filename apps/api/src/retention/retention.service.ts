import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { Page, PageQueryDto } from '../common/pagination';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { JobContext, JobInterrupted, JobQueue } from '../jobs/job-queue';
import { waitUntil } from '../jobs/wait-until';
import { ResponseRetention } from '../ingestion/response-retention';
import { SurveysService } from '../surveys/surveys.service';
import { RetentionRegistry } from './retention-registry';
import { RetentionRepository } from './retention.repository';
import {
  RetentionPolicySnapshot,
  RetentionRun,
  RetentionRunError,
  RetentionRunStatus,
  RetentionRunTrigger,
} from './retention-run.entity';

/** The job that carries out a run (payload: the receipt's id). */
export const RETENTION_RUN_TASK = 'retention.run';
/** Runs wait for each other in this queue: one runs at a time in the whole cluster. */
const RETENTION_QUEUE = 'retention';

/** A scheduled run is skipped when another replica's scheduled run started this recently. */
const SCHEDULED_RUN_SPACING_MS = 12 * 3600 * 1000;

export interface SurveyRetention {
  surveyId: string;
  name: string;
  status: string;
  retentionMonths: number;
  anonymiseAtClose: boolean;
  closedAt: Date | null;
  /** When the oldest and newest responses of the survey expire; null without responses. */
  firstExpiryAt: Date | null;
  lastExpiryAt: Date | null;
}

export interface DueCount {
  kind: string;
  count: number;
}

/**
 * The retention run (P8): every registered RetentionTarget, in registration order, purged in
 * bounded batches until nothing is due, with a receipt updated after every batch. A run is a job
 * on the queue, enqueued with its receipt; at most one receipt is `running` (a unique index), so
 * one run happens at a time. A run whose worker stops or dies is run again by the queue and,
 * since every target deletes only what is due, simply finishes the work under the same receipt.
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  private readonly logger: Logger;

  constructor(
    private readonly runs: RetentionRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: RetentionRegistry,
    private readonly surveySettings: SurveysService,
    private readonly responses: ResponseRetention,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'retention' });
  }

  onModuleInit(): void {
    this.jobs.register(RETENTION_RUN_TASK, (payload, job) => this.execute(String(payload.runId), job));
  }

  /** Each survey's retention settings and when its responses expire. */
  async surveys(): Promise<SurveyRetention[]> {
    const surveys = await this.surveySettings.retentionSettings();
    const expiries = await this.responses.expiries(
      surveys.map((survey) => ({ surveyId: survey.id, retentionMonths: survey.retentionMonths })),
    );
    return surveys.map((survey) => ({
      surveyId: survey.id,
      name: survey.name,
      status: survey.status,
      retentionMonths: survey.retentionMonths,
      anonymiseAtClose: survey.anonymiseAtClose,
      closedAt: survey.closedAt,
      firstExpiryAt: expiries.get(survey.id)?.firstExpiryAt ?? null,
      lastExpiryAt: expiries.get(survey.id)?.lastExpiryAt ?? null,
    }));
  }

  /** The rule of each registered kind, in the order a run purges them. */
  kinds(): { kind: string; rule: string | null }[] {
    return this.registry.all().map((target) => ({ kind: target.kind, rule: target.rule ?? null }));
  }

  /** What will be due `days` days from now, per kind (counts only). */
  async preview(days: number): Promise<{ at: Date; counts: DueCount[] }> {
    const at = new Date(this.clock.now().getTime() + days * 24 * 3600 * 1000);
    const counts: DueCount[] = [];
    for (const target of this.registry.all()) counts.push({ kind: target.kind, count: await target.countDue(at) });
    return { at, counts };
  }

  /**
   * Starts a run (a job on the queue) and returns its receipt (status `running`), or refuses
   * with 409 while another run is in progress.
   */
  async start(trigger: RetentionRunTrigger, actorId: string | null): Promise<RetentionRun> {
    const run = await this.begin(trigger, actorId);
    if (!run) {
      throw conflict(
        'A retention run is already in progress; follow it at GET /retention/runs.',
        ProblemType.RetentionRunInProgress,
      );
    }
    return run;
  }

  /** The daily job: starts a run unless one is in progress or another replica just ran it. */
  async startScheduled(): Promise<RetentionRun | null> {
    return this.begin(RetentionRunTrigger.Schedule, null);
  }

  /** Resolves when the run has finished, on whichever worker (tests, the scheduler). */
  async settled(runId: string): Promise<void> {
    await waitUntil(async () => (await this.get(runId)).status !== RetentionRunStatus.Running);
  }

  async list(query: PageQueryDto): Promise<Page<RetentionRun>> {
    return this.runs.list(query);
  }

  async get(id: string): Promise<RetentionRun> {
    const run = await this.runs.get(id);
    if (!run) throw notFound('No retention run has this id.');
    return run;
  }

  private async policySnapshot(): Promise<RetentionPolicySnapshot> {
    const surveys = await this.surveySettings.retentionSettings();
    return {
      retentionMonths: this.config.privacy.retentionMonths,
      batchSize: this.config.retention.batchSize,
      surveys: surveys.map((s) => ({
        surveyId: s.id,
        retentionMonths: s.retentionMonths,
        anonymiseAtClose: s.anonymiseAtClose,
      })),
    };
  }

  /**
   * Writes the receipt and enqueues its job in one transaction; null when a run is in progress
   * (the unique index on running receipts refuses a second one), or, for the daily job, when a
   * scheduled run started within the last 12 hours.
   */
  private async begin(trigger: RetentionRunTrigger, actorId: string | null): Promise<RetentionRun | null> {
    const now = this.clock.now();
    try {
      return await this.transactions.run(async (tx) => {
        if (
          trigger === RetentionRunTrigger.Schedule &&
          (await this.runs.scheduledRunSince(new Date(now.getTime() - SCHEDULED_RUN_SPACING_MS), tx))
        ) {
          return null;
        }
        const created = await this.runs.create(
          {
            trigger,
            triggeredBy: actorId,
            status: RetentionRunStatus.Running,
            dueAt: now,
            startedAt: now,
            policy: await this.policySnapshot(),
            counts: {},
            errors: [],
          },
          tx,
        );
        await this.audit.record(
          {
            action: 'retention.run_started',
            resourceType: 'retention_run',
            resourceId: created.id,
            actor: this.actorOf(created),
            details: { trigger },
          },
          tx,
        );
        await this.jobs.enqueue(tx, {
          task: RETENTION_RUN_TASK,
          payload: { runId: created.id },
          queueName: RETENTION_QUEUE,
          jobKey: `retention-run:${created.id}`,
        });
        return created;
      });
    } catch (error) {
      if (this.runs.isSecondRunningRun(error)) return null;
      throw error;
    }
  }

  private actorOf(run: RetentionRun): AuditActor {
    return run.triggeredBy ? { type: 'staff', id: run.triggeredBy } : { type: 'system', id: null };
  }

  /**
   * Purges every target in turn; one that fails is recorded and the others still run. Run again
   * after a stop or a crash, it carries on under the same receipt, adding to its counts.
   */
  private async execute(runId: string, job: JobContext): Promise<void> {
    const run = await this.runs.get(runId);
    if (!run || run.status !== RetentionRunStatus.Running) return;
    const counts: Record<string, number> = { ...run.counts };
    const errors: RetentionRunError[] = [];
    const { batchSize, batchPauseMs } = this.config.retention;
    try {
      for (const target of this.registry.all()) {
        await this.runs.update(run.id, { currentKind: target.kind });
        try {
          for (;;) {
            if (job.stopping) throw new JobInterrupted();
            const result = await target.purgeBatch(run.dueAt, batchSize);
            const byKind = typeof result === 'number' ? { [target.kind]: result } : result;
            for (const [kind, count] of Object.entries(byKind)) {
              if (count > 0) counts[kind] = (counts[kind] ?? 0) + count;
            }
            await this.runs.update(run.id, { counts });
            if ((byKind[target.kind] ?? 0) === 0) break;
            if (batchPauseMs > 0) await sleep(batchPauseMs);
          }
        } catch (error) {
          if (error instanceof JobInterrupted) throw error;
          const name = error instanceof Error ? error.name : 'Error';
          errors.push({ kind: target.kind, error: name });
          this.logger.error(
            { runId: run.id, kind: target.kind, err: { type: name, code: (error as { code?: string }).code } },
            'retention target failed; the other kinds still run and the next run resumes it',
          );
        }
      }
      await this.finish(run, counts, errors);
    } catch (error) {
      // The queue runs it again; on its last attempt the receipt says it failed.
      if (job.lastAttempt && !(error instanceof JobInterrupted)) {
        const name = error instanceof Error ? error.name : 'Error';
        await this.finish(run, counts, [...errors, { kind: 'run', error: name }]).catch(() => undefined);
      }
      throw error;
    }
  }

  private async finish(run: RetentionRun, counts: Record<string, number>, errors: RetentionRunError[]): Promise<void> {
    const status = errors.length > 0 ? RetentionRunStatus.Failed : RetentionRunStatus.Completed;
    await this.transactions.run(async (tx) => {
      await this.runs.update(run.id, { status, counts, errors, currentKind: null, finishedAt: this.clock.now() }, tx);
      await this.audit.record(
        {
          action: status === RetentionRunStatus.Completed ? 'retention.run_completed' : 'retention.run_failed',
          resourceType: 'retention_run',
          resourceId: run.id,
          actor: this.actorOf(run),
          outcome: status === RetentionRunStatus.Completed ? 'success' : 'failure',
          details: { ...counts, failedKinds: errors.map((e) => e.kind) },
        },
        tx,
      );
    });
    this.logger.info({ runId: run.id, status, counts }, 'retention run finished');
  }
}
