import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ContactImport, ContactImportIssue, ImportIssueSeverity, ImportStatus } from './contact-import.entity';

/** Batches of all imports take turns, so two files naming one new address cannot both create it. */
const IMPORT_LOCK = 0x636f6e74; // 'cont'
/** Key of the session-level advisory lock its owner holds while an import runs. */
const IMPORT_RUN_LOCK = 0x696d7072; // 'impr'

export interface ImportIssueRow {
  row: number;
  field: string;
  severity: ImportIssueSeverity;
  reason: string;
}

export interface ImportProgress {
  processedRows: number;
  created: number;
  updated: number;
  rejected: number;
  warnings: number;
}

/**
 * The session-level advisory lock an import's owner holds while it runs, on a connection of its
 * own (which also renews the import's lease, whatever a batch is doing meanwhile).
 */
export class ImportRunLock {
  constructor(
    private readonly connection: QueryRunner,
    private readonly importId: string,
  ) {}

  /** Extends the lease of the import, while `ownerId` still runs it. */
  async renewLease(ownerId: string, leaseMs: number): Promise<void> {
    await this.connection.query(
      `UPDATE contact_imports SET lease_expires_at = now() + $3 * interval '1 millisecond'
        WHERE id = $1 AND owner_id = $2 AND status IN ('queued', 'running')`,
      [this.importId, ownerId, leaseMs],
    );
  }

  /** Unlocks and returns the connection; never throws. */
  async release(): Promise<void> {
    try {
      if (!this.connection.isReleased) {
        await this.connection.query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_RUN_LOCK, this.importId]);
      }
    } catch {
      // A connection that failed takes its session locks with it.
    } finally {
      await this.connection.release().catch(() => undefined);
    }
  }
}

/** Contact imports and their row reports (tables `contact_imports`, `contact_import_issues`). */
@Injectable()
export class ContactImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Whether the database is connected (it is not while the OpenAPI spec is generated). */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Takes the run lock of import `id` on a connection of its own, waiting for it if need be. */
  async lockRun(id: string): Promise<ImportRunLock> {
    const connection = this.dataSource.createQueryRunner();
    const lock = new ImportRunLock(connection, id);
    try {
      await connection.connect();
      await connection.query('SELECT pg_advisory_lock($1, hashtext($2))', [IMPORT_RUN_LOCK, id]);
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }

  /** Unfinished imports not owned by `ownerId`, and whether their lease has run out. */
  unfinishedOfOthers(ownerId: string): Promise<{ id: string; expired: boolean }[]> {
    return this.dataSource.query(
      `SELECT id, (lease_expires_at IS NULL OR lease_expires_at < now()) AS expired
         FROM contact_imports WHERE status IN ('queued', 'running') AND owner_id IS DISTINCT FROM $1`,
      [ownerId],
    );
  }

  /**
   * Marks failed those of `unfinished` that no live server runs: the lease ran out, or nobody
   * holds the run lock (its owner's session is gone). Returns the ids marked failed.
   */
  async failAbandoned(
    unfinished: { id: string; expired: boolean }[],
    ownerId: string,
    reason: string,
    at: Date,
  ): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    const failed: string[] = [];
    try {
      await runner.connect();
      for (const { id, expired } of unfinished) {
        if (!expired) {
          const [{ free }] = await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [
            IMPORT_RUN_LOCK,
            id,
          ]);
          if (!free) continue;
          await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_RUN_LOCK, id]);
        }
        const [, affected] = (await runner.query(
          `UPDATE contact_imports SET status = 'failed', failure_reason = $2, finished_at = $3, lease_expires_at = NULL
            WHERE id = $1 AND status IN ('queued', 'running') AND owner_id IS DISTINCT FROM $4`,
          [id, reason, at, ownerId],
        )) as [unknown, number];
        if (affected === 1) failed.push(id);
      }
    } finally {
      await runner.release();
    }
    return failed;
  }

  /** Inserts a queued import owned by `values.ownerId`, its lease starting now. */
  async createQueued(values: Partial<ContactImport>, leaseMs: number, tx: EntityManager): Promise<ContactImport> {
    const created = await tx.save(tx.create(ContactImport, values));
    await tx.query(
      `UPDATE contact_imports SET lease_expires_at = now() + $2 * interval '1 millisecond' WHERE id = $1`,
      [created.id, leaseMs],
    );
    return created;
  }

  findById(id: string, tx?: EntityManager): Promise<ContactImport | null> {
    return this.manager(tx).getRepository(ContactImport).findOneBy({ id });
  }

  page(query: { offset: number; limit: number }, tx?: EntityManager): Promise<[ContactImport[], number]> {
    return this.manager(tx)
      .getRepository(ContactImport)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, skip: query.offset, take: query.limit });
  }

  issuesPage(
    importId: string,
    query: { offset: number; limit: number; severity?: ImportIssueSeverity },
    tx?: EntityManager,
  ): Promise<[ContactImportIssue[], number]> {
    return this.manager(tx)
      .getRepository(ContactImportIssue)
      .findAndCount({
        where: { importId, ...(query.severity ? { severity: query.severity } : {}) },
        order: { row: 'ASC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
  }

  /** Changes the import while `ownerId` owns it (a status change of the run). */
  async updateOwned(id: string, ownerId: string, changes: Partial<ContactImport>, tx?: EntityManager): Promise<void> {
    await this.manager(tx).getRepository(ContactImport).update({ id, ownerId }, changes);
  }

  /** Makes the batches of all imports take turns, until the transaction ends. */
  async lockBatches(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  async insertIssues(importId: string, issues: ImportIssueRow[], tx: EntityManager): Promise<void> {
    if (issues.length === 0) return;
    await tx.query(
      `INSERT INTO contact_import_issues (import_id, row, field, severity, reason)
       SELECT $1::uuid, u.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u`,
      [
        importId,
        issues.map((i) => i.row),
        issues.map((i) => i.field),
        issues.map((i) => i.severity),
        issues.map((i) => i.reason),
      ],
    );
  }

  /**
   * Records the progress of a running import (and, with `finishedAt`, its completion) while
   * `ownerId` still owns it. Returns false when it no longer does.
   */
  async recordProgress(
    importId: string,
    ownerId: string,
    progress: ImportProgress,
    finishedAt: Date | null,
    tx: EntityManager,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(ContactImport)
      .set({
        ...progress,
        ...(finishedAt ? { status: ImportStatus.Completed, finishedAt, leaseExpiresAt: null } : {}),
      })
      .where('id = :importId AND owner_id = :owner AND status = :running', {
        importId,
        owner: ownerId,
        running: ImportStatus.Running,
      })
      .execute();
    return result.affected === 1;
  }
}
