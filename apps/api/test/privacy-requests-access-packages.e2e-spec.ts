import { ProblemType, type components } from '@survey/api-client';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ExportsService } from '../src/exports/exports.service';
import { waitUntil } from '../src/jobs/wait-until';
import { AccessPackagesService } from '../src/privacy-requests/access-packages.service';
import { PrivacyRequestRetention } from '../src/privacy-requests/privacy-request-retention';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { DAY, DOWNLOAD_LINK, PrivacyRequestsApp, PURPOSE, UNKNOWN_TOKEN } from './utils/privacy-requests';
import { newStaff, sessionFor } from './utils/staff';

/** The package's files as the exports module stores them, and whether their keys are held. */
async function packageFiles(dataSource: DataSource, requestId: string) {
  const [row] = await dataSource.query(
    'SELECT id, json_file_id, html_file_id FROM privacy_request_downloads WHERE request_id = $1',
    [requestId],
  );
  const ids: string[] = row ? [row.json_file_id, row.html_file_id] : [];
  const files: { id: string; status: string; requested_by: string | null; parts: number; key: boolean }[] =
    await dataSource.query(
      `SELECT f.id, f.status, f.requested_by,
              (SELECT count(*)::int FROM export_parts p WHERE p.export_id = f.id) AS parts,
              EXISTS (SELECT 1 FROM keystore.subject_keys k WHERE k.subject_id = f.id) AS key
         FROM export_files f WHERE f.id = ANY($1::uuid[])`,
      [ids],
    );
  return { downloadId: row?.id as string | undefined, ids, files };
}

