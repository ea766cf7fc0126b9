import type { components } from '@survey/api-client';
import type { Questionnaire } from '@survey/questionnaire';
import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/** Two one-line questions and a choice, as an author starts before picking their kinds. */
function questionnaire(): Questionnaire {
  return {
    title: six('Filings'),
    pages: [
      {
        name: 'main',
        elements: [
          { type: 'text', name: 'filings', title: six('How many applications did you file?') },
          { type: 'text', name: 'lastFiling', title: six('When did you last file?') },
          {
            type: 'radiogroup',
            name: 'office',
            title: six('Which office?'),
            choices: [
              { value: 'ib', text: six('International Bureau') },
              { value: 'national', text: six('A national office') },
            ],
          },
        ],
      },
    ],
  };
}

describe('the questionnaire editor: kind of answer, bounds and "Other" in the form and the preview', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('makes one-line questions a bounded number and a bounded date and adds "Other", shown in the preview and saved', async () => {
    const api = c.t.api({ staff: token });
    const made = await dataOf(
      api.POST('/api/v1/surveys', {
        body: { name: 'Input kinds', questionnaire: questionnaire() as unknown as CreateSurvey['questionnaire'] },
      }),
      201,
    );
    const { page, close } = await desktopPage(c.browser);
    await signIn(page, c.origin, analyst, `/surveys/${made.id}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Questionnaire: Input kinds' }).waitFor();

    const edit = (n: number) => page.getByRole('button', { name: `Edit question ${n}`, exact: true }).click();
    await edit(1);
    const filings = page.locator('section[data-question="filings"]');
    // A plain line of text has no bounds; a number has them, and no length check.
    expect(await filings.getByLabel('Smallest number allowed (optional)').count()).toBe(0);
    await filings.getByLabel('Kind of answer').selectOption('number');
    await filings.getByLabel('Smallest number allowed (optional)').fill('0');
    await filings.getByLabel('Largest number allowed (optional)').fill('5000');

    await edit(2);
    const lastFiling = page.locator('section[data-question="lastFiling"]');
    await lastFiling.getByLabel('Kind of answer').selectOption('date');
    await lastFiling.getByLabel('Earliest date allowed (optional)').fill('2000-01-01');
    await lastFiling.getByLabel('Latest date allowed (optional)').fill('2030-12-31');
    // Dates take no answer checks.
    expect(await lastFiling.getByRole('button', { name: 'Add a check' }).count()).toBe(0);

    await edit(3);
    const office = page.locator('section[data-question="office"]');
    await office.getByLabel('Add an “Other” choice with a text box').check();
    await office.getByLabel('Label of “Other” (optional)', { exact: false }).first().waitFor();

    // The preview draws the respondent's controls for the new kinds.
    const preview = page.frameLocator('iframe[title="Preview of the questionnaire as respondents see it"]');
    await preview.getByRole('button', { name: 'Start the survey' }).click();
    // (The preview follows the form after a moment: wait for the bounds to arrive.)
    await preview.locator('[data-question="filings"] input[type="number"][min="0"][max="5000"]').waitFor();
    await preview
      .locator('[data-question="lastFiling"] input[type="date"][min="2000-01-01"][max="2030-12-31"]')
      .waitFor();
    await preview.locator('[data-question="office"]').getByRole('radio', { name: 'Other' }).waitFor();
    expect(await checkPage(page, 'editor-input-types')).toEqual([]);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
    const saved = await dataOf(api.GET('/api/v1/surveys/{id}', { params: { path: { id: made.id } } }));
    const [number, date, choice] = (saved.questionnaire as unknown as Questionnaire).pages[0].elements;
    expect(number).toMatchObject({ name: 'filings', inputType: 'number', min: 0, max: 5000 });
    expect(number).not.toHaveProperty('maxLength');
    expect(date).toMatchObject({ name: 'lastFiling', inputType: 'date', min: '2000-01-01', max: '2030-12-31' });
    expect(choice).toMatchObject({ name: 'office', showOtherItem: true });
    expect(saved.questionnaireProblems).toEqual([]);

    // Back to a line of text: the bounds go with the kind.
    if ((await filings.getByLabel('Kind of answer').count()) === 0) await edit(1);
    await filings.getByLabel('Kind of answer').selectOption('text');
    expect(await filings.getByLabel('Smallest number allowed (optional)').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
    const again = await dataOf(api.GET('/api/v1/surveys/{id}', { params: { path: { id: made.id } } }));
    const [text] = (again.questionnaire as unknown as Questionnaire).pages[0].elements;
    expect(text).not.toHaveProperty('min');
    expect(text).not.toHaveProperty('inputType');
    await close();
  });
});
