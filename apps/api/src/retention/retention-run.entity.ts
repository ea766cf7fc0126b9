import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum RetentionRunStatus {
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
}

export enum RetentionRunTrigger {
  /** The daily job. */
  Schedule = 'schedule',
  /** `POST /retention/runs` by a privacy officer or administrator. */
  Manual = 'manual',
}

/** The policy a run applied, as it stood when the run started. Identifiers and numbers only. */
export interface RetentionPolicySnapshot {
  retentionMonths: number;
  batchSize: number;
  surveys: { surveyId: string; retentionMonths: number; anonymiseAtClose: boolean }[];
}

/** A target that failed, by kind, with the error's class name only (messages may quote data). */
export interface RetentionRunError {
  kind: string;
  error: string;
}

/**
 * The receipt of one retention run (P8): when, who or what started it, the policy applied, how
 * many records of each kind were deleted, and how it ended. It holds no personal value.
 */
/** At most one receipt is `running`: one retention run at a time in the whole cluster. */
export const ONE_RUNNING_RUN_INDEX = 'retention_runs_one_running_idx';

@Entity({ name: 'retention_runs' })
@Index('retention_runs_started_idx', ['startedAt'])
@Index(ONE_RUNNING_RUN_INDEX, ['status'], { unique: true, where: `status = 'running'` })
@Check('retention_runs_status_check', `status IN ('running', 'completed', 'failed')`)
@Check('retention_runs_trigger_check', `trigger IN ('schedule', 'manual')`)
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  trigger: RetentionRunTrigger;

  /** The staff member who started a manual run; null for the daily job. */
  @Column({ name: 'triggered_by', type: 'uuid', nullable: true })
  triggeredBy: string | null;

  @Column({ type: 'text', default: RetentionRunStatus.Running })
  status: RetentionRunStatus;

  /** The moment expiry is measured against (the clock when the run started). */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'jsonb' })
  policy: RetentionPolicySnapshot;

  /** Records deleted (or anonymised) so far, per kind; updated after every batch. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  counts: Record<string, number>;

  /** The kind being purged while the run is running. */
  @Column({ name: 'current_kind', type: 'text', nullable: true })
  currentKind: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  errors: RetentionRunError[];
}
