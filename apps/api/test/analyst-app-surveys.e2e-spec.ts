import type { components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { answered, dataOf } from './utils/client';
import { checkPage, desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SAMPLE_TITLE = sampleSatisfactionQuestionnaire().title.en;
const MAIN_SERVICE = sampleSatisfactionQuestionnaire().pages[1].elements[0].title.en;
const NAME = 'Filers satisfaction 2027';
const NPS_EN = 'How likely are you to recommend our filing services?';
const NPS_FR = 'Recommanderiez-vous nos services de dépôt ?';
const LISBON = {
  en: 'Lisbon System (appellations of origin)',
  fr: 'Système de Lisbonne (appellations d’origine)',
  es: 'Sistema de Lisboa (denominaciones de origen)',
  ar: 'نظام لشبونة (تسميات المنشأ)',
  zh: '里斯本体系（原产地名称）',
  ru: 'Лиссабонская система (наименования мест происхождения)',
};

describe('the analyst app: surveys and the questionnaire editor', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;
  let surveyId: string;
  /** The analyst's tab, kept from one test to the next as a person would keep working. */
  let w: Watched;

  const api = () => c.t.api({ staff: token });
  const surveyOf = (id: string) => dataOf(api().GET('/api/v1/surveys/{id}', { params: { path: { id } } }));
  const survey = () => surveyOf(surveyId);

  /**
   * Nothing left the origin and the pages (preview frame included) logged no error and broke no
   * CSP rule. Chromium logs each 4xx answer as an error: only the refusals the test provoked on
   * purpose are allowed, counted (emptied after each check, as the tab lives on).
   */
  function expectClean(watched: Watched, provoked400s = 0) {
    expect(watched.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    const refused = 'Failed to load resource: the server responded with a status of 400 (Bad Request)';
    expect(watched.consoleErrors.filter((message) => message !== refused)).toEqual([]);
    expect(watched.consoleErrors.filter((message) => message === refused)).toHaveLength(provoked400s);
    watched.consoleErrors.length = 0;
  }

  /** The preview frame, once the respondent app inside it has drawn something. */
  const preview = (page: Page) =>
    page.frameLocator('iframe[title="Preview of the questionnaire as respondents see it"]');

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
    // Twenty older drafts, so that the list has a second page once the analyst adds one.
    for (let i = 1; i <= 20; i++) {
      await answered(api().POST('/api/v1/surveys', { body: { name: `Older draft ${i}` } }), 201);
    }
  });

  afterAll(async () => {
    await w?.close();
    await c?.close();
  });

  it('creates a survey from the sample and edits it in six languages side by side, with a live preview, JSON and save', async () => {
    w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, analyst);
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.getByRole('link', { name: 'Older draft 1', exact: true }).waitFor();
    expect(await page.getByText('Page 1 of 1').count()).toBe(1);
    expect(await checkPage(page, 'surveys-list')).toEqual([]);

    // Create: k below 3 is refused on its field before sending, then the draft is made and the editor opens.
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('k: smallest group published').fill('2');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    const kError = page.locator('.field-error', { hasText: 'Enter a number of at least 3.' });
    await kError.waitFor();
    expect(await page.getByLabel('k: smallest group published').getAttribute('aria-invalid')).toBe('true');
    expect(
      await page.getByLabel('k: smallest group published').evaluate((input) => input === document.activeElement),
    ).toBe(true);
    await page.getByLabel('k: smallest group published').fill('5');
    await screenshot(page, 'surveys-new');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
    surveyId = /\/surveys\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1];
    expect(await survey()).toMatchObject({ name: NAME, status: 'draft', minGroupSize: 5, questionnaireProblems: [] });

    await page.getByRole('heading', { level: 1, name: `Questionnaire: ${NAME}` }).waitFor();
    const count = page.getByTestId('questionnaire-problems').getByRole('status');
    expect(await count.textContent()).toBe('Nothing: the questionnaire can be published.');
    const frame = preview(page);
    await frame.getByRole('heading', { level: 1, name: SAMPLE_TITLE }).waitFor();
    await frame.getByRole('button', { name: 'Start the survey' }).click();
    await frame.getByText('How likely are you to recommend our services to a colleague or client?').waitFor();

    // A question title in two languages, side by side; the preview follows, in either language.
    await page.getByRole('button', { name: 'Edit question 1', exact: true }).click();
    const nps = page.locator('section[data-question="nps"]');
    await nps.getByLabel('Title, English', { exact: true }).fill(NPS_EN);
    await nps.getByLabel('Title, French', { exact: true }).fill(NPS_FR);
    await page.getByText('Unsaved changes').waitFor();
    await frame.getByText(NPS_EN).waitFor();
    await page.getByLabel('Language of the preview').selectOption('fr');
    await frame.getByText(NPS_FR).waitFor();

    // A new choice: its texts missing in four languages are what publishing would refuse.
    await page.getByRole('button', { name: 'Edit question 4', exact: true }).click();
    const service = page.locator('section[data-question="mainService"]');
    await service.getByRole('button', { name: 'Add a choice' }).click();
    expect(await service.getByLabel('Value of choice 4').inputValue()).toBe('choice1');
    await service.getByLabel('Value of choice 4').fill('lisbon');
    await service.getByLabel('Text of choice 4, English', { exact: true }).fill(LISBON.en);
    await service.getByLabel('Text of choice 4, French', { exact: true }).fill(LISBON.fr);
    await page.getByTestId('questionnaire-problems').getByText('4 problems').waitFor();
    // Each problem is a sentence naming the field, with the validator's path for whoever edits JSON.
    const problems = page.getByTestId('questionnaire-problems').locator('li');
    expect(await problems.allTextContents()).toEqual(
      ['Spanish', 'Arabic', 'Chinese', 'Russian'].map(
        (language) => `${language} text of choice 4 of question 4 ‘${MAIN_SERVICE}’ is missing. Show`,
      ),
    );
    expect(await problems.locator('[data-field]').first().getAttribute('data-field')).toBe(
      'pages[1].elements[0].choices[3].text.es',
    );
    // The same sentence stands under the field itself.
    const spanish = service.getByLabel('Text of choice 4, Spanish', { exact: true });
    expect(await spanish.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await spanish.getAttribute('aria-describedby')}`).textContent()).toBe(
      `Spanish text of choice 4 of question 4 ‘${MAIN_SERVICE}’ is missing.`,
    );
    // The preview draws the draft in French with English standing in, and checks answers locally.
    await frame.getByRole('button', { name: 'Suivant' }).click();
    await frame.getByText('2 questions demandent votre attention.', { exact: false }).waitFor();
    await frame.locator('[data-question="nps"]').getByRole('radio', { name: '9', exact: true }).check();
    await frame.locator('[data-question="satisfaction"]').getByRole('radio', { name: '4', exact: true }).check();
    await frame.getByRole('button', { name: 'Suivant' }).click();
    await frame.getByText(LISBON.fr).waitFor();
    // In Spanish, the new choice is not translated yet: English stands in, and the preview says so.
    await page.getByLabel('Language of the preview').selectOption('es');
    await frame.getByText('Los textos aún no traducidos a este idioma se muestran en inglés.').waitFor();
    await frame.getByText(LISBON.en).waitFor();
    await page.getByLabel('Language of the preview').selectOption('fr');
    await frame.getByText(LISBON.fr).waitFor();

    // "Show" takes the focus to the field at fault; the four translations complete the choice.
    await page
      .getByRole('button', {
        name: `Show the field: Spanish text of choice 4 of question 4 ‘${MAIN_SERVICE}’ is missing.`,
      })
      .click();
    expect(await page.evaluate('document.activeElement.id')).toBe('qe-pages-1--elements-0--choices-3--text-es');
    for (const [language, name] of [
      ['es', 'Spanish'],
      ['ar', 'Arabic'],
      ['zh', 'Chinese'],
      ['ru', 'Russian'],
    ] as const) {
      await service.getByLabel(`Text of choice 4, ${name}`, { exact: true }).fill(LISBON[language]);
    }
    expect(await service.getByLabel('Text of choice 4, Arabic', { exact: true }).getAttribute('dir')).toBe('rtl');
    await count.getByText('Nothing: the questionnaire can be published.').waitFor();

    // The JSON view: it says when the JSON does not parse, and lists the validator's problems.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    const textarea = page.getByLabel('The questionnaire as JSON');
    const json = await textarea.inputValue();
    expect(JSON.parse(json).pages[0].elements[0].title).toMatchObject({ en: NPS_EN, fr: NPS_FR });
    await textarea.fill(json.slice(0, -1));
    await page.getByText(/^The JSON does not parse: /).waitFor();
    expect(await textarea.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Form', exact: true }).click();
    await page.getByRole('alert').getByText('Correct the JSON before going back to the form.').waitFor();
    expect(json).toContain('"type": "boolean"');
    await textarea.fill(json.replace('"type": "boolean"', '"type": "yesno"'));
    await count.getByText('One problem').waitFor();
    expect(await page.getByTestId('questionnaire-problems').locator('li').allTextContents()).toEqual([
      'Type of question 7 ‘Did you contact our customer service in the past 12 months?’: must be one of rating, radiogroup, dropdown, checkbox, boolean, comment, matrix, html, text, multipletext, ranking, slider, expression.',
    ]);
    await frame.getByText('Ce brouillon ne peut pas encore être affiché : un problème. L’éditeur les liste.').waitFor();
    await screenshot(page, 'surveys-editor-json-problem');
    await textarea.fill(json);
    await count.getByText('Nothing: the questionnaire can be published.').waitFor();
    // A jump is written in the JSON view (SurveyJS triggers) and listed as a sentence.
    const withFlow = JSON.parse(json);
    withFlow.triggers = [{ type: 'skip', expression: '{satisfaction} >= 4', gotoName: 'suggestions' }];
    await textarea.fill(JSON.stringify(withFlow, null, 2));
    await page.getByTestId('flow-summary').getByText('If {satisfaction} ≥ 4, go to page “comments”').waitFor();
    await count.getByText('Nothing: the questionnaire can be published.').waitFor();
    await textarea.fill(json);
    await count.getByText('Nothing: the questionnaire can be published.').waitFor();
    expect(await page.getByTestId('flow-summary').count()).toBe(0);
    await page.getByRole('button', { name: 'Form', exact: true }).click();

    // Leaving with unsaved changes asks first; declining stays here.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    expect(asked).toEqual(['The questionnaire has unsaved changes. Leave this page and lose them?']);
    expect(page.url()).toBe(`${c.origin}/surveys/${surveyId}/edit`);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
    const saved = await survey();
    expect(saved.questionnaireProblems).toEqual([]);
    const questionnaire = saved.questionnaire as unknown as Questionnaire;
    expect(questionnaire.pages[0].elements[0].title).toMatchObject({ en: NPS_EN, fr: NPS_FR });
    const mainService = questionnaire.pages[1].elements[0];
    expect(mainService.type === 'radiogroup' && mainService.choices[3]).toEqual({ value: 'lisbon', text: LISBON });

    await page.getByRole('button', { name: 'Edit question 1', exact: true }).click();
    // axe looks into the preview frame too: it needs its own copy there to answer.
    await page.frame({ url: /\/r\/preview$/ })!.evaluate(AXE_SOURCE);
    expect(await checkPage(page, 'surveys-editor')).toEqual([]);
    expectClean(w); // k = 2 on creation was refused by the form, before sending
  });

  it('refuses retention over 24 months on the field, then publishes, edits a copy, and closes with confirmation', async () => {
    const { page } = w;
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByText('This survey is a draft: nobody can answer it.', { exact: false }).waitFor();

    const retention = page.getByLabel('Retention (months)');
    await retention.fill('25');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    const error = page.locator('.field-error', { hasText: 'Enter a number of at most 24.' });
    await error.waitFor();
    expect(await retention.getAttribute('aria-invalid')).toBe('true');
    expect(await retention.getAttribute('aria-describedby')).toContain((await error.getAttribute('id'))!);
    expect(await checkPage(page, 'surveys-overview-retention-error')).toEqual([]);
    expect((await survey()).retentionMonths).toBe(24);

    await retention.fill('12');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByText('The settings are saved.').waitFor();
    expect(await retention.getAttribute('aria-invalid')).toBeNull();
    expect((await survey()).retentionMonths).toBe(12);

    // Publish, confirmed in a dialog.
    await page.getByRole('button', { name: 'Publish and open the survey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish the questionnaire?' });
    await dialog.getByRole('button', { name: 'Publish and open the survey' }).click();
    await page.getByText('Version 1 is published; the survey is open.').waitFor();
    await page.getByTestId('survey-versions').getByRole('rowheader', { name: '1' }).waitFor();
    expect(await survey()).toMatchObject({ status: 'open', publishedVersion: 1, hasUnpublishedChanges: false });

    // An open survey's questionnaire is edited as a copy; the published version stays as it was.
    await page.getByRole('link', { name: 'Questionnaire', exact: true }).click();
    await page.getByText('This survey is open and respondents answer version 1.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Edit question 1', exact: true }).click();
    await page
      .locator('section[data-question="nps"]')
      .getByLabel('Title, English', { exact: true })
      .fill('Would you recommend us?');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('button', { name: 'Publish the changes as version 2' }).waitFor();
    expect(await survey()).toMatchObject({ status: 'open', publishedVersion: 1, hasUnpublishedChanges: true });
    const v1 = await dataOf(
      api().GET('/api/v1/surveys/{id}/versions/{version}', { params: { path: { id: surveyId, version: 1 } } }),
    );
    expect(JSON.stringify(v1.questionnaire)).toContain(NPS_EN);

    // Close, confirmed in a dialog that says the responses will be anonymised.
    await page.getByRole('button', { name: 'Close the survey' }).click();
    const closing = page.getByRole('dialog', { name: 'Close the survey?' });
    await closing.getByText('The responses are then anonymised', { exact: false }).waitFor();
    await closing.getByRole('button', { name: 'Close the survey' }).click();
    await page.getByText('The survey is closed.', { exact: true }).waitFor();
    expect(await survey()).toMatchObject({ status: 'closed' });
    const settings = page.getByRole('region', { name: 'Settings', exact: true });
    await settings.getByText('A closed survey can no longer be changed.').waitFor();
    // The branding panel says the same of its own fields.
    await page
      .getByRole('region', { name: 'Branding', exact: true })
      .getByText('A closed survey can no longer be changed.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Save the settings' }).isDisabled()).toBe(true);

    // In French: the overview, the read-only editor, and the list filtered and paginated.
    await page.getByRole('banner').getByRole('combobox').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: 'Paramètres' }).waitFor();
    await page.getByText('L’enquête est clôturée : plus d’invitations, de relances ni de réponses.').waitFor();
    expect(await checkPage(page, 'surveys-overview-closed-fr')).toEqual([]);
    await page.getByRole('link', { name: 'Questionnaire', exact: true }).click();
    await page
      .getByText('Cette enquête est clôturée : son questionnaire ne peut plus être modifié.', { exact: false })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Modifier la question 1', exact: true }).click();
    expect(
      await page.locator('section[data-question="nps"]').getByLabel('Titre, français', { exact: true }).isDisabled(),
    ).toBe(true);
    await screenshot(page, 'surveys-editor-closed-fr');

    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Enquêtes' })
      .click();
    await page.getByText('Page 1 sur 2').waitFor();
    await page.getByRole('link', { name: NAME }).waitFor();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByText('Page 2 sur 2').waitFor();
    expect(page.url()).toBe(`${c.origin}/surveys?page=2`);
    await page.getByLabel('Statut').selectOption('closed');
    await page.getByRole('link', { name: NAME }).waitFor();
    expect(await page.getByTestId('survey-list').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('survey-list').getByText('Clôturée').count()).toBe(1);
    expect(await checkPage(page, 'surveys-list-fr')).toEqual([]);
    await page.getByLabel('Statut').selectOption('open');
    await page.getByText('Aucune enquête n’a ce statut.').waitFor();
    expectClean(w); // the retention of 25 months was refused by the form, before sending
  });

  it('does not let management open surveys: no link in the navigation, a refusal on the page and from the API', async () => {
    const management = await newStaff(c.t.app, StaffRole.Management);
    const m = await desktopPage(c.browser);
    try {
      await signIn(m.page, c.origin, management);
      const nav = m.page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link', { name: 'Reports' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Surveys' }).count()).toBe(0);
      await m.page.goto(`${c.origin}/surveys`);
      await m.page.getByRole('alert').getByText('Your role does not give access to this.').waitFor();
      expect(await m.page.getByRole('table').count()).toBe(0);
      await screenshot(m.page, 'surveys-management-refused');
      const managementToken = await sessionFor(c.t.app, management);
      await answered(c.t.api({ staff: managementToken }).GET('/api/v1/surveys'), 403);
      expect(m.requested.filter((url) => url.includes('/api/v1/surveys'))).toEqual([]);
      expectClean(m);
    } finally {
      await m.close();
    }
  });

  it('reorders questions and removes a page in the form, after a confirmation, and saves that order', async () => {
    const questionnaire = sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'];
    const made = await dataOf(api().POST('/api/v1/surveys', { body: { name: 'Reordered', questionnaire } }), 201);
    const m = await desktopPage(c.browser);
    const { page } = m;
    await signIn(page, c.origin, analyst, `/surveys/${made.id}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Questionnaire: Reordered' }).waitFor();
    const namesOf = (q: Questionnaire) => q.pages.map((p) => p.elements.map((e) => e.name));
    expect(namesOf(made.questionnaire as unknown as Questionnaire)).toEqual([
      ['nps', 'npsReason', 'satisfaction'],
      ['mainService', 'channels', 'filerType', 'contactedSupport', 'support'],
      ['suggestions'],
    ]);

    await page.getByRole('button', { name: 'Move question 3 up', exact: true }).click();
    await page.getByRole('button', { name: 'Remove page 3', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove page 3?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Remove page 3', exact: true }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: 'Remove page 3', exact: true }).waitFor({ state: 'detached' });
    // Only the form changed: nothing is on the server before saving.
    const before = await surveyOf(made.id);
    expect(namesOf(before.questionnaire as unknown as Questionnaire)).toHaveLength(3);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
    const after = await surveyOf(made.id);
    expect(namesOf(after.questionnaire as unknown as Questionnaire)).toEqual([
      ['nps', 'satisfaction', 'npsReason'],
      ['mainService', 'channels', 'filerType', 'contactedSupport', 'support'],
    ]);
    expectClean(m);
    await m.close();
  });
});
