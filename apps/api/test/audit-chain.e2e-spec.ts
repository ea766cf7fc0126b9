import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { chainHash } from '../src/audit/audit-chain';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { AuditService } from '../src/audit/audit.service';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';

describe('the audit log’s hash chain: numbered without gaps, and any tampering found', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let dataSource: DataSource;
  let audit: AuditService;
  let adminToken: string;
  let officerToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({ databaseUrl: db.url });
    dataSource = subject.app.get(DataSource);
    audit = subject.app.get(AuditService);
    adminToken = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.Admin));
    officerToken = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.PrivacyOfficer));
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  const verify = (token = officerToken) => dataOf(subject.api({ staff: token }).GET('/api/v1/audit-events/verify'));

  async function eventCount(): Promise<number> {
    const [row] = await dataSource.query<Array<{ count: string }>>('SELECT count(*) AS count FROM audit_events');
    return Number(row.count);
  }

  describe('concurrent appends', () => {
    it('numbers 50 parallel appends without gaps and keeps the chain valid', async () => {
      const before = await eventCount();
      const appends = Array.from({ length: 50 }, (_, index) =>
        audit.record({ action: 'test.concurrent', resourceType: 'probe_item', resourceId: `c-${index}` }),
      );
      // A verification running meanwhile sees one consistent snapshot of events and chain head.
      const [during] = await Promise.all([Promise.all([verify(), verify()]), Promise.all(appends)]);
      for (const verification of during) expect(verification).toMatchObject({ valid: true, firstBrokenSeq: null });
      const rows = await dataSource.query<Array<{ seq: string; resource_id: string; action: string }>>(
        'SELECT seq, resource_id, action FROM audit_events ORDER BY seq',
      );
      expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: before + 50 }, (_, i) => i + 1));
      const concurrent = rows.filter((row) => row.action === 'test.concurrent');
      expect(concurrent.map((row) => Number(row.seq)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => before + i + 1),
      );
      expect(new Set(concurrent.map((row) => row.resource_id)).size).toBe(50);
      const [head] = await dataSource.query<Array<{ last_seq: string }>>('SELECT last_seq FROM audit_chain_head');
      expect(Number(head.last_seq)).toBe(before + 50);
      expect(await verify()).toEqual({
        valid: true,
        checkedEvents: before + 50,
        lastSeq: before + 50,
        firstBrokenSeq: null,
        reason: null,
      });
    });
  });

  describe('tamper evidence', () => {
    const TRIGGER = 'audit_events_no_update_or_delete';
    /** The table owner, acting outside the application, as an attacker with database access would. */
    let owner: Client;
    let targets: number[];
    let total: number;

    beforeAll(async () => {
      for (let index = 0; index < 10; index += 1) {
        await audit.record({ action: 'test.tamper', resourceType: 'probe_item', resourceId: `t-${index}` });
      }
      for (let index = 0; index < 3; index += 1) {
        await audit.record({ action: 'test.tail', resourceType: 'probe_item', resourceId: `tail-${index}` });
      }
      const rows = await dataSource.query<Array<{ seq: string }>>(
        `SELECT seq FROM audit_events WHERE action = 'test.tamper' ORDER BY seq`,
      );
      targets = rows.map((row) => Number(row.seq));
      total = await eventCount();
      owner = new Client({ connectionString: db.url });
      await owner.connect();
    });

    afterAll(async () => {
      await owner?.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
      await owner?.end();
    });

    it('verifies the untouched log as valid, every event checked', async () => {
      expect(await verify()).toEqual({
        valid: true,
        checkedEvents: total,
        lastSeq: total,
        firstBrokenSeq: null,
        reason: null,
      });
      expect((await verify(adminToken)).valid).toBe(true);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit events through the application connection', async () => {
      await expect(
        dataSource.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [targets[0]]),
      ).rejects.toThrow('audit_events is append-only: UPDATE refused');
      await expect(
        dataSource.getRepository(AuditEvent).update({ seq: String(targets[0]) }, { details: { forged: true } }),
      ).rejects.toThrow('append-only');
      await expect(dataSource.query('DELETE FROM audit_events WHERE seq = $1', [targets[0]])).rejects.toThrow(
        'audit_events is append-only: DELETE refused',
      );
      await expect(dataSource.query('TRUNCATE audit_events')).rejects.toThrow(
        'audit_events is append-only: TRUNCATE refused',
      );
      expect(await eventCount()).toBe(total);
      expect((await verify()).valid).toBe(true);
    });

    describe('with the trigger disabled by the table owner', () => {
      beforeAll(async () => {
        await owner.query('CREATE TEMP TABLE original_events AS SELECT * FROM audit_events');
        await owner.query('CREATE TEMP TABLE original_head AS SELECT * FROM audit_chain_head');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
      });

      /** Puts every event and the chain head back as they were, and checks the chain is whole again. */
      afterEach(async () => {
        await owner.query('BEGIN');
        await owner.query('DELETE FROM audit_events');
        await owner.query('INSERT INTO audit_events SELECT * FROM original_events');
        await owner.query(
          'UPDATE audit_chain_head AS head SET last_seq = saved.last_seq, last_hash = saved.last_hash FROM original_head saved WHERE head.id = saved.id',
        );
        await owner.query('COMMIT');
        expect(await verify()).toMatchObject({ valid: true, checkedEvents: total });
      });

      it.each([
        ['details', `UPDATE audit_events SET details = details || '{"tampered": true}'::jsonb WHERE seq = $1`],
        ['action', `UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`],
        ['actor', `UPDATE audit_events SET actor_type = 'staff', actor_id = 'someone-else' WHERE seq = $1`],
        ['time', `UPDATE audit_events SET occurred_at = occurred_at - interval '1 day' WHERE seq = $1`],
        ['outcome', `UPDATE audit_events SET outcome = 'failure' WHERE seq = $1`],
        ['purpose', `UPDATE audit_events SET purpose = 'survey-analysis' WHERE seq = $1`],
        ['resource', `UPDATE audit_events SET resource_id = 't-forged' WHERE seq = $1`],
      ])('reports an event whose %s was changed, at its seq', async (_what, statement) => {
        const target = targets[4];
        const result = await owner.query(statement, [target]);
        expect(result.rowCount).toBe(1);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target - 1,
          lastSeq: target - 1,
          firstBrokenSeq: target,
          reason: 'content no longer matches its hash',
        });
      });

      it('reports an event deleted from the middle as a gap at its seq', async () => {
        const target = targets[4];
        await owner.query('DELETE FROM audit_events WHERE seq = $1', [target]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target - 1,
          lastSeq: target - 1,
          firstBrokenSeq: target,
          reason: 'event missing: the sequence has a gap',
        });
      });

      it('reports the next event when the tampered event has its own hash recomputed', async () => {
        const target = targets[4];
        await owner.query(`UPDATE audit_events SET details = '{"forged": true}'::jsonb WHERE seq = $1`, [target]);
        const forged = await dataSource.getRepository(AuditEvent).findOneByOrFail({ seq: String(target) });
        await owner.query('UPDATE audit_events SET hash = $1 WHERE seq = $2', [
          chainHash(forged.prevHash, forged),
          target,
        ]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: target,
          lastSeq: target,
          firstBrokenSeq: target + 1,
          reason: 'prev_hash is not the hash of the previous event',
        });
      });

      it('reports a deleted last event through the chain head', async () => {
        await owner.query('DELETE FROM audit_events WHERE seq = $1', [total]);
        expect(await verify()).toEqual({
          valid: false,
          checkedEvents: total - 1,
          lastSeq: total - 1,
          firstBrokenSeq: total,
          reason: 'the chain head does not match the last event: events were removed at the end',
        });
      });

      it('reports a rewritten tail (every later hash recomputed) through the chain head', async () => {
        const target = targets[4];
        await owner.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [target]);
        const repository = dataSource.getRepository(AuditEvent);
        let prevHash = (await repository.findOneByOrFail({ seq: String(target - 1) })).hash;
        for (let seq = target; seq <= total; seq += 1) {
          const event = await repository.findOneByOrFail({ seq: String(seq) });
          const hash = chainHash(prevHash, event);
          await owner.query('UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE seq = $3', [prevHash, hash, seq]);
          prevHash = hash;
        }
        const verification = await verify();
        expect(verification).toMatchObject({ valid: false, checkedEvents: total });
        expect(verification.reason).toContain('chain head');
      });
    });

    it('refuses tampering again once the trigger is back on', async () => {
      await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
      await expect(
        dataSource.query(`UPDATE audit_events SET action = 'test.harmless' WHERE seq = $1`, [targets[0]]),
      ).rejects.toThrow('append-only');
      await expect(owner.query('DELETE FROM audit_events WHERE seq = $1', [total])).rejects.toThrow('append-only');
      expect(await verify()).toMatchObject({ valid: true, checkedEvents: total, firstBrokenSeq: null });
    });
  });
});
