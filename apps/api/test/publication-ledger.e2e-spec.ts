import { ProblemType, type components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire, type Language } from '@survey/questionnaire';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { statisticsItems } from '../src/statistics/items';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { disclosures, type AttackedRespondent } from './utils/disclosure-attacker';
import { bearer, completeAnswers, extractCsv, surveyWithInvitees, type ExtractRow } from './utils/respondents';
import { newApiKey, newStaff, sessionFor } from './utils/staff';

type Report = components['schemas']['ReportDto'];
type Statistics = components['schemas']['SurveyStatisticsDto'];

const K = 5;

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Every number a report's JSON shows, as a string (integers, and decimals as given). */
function numbersOf(content: Statistics): number[] {
  const numbers: number[] = [];
  JSON.stringify(content, (_key, value: unknown) => {
    if (typeof value === 'number') numbers.push(value);
    return value;
  });
  return numbers;
}

/**
 * The three-report attack, through the API: one report of everyone, one of the responses before
 * one respondent's submission, one of those after it. Each is fine on its own; together they
 * describe that respondent, so the third is refused. Then management downloads everything it can
 * and an exact attacker (an integer program over every published figure) finds nothing.
 */
describe('publication ledger', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let people: (AttackedRespondent & { submittedAt: Date })[];
  const published: Report[] = [];

  const api = () => request(t.app.getHttpServer());
  const as = (token: string) => t.api({ staff: token });
  const draft = (
    title: string,
    filters: components['schemas']['StatisticsFiltersDto'] = {},
    language: Language = 'en',
  ) =>
    dataOf(
      as(analyst).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title, language, breakdowns: ['country'], filters },
      }),
      201,
    );
  const publish = (report: Report) =>
    as(analyst).POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    // 31 filers of two countries; the French are satisfied promoters, the Germans detractors.
    const rows: ExtractRow[] = Array.from({ length: 31 }, (_, i) => ({
      name: `Filer ${i}`,
      email: `filer${i}@example.org`,
      country: i % 2 === 0 ? 'FR' : 'DE',
      segment: 'agent',
    }));
    const survey = await surveyWithInvitees(t.app, analyst, { contactsCsv: extractCsv(rows) });
    surveyId = survey.surveyId;
    for (const invitee of survey.invitees) {
      const french = invitee.country === 'FR';
      const answers = completeAnswers(french ? { nps: 9, satisfaction: 5 } : { nps: 3, satisfaction: 2 });
      await answered(t.api({ invitation: invitee.token }).POST('/api/v1/respond/submit', { body: { answers } }), 200);
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct submission times
    }
    const stored: {
      country: string;
      segment: string;
      answers: { nps: number; satisfaction: number };
      submitted_at: Date;
    }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT country, segment, answers, submitted_at FROM responses WHERE survey_id = $1 ORDER BY submitted_at',
        [surveyId],
      );
    const items = statisticsItems([sampleSatisfactionQuestionnaire()]);
    const nps = items.find((item) => item.name === 'nps')!;
    const satisfaction = items.find((item) => item.name === 'satisfaction')!;
    people = stored.map((row) => ({
      country: row.country,
      segment: row.segment,
      answers: [
        nps.options.findIndex((o) => o.value === row.answers.nps),
        satisfaction.options.findIndex((o) => o.value === row.answers.satisfaction),
      ],
      submittedAt: new Date(row.submitted_at),
    }));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  // What the ledger records and refuses in detail: src/statistics/reports.service.spec.ts.
  it('refuses (409 problem+json) the third of three reports that, subtracted, describe one respondent', async () => {
    const target = people[15].submittedAt;
    const everyone = await draft('Everyone');
    expect(everyone.responses).toBe(31);
    published.push(await dataOf(publish(everyone)));
    const before = await draft('Before', { to: target.toISOString() });
    expect(before.responses).toBe(15);
    published.push(await dataOf(publish(before)));
    const after = await draft('After', { from: new Date(target.getTime() + 1).toISOString() });
    expect(after.responses).toBe(15);
    const { response, error } = await answered(publish(after), 409);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(error).toMatchObject({ status: 409, type: ProblemType.ReportComposition });
    expect(error?.detail).toContain('“Everyone”');
    expect((error as { conflicts?: unknown }).conflicts).toEqual([
      {
        publications: [{ id: everyone.id, title: 'Everyone' }],
        figure: 'the number of responses',
        kind: 'small',
        part: 'earlierOnly',
      },
    ]);
    expect(JSON.stringify(error)).not.toMatch(/filer|Filer/);
    // A report of the same people as one published (in French) adds nothing: it is published.
    published.push(await dataOf(publish(await draft('Tous', {}, 'fr'))));
  });

  it('lets management reconstruct nobody from everything it can download', async () => {
    const list = await dataOf(as(management).GET('/api/v1/reports'));
    expect(list.items.map((r) => r.id).sort()).toEqual(published.map((r) => r.id).sort());
    const contents: { report: Report; counts: (person: (typeof people)[number]) => boolean }[] = [];
    for (const summary of list.items) {
      const report = await dataOf(as(management).GET('/api/v1/reports/{id}', { params: { path: { id: summary.id } } }));
      const { from, to } = report.parameters.filters;
      const cutoff = new Date(report.createdAt);
      contents.push({
        report,
        counts: (person) =>
          (!from || person.submittedAt >= new Date(from)) &&
          (!to || person.submittedAt < new Date(to)) &&
          person.submittedAt <= cutoff,
      });
      const allowed = new Set(numbersOf(report.content).map((n) => String(n)));

      // Raw HTTP for the downloads: byte streams, read whole and parsed here.
      // CSV: every count it shows is one the JSON shows; withheld ones say so.
      const csv = await api()
        .get(`/api/v1/reports/${report.id}/export?format=csv`)
        .set(bearer(management))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const rows = parse((csv.body as Buffer).toString('utf8'), { relax_column_count: true, bom: true }) as string[][];
      const header = rows.findIndex((row) => row[0] === 'section');
      const columns = rows[header];
      for (const row of rows.slice(header + 1)) {
        for (const name of ['n', 'count']) {
          const cell = row[columns.indexOf(name)];
          if (cell && cell !== 'suppressed') expect(allowed).toContain(String(Number(cell)));
        }
      }
      // XLSX: every whole number in its sheets is one the JSON shows (or k).
      const xlsx = await api()
        .get(`/api/v1/reports/${report.id}/export?format=xlsx`)
        .set(bearer(management))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value === 'number' && Number.isInteger(cell.value) && cell.value > 1) {
              expect([...allowed, String(K)]).toContain(String(cell.value));
            }
          }),
        ),
      );
      // PDF: the figures it prints (whole numbers standing alone) are the JSON's, dates and pages aside.
      const pdf = await api()
        .get(`/api/v1/reports/${report.id}/export?format=pdf`)
        .set(bearer(management))
        .buffer(true)
        .parse(binary)
        .expect(200);
      const dir = mkdtempSync(join(tmpdir(), 'ledger-pdf-'));
      writeFileSync(join(dir, 'report.pdf'), pdf.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
      const withheld = report.content.breakdowns.flatMap((b) => b.groups).filter((g) => g.respondents.value === null);
      for (const group of withheld) expect(text).toContain(group.label);
      expect(text).not.toMatch(/Filer|example\.org/);
    }

    // The exact attacker, per item (each item's figures with the group sizes they share).
    const items = statisticsItems([sampleSatisfactionQuestionnaire()]);
    for (const [index, name] of ['nps', 'satisfaction'].entries()) {
      const item = items.find((candidate) => candidate.name === name)!;
      const projected = people.map((person) => ({ ...person, answers: [person.answers[index]] }));
      const found = await disclosures(
        projected,
        [item],
        contents.map(({ report, counts }) => ({
          counts: (person: (typeof projected)[number]) => counts(person),
          content: {
            ...report.content,
            items: report.content.items.filter((candidate) => candidate.name === name),
            breakdowns: report.content.breakdowns.map((breakdown) => ({
              ...breakdown,
              groups: breakdown.groups.map((group) => ({ ...group, items: { [name]: group.items[name] } })),
            })),
          },
        })),
        K,
      );
      expect(found).toEqual([]);
    }
  });

  it('gives an API key without responses:read published reports only', async () => {
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyId]);
    const provider = t.api({ apiKey: key.secret });
    const survey = { params: { path: { id: surveyId } } };
    const live = await problemOf(provider.GET('/api/v1/surveys/{id}/statistics', survey), 403);
    expect(live.detail).toContain('responses:read');
    const reports = await dataOf(provider.GET('/api/v1/provider/surveys/{id}/reports', survey));
    expect(reports.items).toHaveLength(published.length);
    const report = (reportId: string) =>
      provider.GET('/api/v1/provider/surveys/{id}/reports/{reportId}', {
        params: { path: { id: surveyId, reportId } },
      });
    expect((await dataOf(report(published[0].id))).content).toEqual(published[0].content);
    const drafted = await draft('Not published');
    await answered(report(drafted.id), 404);
    // With responses:read as well, the key may read live figures (it may read the raw responses anyway).
    const reader = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], [surveyId]);
    await answered(t.api({ apiKey: reader.secret }).GET('/api/v1/surveys/{id}/statistics', survey), 200);
  });
});
