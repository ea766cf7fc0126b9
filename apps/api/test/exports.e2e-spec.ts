import { ProblemType, type components } from '@survey/api-client';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey } from './utils/answered-survey';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';
import { waitUntil } from '../src/jobs/wait-until';

type Export = components['schemas']['ExportDto'];
type CreateExport = components['schemas']['CreateExportDto'];

describe('Background exports over HTTP: 202, poll, download, only for the asker', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let otherAnalyst: string;
  let management: string;
  let surveyId: string;
  let reportId: string;

  const as = (token: string) => t.api({ staff: token });
  const create = (body: CreateExport, token = analyst) => as(token).POST('/api/v1/exports', { body });
  const status = (id: string, token = analyst) => as(token).GET('/api/v1/exports/{id}', { params: { path: { id } } });
  const download = (id: string, token = analyst) =>
    as(token).GET('/api/v1/exports/{id}/file', { params: { path: { id } }, parseAs: 'arrayBuffer' });
  /** Polls the export as a client would, until it is finished. */
  const finished = async (id: string, token = analyst): Promise<Export> => {
    let last: Export | undefined;
    await waitUntil(
      async () => {
        last = await dataOf(status(id, token));
        return last.status === 'ready' || last.status === 'failed';
      },
      { everyMs: 100, timeoutMs: 60_000 },
    );
    return last!;
  };
  /** Every page of the raw responses, as the paged route serves them. */
  const pagedItems = async () =>
    (
      await dataOf(
        as(analyst).GET('/api/v1/surveys/{id}/responses', {
          params: { path: { id: surveyId }, query: { format: 'json', limit: 5000 } },
        }),
      )
    ).items;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    otherAnalyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId } = await answeredSurvey(t.app, analyst));
    const report = await dataOf(
      as(analyst).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title: 'Satisfaction 2026', language: 'en' },
      }),
      201,
    );
    await answered(as(analyst).POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }), 200);
    reportId = report.id;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 202 with the export and its Location; the job makes the file, whose JSON is every raw response', async () => {
    const accepted = await answered(create({ kind: 'responses', sourceId: surveyId, format: 'json' }), 202);
    const created = accepted.data!;
    expect(accepted.response.headers.get('location')).toBe(`/api/v1/exports/${created.id}`);
    expect(accepted.response.headers.get('retry-after')).toBe('2');
    expect(created).toMatchObject({ kind: 'responses', sourceId: surveyId, format: 'json', status: 'queued' });
    expect(created.fileUrl).toBe(`/api/v1/exports/${created.id}/file`);

    const done = await finished(created.id);
    const items = await pagedItems();
    expect(done).toMatchObject({ status: 'ready', rowsDone: items.length, rowsTotal: items.length, error: null });
    expect(new Date(done.expiresAt!).getTime()).toBeGreaterThan(Date.now());

    const file = await answered(download(created.id), 200);
    expect(file.response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(file.response.headers.get('content-disposition')).toContain(`responses-${surveyId}.json`);
    expect(file.response.headers.get('cache-control')).toBe('no-store');
    const body = Buffer.from(file.data as ArrayBuffer);
    expect(Number(file.response.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBe(done.byteSize);
    const parsed = JSON.parse(body.toString('utf8')) as { items: unknown[]; nextCursor: null };
    expect(parsed.nextCursor).toBeNull();
    expect(parsed.items).toEqual(items);
  });

  it('makes CSV exports with one line per response, formulas neutralised as in the paged route', async () => {
    const { id } = await dataOf(create({ kind: 'responses', sourceId: surveyId, format: 'csv' }), 202);
    expect((await finished(id)).status).toBe('ready');
    const csv = Buffer.from((await answered(download(id), 200)).data as ArrayBuffer).toString('utf8');
    const paged = await answered(
      as(analyst).GET('/api/v1/surveys/{id}/responses', {
        params: { path: { id: surveyId }, query: { format: 'csv', limit: 5000 } },
        parseAs: 'text',
      }),
      200,
    );
    expect(csv).toBe(paged.data);
    expect(csv.trim().split('\n')).toHaveLength((await pagedItems()).length + 1);
  });

  it('exports a published report for management as a PDF', async () => {
    const { id } = await dataOf(create({ kind: 'report', sourceId: reportId, format: 'pdf' }, management), 202);
    const done = await finished(id, management);
    expect(done.status).toBe('ready');
    expect(done.fileName).toMatch(/\.pdf$/);
    const file = await answered(download(id, management), 200);
    expect(file.response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(file.data as ArrayBuffer)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('shows and serves an export to its asker only, and lists each user their own', async () => {
    const { id } = await dataOf(create({ kind: 'report', sourceId: reportId, format: 'csv' }), 202);
    await finished(id);
    expect((await problemOf(status(id, otherAnalyst), 404)).detail).toBe('No export of yours has this id.');
    await problemOf(download(id, otherAnalyst), 404);
    const mine = await dataOf(as(analyst).GET('/api/v1/exports', { params: { query: { limit: 100 } } }));
    expect(mine.items.map((item) => item.id)).toContain(id);
    const theirs = await dataOf(as(otherAnalyst).GET('/api/v1/exports', { params: { query: { limit: 100 } } }));
    expect(theirs.items).toEqual([]);
  });

  it('refuses bad requests with a problem naming the field, and roles that may not export', async () => {
    const invalid = (body: object) => body as CreateExport;
    const fieldsOf = async (body: object) =>
      ((await problemOf(create(invalid(body)), 400)).errors ?? []).map((error) => error.field);
    expect(await fieldsOf({ kind: 'everything', sourceId: surveyId, format: 'csv' })).toEqual(['kind']);
    expect(await fieldsOf({ kind: 'responses', sourceId: 'not-a-uuid', format: 'csv' })).toEqual(['sourceId']);
    expect(await fieldsOf({ kind: 'responses', sourceId: surveyId, format: 'docx' })).toEqual(['format']);
    expect(await fieldsOf({ kind: 'responses', sourceId: surveyId, format: 'pdf' })).toEqual(['format']);
    expect(await fieldsOf({ kind: 'responses', sourceId: surveyId, format: 'csv', updatedSince: 'yesterday' })).toEqual(
      ['updatedSince'],
    );
    expect(
      await fieldsOf({ kind: 'report', sourceId: reportId, format: 'csv', updatedSince: '2026-01-01T00:00:00Z' }),
    ).toEqual(['updatedSince']);
    await problemOf(create({ kind: 'responses', sourceId: surveyId, format: 'csv' }, management), 403);
    await problemOf(create({ kind: 'report', sourceId: '00000000-0000-4000-8000-000000000000', format: 'pdf' }), 404);
    await problemOf(status('not-a-uuid'), 400);
    const admin = await sessionFor(t.app, await newStaff(t.app, StaffRole.Admin));
    await problemOf(create({ kind: 'report', sourceId: reportId, format: 'pdf' }, admin), 403);
    const unknown = await problemOf(download('00000000-0000-4000-8000-000000000000'), 404);
    expect(unknown.type).not.toBe(ProblemType.ExportNotReady);
  });
});
