import type { Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { ResponseRollupsService } from '../src/ingestion/response-rollups.service';
import { ResponseStatisticsRepository } from '../src/ingestion/response-statistics.repository';
import { statisticsItems } from '../src/statistics/items';
import { rolledUpTallies } from '../src/statistics/statistics-tallies';
import { DIMENSIONS } from '../src/statistics/statistics.dto';
import { SurveysService } from '../src/surveys/surveys.service';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, K } from './utils/answered-survey';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestStaff } from './utils/staff';

/**
 * GET /surveys/{id}/statistics over HTTP: the answer, its parameters' refusals and who may read
 * it. The figures themselves (exactness, suppression under k, crosstabs, filters, labels) are
 * tested at the service (src/statistics/statistics.service.spec.ts).
 */
describe('Statistics route', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let admin: TestStaff;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let campaignId: string;

  const app = () => t.app;
  // Untyped query: the refusals below send values the spec's types exclude (a shoe size, a word for a date).
  const stats = (query: Record<string, unknown> = {}, credential: Parameters<TestApp['api']>[0] = { staff: analyst }) =>
    t.api(credential).GET('/api/v1/surveys/{id}/statistics', {
      params: { path: { id: surveyId }, query: query as never },
    });
  const fieldsOf = async (query: Record<string, unknown>) => [
    ...new Set(((await problemOf(stats(query), 400)).errors ?? []).map((e) => e.field)),
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    admin = await newStaff(t.app, StaffRole.Admin);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId, campaignId } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers the survey’s statistics with the breakdowns and crosstab asked for', async () => {
    const body = await dataOf(stats({ crosstabs: ['country:segment'], breakdowns: ['country'], campaignId }));
    expect(body).toMatchObject({ surveyId, k: K, language: 'en', filters: { campaignId, from: null, to: null } });
    expect(body.population).toMatchObject({ invited: 45, responses: { value: 45, suppressed: null }, responseRate: 1 });
    expect(body.breakdowns.map((b) => b.dimension)).toEqual(['country']);
    expect(body.crosstabs.map((c) => [c.rows, c.columns])).toEqual([['country', 'segment']]);
    expect(body.items.find((item) => item.name === 'nps')!.overall.n).toBe(45);
  });

  it('refuses bad parameters with a problem naming the field', async () => {
    expect(await fieldsOf({ crosstabs: ['country:country'] })).toEqual(['crosstabs']);
    expect(await fieldsOf({ crosstabs: ['country:planet'] })).toEqual(['crosstabs']);
    expect(await fieldsOf({ crosstabs: ['country:segment', 'country:role'] })).toEqual(['crosstabs']);
    expect(await fieldsOf({ breakdowns: ['country', 'shoeSize'] })).toEqual(['breakdowns']);
    expect(await fieldsOf({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toEqual(['to']);
    expect(await fieldsOf({ from: 'yesterday' })).toEqual(['from']);
    expect(await fieldsOf({ campaignId: 'not-a-uuid' })).toEqual(['campaignId']);
    const other = await surveyWithInvitees(t.app, analyst, { name: 'Other', importContacts: false });
    expect(await fieldsOf({ campaignId: other.campaignId })).toEqual(['campaignId']);
    await answered(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
      }),
      404,
    );
  });

  describe('who may read statistics', () => {
    it('lets a provider key with statistics:read and responses:read for this survey read them, and no other key', async () => {
      const key = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], [surveyId]);
      expect((await dataOf(stats({}, { apiKey: key.secret }))).population.responses.value).toBe(45);
      // statistics:read alone reads published reports only.
      const published = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyId]);
      await answered(stats({}, { apiKey: published.secret }), 403);
      const other = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], []);
      await answered(stats({}, { apiKey: other.secret }), 403);
      const wrongScope = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyId]);
      await answered(stats({}, { apiKey: wrongScope.secret }), 403);
    });

    it('keeps management away from live statistics and raw responses', async () => {
      const path = { params: { path: { id: surveyId } } };
      await answered(stats({}, { staff: management }), 403);
      // Raw responses are a byte stream; the typed client reads its status only.
      await answered(
        t.api({ staff: management }).GET('/api/v1/surveys/{id}/responses', { ...path, parseAs: 'stream' }),
        403,
      );
      await answered(t.api({ staff: management }).GET('/api/v1/surveys/{id}/response-rates', path), 403);
      await answered(t.api().GET('/api/v1/surveys/{id}/statistics', path), 401);
    });
  });

  // Not HTTP: the tallies' two ways of counting, on this file's 45 responses. They call the
  // statistics repository directly, which is being reworked; they belong beside
  // src/statistics/statistics-tallies.ts once it settles.
  it('gives the same figures from the rollups, from the tallies and from comparing every jsonb answer', async () => {
    const versions = await app().get(SurveysService).versions(surveyId);
    const questionnaires = new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire]));
    const items = statisticsItems([...questionnaires.values()]);
    const rollups = {
      dimensions: [...DIMENSIONS],
      crosstabs: [{ rows: 'country' as const, columns: 'role' as const }],
    };
    const responses = app().get(ResponseStatisticsRepository);
    const fast = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups, { scan: true });
    const exact = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups, { exact: true });
    expect(fast.overall.respondents).toBe(45);
    expect(fast).toEqual(exact);
    // The rollups (all 45 still pending here, then folded) keep no group's first and last submission,
    // only the population's; every count is the same.
    const withoutGroupTimes = (tallies: typeof exact) =>
      JSON.parse(
        JSON.stringify({ ...tallies, overall: null }, (key, value: unknown) =>
          value instanceof Map
            ? [...value.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)))
            : key === 'firstSubmittedAt' || key === 'lastSubmittedAt'
              ? undefined
              : value,
        ),
      ) as unknown;
    for (const fold of [false, true]) {
      if (fold) expect(await app().get(ResponseRollupsService).foldAll()).toBeGreaterThanOrEqual(45);
      const rolled = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups);
      expect(rolled.overall).toEqual(exact.overall);
      expect(withoutGroupTimes(rolled)).toEqual(withoutGroupTimes(exact));
    }
  });

  it('falls back to comparing the jsonb answers when a group is too large for a tally counter, with the same figures', async () => {
    const versions = await app().get(SurveysService).versions(surveyId);
    const questionnaires = new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire]));
    const items = statisticsItems([...questionnaires.values()]);
    const rollups = {
      dimensions: [...DIMENSIONS],
      crosstabs: [{ rows: 'country' as const, columns: 'segment' as const }],
    };
    const manager = dataSource.manager;
    /** The figures, and how many statements made them: one from the tallies, a second for the fallback. */
    const run = async (groupLimit?: number) => {
      const statements = jest.spyOn(manager, 'transaction');
      try {
        const tallies = await rolledUpTallies(
          app().get(ResponseStatisticsRepository),
          items,
          questionnaires,
          { surveyId },
          rollups,
          // The tallies summed response by response (the rollups' counters cannot overflow).
          { groupLimit, scan: true },
        );
        return { tallies, statements: statements.mock.calls.length };
      } finally {
        statements.mockRestore();
      }
    };
    // 2^21, the real limit: 45 responses fit, the tallies are used.
    const tallied = await run();
    expect(tallied.statements).toBe(1);
    expect(tallied.tallies.overall.respondents).toBe(45);
    // A limit every group reaches, as two million responses would: the fallback runs, same figures.
    const fallback = await run(1);
    expect(fallback.statements).toBe(2);
    expect(fallback.tallies).toEqual(tallied.tallies);
    // A limit no group reaches: no fallback.
    expect((await run(46)).statements).toBe(1);
  });
});
