import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answeredSurvey, type Given } from './utils/answered-survey';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

/**
 * The comments view and the response browser in the analyst console: free text read only after
 * choosing a purpose, filtered like statistics, audited; responses by pseudonym, never by name.
 */
describe('the analyst app: comments and responses', () => {
  let c: Console;
  let dataSource: DataSource;
  let analyst: TestStaff;
  let management: TestStaff;
  let surveyId: string;
  let given: Given[];

  beforeAll(async () => {
    c = await startConsole({ RESPOND_MAX_INVALID_TOKENS: '1000' });
    dataSource = c.t.app.get(DataSource);
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    management = await newStaff(c.t.app, StaffRole.Management);
    ({ surveyId, given } = await answeredSurvey(c.t.app, await sessionFor(c.t.app, analyst)));
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  async function consolePage(): Promise<Watched> {
    const w = await desktopPage(c.browser);
    w.page.setDefaultTimeout(30_000);
    return w;
  }

  const auditCount = async (action: string) =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE action = $1', [action]))[0].n);

  it('reads the comments of a question only with a purpose, filtered to the detractors of one country', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/comments`);
    await page.getByRole('heading', { level: 1, name: /^Comments: / }).waitFor();
    await page.getByLabel('Free-text question').selectOption('npsReason');
    // Without a purpose nothing is read.
    const before = await auditCount('responses.comments_read');
    await page.getByRole('button', { name: 'Show comments' }).click();
    await page.getByText('Choose why you are reading the comments.').waitFor();
    expect(await auditCount('responses.comments_read')).toBe(before);

    await page.getByLabel('Purpose of reading').selectOption('survey-analysis');
    await page.getByLabel('Countries').fill('FR');
    await page.getByLabel('Only respondents who answered').selectOption('nps');
    await page.getByRole('button', { name: 'Only detractors (0–6)' }).click();
    await page.getByRole('button', { name: 'Show comments' }).click();
    const expected = given
      .filter((g) => g.country === 'FR' && (g.answers.nps as number) <= 6)
      .map((g) => g.answers.npsReason as string);
    expect(expected.length).toBeGreaterThan(3);
    await page
      .getByRole('status')
      .filter({ hasText: `${expected.length} comments shown` })
      .waitFor();
    const shown = await page.getByTestId('comment').locator('blockquote').allTextContents();
    expect(shown.sort()).toEqual(expected.sort());
    expect(await page.content()).not.toMatch(/@example\.org|Filer \d/);
    expect(await auditCount('responses.comments_read')).toBe(before + 1);
    expect(await checkPage(page, 'comments-detractors')).toEqual([]);
    await w.close();
  });

  it('browses pseudonymous responses, flags a group under k, opens one and its free text with a purpose', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/responses`);
    await page.getByRole('heading', { level: 1, name: /^Responses: / }).waitFor();
    await page.getByText(`Page 1 of 3`).first().waitFor();
    await page.getByLabel('Countries').fill('IT');
    await page.getByRole('button', { name: 'Show responses' }).click();
    await page.getByTestId('small-group').waitFor();
    expect(await page.getByTestId('small-group').textContent()).toContain('leave 2 responses, fewer than');
    const rows = page.locator('table.response-table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.content()).not.toMatch(/@example\.org|Filer \d/);
    const [event] = await dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'responses.browsed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.details).toMatchObject({ country: ['IT'], total: 2, smallGroup: true });
    expect(await checkPage(page, 'responses-small-group')).toEqual([]);

    await rows.first().getByRole('button').click();
    const detail = page.getByTestId('response-detail');
    await detail.getByRole('heading', { name: /^Response of r_/ }).waitFor();
    expect(await detail.textContent()).toContain('Answers to closed questions');
    expect(await detail.textContent()).not.toContain('Secret remark');
    await detail.getByRole('button', { name: 'Read the free text' }).click();
    await detail.getByText('Choose why you are reading the comments.').waitFor();
    await detail.getByLabel('Purpose of reading').selectOption('data-quality');
    await detail.getByRole('button', { name: 'Read the free text' }).click();
    await detail.getByTestId('free-text').waitFor();
    expect(await detail.getByTestId('free-text').textContent()).toMatch(/Secret remark \d+ from a filer/);
    const [read] = await dataSource.query(
      `SELECT purpose FROM audit_events WHERE action = 'response.free_text_read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(read.purpose).toBe('data-quality');
    expect(await checkPage(page, 'response-free-text')).toEqual([]);
    await w.close();
  });

  it('offers management neither comments nor responses', async () => {
    const w = await consolePage();
    const { page } = w;
    await signIn(page, c.origin, management, `/surveys/${surveyId}/comments`);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByRole('heading', { name: /^Comments/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Comments' }).count()).toBe(0);
    await w.close();
  });
});
