import { Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type PurgeBatchResult, RetentionRegistry, type RetentionTarget } from '../../src/retention/retention-registry';

/**
 * A test-only retention kind over a table of its own (`retention_probe`, created by the test),
 * registered through the `imports` option as another module's target would be. Tests set what its
 * next calls do; every app of one test file shares this state.
 */
export const probe = {
  /** purgeBatch throws on this call number (1-based, over all apps), once; 0 never. */
  failOnCall: 0,
  calls: 0,
  /** The next purgeBatch call (only that one) waits until this promise resolves. */
  gate: null as Promise<void> | null,
  /** Resolves when a call has reached the gate. */
  reachedGate: null as (() => void) | null,
};

export const PROBE_TABLE_DDL = 'CREATE TABLE retention_probe (id serial PRIMARY KEY)';

/** Back to a probe that neither fails nor waits. */
export function resetProbe(): void {
  probe.calls = 0;
  probe.failOnCall = 0;
  probe.gate = null;
  probe.reachedGate = null;
}

/** Deletes rows of its own table in batches, and can be made to fail or wait mid-way. */
class ProbeTarget implements RetentionTarget {
  readonly kind = 'test_probe';
  constructor(private readonly dataSource: DataSource) {}

  async countDue(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM retention_probe');
    return row.n;
  }

  async purgeBatch(_at: Date, limit: number): Promise<PurgeBatchResult> {
    probe.calls += 1;
    const gate = probe.gate;
    if (gate) {
      probe.gate = null;
      probe.reachedGate?.();
      await gate;
    }
    if (probe.calls === probe.failOnCall) throw new Error('probe failure');
    const [, deleted] = await this.dataSource.query(
      'DELETE FROM retention_probe WHERE id IN (SELECT id FROM retention_probe ORDER BY id LIMIT $1)',
      [limit],
    );
    return deleted;
  }
}

@Module({})
export class ProbeRetentionModule implements OnModuleInit {
  constructor(
    private readonly registry: RetentionRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(new ProbeTarget(this.dataSource));
  }
}
