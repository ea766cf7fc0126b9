import { exportSurveyJs, sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { readFileSync } from 'node:fs';
import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

/** A file as the file picker hands it over. */
const file = (name: string, json: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(json)),
});

describe('the analyst app: SurveyJS export and import in the questionnaire editor', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;
  let w: Watched;

  const api = () => c.t.api({ staff: token });

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    await w?.close();
    await c?.close();
  });

  it('downloads the questionnaire, lists the problems of a file before anything changes, and imports a good one after a confirmation', async () => {
    const sample = sampleSatisfactionQuestionnaire();
    const survey = await dataOf(
      api().POST('/api/v1/surveys', {
        body: { name: 'Filers 2027', questionnaire: sample as unknown as Record<string, unknown> },
      }),
      201,
    );
    w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, analyst, `/surveys/${survey.id}/edit`);
    const transfer = page.getByTestId('surveyjs-transfer');
    await transfer.getByRole('heading', { name: 'SurveyJS JSON' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      transfer.getByRole('button', { name: 'Export as SurveyJS JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Filers-2027.surveyjs.json');
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(exportSurveyJs(sample));

    // A file with features outside the subset: each one listed with its path, nothing saved.
    const unsupported = {
      title: 'Other survey',
      navigateToUrl: 'https://example.org/thanks',
      pages: [
        {
          name: 'p',
          elements: [
            { type: 'comment', name: 'why' },
            { type: 'dropdown', name: 'country', choicesByUrl: { url: 'https://example.org/countries' } },
            { type: 'signaturepad', name: 'signature' },
          ],
        },
      ],
    };
    await page.getByTestId('surveyjs-file').setInputFiles(file('other.json', unsupported));
    const problems = page.getByTestId('surveyjs-problems');
    await problems.getByRole('heading', { name: 'The file cannot be imported: 3 problems' }).waitFor();
    const items = await problems.getByRole('listitem').allTextContents();
    expect(items).toEqual([
      expect.stringMatching(/^navigateToUrl .*redirect/),
      expect.stringMatching(/^pages\[0\]\.elements\[1\]\.choicesByUrl .*another site/),
      expect.stringMatching(/^pages\[0\]\.elements\[2\]\.type .*signaturepad/),
    ]);
    expect(await checkPage(page, 'surveys-editor-surveyjs-problems')).toEqual([]);
    expect(
      (await dataOf(api().GET('/api/v1/surveys/{id}', { params: { path: { id: survey.id } } }))).questionnaire,
    ).toEqual(sample);

    // A file that is not JSON is refused in the browser.
    await page.getByTestId('surveyjs-file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('not json'),
    });
    await transfer.getByText('This file is not JSON').waitFor();

    // A good file: what it holds, a warning, and the import only on confirmation.
    const good = {
      title: 'Short survey',
      pages: [{ name: 'only', elements: [{ type: 'rating', name: 'score', title: 'Your score?' }] }],
    };
    await page.getByTestId('surveyjs-file').setInputFiles(file('short.json', good));
    const ready = page.getByTestId('surveyjs-ready');
    await ready.getByText('The file can be imported: one page, one question.').waitFor();
    await ready.getByText('Importing replaces the edited questionnaire.').waitFor();
    expect(await checkPage(page, 'surveys-editor-surveyjs-ready')).toEqual([]);
    await ready.getByRole('button', { name: 'Import and replace' }).click();
    await page.getByText('Imported short.json.').waitFor();
    const saved = await dataOf(api().GET('/api/v1/surveys/{id}', { params: { path: { id: survey.id } } }));
    expect(saved.questionnaire).toEqual({
      title: { en: 'Short survey' },
      pages: [
        {
          name: 'only',
          elements: [{ type: 'rating', name: 'score', title: { en: 'Your score?' }, rateMin: 1, rateMax: 5 }],
        },
      ],
    });
    // The editor now shows the imported questionnaire, whose missing translations it lists.
    await page.getByTestId('questionnaire-problems').locator('.problem-count:not([data-count="0"])').waitFor();
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
  });
});
