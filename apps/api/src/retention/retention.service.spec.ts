import { AuditService } from '../audit/audit.service';
import { StaffRole } from '../auth/roles';
import { PageQueryDto } from '../common/pagination';
import { KeystoreService } from '../crypto/keystore.service';
import { freeTextContext } from '../ingestion/response-store';
import { createMediumTest, type MediumTest } from '../../test/utils/medium';
import {
  newCampaign,
  newContacts,
  newDraft,
  newResponse,
  newStaffUser,
  newSurvey,
  pageQuery,
  type NewInvitation,
} from '../../test/utils/factories';
import { RetentionRunStatus, RetentionRunTrigger, type RetentionRun } from './retention-run.entity';
import { RetentionService } from './retention.service';

/** The moment `months` calendar months after `from` (UTC), as the clock will be moved. */
function monthsAfter(from: Date, months: number): Date {
  const moved = new Date(from.getTime());
  moved.setUTCMonth(moved.getUTCMonth() + months);
  return moved;
}

const countOf = (counts: { kind: string; count: number }[], kind: string) =>
  counts.find((c) => c.kind === kind)?.count ?? 0;

describe('RetentionService', () => {
  let t: MediumTest;
  let retention: RetentionService;
  const T0 = new Date();

  const count = async (sql: string, params: unknown[] = []) =>
    (await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  /** Starts a run as a privacy officer would, and waits for it to finish. */
  async function runNow(actorId: string | null): Promise<RetentionRun> {
    const started = actorId
      ? await retention.start(RetentionRunTrigger.Manual, actorId)
      : await retention.startScheduled();
    expect(started).not.toBeNull();
    expect(started!.status).toBe(RetentionRunStatus.Running);
    await retention.settled(started!.id);
    return retention.get(started!.id);
  }

  beforeAll(async () => {
    t = await createMediumTest({ now: T0, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    retention = t.get(RetentionService);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('purges in a fixed order: responses before the invitations they hold, the audit log last', () => {
    // Each owning module registers its own at start-up; the registry keeps this order,
    // whichever module starts first.
    expect(retention.kinds().map((k) => k.kind)).toEqual([
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
    expect(retention.kinds().every((k) => typeof k.rule === 'string' && k.rule.length > 20)).toBe(true);
  });

  it('answers not found for a run that does not exist', async () => {
    await expect(retention.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  describe('a run with the clock moved 25 months forward', () => {
    const PEOPLE = [
      { name: 'Amélie Durand', email: 'amelie.durand@example.fr', country: 'FR', segment: 'applicant' },
      { name: 'Jürgen Müller', email: 'j.mueller@example.de', country: 'DE', segment: 'agent' },
      { name: 'Li Wei', email: 'li.wei@example.cn', country: 'CN', segment: 'holder' },
      { name: 'Sofía García', email: 'sofia.garcia@example.es', country: 'ES', segment: 'agent' },
      { name: 'Giulia Rossi', email: 'giulia.rossi@example.it', country: 'IT', segment: 'applicant' },
    ];
    const PERSONAL_VALUES = [...PEOPLE.flatMap((p) => [p.name, p.email]), 'More webinars'];
    let officer: string;
    let admin: string;
    let surveyA: string;
    let surveyB: string;
    let invitationsA: NewInvitation[];
    let kept: NewInvitation[];
    let due: NewInvitation[];
    let responseIds: { a: string[]; b: string[] };
    let auditBefore: number;
    let preview: { at: Date; counts: { kind: string; count: number }[] };
    let run: RetentionRun;

    beforeAll(async () => {
      officer = (await newStaffUser(t, { role: StaffRole.PrivacyOfficer })).id;
      admin = (await newStaffUser(t, { role: StaffRole.Admin })).id;
      // T0: five contacts imported and invited to survey A (kept 24 months, not anonymised at close).
      const { contactIds } = await newContacts(t, PEOPLE);
      expect(contactIds).toHaveLength(5);
      surveyA = (await newSurvey(t, { name: 'Survey A', anonymiseAtClose: false })).id;
      ({ invitations: invitationsA } = await newCampaign(t, surveyA));
      const byCountry = new Map(PEOPLE.map((p, i) => [contactIds[i], p.country]));
      kept = invitationsA.filter((i) => ['FR', 'DE'].includes(byCountry.get(i.contactId)!));
      due = invitationsA.filter((i) => !kept.includes(i));
      expect(kept).toHaveLength(2);
      const reinvited = kept[0];
      // Three answer A at T0 (one of them will be invited again later); one only saves a draft.
      for (const invitation of [reinvited, due[0], due[1]]) await newResponse(t, invitation);
      await newDraft(t, due[2]);

      // T0 + 12 months: survey B invites the FR and DE contacts again (their clocks restart); one answers.
      t.clock.set(monthsAfter(T0, 12));
      surveyB = (await newSurvey(t, { name: 'Survey B' })).id;
      const b = await newCampaign(t, surveyB, { target: { countries: ['FR', 'DE'] } });
      // created_at of invitations, tokens and mail comes from the database's own clock, which a
      // test cannot move: set it to the moved clock's time, as if they had been made then.
      await t.query('UPDATE invitations SET created_at = $2 WHERE survey_id = $1', [surveyB, t.clock.now()]);
      await t.query(
        'UPDATE mail_outbox SET created_at = $2 WHERE invitation_id IN (SELECT id FROM invitations WHERE survey_id = $1)',
        [surveyB, t.clock.now()],
      );
      await t.query(
        'UPDATE invitation_tokens SET created_at = $2 WHERE invitation_id IN (SELECT id FROM invitations WHERE survey_id = $1)',
        [surveyB, t.clock.now()],
      );
      await newResponse(
        t,
        b.invitations.find((i) => i.contactId === reinvited.contactId)!,
      );
      const idsOf = async (surveyId: string) =>
        (await t.query<{ id: string }>('SELECT id FROM responses WHERE survey_id = $1', [surveyId])).map((r) => r.id);
      responseIds = { a: await idsOf(surveyA), b: await idsOf(surveyB) };
      expect(responseIds.a).toHaveLength(3);
      expect(responseIds.b).toHaveLength(1);

      // T0 + 25 months.
      t.clock.set(monthsAfter(T0, 25));
      auditBefore = await count('audit_events');
      preview = await retention.preview(0);
      run = await runNow(officer);
    });

    it('previewed what the run then deleted', () => {
      expect(preview.at.getTime()).toBe(t.clock.now().getTime());
      const ran = Object.entries(run.counts).map(([kind, n]) => ({ kind, count: n }));
      for (const kind of ['contacts', 'responses', 'invitations', 'mail_outbox', 'drafts']) {
        expect([kind, countOf(preview.counts, kind)]).toEqual([kind, countOf(ran, kind)]);
      }
      expect(countOf(preview.counts, 'contacts')).toBe(due.length);
      expect(countOf(preview.counts, 'responses')).toBe(3);
      expect(countOf(preview.counts, 'invitations')).toBe(invitationsA.length);
      expect(countOf(preview.counts, 'audit_events')).toBeGreaterThan(0);
    });

    it('previews further ahead as of that day', async () => {
      const ahead = await retention.preview(30);
      expect(ahead.at.getTime()).toBe(t.clock.now().getTime() + 30 * 24 * 3600 * 1000);
    });

    it('completed, with a receipt of what it did and under which policy', async () => {
      expect(run).toMatchObject({
        status: RetentionRunStatus.Completed,
        trigger: RetentionRunTrigger.Manual,
        triggeredBy: officer,
        currentKind: null,
        errors: [],
      });
      expect(run.dueAt.getTime()).toBe(t.clock.now().getTime());
      expect(run.finishedAt).not.toBeNull();
      expect(run.policy.retentionMonths).toBe(24);
      expect(run.policy.surveys).toEqual(
        expect.arrayContaining([
          { surveyId: surveyA, retentionMonths: 24, anonymiseAtClose: false },
          { surveyId: surveyB, retentionMonths: 24, anonymiseAtClose: true },
        ]),
      );
      expect(run.counts.contacts).toBe(due.length);
      expect(run.counts.subject_keys).toBe(due.length);
      expect(run.counts.responses).toBe(3);
      expect(run.counts.invitations).toBe(invitationsA.length);
      expect(run.counts.mail_outbox).toBe(invitationsA.length);
      expect(run.counts.audit_events).toBeGreaterThan(0);
      const list = await retention.list(pageQuery(PageQueryDto, { limit: 5 }));
      expect(list.items.map((r) => r.id)).toEqual([run.id]);
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
      const tables = await t.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_schema IN ('public', 'keystore') AND table_type = 'BASE TABLE'`,
      );
      const gone = [...dueIds, ...responseIds.a, ...due.map((i) => i.invitationId)];
      for (const { schema, name } of tables) {
        const n = await count(`"${schema}"."${name}" t WHERE t::text ~ $1`, [gone.join('|')]);
        expect([`${schema}.${name}`, n]).toEqual([`${schema}.${name}`, 0]);
      }
    });

    it('kept what was not due: the contacts invited again, survey B’s invitations, response and mail', async () => {
      const keptIds = kept.map((i) => i.contactId);
      expect(await count('contacts WHERE id = ANY($1::uuid[])', [keptIds])).toBe(2);
      expect(await count('keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [keptIds])).toBe(2);
      expect(await count('invitations WHERE survey_id = $1', [surveyB])).toBe(2);
      expect(
        await count('mail_outbox m JOIN invitations i ON i.id = m.invitation_id WHERE i.survey_id = $1', [surveyB]),
      ).toBe(2);
      const [b] = await t.query<{
        id: string;
        invitation_id: string | null;
        free_text: Buffer | null;
        contact: string;
      }>(
        `SELECT r.id, r.invitation_id, r.free_text, i.contact_id AS contact
           FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE r.id = $1`,
        [responseIds.b[0]],
      );
      expect(b.invitation_id).not.toBeNull();
      // The kept response's free text is still readable with its respondent's key.
      const keystore = t.get(KeystoreService);
      const text = keystore.crypto.decryptJson<{ suggestions?: string }>(
        await keystore.keyFor(b.contact),
        b.free_text!,
        freeTextContext(b.id),
      );
      expect(text.suggestions).toBe('More webinars, please.');
      // Audit events from the last 24 months stay.
      expect(await count('audit_events WHERE occurred_at >= $1', [monthsAfter(T0, 12)])).toBeGreaterThan(0);
      expect(await count('audit_events')).toBeLessThan(auditBefore);
    });

    it('holds no personal value or identifier of what it deleted in its receipt', async () => {
      const text = JSON.stringify(await retention.get(run.id));
      for (const value of [
        ...PERSONAL_VALUES,
        ...invitationsA.flatMap((i) => [i.contactId, i.invitationId, i.token]),
        ...responseIds.a,
        ...responseIds.b,
      ]) {
        expect(text).not.toContain(value);
      }
      const [stored] = await t.query('SELECT * FROM retention_runs WHERE id = $1', [run.id]);
      const storedText = JSON.stringify(stored);
      for (const value of invitationsA.flatMap((i) => [i.contactId, i.invitationId])) {
        expect(storedText).not.toContain(value);
      }
    });

    it('cut the audit log behind a signed checkpoint from which the chain still verifies, and audited counts only', async () => {
      const verified = await t.get(AuditService).verify();
      expect(verified).toMatchObject({ valid: true, firstBrokenSeq: null, reason: null });
      const [checkpoint] = await t.query<{ seq: number; hash: string }>('SELECT seq::int, hash FROM audit_checkpoints');
      const [first] = await t.query<{ seq: number; prev: string }>(
        'SELECT min(seq)::int AS seq, (SELECT prev_hash FROM audit_events ORDER BY seq LIMIT 1) AS prev FROM audit_events',
      );
      expect(first.seq).toBe(checkpoint.seq + 1);
      expect(first.prev).toBe(checkpoint.hash);
      expect(verified.checkedEvents).toBe(await count('audit_events'));
      const events = await t.query<{ action: string; details: Record<string, unknown> }>(
        'SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY seq',
        [run.id],
      );
      expect(events.map((e) => e.action)).toEqual(['retention.run_started', 'retention.run_completed']);
      expect(events[1].details).toMatchObject({ contacts: due.length, responses: 3, failedKinds: [] });
    });

    it('refuses to delete audit events the checkpoint does not cover, and notices a forged checkpoint', async () => {
      const [{ seq }] = await t.query<{ seq: string }>('SELECT min(seq)::text AS seq FROM audit_events');
      await expect(t.query('DELETE FROM audit_events WHERE seq = $1', [seq])).rejects.toThrow(/append-only/);
      await expect(t.query('UPDATE audit_events SET action = $2 WHERE seq = $1', [seq, 'x.y'])).rejects.toThrow(
        /append-only/,
      );
      const [original] = await t.query<Record<string, unknown>>('SELECT * FROM audit_checkpoints');
      const audit = t.get(AuditService);
      try {
        await t.query(`UPDATE audit_checkpoints SET signature = repeat('0', 64)`);
        expect(await audit.verify()).toMatchObject({
          valid: false,
          firstBrokenSeq: Number(original.seq),
          reason: 'the checkpoint signature does not verify',
        });
        // A checkpoint moved to another event does not verify either.
        await t.query('UPDATE audit_checkpoints SET signature = $1, seq = seq + 1', [original.signature]);
        expect((await audit.verify()).valid).toBe(false);
        // Events cut without a checkpoint show as a gap at the start.
        await t.query('DELETE FROM audit_checkpoints');
        expect(await audit.verify()).toMatchObject({
          valid: false,
          firstBrokenSeq: 1,
          reason: 'event missing: the sequence has a gap',
        });
      } finally {
        await t.query('DELETE FROM audit_checkpoints');
        await t.query(
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
      expect((await audit.verify()).valid).toBe(true);
    });

    it('deletes nothing more when run again, and says so', async () => {
      const again = await runNow(admin);
      expect(again.status).toBe(RetentionRunStatus.Completed);
      expect(again.triggeredBy).toBe(admin);
      expect(again.counts).toEqual({});
      expect(await count('contacts')).toBe(2);
    });
  });
});
