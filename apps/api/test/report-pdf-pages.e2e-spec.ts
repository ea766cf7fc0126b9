import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { questionsOf, sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { StaffRole } from '../src/auth/roles';
import { NPS_COLOURS } from '../src/statistics/exports/report-pdf';
import { clientFor, createTestApp, TestApp } from './utils/app';
import { answeredSurvey, answersFor, designRows } from './utils/answered-survey';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { renderPdf, type RenderedPage } from './utils/pdf-pages';
import { completeAnswers, extractCsv, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';
import type { Server } from 'node:http';

const ARTIFACTS = join(__dirname, '../../../test-artifacts/exports');

/** A page with something on it: text, or a drawing of some size. */
function expectNoBlankPage(pages: RenderedPage[]) {
  for (const [index, page] of pages.entries()) {
    const share = page.inked / (page.width * page.height);
    expect({ page: index + 1, hasText: page.text.trim().length > 40, drawn: share > 0.004 }).toEqual({
      page: index + 1,
      hasText: true,
      drawn: true,
    });
  }
}

/** The stacked promoters/passives/detractors bar, in its colours, on the first page. */
function expectNpsChartOnFirstPage(pages: RenderedPage[], labels: string[]) {
  const [first] = pages;
  for (const label of labels) expect(first.text).toContain(label);
  for (const colour of [NPS_COLOURS.promoters, NPS_COLOURS.detractors, NPS_COLOURS.passives]) {
    expect(first.pixelsOf(colour, { top: 0, bottom: 0.6 })).toBeGreaterThan(40);
  }
}

/**
 * Real reports drawn by the API and rendered by poppler: no page is blank, and the first page
 * carries the headline figures with the NPS as a chart, in several shapes of report.
 */
describe('Report PDFs as pages', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let surveyId: string;
  let clearNps: string;

  const pdfOf = async (survey: string, body: Record<string, unknown>, name: string): Promise<RenderedPage[]> => {
    const report = await dataOf(
      t.api({ staff: analyst }).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: survey } },
        body: body as never,
      }),
      201,
    );
    const file = await answered(
      t.api({ staff: analyst }).GET('/api/v1/reports/{id}/export', {
        params: { path: { id: report.id }, query: { format: 'pdf' } },
        parseAs: 'arrayBuffer',
      }),
      200,
    );
    const pdf = Buffer.from(file.data as ArrayBuffer);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, name), pdf);
    return renderPdf(pdf);
  };

  /** 45 filers whose NPS answers are 2, 7, 8, 9 or 10 (nine each), so that every NPS count is published. */
  async function npsSurvey(): Promise<string> {
    const survey = await surveyWithInvitees(t.app, analyst, {
      name: 'Clear NPS',
      contactsCsv: extractCsv(designRows()),
    });
    const server = t.app.getHttpServer() as Server;
    for (const [i, invitee] of survey.invitees.entries()) {
      const nps = [2, 7, 8, 9, 10][i % 5];
      const { npsReason: _reason, ...rest } = answersFor(i);
      const answers = { ...rest, nps, satisfaction: 4 + (i % 2), ...(nps <= 6 ? { npsReason: 'Too slow' } : {}) };
      await answered(
        clientFor(server, { invitation: invitee.token }).POST('/api/v1/respond/submit', { body: { answers } }),
        200,
      );
    }
    return survey.surveyId;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId } = await answeredSurvey(t.app, analyst));
    clearNps = await npsSurvey();
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('draws a full report with every breakdown, a crosstab and suppressed groups without a blank page', async () => {
    const pages = await pdfOf(
      surveyId,
      { title: 'Full report', language: 'en', crosstabs: [{ rows: 'country', columns: 'segment' }] },
      'real-report.pdf',
    );
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expectNoBlankPage(pages);
    // Here every NPS answer count is under k, so the NPS is withheld and says so on the first page.
    expect(pages[0].text).toContain('Headline figures');
    expect(pages[0].text).toMatch(/The NPS is suppressed. in this report/);
    expect(pages.some((page) => /suppressed¹/.test(page.text))).toBe(true);
    expect(pages.map((page) => page.text).join('\n')).toContain('How likely are you to recommend');
  });

  it('draws the NPS as a stacked bar on the first page, with the headline figures', async () => {
    const pages = await pdfOf(
      clearNps,
      { title: 'Clear NPS', language: 'en', crosstabs: [{ rows: 'country', columns: 'segment' }] },
      'real-report.nps.pdf',
    );
    expectNoBlankPage(pages);
    expectNpsChartOnFirstPage(pages, [
      'Headline figures',
      'Responses (n)',
      'Response rate',
      'CSAT',
      'Promoters',
      'Passives',
      'Detractors',
    ]);
    // 18 promoters and 9 detractors of 45: +20.
    expect(pages[0].text).toContain('+20');
  });

  it('draws an Arabic report without a blank page, the NPS chart first', async () => {
    const pages = await pdfOf(clearNps, { title: 'تقرير', language: 'ar' }, 'real-report.ar.pdf');
    expectNoBlankPage(pages);
    expectNpsChartOnFirstPage(pages, ['NPS', '+20']);
  });

  it('draws a report of a survey without an NPS question: no NPS figure nor chart, no blank page', async () => {
    const withoutNps = sampleSatisfactionQuestionnaire() as Questionnaire;
    for (const page of withoutNps.pages) {
      page.elements = page.elements.filter((question) => question.name !== 'nps' && question.name !== 'npsReason');
    }
    const survey = await surveyWithInvitees(t.app, analyst, {
      name: 'Without NPS',
      questionnaire: withoutNps,
      contactsCsv: extractCsv(designRows()),
    });
    const server = t.app.getHttpServer() as Server;
    for (const invitee of survey.invitees.slice(0, 12)) {
      const answers = completeAnswers();
      delete answers.nps;
      delete answers.npsReason;
      await answered(
        clientFor(server, { invitation: invitee.token }).POST('/api/v1/respond/submit', { body: { answers } }),
        200,
      );
    }
    expect(questionsOf(withoutNps).some((question) => question.type === 'rating')).toBe(true);
    const pages = await pdfOf(survey.surveyId, { title: 'No NPS', language: 'fr' }, 'real-report.no-nps.pdf');
    expectNoBlankPage(pages);
    expect(pages[0].text).toContain('Chiffres clés');
    expect(pages[0].text).not.toContain('Promoteurs');
    expect(pages[0].pixelsOf(NPS_COLOURS.promoters)).toBe(0);
  });
});
