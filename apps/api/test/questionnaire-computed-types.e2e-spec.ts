import type { Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ResponseStatisticsRepository } from '../src/ingestion/response-statistics.repository';
import { statisticsItems } from '../src/statistics/items';
import { rolledUpTallies } from '../src/statistics/statistics-tallies';
import { DIMENSIONS } from '../src/statistics/statistics.dto';
import { SurveysService } from '../src/surveys/surveys.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/** A rating, a ranking, a slider and an expression over the rating and the slider. */
function questionnaire(): Questionnaire {
  return {
    title: six('Ranking, slider and expression'),
    pages: [
      {
        name: 'main',
        elements: [
          { type: 'rating', name: 'score', title: six('Score'), rateMin: 0, rateMax: 10, isRequired: true },
          {
            type: 'ranking',
            name: 'priorities',
            title: six('Priorities'),
            isRequired: true,
            choices: [
              { value: 'speed', text: six('Speed') },
              { value: 'price', text: six('Price') },
              { value: 'help', text: six('Help') },
            ],
          },
          { type: 'slider', name: 'effort', title: six('Effort'), min: 0, max: 10, step: 0.5, isRequired: true },
          {
            type: 'expression',
            name: 'average',
            title: six('Average'),
            expression: 'round(({score} + {effort}) / 2, 1)',
            displayStyle: 'decimal',
          },
          { type: 'comment', name: 'why', title: six('Why?'), visibleIf: '{average} >= 5' },
        ],
      },
    ],
  };
}

