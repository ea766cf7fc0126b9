import type { components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import type { Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

/**
 * The questionnaire editor's condition builder, in the real console against the real API: every
 * place that takes a condition (a question's and a page's visibleIf, jumps and early ends) is
 * edited with pickers or as text, both holding the same SurveyJS text the API then validates.
 */
describe('the analyst app: the condition builder', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;
  const opened: Watched[] = [];

  const api = () => c.t.api({ staff: token });
  const questionnaireOf = async (id: string) =>
    (await dataOf(api().GET('/api/v1/surveys/{id}', { params: { path: { id } } }))) as unknown as {
      questionnaire: Questionnaire;
      questionnaireProblems: unknown[];
    };

  async function newSurvey(name: string): Promise<string> {
    const questionnaire = sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'];
    return (await dataOf(api().POST('/api/v1/surveys', { body: { name, questionnaire } }), 201)).id;
  }

  async function openEditor(id: string, name: string, options: { width?: number; locale?: string } = {}) {
    const w = await desktopPage(c.browser, options);
    opened.push(w);
    await signIn(w.page, c.origin, analyst, `/surveys/${id}/edit`);
    await w.page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
    return w;
  }

  function expectClean(w: Watched) {
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  }

  async function save(page: Page) {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/^Saved at /).waitFor();
  }

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    for (const w of opened) await w.close();
    await c?.close();
  });

  it('edits a question’s condition with pickers, keeps the text in step, and keeps what it cannot show as text', async () => {
    const id = await newSurvey('Builder');
    const w = await openEditor(id, 'Builder');
    const { page } = w;

    // The sample's "{nps} <= 6" opens in the builder: the rating's title, the test, the number.
    await page.getByRole('button', { name: 'Edit question 2', exact: true }).click();
    const reason = page.locator('section[data-question="npsReason"]');
    const field = reason.getByRole('group', { name: 'Shown only if', exact: true });
    const modes = field.getByRole('group', { name: 'How to edit “Shown only if”' });
    expect(await modes.getByRole('button', { name: 'Builder' }).getAttribute('aria-pressed')).toBe('true');
    const first = field.getByRole('group', { name: 'Condition 1' });
    const question = first.getByLabel('Question');
    expect(await question.inputValue()).toBe('nps');
    expect(await question.locator('option:checked').textContent()).toBe(
      `${sampleSatisfactionQuestionnaire().pages[0].elements[0].title.en} (nps)`,
    );
    // Only earlier questions are offered: nps is the one question before this one.
    expect(await question.locator('option').count()).toBe(1);
    expect(await first.getByLabel('Test').inputValue()).toBe('<=');
    expect(await first.getByLabel('Value').inputValue()).toBe('6');

    // A number out of the scale is said so and changes nothing; a good one changes the text.
    await first.getByLabel('Value').fill('12');
    await first.getByText('Enter a whole number from 0 to 10').waitFor();
    expect(await first.getByLabel('Value').getAttribute('aria-invalid')).toBe('true');
    await first.getByLabel('Value').fill('5');
    await first.getByLabel('Test').selectOption({ label: 'is less than (<)' });
    await modes.getByRole('button', { name: 'Text' }).click();
    expect(await field.getByLabel('Shown only if (as text)').inputValue()).toBe('{nps} < 5');

    // Text the builder cannot show stays text, with the reason, and the builder cannot be chosen.
    await field.getByLabel('Shown only if (as text)').fill('({nps} < 5 or {nps} > 9) and {nps} notempty');
    await field.getByText(/mixes “and” with “or”/).waitFor();
    expect(await modes.getByRole('button', { name: 'Builder' }).isDisabled()).toBe(true);
    await field.getByLabel('Shown only if (as text)').fill('{nps} < 5 or {nps} > 9');
    await modes.getByRole('button', { name: 'Builder' }).click();
    expect(await field.getByRole('group', { name: 'Condition 2' }).getByLabel('Value').inputValue()).toBe('9');
    await field.getByLabel('Combine the conditions').waitFor();
    expect(await field.getByLabel('Combine the conditions').inputValue()).toBe('or');

    // A later question: clauses on a checkbox (contains) and a yes/no question, joined by "and".
    await page.getByRole('button', { name: 'Edit question 9', exact: true }).click();
    const suggestions = page.locator('section[data-question="suggestions"]');
    const last = suggestions.getByRole('group', { name: 'Shown only if', exact: true });
    await last.getByText('No condition.').waitFor();
    await last.getByRole('button', { name: 'Add a condition' }).click();
    const clause = last.getByRole('group', { name: 'Condition 1' });
    // A new clause starts on the closest earlier question the builder can test (not the matrix),
    // with the keyboard's focus on its first picker.
    expect(await clause.getByLabel('Question').inputValue()).toBe('contactedSupport');
    expect(await clause.getByLabel('Question').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await clause.getByLabel('Value').inputValue()).toBe('boolean:true');
    await clause.getByLabel('Value').selectOption({ label: 'No' });
    await last.getByRole('button', { name: 'Add a condition' }).click();
    const second = last.getByRole('group', { name: 'Condition 2' });
    await second.getByLabel('Question').selectOption('channels');
    expect(await second.getByLabel('Test').inputValue()).toBe('contains');
    await second.getByLabel('Value').selectOption({ label: 'Telephone (phone)' });
    await save(page);
    const saved = await questionnaireOf(id);
    expect(saved.questionnaire.pages[0].elements[1].visibleIf).toBe('{nps} < 5 or {nps} > 9');
    expect(saved.questionnaire.pages[2].elements[0].visibleIf).toBe(
      "{contactedSupport} = false and {channels} contains 'phone'",
    );
    expect(saved.questionnaireProblems).toEqual([]);

    // Removing every clause removes the condition.
    await last.getByRole('button', { name: 'Remove condition 2' }).click();
    await last.getByRole('button', { name: 'Remove condition 1' }).click();
    await last.getByText('No condition.').waitFor();
    const add = last.getByRole('button', { name: 'Add a condition' });
    expect(await add.evaluate((el) => el === document.activeElement)).toBe(true);
    await save(page);
    expect((await questionnaireOf(id)).questionnaire.pages[2].elements[0].visibleIf).toBeUndefined();
    expect(await checkPage(page, 'condition-builder-question')).toEqual([]);
    expectClean(w);
  });

  it('edits page conditions, jumps and early ends, and lists the flow as sentences', async () => {
    const id = await newSurvey('Flow rules');
    const w = await openEditor(id, 'Flow rules');
    const { page } = w;

    // Page 3 shows only to the unsatisfied: its picker offers the questions of pages 1 and 2 only.
    const pageCondition = page.getByRole('group', { name: 'Page shown only if', exact: true }).nth(1);
    await pageCondition.getByRole('button', { name: 'Add a condition' }).click();
    const clause = pageCondition.getByRole('group', { name: 'Condition 1' });
    expect(
      await clause
        .getByLabel('Question')
        .locator('option')
        .evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
    ).toEqual(['nps', 'npsReason', 'satisfaction', 'mainService', 'channels', 'filerType', 'contactedSupport']);
    await clause.getByLabel('Question').selectOption('satisfaction');
    await clause.getByLabel('Test').selectOption('<=');
    await clause.getByLabel('Value').fill('2');

    // An early end, then a jump made of it: the jump goes to the first page after what it reads.
    const rules = page.getByRole('region', { name: 'Jumps and early ends' });
    await rules.getByText('No jump or early end').waitFor();
    await rules.getByRole('button', { name: 'Add a jump or early end' }).click();
    const rule = rules.getByRole('group', { name: 'Rule 1' });
    expect(await rule.getByLabel('What happens').inputValue()).toBe('complete');
    const when = rule.getByRole('group', { name: 'When', exact: true });
    await when.getByRole('group', { name: 'Condition 1' }).getByLabel('Question').selectOption('nps');
    await when.getByRole('group', { name: 'Condition 1' }).getByLabel('Test').selectOption('>=');
    await when.getByRole('group', { name: 'Condition 1' }).getByLabel('Value').fill('9');
    await rule.getByLabel('What happens').selectOption('skip');
    expect(await rule.getByLabel('Go on at question').inputValue()).toBe('mainService');
    await rule.getByLabel('Go on at question').selectOption('suggestions');

    const flow = page.getByTestId('flow-summary');
    await flow.getByText('Page “comments” is shown only if {satisfaction} ≤ 2').waitFor();
    await flow.getByText('If {nps} ≥ 9, go to page “comments”').waitFor();

    await rules.getByRole('button', { name: 'Add a jump or early end' }).click();
    const end = rules.getByRole('group', { name: 'Rule 2' });
    await end
      .getByRole('group', { name: 'When', exact: true })
      .getByRole('group', { name: 'Condition 1' })
      .getByLabel('Question')
      .selectOption('npsReason');
    await flow.getByText('If {npsReason} notempty, end the survey').waitFor();
    await end.getByRole('button', { name: 'Move rule 2 up' }).click();

    await save(page);
    const saved = await questionnaireOf(id);
    expect(saved.questionnaire.pages[2].visibleIf).toBe('{satisfaction} <= 2');
    expect(saved.questionnaire.triggers).toEqual([
      { type: 'complete', expression: '{npsReason} notempty' },
      { type: 'skip', expression: '{nps} >= 9', gotoName: 'suggestions' },
    ]);
    expect(saved.questionnaireProblems).toEqual([]);
    expect(await checkPage(page, 'condition-builder-flow')).toEqual([]);

    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByRole('button', { name: 'Remove rule 1' }).click();
    await rules.getByText('No jump or early end').waitFor();
    await save(page);
    expect((await questionnaireOf(id)).questionnaire.triggers).toBeUndefined();
    expectClean(w);
  });

  it('fits a 390 px phone and speaks French', async () => {
    const id = await newSurvey('Telephone');
    const w = await openEditor(id, 'Telephone', { width: 390, locale: 'fr-FR' });
    const { page } = w;
    await page.getByRole('button', { name: 'Modifier la question 2', exact: true }).click();
    const field = page
      .locator('section[data-question="npsReason"]')
      .getByRole('group', { name: 'Affichée seulement si', exact: true });
    await field.getByRole('button', { name: 'Assistant' }).waitFor();
    await field.getByRole('group', { name: 'Condition 1' }).getByLabel('Test').waitFor();
    expect(
      await field
        .getByRole('group', { name: 'Condition 1' })
        .getByLabel('Test')
        .locator('option:checked')
        .textContent(),
    ).toBe('est au plus (≤)');
    await page
      .getByRole('region', { name: 'Sauts et fins anticipées' })
      .getByRole('button', { name: 'Ajouter un saut ou une fin anticipée' })
      .click();
    await page.getByRole('group', { name: 'Règle 1', exact: true }).getByLabel('Effet').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await checkPage(page, 'condition-builder-phone-fr')).toEqual([]);
    expectClean(w);
  });
});
