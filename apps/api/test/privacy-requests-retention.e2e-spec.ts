import type { components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { waitUntil } from '../src/jobs/wait-until';
import { MailSender } from '../src/mail/mail-sender.service';
import { addDays, addMonths } from '../src/privacy-requests/due-dates';
import { PrivacyRequestRetention } from '../src/privacy-requests/privacy-request-retention';
import { RetentionRegistry, RetentionTarget } from '../src/retention/retention-registry';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { startSmtp, TestSmtp } from './utils/smtp';
import { newApiKey, newStaff, sessionFor } from './utils/staff';

type RequestType = components['schemas']['CreatePrivacyRequestDto']['type'];

const VERIFY_LINK = /\/r\/verify-request#([A-Za-z0-9_-]{43})/;
const PURPOSE = { 'X-Purpose': 'privacy-request' };
const MINUTE = 60_000;

/**
 * The privacy-request module's own records under the retention run: each target is called
 * directly, as the run calls it, against the database.
 */
describe('Retention of privacy-request records', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let officer: string;
  let analyst: string;
  let target: (kind: string) => RetentionTarget;

  const officerApi = () => t.api({ staff: officer });
  const send = () => t.app.get(MailSender).runOnce(500);
  const lastMailTo = (address: string) => smtp.inbox.filter((d) => d.to === address).at(-1)!;
  const exists = async (sql: string, params: unknown[]) => (await dataSource.query(sql, params)).length > 0;
  const keyHeld = (id: string) => exists('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [id]);

  async function filed(type: RequestType, email: string): Promise<string> {
    await answered(t.api().POST('/api/v1/privacy-requests', { body: { type, email, details: 'Some details' } }), 202);
    const [{ id }] = await dataSource.query('SELECT id FROM privacy_requests ORDER BY received_at DESC LIMIT 1');
    return id as string;
  }

  async function verified(type: RequestType, email: string): Promise<string> {
    const id = await filed(type, email);
    await send();
    const token = VERIFY_LINK.exec(lastMailTo(email).mail.text ?? '')![1];
    await answered(t.api().POST('/api/v1/privacy-requests/verify', { body: { token } }), 200);
    return id;
  }

  /** Purges in batches of `limit` until the target says nothing is left; the batch sizes. */
  async function purgeAll(kind: string, at: Date, limit = 1): Promise<number[]> {
    const batches: number[] = [];
    for (;;) {
      const result = await target(kind).purgeBatch(at, limit);
      const n = typeof result === 'number' ? result : (result[kind] ?? 0);
      if (n === 0) return batches;
      batches.push(n);
    }
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PRIVACY_REQUEST_RETENTION_MONTHS: '12' },
    });
    dataSource = t.app.get(DataSource);
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    const registered = new Map(
      t.app
        .get(RetentionRegistry)
        .all()
        .map((item) => [item.kind, item]),
    );
    target = (kind) => registered.get(kind)!;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('registers its four kinds with the retention run', () => {
    const kinds = t.app.get(PrivacyRequestRetention).targets.map((item) => item.kind);
    expect(kinds).toEqual([
      'privacy_request_downloads',
      'privacy_request_addresses',
      'privacy_requests',
      'provider_erasure_notices',
    ]);
    for (const kind of kinds) expect(target(kind)).toBeDefined();
  });

  it('purges an unconfirmed request when its verification link expires, with its key and its mail', async () => {
    const id = await filed('access', 'never.confirmed@example.net');
    const now = new Date();
    const records = target('privacy_requests');
    expect(await records.countDue(now)).toBe(0);
    expect(await records.purgeBatch(now, 100)).toBe(0);
    expect(await keyHeld(id)).toBe(true);
    const expiry = addDays(now, 7);
    expect(await records.countDue(addDays(now, 6))).toBe(0);
    expect(await records.countDue(new Date(expiry.getTime() + MINUTE))).toBe(1);
    expect(await purgeAll('privacy_requests', new Date(expiry.getTime() + MINUTE))).toEqual([1]);
    expect(await exists('SELECT 1 FROM privacy_requests WHERE id = $1', [id])).toBe(false);
    expect(await keyHeld(id)).toBe(false);
    expect(await exists('SELECT 1 FROM mail_outbox WHERE subject_id = $1', [id])).toBe(false);
  });

  it('strips the address of a request closed a week ago whose closing mail never went', async () => {
    const id = await verified('objection', 'closing.stuck@example.net');
    await answered(
      officerApi().POST('/api/v1/privacy-requests/{id}/reject', {
        params: { path: { id }, header: PURPOSE },
        body: { reason: 'no-data-held' },
      }),
      200,
    );
    // No sender runs: the closing mail stays queued, so the address is still there.
    const [closing] = await dataSource.query(
      `SELECT m.status FROM mail_outbox m JOIN privacy_requests r ON r.closing_mail_id = m.id WHERE r.id = $1`,
      [id],
    );
    expect(closing.status).toBe('pending');
    const addresses = target('privacy_request_addresses');
    const now = new Date();
    expect(await addresses.countDue(addDays(now, 6))).toBe(0);
    expect(await addresses.countDue(addDays(now, 7.01))).toBe(1);
    expect(await purgeAll('privacy_request_addresses', addDays(now, 7.01))).toEqual([1]);
    const [row] = await dataSource.query('SELECT * FROM privacy_requests WHERE id = $1', [id]);
    expect(row).toMatchObject({
      status: 'rejected',
      rejection_reason: 'no-data-held',
      email_index: null,
      email_ciphertext: null,
      details_ciphertext: null,
      personal_data_removed_at: expect.any(Date),
    });
    expect(await keyHeld(id)).toBe(false);
    expect(await exists(`SELECT 1 FROM mail_outbox WHERE subject_id = $1 AND status = 'pending'`, [id])).toBe(false);
    expect(await addresses.countDue(addDays(now, 30))).toBe(0);
  });

  it('keeps a closed request PRIVACY_REQUEST_RETENTION_MONTHS after closing, then deletes it and its download', async () => {
    const id = await verified('access', 'kept.a.year@example.net');
    await answered(
      officerApi().POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { path: { id }, header: PURPOSE },
        body: {},
      }),
      202,
    );
    await waitUntil(
      async () =>
        (await dataOf(officerApi().GET('/api/v1/privacy-requests/{id}/access-package', { params: { path: { id } } })))
          .status === 'ready',
      { everyMs: 100, timeoutMs: 60_000 },
    );
    await send();
    const [{ closed_at: closedAt }] = await dataSource.query('SELECT closed_at FROM privacy_requests WHERE id = $1', [
      id,
    ]);
    const [{ id: downloadId, json_file_id: jsonFile, html_file_id: htmlFile }] = await dataSource.query(
      'SELECT id, json_file_id, html_file_id FROM privacy_request_downloads WHERE request_id = $1',
      [id],
    );
    // The package's two files, each under a key of its own.
    expect(await keyHeld(jsonFile)).toBe(true);
    expect(await keyHeld(htmlFile)).toBe(true);

    // The download goes when its link expires (PRIVACY_DOWNLOAD_DAYS, 7 by default).
    const downloads = target('privacy_request_downloads');
    expect(await downloads.countDue(addDays(closedAt, 6))).toBe(0);
    expect(await downloads.countDue(addDays(closedAt, 7.01))).toBe(1);
    expect(await purgeAll('privacy_request_downloads', addDays(closedAt, 7.01))).toEqual([1]);
    expect(await exists('SELECT 1 FROM privacy_request_downloads WHERE id = $1', [downloadId])).toBe(false);
    expect(await exists('SELECT 1 FROM export_files WHERE id = ANY($1::uuid[])', [[jsonFile, htmlFile]])).toBe(false);
    expect(await keyHeld(jsonFile)).toBe(false);
    expect(await keyHeld(htmlFile)).toBe(false);

    // The record stays its 12 months (set for this test), then goes.
    const records = target('privacy_requests');
    const dueAt = addMonths(closedAt, 12);
    await purgeAll('privacy_requests', addDays(dueAt, -1), 2);
    expect(await exists('SELECT 1 FROM privacy_requests WHERE id = $1', [id])).toBe(true);
    const after = new Date(dueAt.getTime() + MINUTE);
    expect(await records.countDue(after)).toBeGreaterThanOrEqual(1);
    await purgeAll('privacy_requests', after, 2);
    expect(await exists('SELECT 1 FROM privacy_requests WHERE id = $1', [id])).toBe(false);
    expect(await records.countDue(after)).toBe(0);
  });

  it('purges erasure notices once acknowledged, or after the retention period unacknowledged', async () => {
    const { surveyId } = await surveyWithInvitees(t.app, analyst);
    const notices: { id: string }[] = await dataSource.query(
      `INSERT INTO provider_erasure_notices (survey_id, respondent_pseudonym, action, created_at)
       VALUES ($1, 'r_one', 'erase', now()), ($1, 'r_two', 'rectify', now()) RETURNING id`,
      [surveyId],
    );
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.ErasuresRead], [surveyId]);
    await answered(
      t.api({ apiKey: key.secret }).POST('/api/v1/provider/erasures/acknowledgements', {
        body: { ids: [notices[0].id] },
      }),
      200,
    );
    const feed = target('provider_erasure_notices');
    const now = new Date(Date.now() + MINUTE);
    expect(await feed.countDue(now)).toBe(1);
    expect(await purgeAll('provider_erasure_notices', now)).toEqual([1]);
    expect(await exists('SELECT 1 FROM provider_erasure_notices WHERE id = $1', [notices[0].id])).toBe(false);
    expect(await feed.countDue(addMonths(now, 11))).toBe(0);
    expect(await feed.countDue(addMonths(now, 12))).toBe(1);
    expect(await purgeAll('provider_erasure_notices', addMonths(now, 12))).toEqual([1]);
  });

  it('leaves a row another transaction holds for the next batch (SKIP LOCKED)', async () => {
    const id = await filed('access', 'locked.row@example.net');
    const at = addDays(new Date(), 8);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT 1 FROM privacy_requests WHERE id = $1 FOR UPDATE', [id]);
      expect(await target('privacy_requests').purgeBatch(at, 10)).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await target('privacy_requests').purgeBatch(at, 10)).toBe(1);
  });
});
