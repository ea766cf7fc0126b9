import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditActor, AuditService } from '../audit/audit.service';
import { BackgroundWork } from '../common/background-work';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { ROOT_LOGGER } from '../common/logger';
import { Page, PageQueryDto } from '../common/pagination';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { ResponseRetention } from '../ingestion/response-retention';
import { SurveysService } from '../surveys/surveys.service';
import { RetentionRegistry } from './retention-registry';
import { RetentionLock, RetentionRepository } from './retention.repository';
import {
  RetentionPolicySnapshot,
  RetentionRun,
  RetentionRunError,
  RetentionRunStatus,
  RetentionRunTrigger,
} from './retention-run.entity';

/** The run's lock connection was lost (its session ended): the run stops without a receipt update. */
class LockLostError extends Error {
  override name = 'LockLostError';
}

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
 * bounded batches until nothing is due, under a PostgreSQL advisory lock so that one replica runs
 * at a time, with a receipt updated after every batch. A run that dies leaves its receipt
 * `running`; the next run marks it failed and, since every target deletes only what is due,
 * simply finishes the work.
 */
@Injectable()
export class RetentionService implements BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly background = new BackgroundWork();

  constructor(
    private readonly runs: RetentionRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: RetentionRegistry,
    private readonly surveySettings: SurveysService,
    private readonly responses: ResponseRetention,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'retention' });
  }

  /** A run in progress stops at its next batch, before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.background.stop();
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
   * Starts a run in the background and returns its receipt (status `running`), or refuses with
   * 409 while another run (on any replica) holds the lock.
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

  /** Resolves when this process has finished the run (tests, the scheduler). */
  async settled(runId: string): Promise<void> {
    await this.background.settled(runId);
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

  /** Takes the lock on a connection of its own, writes the receipt and starts the work; null if locked. */
  private async begin(trigger: RetentionRunTrigger, actorId: string | null): Promise<RetentionRun | null> {
    const lock = await this.runs.tryLock();
    if (!lock) return null;
    let handedOver = false;
    try {
      const now = this.clock.now();
      if (
        trigger === RetentionRunTrigger.Schedule &&
        (await lock.scheduledRunSince(new Date(now.getTime() - SCHEDULED_RUN_SPACING_MS)))
      ) {
        return null;
      }
      const run = await this.openReceipt(trigger, actorId, now);
      this.background.start(run.id, () => this.execute(run, lock));
      handedOver = true;
      return run;
    } finally {
      if (!handedOver) {
        try {
          await lock.unlock();
        } finally {
          await lock.close();
        }
      }
    }
  }

  /** Under the lock: fails the receipts of runs whose process died, and writes this run's. */
  private async openReceipt(trigger: RetentionRunTrigger, actorId: string | null, now: Date): Promise<RetentionRun> {
    return this.transactions.run(async (tx) => {
      // Holding the lock, any run still marked running is one whose process died.
      for (const stale of await this.runs.failRunning(now, tx)) {
        await this.audit.record(
          {
            action: 'retention.run_interrupted',
            resourceType: 'retention_run',
            resourceId: stale.id,
            actor: { type: 'system', id: null },
            details: { kind: stale.current_kind },
          },
          tx,
        );
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
      return created;
    });
  }

  private actorOf(run: RetentionRun): AuditActor {
    return run.triggeredBy ? { type: 'staff', id: run.triggeredBy } : { type: 'system', id: null };
  }

  /** Purges every target in turn; one that fails is recorded and the others still run. */
  private async execute(run: RetentionRun, lock: RetentionLock): Promise<void> {
    const counts: Record<string, number> = {};
    const errors: RetentionRunError[] = [];
    const { batchSize, batchPauseMs } = this.config.retention;
    try {
      for (const target of this.registry.all()) {
        if (this.background.stopping) {
          errors.push({ kind: target.kind, error: 'interrupted' });
          break;
        }
        await this.runs.update(run.id, { currentKind: target.kind });
        try {
          for (;;) {
            if (this.background.stopping) {
              errors.push({ kind: target.kind, error: 'interrupted' });
              break;
            }
            await this.assertLocked(lock);
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
          if (error instanceof LockLostError) throw error;
          const name = error instanceof Error ? error.name : 'Error';
          errors.push({ kind: target.kind, error: name });
          this.logger.error(
            { runId: run.id, kind: target.kind, err: { type: name, code: (error as { code?: string }).code } },
            'retention target failed; the other kinds still run and the next run resumes it',
          );
        }
      }
      await this.assertLocked(lock);
      await this.finish(run, counts, errors);
    } catch (error) {
      this.logger.error(
        { runId: run.id, err: { type: error instanceof Error ? error.name : 'Error' } },
        'retention run stopped on an error; the next run resumes it',
      );
    } finally {
      await lock.unlock().catch(() => undefined);
      await lock.close().catch(() => undefined);
    }
  }

  /** The lock lives with its connection: if that is gone, another replica may be running now. */
  private async assertLocked(lock: RetentionLock): Promise<void> {
    await lock.ping().catch(() => {
      throw new LockLostError();
    });
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
