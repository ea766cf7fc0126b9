import type { components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { phonePage, screenshot as respondentScreenshot } from './utils/respondent-browser';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

/** The sample questionnaire with its English texts only. */
function englishOnly(): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([key]) => key === 'en') && entries.every(([, v]) => typeof v === 'string')) {
      return { en: (value as Record<string, string>).en };
    }
    return Object.fromEntries(entries.map(([key, v]) => [key, strip(v)]));
  };
  return strip(sampleSatisfactionQuestionnaire()) as Record<string, unknown>;
}

describe('the analyst app: the languages of a survey and the translation grid', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;

  const api = () => c.t.api({ staff: token });

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('creates and publishes an English-only survey, the editor showing English only', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    try {
      await signIn(page, c.origin, analyst, '/surveys/new');
      await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('English only');
      const languages = page.getByTestId('survey-languages');
      for (const name of ['French', 'Spanish', 'Arabic', 'Chinese', 'Russian']) {
        await languages.getByLabel(name, { exact: true }).uncheck();
      }
      // The last language cannot be unticked, and it is the default.
      expect(await languages.getByLabel('English', { exact: true }).isDisabled()).toBe(true);
      expect(await languages.getByLabel('Default language').inputValue()).toBe('en');
      await page.getByLabel('An empty questionnaire').check();
      await page.getByRole('button', { name: 'Create the draft' }).click();
      await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
      const id = /\/surveys\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1];

      // The questionnaire in English only, as JSON; the grid then has one language column.
      await dataOf(
        api().PATCH('/api/v1/surveys/{id}', {
          params: { path: { id } },
          body: { questionnaire: englishOnly() as CreateSurvey['questionnaire'] },
        }),
      );
      await page.reload();
      await page
        .getByTestId('questionnaire-problems')
        .getByText('Nothing: the questionnaire can be published.')
        .waitFor();
      const heads = await page.locator('table.texts-grid').first().locator('thead th').allTextContents();
      expect(heads).toEqual(['Text', 'English en']);
      expect(await page.getByLabel('Language of the preview').locator('option').allTextContents()).toEqual([
        'English (en)',
      ]);

      await page.getByRole('link', { name: 'Overview', exact: true }).click();
      await page.getByRole('button', { name: 'Publish and open the survey' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Publish and open the survey' }).click();
      await page.getByText('Version 1 is published; the survey is open.').waitFor();
      const published = await dataOf(api().GET('/api/v1/surveys/{id}', { params: { path: { id } } }));
      expect(published).toMatchObject({ status: 'open', languages: ['en'], publishedVersion: 1 });
      expect(w.consoleErrors).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('shows missing translations as sentences beside their fields, in the console’s language', async () => {
    const created = await dataOf(
      api().POST('/api/v1/surveys', {
        body: {
          name: 'Anglais et français',
          questionnaire: englishOnly() as CreateSurvey['questionnaire'],
          languages: ['en', 'fr'],
        },
      }),
      201,
    );
    const w = await desktopPage(c.browser, { locale: 'fr-FR' });
    const { page } = w;
    try {
      await signIn(page, c.origin, analyst, `/surveys/${created.id}/edit`);
      const problems = page.getByTestId('questionnaire-problems');
      await problems.getByRole('status').waitFor();
      const first = await problems.locator('li [data-field]').first().textContent();
      expect(first).toBe('Le texte en français du titre du questionnaire manque.');
      const title = page.getByLabel('Titre, français', { exact: true }).first();
      expect(await title.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator(`#${await title.getAttribute('aria-describedby')}`).textContent()).toBe(first);
    } finally {
      await w.close();
    }
  });

  it.each([
    [1280, 'desktop'],
    [390, 'phone'],
  ])('gives each language a readable column at %i px, the source column staying in view', async (width, name) => {
    const created = await dataOf(
      api().POST('/api/v1/surveys', {
        body: {
          name: `Six languages ${name}`,
          questionnaire: sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'],
        },
      }),
      201,
    );
    const w = await desktopPage(c.browser, { width });
    const { page } = w;
    try {
      await signIn(page, c.origin, analyst, `/surveys/${created.id}/edit`);
      const grid = page.locator('table.texts-grid').first();
      await grid.waitFor();
      const columns = grid.locator('thead th.language-column');
      expect(await columns.count()).toBe(6);
      for (const box of await Promise.all((await columns.all()).map((column) => column.boundingBox()))) {
        expect(box!.width).toBeGreaterThanOrEqual(256);
      }
      const label = grid.locator('tbody th.source-column').first();
      const before = (await label.boundingBox())!;
      await grid.evaluate((table) => {
        const wrap = table.parentElement!;
        wrap.scrollLeft = wrap.scrollWidth;
      });
      expect((await grid.evaluate((table) => table.parentElement!.scrollLeft)) > 0).toBe(true);
      const after = (await label.boundingBox())!;
      expect(Math.round(after.x)).toBe(Math.round(before.x));
      // A long text wraps inside its field instead of scrolling out of sight.
      const english = grid.getByLabel('Title, English', { exact: true });
      expect(await english.evaluate((input) => input.tagName)).toBe('TEXTAREA');
      await grid.evaluate((table) => (table.parentElement!.scrollLeft = 0));
      await screenshot(page, `surveys-translation-grid-${width}`);
      expect(w.consoleErrors).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('offers the respondent only the survey’s languages', async () => {
    const bilingual = englishOnly() as { title: Record<string, string> } & Record<string, unknown>;
    const questionnaire = JSON.parse(
      JSON.stringify(bilingual).replace(/\{"en":("(?:[^"\\]|\\.)*")\}/g, '{"en":$1,"fr":$1}'),
    ) as CreateSurvey['questionnaire'];
    const { invitees } = await surveyWithInvitees(c.t.app, token, {
      name: 'Bilingual',
      questionnaire: questionnaire as never,
      languages: ['en', 'fr'],
      defaultLanguage: 'fr',
    });
    // An invitee whose language the survey lacks is invited in its default language.
    expect(invitees.filter((invitee) => !['en', 'fr'].includes(invitee.language))).toEqual([]);
    const other = invitees.find((invitee) => invitee.language === 'fr') ?? invitees[0];
    const w = await phonePage(c.browser, { locale: 'ar' });
    const { page } = w;
    try {
      await page.goto(`${c.origin}/r/#${other.token}`);
      const switcher = page.locator('#language-switcher');
      await switcher.waitFor();
      // Once the survey has loaded, the switcher narrows to its languages.
      await page.getByRole('heading', { level: 1, name: sampleSatisfactionQuestionnaire().title.en }).waitFor();
      expect(
        await switcher.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
      ).toEqual(['en', 'fr']);
      await respondentScreenshot(page, 'survey-languages-offered');
    } finally {
      await w.close();
    }
  });
});
