import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, K, type Given } from './utils/answered-survey';
import { dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';

/**
 * Live statistics narrowed to demographic groups and to answers ("only detractors"): the narrowed
 * population goes through the same disclosure control as the whole survey (a population under k
 * is suppressed whole; a group under k in it is suppressed and so is its complement), and reports
 * do not take these filters, so what the publication ledger checks is unchanged.
 */
describe('Live statistics narrowed by group and answer', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let surveyId: string;
  let given: Given[];

  const stats = (query: Record<string, unknown>) =>
    t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', {
      params: { path: { id: surveyId }, query: query as never },
    });
  const npsOf = (values: number[]) =>
    (100 * (values.filter((v) => v >= 9).length - values.filter((v) => v <= 6).length)) / values.length;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, given } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('counts only the chosen countries and segments, and gives no response rate for them', async () => {
    const french = given.filter((g) => g.country === 'FR');
    const body = await dataOf(stats({ country: ['FR'] }));
    expect(body.population.responses).toEqual({ value: french.length, suppressed: null });
    expect(body.population.responseRate).toBeNull();
    const nps = body.items.find((item) => item.name === 'nps')!.overall;
    expect(nps.n).toBe(french.length);
    expect(nps.nps!.score).toBeCloseTo(npsOf(french.map((g) => g.answers.nps as number)), 6);
    const agents = await dataOf(stats({ country: 'FR,DE', segment: 'agent' }));
    expect(agents.population.responses.value).toBe(
      given.filter((g) => ['FR', 'DE'].includes(g.country) && g.segment === 'agent').length,
    );
  });

  it('keeps only the detractors of the NPS question', async () => {
    const detractors = given.filter((g) => (g.answers.nps as number) <= 6);
    const body = await dataOf(stats({ answer: ['nps:0|1|2|3|4|5|6'] }));
    expect(body.population.responses.value).toBe(detractors.length);
    expect(body.items.find((item) => item.name === 'nps')!.overall.nps).toMatchObject({
      detractors: 1,
      promoters: 0,
      score: -100,
    });
  });

  it('suppresses a narrowed population under k whole, and a small group with its complement', async () => {
    const italy = await dataOf(stats({ country: ['IT'] }));
    expect(given.filter((g) => g.country === 'IT').length).toBeLessThan(K);
    expect(italy.population.responses).toEqual({ value: null, suppressed: 'primary' });
    // Every figure about the two Italians is hidden; only questions nobody there answered show 0.
    for (const item of italy.items) {
      expect([item.name, item.overall.suppressed ?? item.overall.n]).toEqual([
        item.name,
        item.overall.n === 0 ? 0 : 'primary',
      ]);
    }
    expect(italy.items.filter((item) => item.overall.suppressed === 'primary').length).toBeGreaterThan(5);

    // Spain: 5 agents and 3 applicants; the applicants are under k, and the agents would give them
    // away by subtraction from the published total.
    const spain = await dataOf(stats({ country: ['ES'], breakdowns: ['segment'] }));
    expect(spain.population.responses.value).toBe(8);
    const groups = Object.fromEntries(
      spain.breakdowns[0].groups.map((group) => [group.value, group.respondents.suppressed]),
    );
    expect(groups).toMatchObject({ applicant: 'primary', agent: 'complementary' });
  });

  it('refuses bad narrowing filters naming the field, and reports do not take them', async () => {
    const fields = async (query: Record<string, unknown>) =>
      ((await problemOf(stats(query), 400)).errors ?? []).map((e) => e.field);
    expect(await fields({ answer: ['nps:42'] })).toEqual(['answer']);
    expect(await fields({ answer: ['npsReason:x'] })).toEqual(['answer']);
    expect(await fields({ country: ['FRA'] })).toEqual(['country']);
    expect(await fields({ relationshipBand: ['ages'] })).toEqual(['relationshipBand']);
    const refused = await problemOf(
      t.api({ staff: analyst }).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title: 'France only', language: 'en', filters: { country: ['FR'] } } as never,
      }),
      400,
    );
    expect(refused.errors?.map((e) => e.field)).toEqual(['filters.country']);
  });
});
