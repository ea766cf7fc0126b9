import type { components } from '@survey/api-client';
import type { Questionnaire } from '@survey/questionnaire';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { inputTypesQuestionnaire } from './utils/input-types';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Measure = components['schemas']['MeasureStatisticsDto'];

const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/**
 * The input types questionnaire with two computed values after the number and date inputs: a
 * bracket of the number of filings (2 from 10 filings, else 1) and the sum of two ratings.
 */
function questionnaire(): Questionnaire {
  const q = inputTypesQuestionnaire();
  q.pages[q.pages.length - 1].elements.push(
    {
      type: 'expression',
      name: 'bracket',
      title: six('Filing bracket'),
      expression: 'iif({filings} >= 10, 2, 1)',
    },
    {
      type: 'expression',
      name: 'combined',
      title: six('Combined score'),
      expression: '{nps} + {satisfaction}',
    },
  );
  return q;
}

/** Quantile by linear interpolation between sorted answers (R type 7), computed here from raw values. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/** Twenty contacts across countries and segments, each with an address of its own. */
function contacts(): Buffer {
  const countries = ['FR', 'DE', 'CN', 'ES', 'IE'];
  const segments = ['applicant', 'agent', 'holder', 'representative'];
  const rows = Array.from(
    { length: 20 },
    (_, i) => `Filer ${i},filer.${i}@example.org,${countries[i % 5]},${segments[i % 4]},,,2015-03-01,ePCT,en`,
  );
  return Buffer.from(
    ['full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language', ...rows].join(
      '\n',
    ),
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('Statistics of number, date and expression questions: mean, median, quartiles, month ranges, k', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];
  const k = 5;

  const statistics = async () =>
    dataOf(t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }));
  const measure = (stats: { measures?: Measure[] }, name: string) => {
    const found = stats.measures?.find((each) => each.name === name);
    if (!found) throw new Error(`no measure ${name}`);
    return found;
  };
  const rawAnswers = async () => {
    const page = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/responses', {
        params: { path: { id: surveyId }, query: { limit: 100 } },
      }),
    );
    return page.items.map((item) => item.answers as Record<string, unknown>);
  };
  const submit = (person: Invitee, extra: Record<string, unknown>) =>
    answered(
      t.api({ invitation: person.token }).POST('/api/v1/respond/submit', {
        body: { answers: completeAnswers({ office: 'ib', contactWays: ['web'], ...extra }) },
      }),
      200,
    );
  const report = async (title: string) => {
    const api = t.api({ staff: analyst });
    const draft = await dataOf(
      api.POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title, language: 'en', breakdowns: [] },
      }),
      201,
    );
    return dataOf(api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: draft.id } } }));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst, {
      questionnaire: questionnaire(),
      contactsCsv: contacts(),
    }));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('withholds every summary while fewer than k answered, and never gives a minimum or maximum', async () => {
    const early = [
      { filings: 3, lastFiling: '2024-01-15', nps: 9, satisfaction: 4 },
      { filings: 40, lastFiling: '2025-06-01', nps: 2, satisfaction: 1 },
      { filings: 7, lastFiling: '2023-11-30', nps: 7, satisfaction: 5 },
    ];
    for (const [index, answers] of early.entries()) await submit(invitees[index], answers);
    const stats = await statistics();
    for (const name of ['filings', 'lastFiling', 'bracket']) {
      const summary = measure(stats, name);
      expect(summary).toMatchObject({ n: null, suppressed: 'primary', mean: null, median: null, from: null, to: null });
    }
    expect(measure(stats, 'filings')).toMatchObject({ type: 'text', kind: 'number' });
    expect(measure(stats, 'lastFiling')).toMatchObject({ type: 'text', kind: 'date' });
    expect(measure(stats, 'combined')).toMatchObject({ type: 'expression', kind: 'number' });
    // Free-text inputs (the reference) are never summarised.
    expect(stats.measures?.map((each) => each.name)).toEqual(['filings', 'lastFiling', 'bracket', 'combined']);
    for (const each of stats.measures ?? []) {
      expect(Object.keys(each)).not.toEqual(expect.arrayContaining(['min']));
      expect(Object.keys(each)).not.toEqual(expect.arrayContaining(['max']));
    }
  });

  it('gives the mean, median and quartiles of numbers and expressions, as computed here from the raw answers', async () => {
    const later = [
      { filings: 12, lastFiling: '2025-03-14', nps: 10, satisfaction: 5 },
      { filings: 0, lastFiling: '2022-08-09', nps: 6, satisfaction: 3 },
      { filings: 150, lastFiling: '2025-12-24', nps: 8, satisfaction: 2 },
      { lastFiling: '2024-07-01', nps: 4, satisfaction: 4 },
      { filings: 2.5, nps: 0, satisfaction: 3 },
      { filings: 19, lastFiling: '2021-02-02', nps: 9, satisfaction: 5 },
    ];
    for (const [index, answers] of later.entries()) await submit(invitees[3 + index], answers);
    const answers = await rawAnswers();
    expect(answers).toHaveLength(9);
    const stats = await statistics();
    for (const name of ['filings', 'bracket', 'combined']) {
      const values = answers
        .map((a) => a[name])
        .filter((v): v is number => typeof v === 'number')
        .sort((a, b) => a - b);
      const summary = measure(stats, name);
      expect(summary.suppressed).toBeNull();
      expect(summary.n).toBe(values.length);
      expect(summary.mean).toBeCloseTo(mean(values), 9);
      expect(summary.q1).toBeCloseTo(quantile(values, 0.25), 9);
      expect(summary.median).toBeCloseTo(quantile(values, 0.5), 9);
      expect(summary.q3).toBeCloseTo(quantile(values, 0.75), 9);
      expect(summary.from).toBeNull();
    }
    // The computed value is the server's, for everyone: 1 without a number of filings.
    expect(measure(stats, 'bracket').n).toBe(9);
    expect(measure(stats, 'filings').n).toBe(8);
  });

  it('gives dates as the months of the k-th earliest and k-th latest answers, never the extremes', async () => {
    // Eight dates, fewer than 2k - 1: the k-th earliest comes after the k-th latest. Withheld.
    expect(measure(await statistics(), 'lastFiling')).toMatchObject({ n: null, suppressed: 'primary', from: null });
    await submit(invitees[14], { lastFiling: '2023-05-20' });
    const answers = await rawAnswers();
    const dates = answers
      .map((a) => a.lastFiling)
      .filter((v): v is string => typeof v === 'string')
      .sort();
    expect(dates).toHaveLength(2 * k - 1);
    const summary = measure(await statistics(), 'lastFiling');
    expect(summary.n).toBe(dates.length);
    expect(summary.from).toBe(dates[k - 1].slice(0, 7));
    expect(summary.to).toBe(dates[dates.length - k].slice(0, 7));
    // Neither end is the earliest or latest month answered.
    expect(summary.from).not.toBe(dates[0].slice(0, 7));
    expect(summary.to).not.toBe(dates[dates.length - 1].slice(0, 7));
    expect(summary.mean).toBeNull();
  });

  it('publishes the summaries in a report, then withholds them from a report that differs by fewer than k answers', async () => {
    const first = await report('First');
    const filings = measure(first.content, 'filings');
    const live = measure(await statistics(), 'filings');
    expect(filings).toMatchObject({ suppressed: null, n: live.n, mean: live.mean, median: live.median });
    expect(measure(first.content, 'lastFiling').from).toBe(measure(await statistics(), 'lastFiling').from);
    expect(measure(first.content, 'bracket')).toMatchObject({ suppressed: null, n: 10 });
    // The report hides some NPS answer counts (fewer than k): the sum of the two ratings, whose mean
    // beside the NPS mean and n would be one more equation on those counts, is withheld.
    const nps = first.content.items.find((item) => item.name === 'nps')!;
    expect(nps.distribution.some((entry) => entry.suppressed !== null)).toBe(true);
    expect(measure(first.content, 'combined')).toMatchObject({ n: null, suppressed: 'complementary' });

    // k more respondents, so the population may be published again, but only one of them gave a
    // number of filings and a date: with the first report, a second mean would give that one number.
    await submit(invitees[9], { filings: 4321, lastFiling: '2024-04-04', nps: 5, satisfaction: 4 });
    for (let index = 10; index < 9 + k; index += 1) await submit(invitees[index], { nps: 5, satisfaction: 4 });
    const second = await report('Second');
    for (const name of ['filings', 'lastFiling']) {
      expect(measure(second.content, name)).toMatchObject({
        n: null,
        suppressed: 'composition',
        mean: null,
        from: null,
      });
    }
    expect(JSON.stringify(second.content)).not.toContain('4321');
    // The bracket reads the number of filings, withheld here: it is withheld too.
    expect(measure(second.content, 'bracket')).toMatchObject({ n: null, suppressed: 'complementary' });
  });

  it('withholds a mean that every respondent of a group shares, and a computed value read from a withheld answer', async () => {
    // The last k respondents all gave nps 5 and satisfaction 4: their computed score is 9 for each.
    const stats = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: surveyId }, query: { answer: ['nps:5', 'satisfaction:4'] } },
      }),
    );
    expect(stats.population.responses.value).toBe(k);
    expect(measure(stats, 'combined')).toMatchObject({ n: null, suppressed: 'primary', mean: null, median: null });
    // Only one of them gave a number of filings.
    expect(measure(stats, 'filings')).toMatchObject({ suppressed: 'primary', n: null });
    // All five have a bracket, computed from the number of filings only one of them gave: shown, it
    // would tell whether that one person filed 10 or more. It is withheld with the number.
    expect(measure(stats, 'bracket')).toMatchObject({ n: null, suppressed: 'complementary', mean: null });
  });
});
