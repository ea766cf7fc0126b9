import type { components } from '@survey/api-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { ConfigError } from '../src/config/environment';
import { CampaignsService } from '../src/delivery/campaigns.service';
import { InvitationTokens } from '../src/delivery/invitation-tokens';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];
type RetentionRunDto = components['schemas']['RetentionRunDto'];
type RetentionPreviewDto = components['schemas']['RetentionPreviewDto'];
type RetentionPolicyDto = components['schemas']['RetentionPolicyDto'];

const TOKEN = 'X-Invitation-Token';
const FIXTURE_PERSONAL_VALUES = [
  'amelie.durand@example.fr',
  'j.mueller@example.de',
  'li.wei@example.cn',
  'Amélie Durand',
  'Jürgen Müller',
  '1234567',
  'More webinars',
];

/** The moment `months` calendar months after `from` (UTC), as the clock will be moved. */
function monthsAfter(from: Date, months: number): Date {
  const moved = new Date(from.getTime());
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}

const countOf = (counts: { kind: string; count: number }[], kind: string) =>
  counts.find((c) => c.kind === kind)?.count ?? 0;

/**
 * Issue 7, items 7, 8 and 10: a retention run with the clock moved 25 months forward deletes
 * everything that was due, keeps what was not, leaves a receipt without personal values, and
 * the audit chain still verifies from its signed checkpoint.
 */
