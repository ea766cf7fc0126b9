import type { components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answeredSurvey, K } from './utils/answered-survey';
import { dataOf } from './utils/client';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type Report = components['schemas']['ReportDto'];
type Breakdown = components['schemas']['BreakdownDto'];
type CreateReport = components['schemas']['CreateReportDto'];

const CROSSTAB = { rows: 'country', columns: 'segment' } as const;

/**
 * Reports read side by side: a report that, set beside one already published, would let a few
 * people be singled out is refused, and the report page says which figures, which earlier report
 * and what to change; a report that can be published by withholding more figures shows those
 * figures with their own mark and legend.
 */
describe('the analyst app: reports checked against those published before', () => {
  let c: Console;
  let analyst: TestStaff;
  let analystToken: string;
  let surveyId: string;
  let first: Report;
  let times: Date[];

  const api = () => c.t.api({ staff: analystToken });
  const draft = (body: CreateReport) =>
    dataOf(api().POST('/api/v1/surveys/{id}/reports', { params: { path: { id: surveyId } }, body }), 201);
  const publish = (report: Report) =>
    dataOf(api().POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }));

  beforeAll(async () => {
    c = await startConsole({ RESPOND_MAX_INVALID_TOKENS: '1000' });
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    analystToken = await sessionFor(c.t.app, analyst);
    // 45 filers; k = 5.
    ({ surveyId } = await answeredSurvey(c.t.app, analystToken));
    const rows: { submitted_at: Date }[] = await c.t.app
      .get(DataSource)
      .query('SELECT submitted_at FROM responses WHERE survey_id = $1 ORDER BY submitted_at, id', [surveyId]);
    times = rows.map((row) => row.submitted_at);
    // Everyone, by country, with a crosstab: published first.
    first = await draft({
      title: 'Everyone by country',
      language: 'en',
      breakdowns: ['country'],
      crosstabs: [CROSSTAB],
    });
    await publish(first);
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  /** Nothing left the origin, and the only console errors are the refusals the test provoked. */
  function expectClean(w: Watched, refusals: number[]) {
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    const refused = /^Failed to load resource: the server responded with a status of (4\d\d) /;
    expect(w.consoleErrors.filter((message) => !refused.test(message))).toEqual([]);
    expect(w.consoleErrors.map((message) => Number(refused.exec(message)?.[1]))).toEqual(refusals);
  }

  async function consolePage(): Promise<Watched> {
    const w = await desktopPage(c.browser);
    w.page.setDefaultTimeout(30_000);
    return w;
  }

  it('refuses a report that differs from a published one by two responses, naming the report and what to change', async () => {
    // All but the last two responses: subtracting it from the first report would describe two people.
    const near = await draft({ title: 'All but the latest', language: 'en', filters: { to: times[43].toISOString() } });
    expect(near.responses).toBe(43);

    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/reports/${near.id}`);
    await page.getByRole('heading', { level: 1, name: 'All but the latest' }).waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('button', { name: 'Publish the report' }).click();

    // The API's sentence, then the figures at stake with the earlier report as a link.
    await page.getByTestId('problem').waitFor();
    expect(await page.getByTestId('problem').textContent()).toContain('Together with “Everyone by country”');
    const conflicts = page.getByTestId('composition-conflicts');
    await conflicts.getByRole('heading', { name: 'Why it cannot be published' }).waitFor();
    const items = conflicts.getByTestId('conflict-list').locator('li');
    expect(await items.count()).toBeGreaterThan(0);
    const population = items.filter({ hasText: 'the number of responses' });
    expect(await population.getAttribute('data-kind')).toBe('small');
    expect((await population.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      `the number of responses: it would describe fewer than ${K} respondents, only in the earlier report, ` +
        'in responses counted by Everyone by country.',
    );
    expect(await population.getByRole('link', { name: 'Everyone by country' }).getAttribute('href')).toBe(
      `/reports/${first.id}`,
    );
    // No hidden number is shown: the two responses left out are not counted anywhere on the page.
    expect(await conflicts.textContent()).not.toMatch(/\b2 respondents\b|\b43\b|\b45\b/);
    const remedies = conflicts.getByTestId('conflict-remedies');
    expect((await remedies.textContent())?.replace(/\s+/g, ' ')).toContain(
      'Use the same period and campaign as Everyone by country;',
    );
    expect(await remedies.textContent()).toContain('a period that does not overlap theirs, or a wider one');
    expect(await remedies.textContent()).toContain('leave out the breakdowns');
    expect((await page.getByTestId('report-status').textContent())?.trim()).toBe('Draft');
    expect(await checkPage(page, 'report-publish-refused-composition')).toEqual([]);

    // In French, the same refusal in the interface's words.
    await page.locator('.language-picker select').selectOption('fr');
    await conflicts.getByRole('heading', { name: 'Pourquoi il ne peut pas être publié' }).waitFor();
    expect((await population.textContent())?.replace(/\s+/g, ' ')).toContain(
      `il décrirait moins de ${K} répondants, seulement dans le rapport antérieur`,
    );
    expect(await checkPage(page, 'report-publish-refused-composition-fr')).toEqual([]);
    await page.locator('.language-picker select').selectOption('en');

    // The link opens the earlier report; the draft stays a draft.
    await population.getByRole('link', { name: 'Everyone by country' }).click();
    await page.getByRole('heading', { level: 1, name: 'Everyone by country' }).waitFor();
    const after = await dataOf(api().GET('/api/v1/reports/{id}', { params: { path: { id: near.id } } }));
    expect(after.status).toBe('draft');
    expectClean(w, [409]);
    await w.close();
  }, 240_000);

  it('marks figures withheld because of the earlier report as clearly as suppressed ones, with their own legend', async () => {
    // The same responses, with a second breakdown: published by withholding more figures.
    const second = await draft({
      title: 'Everyone by segment and country',
      language: 'en',
      breakdowns: ['segment', 'country'],
      crosstabs: [CROSSTAB],
    });
    const published = await publish(second);
    const withheld = (breakdown: Breakdown) =>
      breakdown.groups.filter((group) => group.respondents.suppressed === 'composition').map((group) => group.value);
    const byDimension = new Map(published.content.breakdowns.map((b) => [b.dimension, withheld(b)]));
    const [dimension, groups] = [...byDimension].find(([, values]) => values.length > 0)!;
    expect(groups.length).toBeGreaterThan(0);

    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/reports/${published.id}`);
    await page.getByRole('heading', { level: 1, name: 'Everyone by segment and country' }).waitFor();

    // The legend of the mark, and what reports show by group.
    const legend = page.getByTestId('composition-note');
    await legend.waitFor();
    expect(await legend.textContent()).toContain(
      'Withheld: with reports published before, it could single someone out.',
    );
    expect(await page.getByTestId('report-figures-note').textContent()).toContain(
      'groups show the NPS or the top-2-box share rather than means',
    );
    expect(await page.getByTestId('population-first').count()).toBe(0);

    // Each group withheld for composition carries the mark, with the same look as a suppressed one.
    const table = page.getByTestId(`breakdown-table-${dimension}`);
    await page.getByTestId('breakdown-metric').selectOption('respondents');
    for (const value of groups) {
      const mark = table.locator(`tr[data-value="${value}"] td [data-suppressed="true"]`).first();
      expect(await mark.getAttribute('data-reason')).toBe('composition');
      expect((await mark.textContent())?.trim()).toBe('withheld');
      expect(await mark.getAttribute('title')).toBe(
        'Withheld: with reports published before, it could single someone out',
      );
    }
    const marks = page.locator('[data-reason="composition"]');
    const small = page.locator('[data-reason="primary"]').first();
    const look = (locator: typeof small) =>
      locator.evaluate((element) => {
        const style = getComputedStyle(element);
        return [style.backgroundColor, style.fontStyle, style.fontSize, style.fontWeight, style.color];
      });
    expect(await look(marks.first())).toEqual(await look(small));
    // Means are not offered by group, and the crosstab shows respondents only.
    const options = await page.getByTestId('breakdown-metric').locator('option').allTextContents();
    expect(options.some((option) => option.startsWith('Mean'))).toBe(false);
    expect(options.some((option) => option.startsWith('NPS'))).toBe(true);
    expect(await page.getByTestId('crosstab-metric').count()).toBe(0);
    await page.locator('[data-testid="chart-breakdown-country"][data-rendered="true"]').waitFor();
    await table.scrollIntoViewIfNeeded();
    expect(await checkPage(page, 'report-composition-marks')).toEqual([]);

    // In French.
    await page.locator('.language-picker select').selectOption('fr');
    await legend.filter({ hasText: 'Retenu : avec les rapports publiés auparavant' }).waitFor();
    expect((await table.locator('[data-reason="composition"]').first().textContent())?.trim()).toBe('retenu');
    expect(await checkPage(page, 'report-composition-marks-fr')).toEqual([]);
    expectClean(w, []);
    await w.close();
  }, 240_000);
});