describe('Access packages made by a job: 202, progress, download by the link only, expiry', () => {
  const p = PrivacyRequestsApp.forSuite();
  const download = (token: string, format: 'json' | 'html' = 'json') =>
    p.t.api().GET('/api/v1/privacy-requests/package', {
      params: { query: { format } },
      headers: { 'X-Download-Token': token },
      parseAs: 'text',
    });

  it('answers 202 with the Location of its progress; the job makes the package and mails its link', async () => {
    const email = 'sean.obrien@example.ie';
    const id = await p.verifiedRequest('access', email);
    const accepted = await answered(p.fulfil(id), 202);
    expect(accepted.response.headers.get('location')).toBe(`/api/v1/privacy-requests/${id}/access-package`);
    expect(accepted.response.headers.get('retry-after')).toBe('2');
    expect(accepted.data).toMatchObject({ id, status: 'in_progress', startedAt: expect.any(String), email });

    const made = await p.packageFinished(id);
    expect(made).toMatchObject({ status: 'ready', filesDone: 2, filesTotal: 2, request: { id, status: 'completed' } });
    expect(new Date(made.expiresAt!).getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
    const ready = await answered(p.packageProgress(id), 200);
    expect(ready.response.headers.get('retry-after')).toBeNull();
    // The progress names no personal value.
    expect(JSON.stringify(ready.data)).not.toMatch(/obrien|Brien/i);

    const stored = await packageFiles(p.dataSource, id);
    expect(stored.files).toHaveLength(2);
    for (const file of stored.files) {
      expect(file).toMatchObject({ status: 'ready', requested_by: null, key: true });
      expect(file.parts).toBeGreaterThanOrEqual(1);
    }
    await p.send();
    const token = p.mailedToken(email, DOWNLOAD_LINK);
    const json = JSON.parse(await dataOf(download(token)));
    expect(json).toMatchObject({ request: { id }, contact: { fields: { email } } });
    expect(await dataOf(download(token, 'html'))).toContain('<html');

    const events: { action: string }[] = await p.dataSource.query(
      'SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq',
      [id],
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['privacy_request.completed', 'privacy_request.package_downloaded']),
    );
    expect(events.filter((e) => e.action === 'privacy_request.completed')).toHaveLength(1);

    // Done: fulfilling again is refused, as for any closed request.
    expect((await problemOf(p.fulfil(id), 409)).type).toBe(ProblemType.PrivacyRequestState);
  });

  it('shows its progress to privacy officers only, and its files to nobody but the holder of the link', async () => {
    const id = await p.verifiedRequest('access', 'li.wei@example.cn');
    await p.fulfilAccess(id);
    const analyst = p.analyst;
    const admin = await sessionFor(p.t.app, p.admin);
    await problemOf(p.packageProgress(id, analyst), 403);
    await problemOf(p.packageProgress(id, admin), 403);
    await problemOf(p.packageProgress('00000000-0000-4000-8000-000000000000'), 404);
    expect((await problemOf(p.packageProgress('nope'), 400)).status).toBe(400);
    // An access request whose package was not asked for yet; another type of request has none.
    const notYet = await p.verifiedRequest('access', 'm.alali@example.ae');
    expect(await dataOf(p.packageProgress(notYet))).toMatchObject({
      status: 'none',
      filesDone: 0,
      askedAt: null,
      request: { id: notYet, status: 'verified' },
    });
    const other = await p.verifiedRequest('objection', 'j.mueller@example.de');
    await problemOf(p.packageProgress(other), 404);

    // The exports routes never show a package's files, not even to the officer who asked for it.
    const { ids } = await packageFiles(p.dataSource, id);
    for (const fileId of ids) {
      await problemOf(p.as(analyst).GET('/api/v1/exports/{id}', { params: { path: { id: fileId } } }), 404);
      await problemOf(
        p.as(analyst).GET('/api/v1/exports/{id}/file', { params: { path: { id: fileId } }, parseAs: 'text' }),
        404,
      );
      await problemOf(p.as(p.officer).GET('/api/v1/exports/{id}', { params: { path: { id: fileId } } }), 403);
    }
    expect((await dataOf(p.as(analyst).GET('/api/v1/exports', { params: { query: {} } }))).items).toEqual([]);
    // A made-up link opens nothing.
    expect((await problemOf(download(UNKNOWN_TOKEN), 404)).type).toBe(ProblemType.InvalidLink);
  });

  it('expires with its link: the files are deleted and their keys shredded, then the row goes', async () => {
    const email = 'amelie.durand@example.fr';
    const id = await p.verifiedRequest('access', email);
    const made = await p.fulfilAccess(id);
    await p.send();
    const token = p.mailedToken(email, DOWNLOAD_LINK);
    await answered(download(token), 200);
    const { downloadId, ids } = await packageFiles(p.dataSource, id);

    const past = new Date(made.expiresAt!).getTime() - Date.now() + 60_000;
    p.moveClock(past);
    expect((await problemOf(download(token), 404)).type).toBe(ProblemType.InvalidLink);
    expect(await p.t.app.get(AccessPackagesService).progress(id)).toMatchObject({ status: 'expired' });

    // The exports module's purge deletes the files' parts and shreds their keys.
    expect(await p.t.app.get(ExportsService).purge()).toBeGreaterThanOrEqual(2);
    const expired = await packageFiles(p.dataSource, id);
    expect(expired.files.map((f) => ({ status: f.status, parts: f.parts, key: f.key }))).toEqual([
      { status: 'expired', parts: 0, key: false },
      { status: 'expired', parts: 0, key: false },
    ]);

    // Retention deletes the package's row (and whatever is left of its files).
    const target = p.t.app.get(PrivacyRequestRetention).targets.find((k) => k.kind === 'privacy_request_downloads')!;
    await target.purgeBatch(new Date(Date.now() + past), 100);
    expect(await p.count('privacy_request_downloads WHERE id = $1', [downloadId])).toBe(0);
    expect(await p.count('export_files WHERE id = ANY($1::uuid[])', [ids])).toBe(0);
    expect(await p.count('keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [ids])).toBe(0);
  });
});

describe('Access packages made by a worker-only process', () => {
  let db: TestDatabase;
  let api: TestApp;
  let worker: TestApp | undefined;
  // One deployment: both processes hold the same secrets.
  const env = {
    PUBLIC_URL: 'https://surveys.example.org',
    MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp({ databaseUrl: db.url, env: { ...env, ROLE: 'api' } });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  it('stays queued where only the API runs (a second fulfil is refused), and is made once a worker runs', async () => {
    const officer = await sessionFor(api.app, await newStaff(api.app, StaffRole.PrivacyOfficer));
    const as = api.api({ staff: officer });
    const registered = await dataOf(
      as.POST('/api/v1/privacy-requests/register', {
        params: { header: PURPOSE },
        body: {
          type: 'access',
          email: 'worker.only@example.org',
          channel: 'letter',
          identityVerification: 'signed-letter',
        },
      }),
      201,
    );
    const fulfil = () =>
      as.POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { path: { id: registered.id }, header: PURPOSE },
        body: {},
      });
    const progress = () =>
      as.GET('/api/v1/privacy-requests/{id}/access-package', { params: { path: { id: registered.id } } });
    await answered(fulfil(), 202);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = await answered(progress(), 200);
    expect(waiting.data).toMatchObject({ status: 'queued', filesDone: 0, request: { status: 'in_progress' } });
    expect(waiting.response.headers.get('retry-after')).toBe('2');
    expect((await problemOf(fulfil(), 409)).type).toBe(ProblemType.PrivacyRequestState);

    worker = await createTestApp({ databaseUrl: db.url, env: { ...env, ROLE: 'worker' } });
    let last: components['schemas']['AccessPackageProgressDto'] | undefined;
    await waitUntil(
      async () => {
        last = await dataOf(progress());
        return last.status === 'ready' || last.status === 'failed';
      },
      { everyMs: 100, timeoutMs: 60_000 },
    );
    expect(last).toMatchObject({ status: 'ready', filesDone: 2, request: { status: 'completed' } });
    const files = await packageFiles(api.app.get(DataSource), registered.id);
    expect(files.files.map((f) => f.status)).toEqual(['ready', 'ready']);
    // The closing mail (with the link) is queued for the person.
    const mails: { kind: string }[] = await api.app
      .get(DataSource)
      .query('SELECT kind FROM mail_outbox WHERE subject_id = $1', [registered.id]);
    expect(mails.map((m) => m.kind)).toContain('privacy_request.completed');
  }, 90_000);
});