describe('Retention runs', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let dataDir: string;
  let now: Date;
  const T0 = new Date();
  const staff = {} as Record<'analyst' | 'officer' | 'admin' | 'management', TestStaff>;

  const api = () => request(t.app.getHttpServer());
  /** A fresh session (sessions expire by the injected clock, which the tests move). */
  const as = (who: keyof typeof staff) => sessionFor(t.app, staff[who]).then(bearer);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  async function runNow(who: 'officer' | 'admin' = 'officer'): Promise<RetentionRunDto> {
    const res = await api()
      .post('/api/v1/retention/runs')
      .set(await as(who))
      .expect(202);
    const started = res.body as RetentionRunDto;
    expect(res.headers.location).toBe(`/api/v1/retention/runs/${started.id}`);
    await t.app.get(RetentionService).settled(started.id);
    const done = await api()
      .get(`/api/v1/retention/runs/${started.id}`)
      .set(await as('officer'))
      .expect(200);
    return done.body as RetentionRunDto;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'retention-test-'));
    t = await createTestApp({ databaseUrl: db.url, env: { DATA_DIR: dataDir, RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    now = new Date(T0.getTime());
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    staff.analyst = await newStaff(t.app, StaffRole.Analyst);
    staff.officer = await newStaff(t.app, StaffRole.PrivacyOfficer);
    staff.admin = await newStaff(t.app, StaffRole.Admin);
    staff.management = await newStaff(t.app, StaffRole.Management);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the 24-month limit (item 7)', () => {
    it('refuses a survey retention of 24 + 1 months, on creation and on change, and writes nothing', async () => {
      const analyst = await as('analyst');
      const before = await count('surveys');
      const created = await api()
        .post('/api/v1/surveys')
        .set(analyst)
        .send({ name: 'Too long', retentionMonths: 25 })
        .expect(400);
      expect((created.body as Problem).errors?.map((e) => e.field)).toEqual(['retentionMonths']);
      expect(await count('surveys')).toBe(before);

      const ok = await api()
        .post('/api/v1/surveys')
        .set(analyst)
        .send({ name: 'Fine', retentionMonths: 24 })
        .expect(201);
      const patched = await api()
        .patch(`/api/v1/surveys/${ok.body.id}`)
        .set(analyst)
        .send({ retentionMonths: 25 })
        .expect(400);
      expect((patched.body as Problem).errors?.map((e) => e.field)).toEqual(['retentionMonths']);
      const zero = await api().patch(`/api/v1/surveys/${ok.body.id}`).set(analyst).send({ retentionMonths: 0 });
      expect(zero.status).toBe(400);
      const [row] = await dataSource.query('SELECT retention_months FROM surveys WHERE id = $1', [ok.body.id]);
      expect(row.retention_months).toBe(24);
    });

    it('refuses RETENTION_MONTHS=25 at start-up, naming the variable', () => {
      expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_MONTHS: '25' })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_MONTHS: '25' })).toThrow(/RETENTION_MONTHS/);
    });

    it('refuses malformed retention settings', () => {
      expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_RUN_HOUR: '24' })).toThrow(/RETENTION_RUN_HOUR/);
      expect(() => loadConfig({ NODE_ENV: 'test', RETENTION_BATCH_SIZE: '10' })).toThrow(/RETENTION_BATCH_SIZE/);
      expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_CHECKPOINT_KEY: 'short' })).toThrow(/AUDIT_CHECKPOINT_KEY/);
    });
  });

  describe('policy and preview', () => {
    it('shows the policy to privacy officers, administrators and analysts, not to management', async () => {
      const res = await api()
        .get('/api/v1/retention/policy')
        .set(await as('analyst'))
        .expect(200);
      const policy = res.body as RetentionPolicyDto;
      expect(policy).toMatchObject({ retentionMonths: 24, schedule: { enabled: false, hourUtc: 3 }, batchSize: 2000 });
      expect(policy.kinds.map((k) => k.kind)).toEqual([
        // Each owning module registers its own at start-up; the registry keeps this order,
        // whichever module starts first (responses before the invitations they hold; audit last).
        'privacy_request_downloads',
        'privacy_request_addresses',
        'privacy_requests',
        'provider_erasure_notices',
        'responses',
        'response_links',
        'drafts',
        'invitations',
        'contacts',
        'mail_outbox',
        'provider_idempotency_keys',
        'audit_events',
      ]);
      expect(policy.kinds.every((k) => typeof k.rule === 'string' && k.rule.length > 20)).toBe(true);
      await api()
        .get('/api/v1/retention/policy')
        .set(await as('management'))
        .expect(403);
      await api()
        .get('/api/v1/retention/preview')
        .set(await as('analyst'))
        .expect(403);
    });

    it.each([
      ['days=-1', 'days'],
      ['days=731', 'days'],
      ['days=1.5', 'days'],
      ['days=soon', 'days'],
    ])('refuses a preview with %s, naming the field', async (query, field) => {
      const res = await api()
        .get(`/api/v1/retention/preview?${query}`)
        .set(await as('officer'))
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set((res.body as Problem).errors?.map((e) => e.field))]).toEqual([field]);
    });
  });

  describe('a run with the clock moved 25 months forward', () => {
    let surveyA: string;
    let surveyB: string;
    let invitees: Invitee[];
    let kept: Invitee[];
    let due: Invitee[];
    let reinvited: Invitee;
    let responseIds: { a: string[]; b: string[] };
    let auditBefore: number;
    let run: RetentionRunDto;
    let preview: RetentionPreviewDto;

    beforeAll(async () => {
      // T0: ten contacts imported and invited to survey A (kept 24 months, not anonymised at close).
      const analyst = (await as('analyst')).Authorization.replace('Bearer ', '');
      ({ surveyId: surveyA, invitees } = await surveyWithInvitees(t.app, analyst, { name: 'Survey A' }));
      await api()
        .patch(`/api/v1/surveys/${surveyA}`)
        .set(bearer(analyst))
        .send({ anonymiseAtClose: false })
        .expect(200);
      kept = invitees.filter((i) => i.country === 'FR' || i.country === 'DE');
      due = invitees.filter((i) => !kept.includes(i));
      expect(kept.length).toBe(2);
      reinvited = kept[0];
      // Three answer A at T0 (one of them will be invited again later); one only saves a draft.
      for (const invitee of [reinvited, due[0], due[1]]) {
        await api()
          .post('/api/v1/respond/submit')
          .set(TOKEN, invitee.token)
          .send({ answers: completeAnswers() })
          .expect(200);
      }
      await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, due[2].token)
        .send({ answers: { nps: 3 } })
        .expect(200);

      // T0 + 12 months: survey B invites the FR and DE contacts again (their clocks restart); one answers.
      now = monthsAfter(T0, 12);
      const analystLater = await as('analyst');
      const b = await api()
        .post('/api/v1/surveys')
        .set(analystLater)
        .send({
          name: 'Survey B',
          questionnaire: (await api().get(`/api/v1/surveys/${surveyA}`).set(analystLater)).body.questionnaire,
        })
        .expect(201);
      surveyB = b.body.id;
      await api().post(`/api/v1/surveys/${surveyB}/publish`).set(analystLater).expect(200);
      const campaign = await api()
        .post(`/api/v1/surveys/${surveyB}/campaigns`)
        .set(analystLater)
        .send({ name: 'FR and DE', target: { countries: ['FR', 'DE'] } })
        .expect(202);
      await t.app.get(CampaignsService).settled(campaign.body.id);
      // created_at of invitations and mail comes from the database's own clock, which a test
      // cannot move: set it to the moved clock's time, as if they had been made then.
      await dataSource.query('UPDATE invitations SET created_at = $2 WHERE survey_id = $1', [surveyB, now]);
      await dataSource.query(
        'UPDATE mail_outbox SET created_at = $2 WHERE invitation_id IN (SELECT id FROM invitations WHERE survey_id = $1)',
        [surveyB, now],
      );
      const [bInvitation] = await dataSource.query(
        'SELECT id FROM invitations WHERE survey_id = $1 AND contact_id = $2',
        [surveyB, reinvited.contactId],
      );
      const [bToken] = await dataSource.transaction((manager) => InvitationTokens.issue(manager, [bInvitation.id]));
      await dataSource.query('UPDATE invitation_tokens SET created_at = $2 WHERE invitation_id = $1', [
        bInvitation.id,
        now,
      ]);
      await api().post('/api/v1/respond/submit').set(TOKEN, bToken).send({ answers: completeAnswers() }).expect(200);
      responseIds = {
        a: (await dataSource.query('SELECT id FROM responses WHERE survey_id = $1', [surveyA])).map(
          (r: { id: string }) => r.id,
        ),
        b: (await dataSource.query('SELECT id FROM responses WHERE survey_id = $1', [surveyB])).map(
          (r: { id: string }) => r.id,
        ),
      };
      expect(responseIds.a.length).toBe(3);
      expect(responseIds.b.length).toBe(1);

      // T0 + 25 months.
      now = monthsAfter(T0, 25);
      auditBefore = await count('audit_events');
      preview = (
        await api()
          .get('/api/v1/retention/preview?days=0')
          .set(await as('officer'))
          .expect(200)
      ).body as RetentionPreviewDto;
      run = await runNow('officer');
    });

    it('previewed what the run then deleted', () => {
      expect(preview.days).toBe(0);
      expect(new Date(preview.at).getTime()).toBe(now.getTime());
      for (const kind of ['contacts', 'responses', 'invitations', 'mail_outbox', 'drafts']) {
        expect([kind, countOf(preview.counts, kind)]).toEqual([kind, countOf(run.counts, kind)]);
      }
      expect(countOf(preview.counts, 'contacts')).toBe(due.length);
      expect(countOf(preview.counts, 'responses')).toBe(3);
      expect(countOf(preview.counts, 'invitations')).toBe(invitees.length);
      expect(countOf(preview.counts, 'audit_events')).toBeGreaterThan(0);
    });

    it('completed, with a receipt of what it did', async () => {
      expect(run).toMatchObject({
        status: 'completed',
        trigger: 'manual',
        triggeredBy: staff.officer.user.id,
        currentKind: null,
        errors: [],
      });
      expect(new Date(run.dueAt).getTime()).toBe(now.getTime());
      expect(run.finishedAt).not.toBeNull();
      expect(run.policy.retentionMonths).toBe(24);
      expect(run.policy.surveys).toEqual(
        expect.arrayContaining([
          { surveyId: surveyA, retentionMonths: 24, anonymiseAtClose: false },
          { surveyId: surveyB, retentionMonths: 24, anonymiseAtClose: true },
        ]),
      );
      expect(countOf(run.counts, 'contacts')).toBe(due.length);
      expect(countOf(run.counts, 'subject_keys')).toBe(due.length);
      expect(countOf(run.counts, 'responses')).toBe(3);
      expect(countOf(run.counts, 'invitations')).toBe(invitees.length);
      expect(countOf(run.counts, 'mail_outbox')).toBe(invitees.length);
      expect(countOf(run.counts, 'audit_events')).toBeGreaterThan(0);

      const list = await api()
        .get('/api/v1/retention/runs?limit=5')
        .set(await as('admin'))
        .expect(200);
      expect(list.body.meta).toMatchObject({ page: 1, limit: 5, total: 1, hasNextPage: false });
      expect(list.body.items[0].id).toBe(run.id);
    });

    it('left nothing of what was due: contacts, keys, invitations, drafts, tokens, mail, responses', async () => {
      const dueIds = due.map((i) => i.contactId);
      expect(await count('contacts WHERE id = ANY($1::uuid[])', [dueIds])).toBe(0);
      expect(await count('keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [dueIds])).toBe(0);
      expect(await count('invitations WHERE survey_id = $1', [surveyA])).toBe(0);
      expect(
        await count('invitation_tokens t JOIN invitations i ON i.id = t.invitation_id WHERE i.survey_id = $1', [
          surveyA,
        ]),
      ).toBe(0);
      expect(await count('mail_outbox WHERE subject_id = ANY($1::uuid[])', [dueIds])).toBe(0);
      expect(await count('responses WHERE id = ANY($1::uuid[])', [responseIds.a])).toBe(0);
      expect(await count('invitations WHERE draft_answers IS NOT NULL')).toBe(0);

      // No identifier of anything deleted survives anywhere in the database (audit log included).
      const tables: { schema: string; name: string }[] = await dataSource.query(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_schema IN ('public', 'keystore') AND table_type = 'BASE TABLE'`,
      );
      const gone = [...dueIds, ...responseIds.a, ...due.map((i) => i.invitationId)];
      for (const { schema, name } of tables) {
        const [row] = await dataSource.query(
          `SELECT count(*)::int AS n FROM "${schema}"."${name}" t WHERE t::text ~ $1`,
          [gone.join('|')],
        );
        expect([`${schema}.${name}`, row.n]).toEqual([`${schema}.${name}`, 0]);
      }
    });

    it('kept what was not due: the contacts invited again, survey B’s invitation, response and mail', async () => {
      const keptIds = kept.map((i) => i.contactId);
      expect(await count('contacts WHERE id = ANY($1::uuid[])', [keptIds])).toBe(2);
      expect(await count('keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [keptIds])).toBe(2);
      expect(await count('invitations WHERE survey_id = $1', [surveyB])).toBe(2);
      expect(
        await count('mail_outbox m JOIN invitations i ON i.id = m.invitation_id WHERE i.survey_id = $1', [surveyB]),
      ).toBe(2);
      const [b] = await dataSource.query('SELECT invitation_id, free_text FROM responses WHERE id = $1', [
        responseIds.b[0],
      ]);
      expect(b.invitation_id).not.toBeNull();
      expect(b.free_text).not.toBeNull();
      // The kept response is still readable, free text included.
      const raw = await api()
        .get(`/api/v1/surveys/${surveyB}/responses`)
        .set(await as('analyst'))
        .expect(200);
      expect(raw.body.items).toHaveLength(1);
      expect(raw.body.items[0].answers.suggestions).toBe('More webinars, please.');
      // Audit events from the last 24 months stay.
      expect(await count('audit_events WHERE occurred_at >= $1', [monthsAfter(T0, 12)])).toBeGreaterThan(0);
      expect(await count('audit_events')).toBeLessThan(auditBefore);
    });

    it('holds no personal value in its receipt', async () => {
      const res = await api()
        .get(`/api/v1/retention/runs/${run.id}`)
        .set(await as('officer'))
        .expect(200);
      const text = JSON.stringify(res.body);
      for (const value of [
        ...FIXTURE_PERSONAL_VALUES,
        ...invitees.flatMap((i) => [i.contactId, i.invitationId, i.token]),
        ...responseIds.a,
        ...responseIds.b,
      ]) {
        expect(text).not.toContain(value);
      }
      const [stored] = await dataSource.query('SELECT * FROM retention_runs WHERE id = $1', [run.id]);
      const storedText = JSON.stringify(stored);
      for (const value of invitees.flatMap((i) => [i.contactId, i.invitationId]))
        expect(storedText).not.toContain(value);
    });

    it('cut the audit log behind a signed checkpoint from which the chain still verifies', async () => {
      const verify = await api()
        .get('/api/v1/audit-events/verify')
        .set(await as('officer'))
        .expect(200);
      expect(verify.body).toMatchObject({ valid: true, firstBrokenSeq: null, reason: null });
      const [checkpoint] = await dataSource.query('SELECT seq::int, hash FROM audit_checkpoints');
      const [first] = await dataSource.query(
        'SELECT min(seq)::int AS seq, (SELECT prev_hash FROM audit_events ORDER BY seq LIMIT 1) AS prev FROM audit_events',
      );
      expect(first.seq).toBe(checkpoint.seq + 1);
      expect(first.prev).toBe(checkpoint.hash);
      expect(verify.body.checkedEvents).toBe(await count('audit_events'));
      // The run is audited with counts only.
      const events = await dataSource.query(
        `SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY seq`,
        [run.id],
      );
      expect(events.map((e: { action: string }) => e.action)).toEqual([
        'retention.run_started',
        'retention.run_completed',
      ]);
      expect(events[1].details).toMatchObject({ contacts: due.length, responses: 3, failedKinds: [] });
    });

    it('refuses to delete audit events the checkpoint does not cover, and notices a forged checkpoint', async () => {
      const [{ seq }] = await dataSource.query('SELECT min(seq)::text AS seq FROM audit_events');
      await expect(dataSource.query('DELETE FROM audit_events WHERE seq = $1', [seq])).rejects.toThrow(/append-only/);
      await expect(
        dataSource.query('UPDATE audit_events SET action = $2 WHERE seq = $1', [seq, 'x.y']),
      ).rejects.toThrow(/append-only/);
      const [original] = await dataSource.query('SELECT * FROM audit_checkpoints');
      const verifyNow = async () =>
        (
          await api()
            .get('/api/v1/audit-events/verify')
            .set(await as('officer'))
            .expect(200)
        ).body;
      try {
        await dataSource.query(`UPDATE audit_checkpoints SET signature = repeat('0', 64)`);
        expect(await verifyNow()).toMatchObject({
          valid: false,
          firstBrokenSeq: Number(original.seq),
          reason: 'the checkpoint signature does not verify',
        });
        // A checkpoint moved to another event does not verify either.
        await dataSource.query('UPDATE audit_checkpoints SET signature = $1, seq = seq + 1', [original.signature]);
        expect((await verifyNow()).valid).toBe(false);
        // Events cut without a checkpoint show as a gap at the start.
        await dataSource.query('DELETE FROM audit_checkpoints');
        expect(await verifyNow()).toMatchObject({
          valid: false,
          firstBrokenSeq: 1,
          reason: 'event missing: the sequence has a gap',
        });
      } finally {
        await dataSource.query('DELETE FROM audit_checkpoints');
        await dataSource.query(
          `INSERT INTO audit_checkpoints (seq, hash, event_occurred_at, created_at, key_id, signature)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            original.seq,
            original.hash,
            original.event_occurred_at,
            original.created_at,
            original.key_id,
            original.signature,
          ],
        );
      }
      expect((await verifyNow()).valid).toBe(true);
    });

    it('deletes nothing more when run again, and says so', async () => {
      const again = await runNow('admin');
      expect(again.status).toBe('completed');
      expect(again.counts).toEqual([]);
      expect(await count('contacts')).toBe(2);
    });
  });
});
