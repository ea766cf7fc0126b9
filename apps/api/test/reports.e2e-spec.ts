import { ProblemType, type components, type operations, type Problem } from '@survey/api-client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, K, type Given } from './utils/answered-survey';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';

type Report = components['schemas']['ReportDto'];
type CreateReport = components['schemas']['CreateReportDto'];
type PublicationConflict = components['schemas']['PublicationConflictProblemDto'];
type ExportFormat = operations['exportReport']['parameters']['query']['format'];
type ReportsQuery = NonNullable<operations['listReports']['parameters']['query']>;

describe('Report snapshots and exports', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let given: Given[];
  let published: Report;

  const as = (token: string) => t.api({ staff: token });
  const createReport = (body: CreateReport, id = surveyId) =>
    as(analyst).POST('/api/v1/surveys/{id}/reports', { params: { path: { id } }, body });
  const report = (id: string, token = analyst) => as(token).GET('/api/v1/reports/{id}', { params: { path: { id } } });
  const publish = (id: string, token = analyst) =>
    as(token).POST('/api/v1/reports/{id}/publish', { params: { path: { id } } });
  const reports = (token: string, query: ReportsQuery = {}) => as(token).GET('/api/v1/reports', { params: { query } });
  /** A body the API must refuse, sent as it stands. */
  const invalid = (body: object) => body as CreateReport;
  const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];
  const submittedTimes = async () =>
    (
      (await dataSource.query('SELECT submitted_at FROM responses WHERE survey_id = $1 ORDER BY submitted_at', [
        surveyId,
      ])) as { submitted_at: Date }[]
    ).map((row) => row.submitted_at);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId, given } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('generates a draft holding the statistics after suppression, with its parameters and k, and nothing personal', async () => {
    const report = await dataOf(
      createReport({
        title: 'Satisfaction 2026',
        language: 'fr',
        crosstabs: [{ rows: 'country', columns: 'segment' }],
      }),
      201,
    );
    expect(report).toMatchObject({ surveyId, title: 'Satisfaction 2026', status: 'draft', language: 'fr' });
    expect(report.publishedAt).toBeNull();
    expect(report.responses).toBe(45);
    expect(report.parameters).toEqual({
      filters: { campaignId: null, from: null, to: null },
      breakdowns: ['country', 'segment', 'role', 'relationshipBand'],
      crosstabs: [{ rows: 'country', columns: 'segment' }],
      k: K,
      language: 'fr',
    });
    const live = await dataOf(
      as(analyst).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: surveyId }, query: { language: 'fr', crosstabs: ['country:segment'] } },
      }),
    );
    // The report counts the same responses as live statistics, but shows what may be published: no
    // count of 1..k-1 anywhere, per group the NPS or top-2-box rather than the mean, respondents only
    // in the crosstab, and no submission times.
    expect(report.content.population.responses).toEqual(live.population.responses);
    expect(report.content.population.firstSubmittedAt).toBeNull();
    report.content.items.forEach((item, i) => {
      item.distribution.forEach((entry, j) => {
        if (entry.suppressed === null) expect(entry.count).toBe(live.items[i].distribution[j].count);
      });
    });
    // Every count, with where it is: a count cell's value, an answer's count, an item's n.
    const counts: { path: string; value: number }[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${path}.${i}`));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          const isCount =
            key === 'count' || key === 'n' || (key === 'value' && 'suppressed' in node && !('label' in node));
          if (isCount && typeof value === 'number') counts.push({ path: `${path}.${key}`, value });
          else walk(value, `${path}.${key}`);
        }
      }
    };
    walk(report.content, 'content');
    expect(counts.length).toBeGreaterThan(50);
    expect(counts.filter(({ value }) => value > 0 && value < K)).toEqual([]);
    const groups = report.content.breakdowns.flatMap((breakdown) => breakdown.groups);
    expect(groups.some((group) => group.respondents.suppressed === null)).toBe(true);
    expect(groups.some((group) => group.respondents.suppressed !== null)).toBe(true);
    for (const group of groups) {
      for (const metrics of Object.values(group.items)) expect(metrics.mean ?? null).toBeNull();
    }
    expect(report.content.crosstabs[0].items).toEqual([]);
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/Secret remark|Reason number|example\.org|Filer \d/);
    for (const { invitee } of given) {
      expect(text).not.toContain(invitee.invitationId);
      expect(text).not.toContain(invitee.contactId);
    }
    const ids: { id: string; respondent_pseudonym: string }[] = await dataSource.query(
      'SELECT id, respondent_pseudonym FROM responses WHERE survey_id = $1',
      [surveyId],
    );
    for (const row of ids) {
      expect(text).not.toContain(row.id);
      expect(text).not.toContain(row.respondent_pseudonym);
    }
  });

  it('keeps drafts from management, publishes once, and then shows the report to management', async () => {
    const draft = await dataOf(createReport({ title: 'For management', language: 'en' }), 201);
    const before = await dataOf(reports(management));
    expect(before.items.map((r) => r.id)).not.toContain(draft.id);
    await answered(report(draft.id, management), 404);
    await answered(
      as(management).GET('/api/v1/reports/{id}/export', {
        params: { path: { id: draft.id }, query: { format: 'pdf' } },
        parseAs: 'arrayBuffer',
      }),
      404,
    );
    await answered(publish(draft.id, management), 403);

    published = await dataOf(publish(draft.id));
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();
    await answered(publish(draft.id), 409);

    const after = await dataOf(reports(management));
    expect(after.items.map((r) => r.id)).toEqual([draft.id]);
    expect(after.meta.total).toBe(1);
    const seen = await dataOf(report(draft.id, management));
    expect(seen.content).toEqual(published.content);
    const all = await dataOf(reports(analyst, { surveyId }));
    expect(all.meta.total).toBeGreaterThanOrEqual(2);
    const drafts = await dataOf(reports(analyst, { status: 'draft' }));
    expect(drafts.items.every((r) => r.status === 'draft')).toBe(true);
  });

  it('deletes a draft, recorded in the audit log, and refuses to delete a published report', async () => {
    const remove = (id: string, token = analyst) =>
      as(token).DELETE('/api/v1/reports/{id}', { params: { path: { id } } });
    const draft = await dataOf(createReport({ title: 'Not wanted', language: 'en' }), 201);
    await answered(remove(draft.id, management), 403);
    await answered(remove(draft.id), 204);
    await answered(report(draft.id), 404);
    await answered(remove(draft.id), 404);
    const [event] = (await dataSource.query(
      `SELECT actor_id, resource_id FROM audit_events WHERE action = 'report.deleted' AND resource_id = $1`,
      [draft.id],
    )) as { actor_id: string | null; resource_id: string }[];
    expect(event?.actor_id).not.toBeNull();

    const refused = await problemOf(remove(published.id), 409);
    expect(refused.type).toBe(ProblemType.ReportPublished);
    expect((await dataOf(report(published.id))).status).toBe('published');
    await answered(remove('not-a-uuid'), 400);
  });

  it('never changes a published snapshot, even by a direct update', async () => {
    await expect(
      dataSource.query(`UPDATE report_snapshots SET title = 'Changed' WHERE id = $1`, [published.id]),
    ).rejects.toThrow(/published report snapshot cannot be changed/);
    await expect(
      dataSource.query(`UPDATE report_snapshots SET content = '{}' WHERE id = $1`, [published.id]),
    ).rejects.toThrow(/published report snapshot cannot be changed/);
  });

  it('refuses to publish a report whose population differs from a published one by fewer than k', async () => {
    const times = await submittedTimes();
    // All but the last two responses: subtracting it from the published report would describe two people.
    const near = await dataOf(
      createReport({ title: 'Almost everyone', language: 'en', filters: { to: times[43].toISOString() } }),
      201,
    );
    expect(near.responses).toBe(43);
    const { error, response } = await answered(publish(near.id), 409);
    const refused = error as PublicationConflict;
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.type).toBe(ProblemType.ReportComposition);
    expect(refused.conflicts?.length).toBeGreaterThan(0);
    expect(refused.detail).toContain('For management');
    expect((await dataOf(report(near.id))).status).toBe('draft');

    // Six apart (39 of 45) is refused too: in those six, countries and answers the first report
    // showed would be groups of fewer than k. The very same population is allowed.
    const far = await dataOf(
      createReport({ title: 'Earlier', language: 'en', filters: { to: times[39].toISOString() } }),
      201,
    );
    expect(far.responses).toBe(39);
    const farRefused = (await answered(publish(far.id), 409)).error as PublicationConflict;
    expect(farRefused.conflicts?.some((c) => c.part === 'earlierOnly')).toBe(true);
    const same = await dataOf(createReport({ title: 'Same people, in French', language: 'fr' }), 201);
    await answered(publish(same.id), 200);
  });

  it('refuses a report with fewer than k responses, and bad parameters naming the field', async () => {
    const small = await problemOf(
      createReport({ title: 'Nobody', language: 'en', filters: { to: '2000-01-01T00:00:00Z' } }),
      409,
    );
    expect(small.type).toBe(ProblemType.ReportPopulationTooSmall);
    const refusedFields = async (body: object) => fieldsOf(await problemOf(createReport(invalid(body)), 400));
    expect(await refusedFields({ language: 'en' })).toEqual(['title']);
    expect(await refusedFields({ title: ' ', language: 'en' })).toEqual(['title']);
    expect(await refusedFields({ title: 'x', language: 'de' })).toEqual(['language']);
    expect(
      await refusedFields({ title: 'x', language: 'en', crosstabs: [{ rows: 'country', columns: 'country' }] }),
    ).toEqual(['crosstabs[0]']);
    expect(await refusedFields({ title: 'x', language: 'en', breakdowns: ['shoeSize'] })).toEqual(['breakdowns']);
    expect(await refusedFields({ title: 'x', language: 'en', filters: { from: 'soon' } })).toEqual(['filters.from']);
    await answered(createReport({ title: 'x', language: 'en' }, '00000000-0000-4000-8000-000000000000'), 404);
    await answered(report('00000000-0000-4000-8000-000000000000'), 404);
    await answered(report('not-a-uuid'), 400);
  });

  describe('exports', () => {
    // The file's bytes as they came, with the answer's headers.
    const exportOf = (format: ExportFormat, token = management) =>
      as(token).GET('/api/v1/reports/{id}/export', {
        params: { path: { id: published.id }, query: { format } },
        parseAs: 'arrayBuffer',
      });
    const download = async (format: ExportFormat) => {
      const { data, response } = await answered(exportOf(format), 200);
      return { body: Buffer.from(data as ArrayBuffer), headers: response.headers };
    };

    it('exports CSV safe against formula injection, with the report figures', async () => {
      const res = await download('csv');
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
      const text = res.body.toString('utf8');
      const rows = parse(text, { relax_column_count: true, bom: true }) as string[][];
      expect(rows.length).toBeGreaterThan(10);
      expect(text).toContain('For management');
      expect(text).toContain('45');
      expect(text).not.toMatch(/Secret remark|example\.org/);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
    });

    it('exports XLSX that opens, with the figures and no formulas', async () => {
      const res = await download('xlsx');
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      expect(workbook.worksheets.length).toBeGreaterThanOrEqual(3);
      let texts = '';
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            expect(cell.formula).toBeFalsy();
            texts += ` ${String(cell.text)}`;
          }),
        ),
      );
      expect(texts).toContain('For management');
    });

    it('exports a PDF that a PDF reader opens, with the title, n, k and the suppressed cells marked', async () => {
      const res = await download('pdf');
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const body = res.body;
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
      writeFileSync(join(dir, 'report.pdf'), body);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('For management');
      expect(text).toMatch(/45/);
      expect(text).toMatch(/k\s*=\s*5|\b5\b/);
      expect(text.toLowerCase()).toContain('suppressed');
    });

    it('refuses an unknown format naming it, and records each export in the audit log', async () => {
      const refused = await problemOf(exportOf('doc' as ExportFormat, analyst), 400);
      expect(fieldsOf(refused)).toEqual(['format']);
      const events: { n: number }[] = await dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.exported' AND resource_id = $1`,
        [published.id],
      );
      expect(events[0].n).toBeGreaterThanOrEqual(3);
      const made: { action: string }[] = await dataSource.query(
        `SELECT DISTINCT action FROM audit_events WHERE resource_type = 'report' ORDER BY action`,
      );
      expect(made.map((e) => e.action)).toEqual([
        'report.created',
        'report.deleted',
        'report.exported',
        'report.published',
      ]);
    });
  });

  it('outlives the responses it counts: a published report is aggregates only', async () => {
    await dataSource.query('DELETE FROM responses WHERE survey_id = $1', [surveyId]);
    expect((await dataOf(report(published.id, management))).content).toEqual(published.content);
  });
});
