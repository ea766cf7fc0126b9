import type { operations } from '@survey/api-client';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { CampaignsService } from '../src/delivery/campaigns.service';
import { InvitationTokens } from '../src/delivery/invitation-tokens';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answeredSurvey, answersFor, K } from './utils/answered-survey';
import { answered, dataOf } from './utils/client';
import type { Watched } from './utils/respondent-browser';
import { extractCsv } from './utils/respondents';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type StatisticsQuery = NonNullable<operations['getSurveyStatistics']['parameters']['query']>;

// The console formats for en-GB; these are the same rules, written out independently.
const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-GB', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
/** A calendar day as a date input takes it, in the browser's time zone (Europe/Paris). */
const dayInParis = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);

/** The second wave: six more filers, two of whom answered ten days ago. */
const SECOND_WAVE = 6;
const BACKDATED = 2;
const FIRST_WAVE = 45;
const EVERYONE = FIRST_WAVE + SECOND_WAVE;

describe('the analyst app: results and reports', () => {
  let c: Console;
  let dataSource: DataSource;
  let analyst: TestStaff;
  let management: TestStaff;
  let analystToken: string;
  let managementToken: string;
  let surveyId: string;
  let publishedId: string;
  let draftId: string;

  const as = (token: string) => c.t.api({ staff: token });
  const statistics = (query: StatisticsQuery = {}) =>
    dataOf(as(analystToken).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId }, query } }));
  const reportOf = (id: string, token = analystToken) =>
    dataOf(as(token).GET('/api/v1/reports/{id}', { params: { path: { id } } }));

  beforeAll(async () => {
    c = await startConsole({ RESPOND_MAX_INVALID_TOKENS: '1000' });
    const app = c.t.app;
    dataSource = app.get(DataSource);
    analyst = await newStaff(app, StaffRole.Analyst);
    management = await newStaff(app, StaffRole.Management);
    analystToken = await sessionFor(app, analyst);
    managementToken = await sessionFor(app, management);
    // 45 filers (Italy: two of them, under k) answer through the first campaign.
    ({ surveyId } = await answeredSurvey(app, analystToken));

    // A second campaign invites six new filers (those already invited are not invited again).
    const rows = Array.from({ length: SECOND_WAVE }, (_, i) => ({
      name: `Late filer ${i}`,
      email: `late${i}@example.org`,
      country: i % 2 ? 'FR' : 'DE',
      segment: 'agent',
    }));
    // The file is the whole body, sent as it stands (not JSON-encoded).
    const csv = extractCsv(rows);
    const job = await dataOf(
      as(analystToken).POST('/api/v1/contacts/imports', {
        params: { header: { 'content-type': 'text/csv', 'content-length': String(csv.length) } },
        body: csv.toString('utf8'),
        bodySerializer: (text) => text,
      }),
      202,
    );
    await app.get(ContactImportsService).settled(job.id);
    const campaign = await dataOf(
      as(analystToken).POST('/api/v1/surveys/{id}/campaigns', {
        params: { path: { id: surveyId } },
        body: { name: 'Second wave', target: {} },
      }),
      202,
    );
    await app.get(CampaignsService).settled(campaign.id);
    const invitations: { id: string }[] = await dataSource.query(
      'SELECT id FROM invitations WHERE campaign_id = $1 ORDER BY created_at, id',
      [campaign.id],
    );
    expect(invitations).toHaveLength(SECOND_WAVE);
    const tokens = await dataSource.transaction((manager) =>
      InvitationTokens.issue(
        manager,
        invitations.map((i) => i.id),
      ),
    );
    for (const [i, token] of tokens.entries()) {
      const answers = answersFor(100 + i);
      await answered(c.t.api({ invitation: token }).POST('/api/v1/respond/submit', { body: { answers } }), 200);
    }
    await dataSource.query(
      `UPDATE responses SET submitted_at = now() - interval '10 days'
        WHERE id IN (SELECT id FROM responses WHERE campaign_id = $1 ORDER BY id LIMIT ${BACKDATED})`,
      [campaign.id],
    );
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  /**
   * Nothing left the origin and the page broke no rule of its Content-Security-Policy. Chromium
   * logs each refused request as a console error: exactly the refusals the test provoked (4xx
   * statuses) are expected there, nothing else.
   */
  function expectClean(w: Watched, refusals: number[] = []) {
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    const refused = /^Failed to load resource: the server responded with a status of (4\d\d) /;
    expect(w.consoleErrors.filter((message) => !refused.test(message))).toEqual([]);
    expect(w.consoleErrors.map((message) => Number(refused.exec(message)?.[1])).sort()).toEqual([...refusals].sort());
  }

  /** A console page, with more patience than the default while the machine is busy. */
  async function consolePage(): Promise<Watched> {
    const w = await desktopPage(c.browser);
    w.page.setDefaultTimeout(30_000);
    return w;
  }

  /** Waits until the chart has drawn, and checks it drew on a canvas. */
  async function expectChart(page: Page, testId: string) {
    const chart = page.locator(`[data-testid="${testId}"][data-rendered="true"]`);
    await chart.waitFor();
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toBeTruthy();
  }

  /** The text of the table cells (not the row header) of the row for `value`. */
  async function rowCells(table: Locator, value: string): Promise<string[]> {
    return (await table.locator(`tr[data-value="${value}"] td`).allTextContents()).map((text) => text.trim());
  }

  async function population(page: Page): Promise<string> {
    return ((await page.getByTestId('population-responses').textContent()) ?? '').trim();
  }

  async function showResults(page: Page) {
    await page.getByRole('button', { name: 'Show results' }).click();
  }

  async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), body: readFileSync(path) };
  }

  it('shows the live results as charts and tables with the API’s figures, small groups suppressed', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await page.getByRole('heading', { level: 1, name: 'Results: Filers satisfaction' }).waitFor();
    await expectChart(page, 'chart-distribution-nps');
    const live = await statistics();

    // Population, as the API counts it.
    expect(await population(page)).toBe(integer.format(live.population.responses.value!));
    expect(live.population.responses.value).toBe(EVERYONE);
    expect((await page.getByTestId('population-invited').textContent())?.trim()).toBe(integer.format(EVERYONE));
    expect((await page.getByTestId('population-rate').textContent())?.trim()).toBe(
      percent.format(live.population.responseRate!),
    );
    expect(await page.getByTestId('suppression-note').textContent()).toContain(`fewer than ${K} people`);

    // Every question's distribution table holds the API's counts and shares; each has its chart.
    for (const item of live.items) {
      await expectChart(page, `chart-distribution-${item.name}`);
      const table = page.getByTestId(`distribution-${item.name}`);
      for (const entry of item.distribution) {
        const cells = await rowCells(table, String(entry.value));
        expect(cells).toEqual(
          entry.suppressed
            ? ['suppressed', 'suppressed']
            : [integer.format(entry.count!), percent.format(entry.share!)],
        );
      }
    }

    // The NPS: score and the three groups, drawn as a stacked bar.
    const nps = live.items.find((item) => item.name === 'nps')!.overall.nps!;
    await expectChart(page, 'chart-nps-nps');
    const npsTable = page.getByTestId('nps-nps');
    expect(await rowCells(npsTable, 'score')).toEqual([oneDecimal.format(nps.score)]);
    expect(await rowCells(npsTable, 'promoters')).toEqual([percent.format(nps.promoters)]);
    expect(await rowCells(npsTable, 'detractors')).toEqual([percent.format(nps.detractors)]);

    // Breakdown by country, NPS per group: Italy (two filers) is suppressed, never zero.
    await expectChart(page, 'chart-breakdown-country');
    const countries = page.getByTestId('breakdown-table-country');
    const byCountry = live.breakdowns.find((b) => b.dimension === 'country')!;
    const italy = byCountry.groups.find((g) => g.value === 'IT')!;
    expect(italy.respondents).toEqual({ value: null, suppressed: 'primary' });
    expect(await countries.locator('tr[data-value="IT"] [data-suppressed="true"]').count()).toBeGreaterThanOrEqual(1);
    expect(await rowCells(countries, 'IT')).toEqual(['suppressed', 'suppressed', 'suppressed']);
    for (const group of byCountry.groups) {
      const figures = group.items.nps;
      expect(await rowCells(countries, group.value)).toEqual([
        group.respondents.suppressed ? 'suppressed' : integer.format(group.respondents.value!),
        figures.suppressed ? 'suppressed' : integer.format(figures.n!),
        figures.suppressed ? 'suppressed' : oneDecimal.format(figures.nps!.score),
      ]);
    }
    const published = byCountry.groups.filter((g) => !g.respondents.suppressed);
    expect(published.length).toBeGreaterThan(0);

    // The breakdown can show another figure: respondents only.
    await page.getByTestId('breakdown-metric').selectOption('respondents');
    expect(await rowCells(countries, 'FR')).toEqual([
      byCountry.groups.find((g) => g.value === 'FR')!.respondents.suppressed
        ? 'suppressed'
        : integer.format(byCountry.groups.find((g) => g.value === 'FR')!.respondents.value!),
    ]);
    for (const dimension of ['segment', 'role', 'relationshipBand'])
      await expectChart(page, `chart-breakdown-${dimension}`);

    expect(await checkPage(page, 'results-overview')).toEqual([]);

    // The same page in French: words, numbers and the suppression marks.
    await page.locator('.language-picker select').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Résultats : Filers satisfaction' }).waitFor();
    // Questions and groups are labelled in the interface language unless another is chosen.
    await countries.locator('tr[data-value="IT"] th', { hasText: 'Italie' }).waitFor();
    expect(await rowCells(countries, 'IT')).toEqual(['masqué']);
    expect(await page.getByTestId('suppression-note').textContent()).toContain(`moins de ${K} personnes`);
    expect(await checkPage(page, 'results-overview-fr')).toEqual([]);
    expectClean(w);
    await w.close();
  }, 240_000);

  it('filters by campaign and by date, draws a crosstab heat map, and shows the API’s refusals by their fields', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await expectChart(page, 'chart-distribution-nps');
    expect(await population(page)).toBe(integer.format(EVERYONE));

    // The filters sit in a bar that opens on demand.
    expect(await page.getByLabel('Campaign').isVisible()).toBe(false);
    await page.getByTestId('filters-toggle').click();
    // Campaign: the second wave only.
    await page.getByLabel('Campaign').selectOption({ label: 'Second wave' });
    await showResults(page);
    await page.waitForURL(/campaign=/);
    await page
      .getByTestId('population-responses')
      .filter({ hasText: new RegExp(`^${SECOND_WAVE}$`) })
      .waitFor();
    expect(await population(page)).toBe(String(SECOND_WAVE));

    // Dates: from three days ago leaves out the two answers of ten days ago.
    await page.getByLabel('Campaign').selectOption({ label: 'All responses' });
    await page.getByLabel('Submitted from').fill(dayInParis(daysAgo(3)));
    await showResults(page);
    await page
      .getByTestId('population-responses')
      .filter({ hasText: String(EVERYONE - BACKDATED) })
      .waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe(dayInParis(daysAgo(3)));

    // A crosstab of country by segment as a heat map, with the API's margins and suppressed cells.
    await page.getByLabel('Rows', { exact: true }).selectOption({ label: 'Country' });
    await page.getByLabel('Columns', { exact: true }).selectOption({ label: 'Segment' });
    await page.getByLabel('Submitted from').fill('');
    await showResults(page);
    await expectChart(page, 'chart-crosstab');
    const live = await statistics({ crosstabs: ['country:segment'] });
    const crosstab = live.crosstabs[0];
    const table = page.getByTestId('crosstab-table');
    const suppressedCells = crosstab.cells.flat().filter((cell) => cell.suppressed).length;
    expect(suppressedCells).toBeGreaterThan(0);
    expect(await table.locator('tbody [data-suppressed="true"]').count()).toBeGreaterThanOrEqual(suppressedCells);
    for (const [r, row] of crosstab.rowValues.entries()) {
      const expected = [...crosstab.cells[r], crosstab.rowTotals[r]].map((cell) =>
        cell.suppressed ? 'suppressed' : integer.format(cell.value!),
      );
      expect(await rowCells(table, row.value)).toEqual(expected);
    }
    expect(await rowCells(table, 'total')).toEqual(
      [...crosstab.columnTotals, crosstab.total].map((cell) =>
        cell.suppressed ? 'suppressed' : integer.format(cell.value!),
      ),
    );
    expect(await checkPage(page, 'results-crosstab')).toEqual([]);

    // Labels in another questionnaire language.
    await page.getByLabel('Language of questions and answers').selectOption('fr');
    await showResults(page);
    await page
      .getByTestId('breakdown-table-country')
      .locator('tr[data-value="DE"] th', { hasText: 'Allemagne' })
      .waitFor();

    // An end before the start: checked before asking, said next to the end, which takes the focus.
    await page.getByLabel('Submitted from').fill(dayInParis(new Date()));
    await page.getByLabel('Submitted up to (inclusive)').fill(dayInParis(daysAgo(3)));
    await showResults(page);
    await page.locator('.field-error', { hasText: 'Enter an end date that is not before the start date.' }).waitFor();
    const to = page.getByLabel('Submitted up to (inclusive)');
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await to.evaluate((input) => input === document.activeElement)).toBe(true);
    // The API's refusal lands next to its field, as a sentence: a crosstab of one dimension twice.
    await page.getByLabel('Submitted from').fill('');
    await page.getByLabel('Submitted up to (inclusive)').fill('');
    await page.getByLabel('Columns', { exact: true }).selectOption({ label: 'Country' });
    await showResults(page);
    await page.locator('select[aria-invalid="true"]').first().waitFor();
    expect(await page.getByLabel('Rows', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('problem').textContent()).toContain('Crosstabs: Choose two different values.');
    expect(await page.locator('main').innerText()).not.toMatch(/Bad Request|needs two different dimensions/);
    // Only one of the two: the console says so before asking.
    await page.getByLabel('Columns', { exact: true }).selectOption({ label: 'No crosstab' });
    await showResults(page);
    await page.getByText('Choose both the rows and the columns, or neither.').waitFor();
    expect(await checkPage(page, 'results-refused-filters')).toEqual([]);

    // API-side, the second wave counts six responses, as the page said.
    expect((await statistics({ campaignId: await secondWaveId() })).population.responses.value).toBe(SECOND_WAVE);
    expectClean(w, [400]);
    await w.close();
  }, 240_000);

  async function secondWaveId(): Promise<string> {
    const [row] = await dataSource.query(`SELECT id FROM campaigns WHERE survey_id = $1 AND name = 'Second wave'`, [
      surveyId,
    ]);
    return row.id as string;
  }

  it('downloads the pseudonymised raw responses as CSV', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await expectChart(page, 'chart-distribution-nps');
    const file = await download(page, () => page.getByRole('button', { name: 'Download raw responses (CSV)' }).click());
    expect(file.name).toMatch(/\.csv$/);
    const text = file.body.toString('utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^response_id,respondent,questionnaire_version,channel,language,submitted_at,/);
    expect(lines[0]).toContain('nps');
    expect(lines).toHaveLength(EVERYONE + 1);
    // Pseudonymised: no name or e-mail address of a filer.
    expect(text).not.toMatch(/example\.org|Filer \d|Late filer/);
    await page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();
    expectClean(w);
    await w.close();
  }, 240_000);

  it('generates a report, shows why one is refused, previews, publishes and downloads it as PDF, XLSX and CSV', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await page.getByRole('navigation', { name: 'Survey sections' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports: Filers satisfaction' }).waitFor();
    await page.getByText('No report yet.').waitFor();

    // Too few responses: refused, with the API's reason and what to do.
    await page.getByLabel('Report title').fill('Nobody');
    await page.getByLabel('Submitted up to (inclusive)').fill('2000-01-01');
    await page.getByRole('button', { name: 'Generate the draft' }).click();
    await page.getByTestId('problem').waitFor();
    expect(await page.getByTestId('problem').textContent()).toContain(`at least ${K} responses`);
    await page.getByText('Widen the filters').waitFor();
    // A missing title is asked for before sending, next to the field.
    await page.getByLabel('Report title').fill('   ');
    await page.getByLabel('Submitted up to (inclusive)').fill('');
    await page.getByRole('button', { name: 'Generate the draft' }).click();
    await page.locator('input[aria-invalid="true"]').waitFor();
    expect(await page.getByLabel('Report title').getAttribute('aria-invalid')).toBe('true');
    await page.locator('.field-error', { hasText: 'This field is required.' }).waitFor();
    expect(await checkPage(page, 'reports-generate-refused')).toEqual([]);

    // Everyone, with a crosstab.
    await page.getByLabel('Report title').fill('Satisfaction 2026');
    await page.getByLabel('Rows', { exact: true }).selectOption({ label: 'Country' });
    await page.getByLabel('Columns', { exact: true }).selectOption({ label: 'Segment' });
    await page.getByRole('button', { name: 'Generate the draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Satisfaction 2026' }).waitFor();
    publishedId = new URL(page.url()).pathname.split('/').pop()!;
    const report = await reportOf(publishedId);
    expect(report).toMatchObject({ status: 'draft', responses: EVERYONE });
    expect((await page.getByTestId('report-status').textContent())?.trim()).toBe('Draft');
    await page.getByTestId('draft-notice').waitFor();
    expect((await page.getByTestId('report-responses').textContent())?.trim()).toBe(integer.format(EVERYONE));
    // The preview: the snapshot's own figures, with the same charts.
    await expectChart(page, 'chart-distribution-nps');
    await expectChart(page, 'chart-crosstab');
    await expectChart(page, 'chart-breakdown-country');
    const countries = report.content.breakdowns.find((b) => b.dimension === 'country')!;
    for (const group of countries.groups) {
      expect((await rowCells(page.getByTestId('breakdown-table-country'), group.value))[0]).toBe(
        group.respondents.suppressed ? 'suppressed' : integer.format(group.respondents.value!),
      );
    }
    expect(await checkPage(page, 'reports-draft-preview')).toEqual([]);

    // Publish, after confirming.
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByText('Publish this report for management?').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByText('Publish this report for management?').count()).toBe(0);
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('button', { name: 'Publish the report' }).click();
    await page.getByRole('status').filter({ hasText: 'The report is published' }).waitFor();
    expect((await page.getByTestId('report-status').textContent())?.trim()).toBe('Published');
    expect(await page.getByRole('button', { name: 'Publish…' }).count()).toBe(0);
    const after = await reportOf(publishedId);
    expect(after.status).toBe('published');

    // The three downloads, checked by their first bytes.
    const pdf = await download(page, () => page.getByRole('button', { name: 'Download PDF' }).click());
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.name).toBe('Satisfaction-2026.pdf');
    const xlsx = await download(page, () => page.getByRole('button', { name: 'Download XLSX' }).click());
    expect([...xlsx.body.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    const csvText = csv.body.toString('utf8').replace(/^\uFEFF/, '');
    expect(csvText.split(/\r?\n/)[0]).toBe('report,Satisfaction 2026');
    expect(csvText).toContain('suppressed');
    expect(await checkPage(page, 'reports-published')).toEqual([]);

    // A second report leaving out two responses: publishing it would let the two be worked out.
    await page.goto(`${c.origin}/reports?survey=${surveyId}`);
    await page.getByLabel('Report title').fill('Recent answers');
    await page.getByLabel('Submitted from').fill(dayInParis(daysAgo(3)));
    await page.getByRole('button', { name: 'Generate the draft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recent answers' }).waitFor();
    draftId = new URL(page.url()).pathname.split('/').pop()!;
    expect((await page.getByTestId('report-responses').textContent())?.trim()).toBe(
      integer.format(EVERYONE - BACKDATED),
    );
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('button', { name: 'Publish the report' }).click();
    await page.getByTestId('problem').waitFor();
    expect(await page.getByTestId('problem').textContent()).toContain('Satisfaction 2026');
    // The refusal lists the figures at stake, each naming the published report, and what to change.
    const conflicts = page.getByTestId('composition-conflicts');
    await conflicts.waitFor();
    expect(await conflicts.getByTestId('conflict-list').locator('li').count()).toBeGreaterThan(0);
    expect(await conflicts.getByRole('link', { name: 'Satisfaction 2026' }).first().getAttribute('href')).toBe(
      `/reports/${publishedId}`,
    );
    expect(await conflicts.getByTestId('conflict-remedies').textContent()).toContain(
      'Use the same period and campaign as Satisfaction 2026',
    );
    expect((await page.getByTestId('report-status').textContent())?.trim()).toBe('Draft');
    expect(await checkPage(page, 'reports-publish-refused-composition')).toEqual([]);

    // The list of the survey's reports, then the report page in French.
    await page.goto(`${c.origin}/reports?survey=${surveyId}`);
    const list = page.getByTestId('report-list');
    await list.locator(`tr[data-id="${publishedId}"]`).waitFor();
    expect(await list.locator(`tr[data-id="${draftId}"]`).textContent()).toContain('Draft');
    await page.goto(`${c.origin}/reports/${publishedId}`);
    await expectChart(page, 'chart-distribution-nps');
    await page.locator('.language-picker select').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: 'Paramètres' }).waitFor();
    await page.getByRole('button', { name: 'Télécharger en PDF' }).waitFor();
    expect(await page.getByTestId('suppression-note').textContent()).toContain(`moins de ${K} personnes`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await checkPage(page, 'reports-published-fr')).toEqual([]);
    expectClean(w, [409, 409]);
    await w.close();
  }, 240_000);

  it('shows management the published reports only, with the same charts, and nothing to publish, generate or analyse', async () => {
    expect(publishedId).toBeDefined();
    expect(draftId).toBeDefined();
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, management);
    await page.getByRole('heading', { level: 1, name: 'Published reports' }).waitFor();
    const list = page.getByTestId('report-list');
    await list.locator(`tr[data-id="${publishedId}"]`).waitFor();
    expect(await list.locator('tbody tr').count()).toBe(1);
    expect(await page.getByText('Recent answers').count()).toBe(0);
    expect(await page.getByRole('button', { name: /generate|publish/i }).count()).toBe(0);
    expect(await page.locator('a[href*="/surveys"]').count()).toBe(0);
    expect(await checkPage(page, 'reports-management-list')).toEqual([]);

    // The report: the snapshot's charts and figures, downloads, and no publication or analysis.
    await list.getByRole('link', { name: 'Satisfaction 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Satisfaction 2026' }).waitFor();
    const report = await reportOf(publishedId, managementToken);
    await expectChart(page, 'chart-distribution-nps');
    await expectChart(page, 'chart-breakdown-country');
    await expectChart(page, 'chart-crosstab');
    const nps = report.content.items.find((item) => item.name === 'nps')!;
    // Some answer counts the score derives from are withheld: n is shown, the score is marked, not drawn.
    expect(nps.overall).toMatchObject({ withheld: 'primary', nps: null, n: EVERYONE });
    expect(await page.getByTestId('nps-score-nps').locator('[data-suppressed="true"]').textContent()).toBe(
      'suppressed',
    );
    expect(await page.getByTestId('chart-nps-nps').count()).toBe(0);
    for (const entry of nps.distribution) {
      expect(await rowCells(page.getByTestId('distribution-nps'), String(entry.value))).toEqual(
        entry.suppressed ? ['suppressed', 'suppressed'] : [integer.format(entry.count!), percent.format(entry.share!)],
      );
    }
    expect(
      await page.getByTestId('breakdown-table-country').locator('tr[data-value="IT"] [data-suppressed="true"]').count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /publish|generate/i }).count()).toBe(0);
    expect(await page.locator('a[href*="/surveys"]').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Survey sections' }).count()).toBe(0);
    const pdf = await download(page, () => page.getByRole('button', { name: 'Download PDF' }).click());
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await checkPage(page, 'reports-management-report')).toEqual([]);

    // The draft's address says it does not exist, as the API does.
    await page.goto(`${c.origin}/reports/${draftId}`);
    await page
      .getByTestId('problem')
      .filter({ hasText: 'This page does not exist, or you may not open it.' })
      .waitFor();
    expect(await page.getByText('Recent answers').count()).toBe(0);
    // Live results are not for management either.
    await page.goto(`${c.origin}/surveys/${surveyId}/results`);
    await page.getByText('Your role does not give access to this.').waitFor();

    // In French.
    await page.goto(`${c.origin}/reports`);
    await page.locator('.language-picker select').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Rapports publiés' }).waitFor();
    expect(await checkPage(page, 'reports-management-list-fr')).toEqual([]);
    expectClean(w, [404]);
    await w.close();
  }, 240_000);
});
