import { StaffRole } from '../src/auth/roles';
import { checkPage, desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answeredSurvey, K, type Given } from './utils/answered-survey';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-GB', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/**
 * The results page as people first see it: the headline figures and the charts, the filters in a
 * bar that opens on demand; narrowed to a country or to the detractors; on a desktop and a phone.
 */
describe('the analyst app: results headline and filters', () => {
  let c: Console;
  let analyst: TestStaff;
  let surveyId: string;
  let given: Given[];

  beforeAll(async () => {
    c = await startConsole({ RESPOND_MAX_INVALID_TOKENS: '1000' });
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    ({ surveyId, given } = await answeredSurvey(c.t.app, await sessionFor(c.t.app, analyst)));
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  async function resultsPage(width: number): Promise<Watched> {
    const w = await desktopPage(c.browser, { width });
    w.page.setDefaultTimeout(30_000);
    await signIn(w.page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await w.page.locator('[data-testid="chart-distribution-nps"][data-rendered="true"]').waitFor();
    return w;
  }

  const textOf = async (w: Watched, testId: string) => ((await w.page.getByTestId(testId).textContent()) ?? '').trim();

  it('opens on the headline (n, response rate, NPS, CSAT) and the charts, the filters folded away', async () => {
    const w = await resultsPage(1280);
    const { page } = w;
    expect(await textOf(w, 'headline-n')).toBe(integer.format(given.length));
    expect(await textOf(w, 'headline-rate')).toBe(percent.format(1));
    const nps = given.map((g) => g.answers.nps as number);
    const score = (100 * (nps.filter((v) => v >= 9).length - nps.filter((v) => v <= 6).length)) / nps.length;
    expect(await textOf(w, 'headline-nps')).toBe(integer.format(score));
    const satisfied = given.filter((g) => (g.answers.satisfaction as number) >= 4).length / given.length;
    expect(await textOf(w, 'headline-csat')).toBe(percent.format(satisfied));
    // The headline and the first chart are on the first screen; the filter form is not shown.
    const headline = await page.getByTestId('headline').boundingBox();
    expect(headline!.y + headline!.height).toBeLessThan(900);
    const chart = await page.getByTestId('chart-distribution-nps').boundingBox();
    expect(chart!.y).toBeLessThan(900);
    expect(await page.getByLabel('Campaign').isVisible()).toBe(false);
    expect(await textOf(w, 'filters-count')).toBe('No filter');
    expect(await checkPage(page, 'results-headline-1280')).toEqual([]);

    // Only the detractors: one click on the NPS question's class.
    await page.getByTestId('filters-toggle').click();
    await page.getByLabel('Only respondents who answered').selectOption('nps');
    await page.getByRole('button', { name: 'Only detractors (0–6)' }).click();
    await page.getByRole('button', { name: 'Show results' }).click();
    await page.waitForURL(/answer=nps/);
    const detractors = given.filter((g) => (g.answers.nps as number) <= 6).length;
    await page
      .getByTestId('headline-n')
      .filter({ hasText: integer.format(detractors) })
      .waitFor();
    expect(await textOf(w, 'headline-nps')).toBe(integer.format(-100));
    expect(await textOf(w, 'headline-rate')).toBe('not counted for a filtered group');
    expect(await textOf(w, 'filters-count')).toBe('1 filter');
    expect(await checkPage(page, 'results-detractors-1280')).toEqual([]);

    // A country under k: the whole population is suppressed, its groups drawn as empty labelled slots.
    await page.getByLabel('Only respondents who answered').selectOption('');
    await page.getByLabel('Countries').fill('IT');
    await page.getByRole('button', { name: 'Show results' }).click();
    await page.waitForURL(/country=IT/);
    await page.getByTestId('headline-n').locator('[data-suppressed="true"]').waitFor();
    expect(await page.getByTestId('suppression-note').textContent()).toContain(`fewer than ${K} answers`);
    await screenshot(page, 'results-small-country-1280');
    await w.close();
  });

  it('fits the headline on a 390 px phone, with the filter bar folded', async () => {
    const w = await resultsPage(390);
    const { page } = w;
    const headline = await page.getByTestId('headline').boundingBox();
    expect(headline!.x).toBeGreaterThanOrEqual(0);
    expect(headline!.x + headline!.width).toBeLessThanOrEqual(390);
    expect(await textOf(w, 'headline-n')).toBe(integer.format(given.length));
    expect(await page.getByTestId('filters-toggle').isVisible()).toBe(true);
    expect(await page.getByLabel('Campaign').isVisible()).toBe(false);
    expect(await checkPage(page, 'results-headline-390')).toEqual([]);
    await page.getByTestId('filters-toggle').click();
    await page.getByLabel('Countries').waitFor();
    await screenshot(page, 'results-filters-390');
    await w.close();
  });
});