/** Quantile by linear interpolation between sorted answers (R type 7), computed here from raw values. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

describe('Ranking, slider and expression questions through the API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let surveyId: string;
  let invitees: Invitee[];
  let analyst: string;

  const submit = (token: string, answers: Record<string, unknown>) =>
    t.api({ invitation: token }).POST('/api/v1/respond/submit', { body: { answers } });
  const fields = (problem: unknown) =>
    ((problem as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field).sort();
  const storedAnswers = async (invitationId: string) =>
    (
      (await dataSource.query('SELECT answers FROM responses WHERE invitation_id = $1', [invitationId])) as {
        answers: Record<string, unknown>;
      }[]
    ).map((row) => row.answers);
  const statistics = () =>
    dataOf(t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }));

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst, { questionnaire: questionnaire() }));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const valid = { score: 8, priorities: ['help', 'speed', 'price'], effort: 6.5 };

  it('refuses rankings with a repeat, an unknown value or a missing choice, and off-scale or off-step sliders, storing nothing', async () => {
    const person = invitees[0];
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...valid, priorities: ['help', 'help', 'price'] }, ['answers.priorities']],
      [{ ...valid, priorities: ['help', 'speed', 'cost'] }, ['answers.priorities']],
      [{ ...valid, priorities: ['help', 'speed'] }, ['answers.priorities']],
      [{ ...valid, priorities: 'help' }, ['answers.priorities']],
      [{ ...valid, effort: 6.3 }, ['answers.effort']],
      [{ ...valid, effort: 10.5 }, ['answers.effort']],
      [{ ...valid, effort: '6.5' }, ['answers.effort']],
      [{ score: 8 }, ['answers.effort', 'answers.priorities']],
    ];
    for (const [answers, expected] of cases) {
      const res = await answered(submit(person.token, answers), 400);
      expect(fields(res.error)).toEqual(expected);
      // The message names the rule, never the value sent.
      expect(JSON.stringify(res.error)).not.toContain('cost');
    }
    expect(await storedAnswers(person.invitationId)).toEqual([]);
  });

  it('stores the expression as the server computes it, whatever the respondent sent', async () => {
    const person = invitees[0];
    // (8 + 6.5) / 2 = 7.25, rounded to one decimal: 7.3. The 999 sent is ignored.
    await answered(submit(person.token, { ...valid, average: 999, why: 'Because' }), 200);
    // The comment is free text, stored encrypted apart from the closed answers.
    expect(await storedAnswers(person.invitationId)).toEqual([{ ...valid, average: 7.3 }]);
    // A condition on the computed value is applied by the server: here it hides "why".
    const low = invitees[1];
    const res = await answered(submit(low.token, { ...valid, score: 0, effort: 1, average: 9, why: 'x' }), 400);
    expect(fields(res.error)).toEqual(['answers.why']);
  });

  it('gives statistics that match figures computed here from the raw responses, suppressed below k', async () => {
    // One response so far (k = 5): every figure of the new items is withheld, none is zero.
    const few = await statistics();
    const effortFew = few.items.find((item) => item.name === 'effort');
    expect(effortFew?.overall).toMatchObject({ n: null, mean: null, quartiles: null });
    expect(few.items.find((item) => item.name === 'priorities.help')?.overall).toMatchObject({
      n: null,
      mean: null,
      firstChoiceShare: null,
    });
    expect(few.items.some((item) => item.name === 'average')).toBe(false);

    const orders = [
      ['speed', 'price', 'help'],
      ['price', 'speed', 'help'],
      ['speed', 'help', 'price'],
      ['help', 'price', 'speed'],
      ['speed', 'price', 'help'],
      ['price', 'help', 'speed'],
      ['speed', 'help', 'price'],
    ];
    const efforts = [0, 2.5, 10, 4, 4, 7.5, 9.5];
    for (let i = 0; i < orders.length; i += 1) {
      await answered(submit(invitees[2 + i].token, { score: i, priorities: orders[i], effort: efforts[i] }), 200);
    }

    const raw = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId } } }),
    );
    const answers = (raw as { items: { answers: Record<string, unknown> }[] }).items.map((item) => item.answers);
    expect(answers).toHaveLength(8);

    const stats = await statistics();
    const efforts8 = answers.map((a) => a.effort as number).sort((a, b) => a - b);
    const effort = stats.items.find((item) => item.name === 'effort');
    expect(effort?.type).toBe('slider');
    expect(effort?.overall.n).toBe(8);
    expect(effort?.overall.mean?.value).toBeCloseTo(efforts8.reduce((a, b) => a + b, 0) / 8, 9);
    expect(effort?.overall.quartiles?.q1).toBeCloseTo(quantile(efforts8, 0.25), 9);
    expect(effort?.overall.quartiles?.median).toBeCloseTo(quantile(efforts8, 0.5), 9);
    expect(effort?.overall.quartiles?.q3).toBeCloseTo(quantile(efforts8, 0.75), 9);

    for (const choice of ['speed', 'price', 'help']) {
      const ranks = answers.map((a) => (a.priorities as string[]).indexOf(choice) + 1);
      const item = stats.items.find((each) => each.name === `priorities.${choice}`);
      expect(item?.type).toBe('ranking');
      expect(item?.overall.n).toBe(8);
      expect(item?.overall.mean?.value).toBeCloseTo(ranks.reduce((a, b) => a + b, 0) / 8, 9);
      expect(item?.overall.firstChoiceShare).toBeCloseTo(ranks.filter((rank) => rank === 1).length / 8, 9);
      // The distribution over ranks: each rank's count is below k here, so each is suppressed, not zero.
      for (const entry of item?.distribution ?? []) {
        const count = ranks.filter((rank) => rank === entry.value).length;
        if (entry.suppressed === null) expect(entry.count).toBe(count);
        else expect(entry.count).toBeNull();
      }
    }
  });

  it('counts ranks and slider points the same from the tallies as from comparing the jsonb answers', async () => {
    const versions = await t.app.get(SurveysService).versions(surveyId);
    const questionnaires = new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire]));
    const items = statisticsItems([...questionnaires.values()]);
    const rollups = { dimensions: [...DIMENSIONS], crosstabs: [] };
    const responses = t.app.get(ResponseStatisticsRepository);
    const fast = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups, { scan: true });
    const exact = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups, { exact: true });
    expect(fast.overall.respondents).toBe(8);
    expect(fast).toEqual(exact);
    // The rollups (which keep the population's first and last submission only) count the same.
    const rolled = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups);
    expect(rolled.overall).toEqual(exact.overall);
    for (const [dimension, groups] of exact.byDimension) {
      for (const [value, tally] of groups) {
        expect(rolled.byDimension.get(dimension)?.get(value)?.counts).toEqual(tally.counts);
      }
    }
  });

  it('filters responses by the rank given to a choice', async () => {
    const query = { answer: ['priorities.speed:1'] };
    const filtered = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId }, query } }),
    );
    // Four of the eight put speed first (counted from the orders submitted above).
    expect(filtered.population.responses.value ?? filtered.population.responses.suppressed).toBe('primary');
    const both = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: surveyId }, query: { answer: ['priorities.speed:1|2'] } },
      }),
    );
    // Speed first or second: six of the eight.
    expect(both.population.responses.value).toBe(6);
    await answered(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: surveyId }, query: { answer: ['priorities.speed:4'] } },
      }),
      400,
    );
  });

  it('exports ranks per choice and the computed value in the raw CSV', async () => {
    const csv = await answered(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/responses', {
        params: { path: { id: surveyId }, query: { format: 'csv' } },
        parseAs: 'text',
      }),
      200,
    );
    const lines = String(csv.data)
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const header = lines[0].split(',');
    for (const column of ['priorities.speed', 'priorities.price', 'priorities.help', 'effort', 'average']) {
      expect(header).toContain(column);
    }
    const rows = lines.slice(1).map((line) => line.split(','));
    const at = (row: string[], column: string) => row[header.indexOf(column)];
    const first = rows.find((row) => at(row, 'average') === '7.3');
    expect(first && ['help', 'speed', 'price'].map((c) => at(first, `priorities.${c}`))).toEqual(['1', '2', '3']);
  });
});
