import type { Questionnaire } from '@survey/questionnaire';
import { StaffRole } from '../src/auth/roles';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answered, dataOf } from './utils/client';
import { surveyWithInvitees, type Invitee } from './utils/respondents';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/** A rating, a number, a date and a computed value read from the number. */
function questionnaire(): Questionnaire {
  return {
    title: six('Filings'),
    pages: [
      {
        name: 'main',
        elements: [
          { type: 'rating', name: 'score', title: six('Score'), rateMin: 1, rateMax: 5 },
          { type: 'text', name: 'filings', title: six('How many applications?'), inputType: 'number' },
          { type: 'text', name: 'lastFiling', title: six('When did you last file?'), inputType: 'date' },
          { type: 'expression', name: 'bracket', title: six('Bracket'), expression: 'iif({filings} >= 10, 2, 1)' },
        ],
      },
    ],
  };
}

/** Twenty contacts, so that more than k can answer. */
function contacts(): Buffer {
  const rows = Array.from({ length: 20 }, (_, i) => `Filer ${i},filer.${i}@example.org,FR,agent,,,2015-03-01,ePCT,en`);
  return Buffer.from(
    ['full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language', ...rows].join(
      '\n',
    ),
  );
}

describe('the analyst app: number, date and computed questions on the results page', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;
  let surveyId: string;
  let invitees: Invitee[];

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
    ({ surveyId, invitees } = await surveyWithInvitees(c.t.app, token, {
      questionnaire: questionnaire(),
      contactsCsv: contacts(),
    }));
  });

  afterAll(async () => {
    await c?.close();
  });

  const bracket = (statistics: { measures?: { name: string }[] }) =>
    statistics.measures!.find((m) => m.name === 'bracket')!;
  const submit = (person: Invitee, answers: Record<string, unknown>) =>
    answered(c.t.api({ invitation: person.token }).POST('/api/v1/respond/submit', { body: { answers } }), 200);

  it('shows the API’s mean, quartiles and month range in a table, and marks what is withheld', async () => {
    const given = [
      { score: 3, filings: 4, lastFiling: '2024-01-10' },
      { score: 4, filings: 12, lastFiling: '2024-03-02' },
      { score: 5, filings: 7, lastFiling: '2024-06-30' },
      { score: 4, filings: 30, lastFiling: '2025-02-14' },
      { score: 2, filings: 1, lastFiling: '2025-05-01' },
      { score: 5, filings: 9, lastFiling: '2025-09-09' },
      { score: 3, filings: 2, lastFiling: '2023-11-11' },
      { score: 1, filings: 16, lastFiling: '2024-08-08' },
      { score: 4, filings: 5, lastFiling: '2022-12-01' },
    ];
    for (const [index, answers] of given.entries()) await submit(invitees[index], answers);
    const live = await dataOf(
      c.t.api({ staff: token }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }),
    );
    const filings = live.measures!.find((m) => m.name === 'filings')!;
    const date = live.measures!.find((m) => m.name === 'lastFiling')!;
    expect(filings.suppressed).toBeNull();
    // Nine dates (2k - 1): the 5th earliest and the 5th latest are the same answer, in June 2024.
    expect(date).toMatchObject({ suppressed: null, from: '2024-06', to: '2024-06' });

    const { page, close } = await desktopPage(c.browser);
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results`);
    await page.getByRole('heading', { level: 2, name: 'Numbers and dates' }).waitFor();
    const cells = async (name: string) =>
      (await page.getByTestId(`measure-${name}`).locator('th, td').allTextContents()).map((text) => text.trim());
    const two = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(await cells('filings')).toEqual([
      'How many applications?',
      '9',
      two.format(filings.mean!),
      two.format(filings.q1!),
      two.format(filings.median!),
      two.format(filings.q3!),
      '—',
    ]);
    // Never the first or last month answered.
    expect(await cells('lastFiling')).toEqual([
      'When did you last file?',
      '9',
      '—',
      '—',
      '—',
      '—',
      'June 2024 to June 2024',
    ]);
    // The computed value reads only the number, whose figures are all shown.
    expect(bracket(live)).toMatchObject({ suppressed: null, n: 9 });
    expect((await cells('bracket'))[1]).toBe('9');
    expect(await checkPage(page, 'results-measures')).toEqual([]);
    await close();
  });

  it('marks every summary suppressed when a filter leaves fewer than k answers', async () => {
    const { page, close } = await desktopPage(c.browser);
    await signIn(page, c.origin, analyst, `/surveys/${surveyId}/results?answer=score%3A5`);
    await page.getByRole('heading', { level: 2, name: 'Numbers and dates' }).waitFor();
    for (const name of ['filings', 'lastFiling', 'bracket']) {
      const row = page.getByTestId(`measure-${name}`);
      expect(await row.locator('[data-suppressed="true"]').count()).toBeGreaterThan(0);
    }
    await close();
  });
});
