import { ProblemType, type components } from '@survey/api-client';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, K, type Given } from './utils/answered-survey';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Report = components['schemas']['ReportDto'];
type ReportPage = { items: components['schemas']['ReportSummaryDto'][]; meta: { total: number } };
type Statistics = components['schemas']['SurveyStatisticsDto'];
type Problem = components['schemas']['ProblemDto'];

/** Binary bodies (XLSX, PDF) as Buffers. */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('Report snapshots and exports', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let given: Given[];
  let published: Report;

  const api = () => request(t.app.getHttpServer());
  const createReport = (body: object) =>
    api().post(`/api/v1/surveys/${surveyId}/reports`).set(bearer(analyst)).send(body);
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
    const res = await createReport({
      title: 'Satisfaction 2026',
      language: 'fr',
      crosstabs: [{ rows: 'country', columns: 'segment' }],
    }).expect(201);
    const report = res.body as Report;
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
    const live = (
      await api()
        .get(`/api/v1/surveys/${surveyId}/statistics?language=fr&crosstabs=country:segment`)
        .set(bearer(analyst))
        .expect(200)
    ).body as Statistics;
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
    const draft = (await createReport({ title: 'For management', language: 'en' }).expect(201)).body as Report;
    const before = (await api().get('/api/v1/reports').set(bearer(management)).expect(200)).body as ReportPage;
    expect(before.items.map((r) => r.id)).not.toContain(draft.id);
    await api().get(`/api/v1/reports/${draft.id}`).set(bearer(management)).expect(404);
    await api().get(`/api/v1/reports/${draft.id}/export?format=pdf`).set(bearer(management)).expect(404);
    await api().post(`/api/v1/reports/${draft.id}/publish`).set(bearer(management)).expect(403);

    const res = await api().post(`/api/v1/reports/${draft.id}/publish`).set(bearer(analyst)).expect(200);
    published = res.body as Report;
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();
    await api().post(`/api/v1/reports/${draft.id}/publish`).set(bearer(analyst)).expect(409);

    const after = (await api().get('/api/v1/reports').set(bearer(management)).expect(200)).body as ReportPage;
    expect(after.items.map((r) => r.id)).toEqual([draft.id]);
    expect(after.meta.total).toBe(1);
    const seen = (await api().get(`/api/v1/reports/${draft.id}`).set(bearer(management)).expect(200)).body as Report;
    expect(seen.content).toEqual(published.content);
    const all = (await api().get(`/api/v1/reports?surveyId=${surveyId}`).set(bearer(analyst)).expect(200))
      .body as ReportPage;
    expect(all.meta.total).toBeGreaterThanOrEqual(2);
    const drafts = (await api().get('/api/v1/reports?status=draft').set(bearer(analyst)).expect(200))
      .body as ReportPage;
    expect(drafts.items.every((r) => r.status === 'draft')).toBe(true);
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
    const near = (
      await createReport({ title: 'Almost everyone', language: 'en', filters: { to: times[43].toISOString() } }).expect(
        201,
      )
    ).body as Report;
    expect(near.responses).toBe(43);
    const refused = await api().post(`/api/v1/reports/${near.id}/publish`).set(bearer(analyst)).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.type).toBe(ProblemType.ReportComposition);
    expect(refused.body.conflicts.length).toBeGreaterThan(0);
    expect(refused.body.detail).toContain('For management');
    expect(((await api().get(`/api/v1/reports/${near.id}`).set(bearer(analyst))).body as Report).status).toBe('draft');

    // Six apart (39 of 45) is refused too: in those six, countries and answers the first report
    // showed would be groups of fewer than k. The very same population is allowed.
    const far = (
      await createReport({ title: 'Earlier', language: 'en', filters: { to: times[39].toISOString() } }).expect(201)
    ).body as Report;
    expect(far.responses).toBe(39);
    const farRefused = await api().post(`/api/v1/reports/${far.id}/publish`).set(bearer(analyst)).expect(409);
    expect(farRefused.body.conflicts.some((c: { part: string }) => c.part === 'earlierOnly')).toBe(true);
    const same = (await createReport({ title: 'Same people, in French', language: 'fr' }).expect(201)).body as Report;
    await api().post(`/api/v1/reports/${same.id}/publish`).set(bearer(analyst)).expect(200);
  });

  it('refuses a report with fewer than k responses, and bad parameters naming the field', async () => {
    const small = await createReport({ title: 'Nobody', language: 'en', filters: { to: '2000-01-01T00:00:00Z' } });
    expect(small.status).toBe(409);
    expect(small.body.type).toBe(ProblemType.ReportPopulationTooSmall);
    expect(fieldsOf((await createReport({ language: 'en' }).expect(400)).body)).toEqual(['title']);
    expect(fieldsOf((await createReport({ title: ' ', language: 'en' }).expect(400)).body)).toEqual(['title']);
    expect(fieldsOf((await createReport({ title: 'x', language: 'de' }).expect(400)).body)).toEqual(['language']);
    expect(
      fieldsOf(
        (
          await createReport({
            title: 'x',
            language: 'en',
            crosstabs: [{ rows: 'country', columns: 'country' }],
          }).expect(400)
        ).body,
      ),
    ).toEqual(['crosstabs[0]']);
    expect(
      fieldsOf((await createReport({ title: 'x', language: 'en', breakdowns: ['shoeSize'] }).expect(400)).body),
    ).toEqual(['breakdowns']);
    expect(
      fieldsOf((await createReport({ title: 'x', language: 'en', filters: { from: 'soon' } }).expect(400)).body),
    ).toEqual(['filters.from']);
    await api()
      .post('/api/v1/surveys/00000000-0000-4000-8000-000000000000/reports')
      .set(bearer(analyst))
      .send({ title: 'x', language: 'en' })
      .expect(404);
    await api().get('/api/v1/reports/00000000-0000-4000-8000-000000000000').set(bearer(analyst)).expect(404);
    await api().get('/api/v1/reports/not-a-uuid').set(bearer(analyst)).expect(400);
  });

  describe('exports', () => {
    const download = (format: string, token = management) =>
      api()
        .get(`/api/v1/reports/${published.id}/export?format=${format}`)
        .set(bearer(token))
        .buffer(true)
        .parse(binary);

    it('exports CSV safe against formula injection, with the report figures', async () => {
      const res = await download('csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
      const text = (res.body as Buffer).toString('utf8');
      const rows = parse(text, { relax_column_count: true, bom: true }) as string[][];
      expect(rows.length).toBeGreaterThan(10);
      expect(text).toContain('For management');
      expect(text).toContain('45');
      expect(text).not.toMatch(/Secret remark|example\.org/);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
    });

    it('exports XLSX that opens, with the figures and no formulas', async () => {
      const res = await download('xlsx').expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
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
      const res = await download('pdf').expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const body = res.body as Buffer;
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
      const res = await api().get(`/api/v1/reports/${published.id}/export?format=doc`).set(bearer(analyst)).expect(400);
      expect(fieldsOf(res.body)).toEqual(['format']);
      const events: { n: number }[] = await dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.exported' AND resource_id = $1`,
        [published.id],
      );
      expect(events[0].n).toBeGreaterThanOrEqual(3);
      const made: { action: string }[] = await dataSource.query(
        `SELECT DISTINCT action FROM audit_events WHERE resource_type = 'report' ORDER BY action`,
      );
      expect(made.map((e) => e.action)).toEqual(['report.created', 'report.exported', 'report.published']);
    });
  });

  it('outlives the responses it counts: a published report is aggregates only', async () => {
    await dataSource.query('DELETE FROM responses WHERE survey_id = $1', [surveyId]);
    const res = await api().get(`/api/v1/reports/${published.id}`).set(bearer(management)).expect(200);
    expect((res.body as Report).content).toEqual(published.content);
  });
});
