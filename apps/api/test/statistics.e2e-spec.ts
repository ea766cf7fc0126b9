import type { components } from '@survey/api-client';
import { recoverableCells, type SuppressionReason } from '@survey/disclosure';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Questionnaire } from '@survey/questionnaire';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { statisticsItems } from '../src/statistics/items';
import { DIMENSIONS } from '../src/statistics/statistics.dto';
import { rolledUpTallies } from '../src/statistics/statistics-tallies';
import { ResponseStatisticsRepository } from '../src/ingestion/response-statistics.repository';
import { SurveysService } from '../src/surveys/surveys.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { answeredSurvey, answersFor, K, type Given } from './utils/answered-survey';
import { bearer, surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestStaff } from './utils/staff';

type Statistics = components['schemas']['SurveyStatisticsDto'];
type Metrics = components['schemas']['QuestionMetricsDto'];
type Problem = components['schemas']['ProblemDto'];

// Independent arithmetic, written out here rather than taken from the application.
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
function meanAndInterval(values: number[], t: number) {
  const n = values.length;
  const mean = sum(values) / n;
  const sd = Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / (n - 1));
  return { mean, sd, low: mean - (t * sd) / Math.sqrt(n), high: mean + (t * sd) / Math.sqrt(n) };
}
function npsScore(values: number[]) {
  return (100 * (values.filter((v) => v >= 9).length - values.filter((v) => v <= 6).length)) / values.length;
}

describe('Statistics', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let admin: TestStaff;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let campaignId: string;
  let given: Given[];

  const api = () => request(t.app.getHttpServer());
  const app = () => t.app;
  const stats = (query = '') => api().get(`/api/v1/surveys/${surveyId}/statistics${query}`).set(bearer(analyst));
  const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    admin = await newStaff(t.app, StaffRole.Admin);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId, campaignId, given } = await answeredSurvey(t.app, analyst));
    expect(given).toHaveLength(45);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('GET /surveys/{id}/statistics', () => {
    let body: Statistics;
    beforeAll(async () => {
      body = (await stats('?crosstabs=country:segment').expect(200)).body as Statistics;
    });

    it('counts the population and the response rate', () => {
      expect(body.k).toBe(K);
      expect(body.population.responses).toEqual({ value: 45, suppressed: null });
      expect(body.population.invited).toBe(45);
      expect(body.population.responseRate).toBe(1);
      expect(body.population.firstSubmittedAt).not.toBeNull();
    });

    it('gives each rating the distribution, mean with its 95% interval, and NPS, as computed from the raw answers', () => {
      const nps = body.items.find((item) => item.name === 'nps')!;
      const values = given.map((g) => g.answers.nps as number);
      expect(nps.overall.n).toBe(45);
      for (const entry of nps.distribution) {
        expect(entry.count).toBe(values.filter((v) => v === entry.value).length);
        expect(entry.share).toBeCloseTo(values.filter((v) => v === entry.value).length / 45, 10);
      }
      // t(0.975, 44) = 2.0154 from a printed table.
      const expected = meanAndInterval(values, 2.0154);
      expect(nps.overall.mean!.value).toBeCloseTo(expected.mean, 10);
      expect(nps.overall.mean!.standardDeviation).toBeCloseTo(expected.sd, 10);
      expect(nps.overall.mean!.ciLow).toBeCloseTo(expected.low, 3);
      expect(nps.overall.mean!.ciHigh).toBeCloseTo(expected.high, 3);
      expect(nps.overall.nps!.score).toBeCloseTo(npsScore(values), 10);
      expect(nps.overall.nps!.promoters).toBeCloseTo(values.filter((v) => v >= 9).length / 45, 10);
      expect(nps.overall.nps!.detractors).toBeCloseTo(values.filter((v) => v <= 6).length / 45, 10);

      const satisfaction = body.items.find((item) => item.name === 'satisfaction')!;
      const scores = given.map((g) => g.answers.satisfaction as number);
      expect(satisfaction.overall.topTwoBox).toBeCloseTo(scores.filter((v) => v >= 4).length / 45, 10);
      expect(satisfaction.overall.nps).toBeUndefined();
    });

    it('counts multiple choices, booleans and matrix rows, and leaves free text out', () => {
      const channels = body.items.find((item) => item.name === 'channels')!;
      const email = channels.distribution.find((entry) => entry.value === 'email')!;
      expect(email.count).toBe(given.filter((g) => (g.answers.channels as string[]).includes('email')).length);
      const support = body.items.find((item) => item.name === 'support.timeliness')!;
      const answered = given.filter((g) => g.answers.support);
      expect(support.overall.n).toBe(answered.length);
      const timeliness = answered.map((g) => (g.answers.support as Record<string, number>).timeliness);
      for (const entry of support.distribution) {
        expect(entry.count).toBe(timeliness.filter((v) => v === entry.value).length);
      }
      // Matrix columns are categories, as libs/questionnaire says: no mean is made of them.
      expect(support.overall.mean).toBeUndefined();
      const contacted = body.items.find((item) => item.name === 'contactedSupport')!;
      expect(contacted.distribution.find((entry) => entry.value === true)!.count).toBe(answered.length);
      expect(body.items.map((item) => item.name)).not.toContain('suggestions');
      expect(body.items.map((item) => item.name)).not.toContain('npsReason');
      expect(JSON.stringify(body)).not.toMatch(/Secret remark|Reason number|example\.org/);
    });

    it('breaks down by country: a group under k is suppressed, with a complement, and the rest is exact', () => {
      const countries = body.breakdowns.find((b) => b.dimension === 'country')!;
      const byValue = new Map(countries.groups.map((group) => [group.value, group]));
      expect(byValue.get('IT')!.respondents).toEqual({ value: null, suppressed: 'primary' });
      expect(byValue.get('IT')!.items.nps).toMatchObject({ n: null, suppressed: 'primary', mean: null });
      const complementary = countries.groups.filter((group) => group.respondents.suppressed === 'complementary');
      expect(complementary.length).toBeGreaterThanOrEqual(1);
      const fr = byValue.get('FR')!;
      expect(fr.label).toBe('France');
      // France, with 20 respondents, is published, and its figures are exact.
      expect(fr.respondents).toEqual({ value: 20, suppressed: null });
      const frNps = given.filter((g) => g.country === 'FR').map((g) => g.answers.nps as number);
      expect(fr.items.nps.mean!.value).toBeCloseTo(sum(frNps) / frNps.length, 10);
      expect(fr.items.nps.nps!.score).toBeCloseTo(npsScore(frNps), 10);
      // Nothing suppressed can be worked out from the total and the published groups.
      const counts = countries.groups.map((group) => given.filter((g) => g.country === group.value).length);
      const pattern = {
        cells: countries.groups.map((group) => group.respondents.suppressed as SuppressionReason | null),
        total: null,
      };
      expect(recoverableCells(counts, pattern, { knowledge: 'reasons', k: K })).toEqual([]);
      const published = countries.groups.filter((group) => group.respondents.value !== null);
      expect(published.length).toBeGreaterThanOrEqual(2);
      for (const group of published) expect(group.respondents.value).toBeGreaterThanOrEqual(K);
    });

    it('suppresses an item for groups where fewer than k answered it, even when the group is published', () => {
      const segments = body.breakdowns.find((b) => b.dimension === 'segment')!;
      const cases = { publishedGroupItemSuppressed: 0, itemPublished: 0 };
      for (const group of segments.groups) {
        const answered = given.filter((g) => g.segment === group.value && g.answers.support).length;
        const metrics: Metrics = group.items['support.timeliness'];
        if (answered > 0 && answered < K) {
          expect(metrics.suppressed).toBe('primary');
          if (group.respondents.suppressed === null) cases.publishedGroupItemSuppressed++;
        }
        if (metrics.suppressed === null) {
          expect(metrics.n).toBe(answered);
          cases.itemPublished++;
        }
      }
      // The data has both cases, so neither check above can pass by not running.
      expect(cases.publishedGroupItemSuppressed).toBeGreaterThanOrEqual(1);
      expect(cases.itemPublished).toBeGreaterThanOrEqual(1);
    });

    it('crosstabs country by segment: small cells and their complements are hidden and cannot be recovered from the totals', () => {
      const crosstab = body.crosstabs[0];
      expect(crosstab).toMatchObject({ rows: 'country', columns: 'segment' });
      const truth = crosstab.rowValues.map((row) =>
        crosstab.columnValues.map(
          (column) => given.filter((g) => g.country === row.value && g.segment === column.value).length,
        ),
      );
      const cellAt = (country: string, segment: string) =>
        crosstab.cells[crosstab.rowValues.findIndex((r) => r.value === country)][
          crosstab.columnValues.findIndex((c) => c.value === segment)
        ];
      expect(cellAt('DE', 'holder')).toEqual({ value: null, suppressed: 'primary' });
      expect(cellAt('ES', 'applicant')).toEqual({ value: null, suppressed: 'primary' });
      expect(cellAt('IT', 'agent')).toEqual({ value: null, suppressed: 'primary' });
      const hidden = crosstab.cells.flat().filter((cell) => cell.suppressed === 'complementary');
      expect(hidden.length).toBeGreaterThanOrEqual(1);
      const nonZero = crosstab.cells.flat().filter((cell) => cell.value !== null && cell.value > 0);
      expect(nonZero.length).toBeGreaterThanOrEqual(1);
      for (const cell of nonZero) expect(cell.value).toBeGreaterThanOrEqual(K);
      const published = {
        cells: crosstab.cells.map((row) => row.map((cell) => cell.suppressed as SuppressionReason | null)),
        rowTotals: crosstab.rowTotals.map((cell) => cell.suppressed as SuppressionReason | null),
        columnTotals: crosstab.columnTotals.map((cell) => cell.suppressed as SuppressionReason | null),
        grandTotal: crosstab.total.suppressed as SuppressionReason | null,
      };
      expect(recoverableCells(truth, published, { knowledge: 'reasons', k: K })).toEqual([]);
      // The one-way breakdowns are margins of the crosstab and hide the same groups.
      const countries = body.breakdowns.find((b) => b.dimension === 'country')!;
      crosstab.rowValues.forEach((row, r) => {
        const group = countries.groups.find((g) => g.value === row.value)!;
        expect(group.respondents.value).toBe(crosstab.rowTotals[r].value);
      });
      // Published cells are exact.
      const publishedCells = crosstab.cells.flatMap((row, r) =>
        row.flatMap((cell, c) => (cell.value !== null ? [{ value: cell.value, truth: truth[r][c] }] : [])),
      );
      expect(publishedCells.length).toBeGreaterThanOrEqual(1);
      for (const cell of publishedCells) expect(cell.value).toBe(cell.truth);
      // Each item's figures per cell follow the cell's suppression.
      const npsCells = crosstab.items.find((item) => item.name === 'nps')!.cells;
      const hiddenCells = crosstab.cells.flatMap((row, r) =>
        row.flatMap((cell, c) => (cell.suppressed !== null ? [npsCells[r][c]] : [])),
      );
      expect(hiddenCells.length).toBeGreaterThanOrEqual(3);
      for (const cell of hiddenCells) expect(cell.suppressed).not.toBeNull();
    });

    it('filters by campaign and by submission date', async () => {
      const campaign = (await stats(`?campaignId=${campaignId}&breakdowns=segment`).expect(200)).body as Statistics;
      expect(campaign.population.responses.value).toBe(45);
      expect(campaign.breakdowns.map((b) => b.dimension)).toEqual(['segment']);
      const past = (await stats('?to=2000-01-01T00:00:00Z').expect(200)).body as Statistics;
      expect(past.population.responses).toEqual({ value: 0, suppressed: null });
      expect(past.items.find((item) => item.name === 'nps')!.overall.n).toBe(0);
      const all = (await stats('?from=2000-01-01T00:00:00Z').expect(200)).body as Statistics;
      expect(all.population.responses.value).toBe(45);
    });

    it('labels breakdowns in the chosen language', async () => {
      const fr = (await stats('?language=fr&breakdowns=country,segment').expect(200)).body as Statistics;
      const countries = fr.breakdowns.find((b) => b.dimension === 'country')!;
      expect(countries.groups.find((g) => g.value === 'DE')!.label).toBe('Allemagne');
      const segments = fr.breakdowns.find((b) => b.dimension === 'segment')!;
      expect(segments.groups.find((g) => g.value === 'applicant')!.label).toBe('Déposant');
    });

    it('refuses bad parameters with a problem naming the field', async () => {
      expect(fieldsOf((await stats('?crosstabs=country:country').expect(400)).body)).toEqual(['crosstabs']);
      expect(fieldsOf((await stats('?crosstabs=country:planet').expect(400)).body)).toEqual(['crosstabs']);
      expect(fieldsOf((await stats('?crosstabs=country:segment,country:role').expect(400)).body)).toEqual([
        'crosstabs',
      ]);
      expect(fieldsOf((await stats('?breakdowns=country,shoeSize').expect(400)).body)).toEqual(['breakdowns']);
      expect(fieldsOf((await stats('?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z').expect(400)).body)).toEqual([
        'to',
      ]);
      expect(fieldsOf((await stats('?from=yesterday').expect(400)).body)).toEqual(['from']);
      expect(fieldsOf((await stats('?campaignId=not-a-uuid').expect(400)).body)).toEqual(['campaignId']);
      const other = await surveyWithInvitees(t.app, analyst, { name: 'Other', importContacts: false });
      expect(fieldsOf((await stats(`?campaignId=${other.campaignId}`).expect(400)).body)).toEqual(['campaignId']);
      await api()
        .get('/api/v1/surveys/00000000-0000-4000-8000-000000000000/statistics')
        .set(bearer(analyst))
        .expect(404);
    });

    it('suppresses everything when the whole population is under k', async () => {
      const from = new Date(Date.now() - 3600_000).toISOString();
      // Only the responses of one small campaign would count: a new survey with three answers.
      const small = await surveyWithInvitees(t.app, analyst, { name: 'Small', importContacts: false });
      for (const invitee of small.invitees.slice(0, 3)) {
        await api()
          .post('/api/v1/respond/submit')
          .set('X-Invitation-Token', invitee.token)
          .send({ answers: answersFor(1) })
          .expect(200);
      }
      const res = await api()
        .get(`/api/v1/surveys/${small.surveyId}/statistics?from=${from}`)
        .set(bearer(analyst))
        .expect(200);
      const body = res.body as Statistics;
      expect(body.population.responses).toEqual({ value: null, suppressed: 'primary' });
      expect(body.population.firstSubmittedAt).toBeNull();
      for (const item of body.items) {
        expect(item.overall.n === null || item.overall.n === 0).toBe(true);
        for (const entry of item.distribution) expect(entry.count === null || entry.count === 0).toBe(true);
      }
      for (const breakdown of body.breakdowns) {
        for (const group of breakdown.groups) expect(group.respondents.value).toBeNull();
      }
    });
  });

  describe('who may read statistics', () => {
    it('lets a provider key with statistics:read and responses:read for this survey read them, and no other key', async () => {
      const key = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], [surveyId]);
      const res = await api().get(`/api/v1/surveys/${surveyId}/statistics`).set('X-API-Key', key.secret).expect(200);
      expect((res.body as Statistics).population.responses.value).toBe(45);
      // statistics:read alone reads published reports only.
      const published = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyId]);
      await api().get(`/api/v1/surveys/${surveyId}/statistics`).set('X-API-Key', published.secret).expect(403);
      const other = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead, ApiKeyScope.ResponsesRead], []);
      await api().get(`/api/v1/surveys/${surveyId}/statistics`).set('X-API-Key', other.secret).expect(403);
      const wrongScope = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyId]);
      await api().get(`/api/v1/surveys/${surveyId}/statistics`).set('X-API-Key', wrongScope.secret).expect(403);
    });

    it('keeps management away from live statistics and raw responses', async () => {
      await api().get(`/api/v1/surveys/${surveyId}/statistics`).set(bearer(management)).expect(403);
      await api().get(`/api/v1/surveys/${surveyId}/responses`).set(bearer(management)).expect(403);
      await api().get(`/api/v1/surveys/${surveyId}/response-rates`).set(bearer(management)).expect(403);
      await api().get(`/api/v1/surveys/${surveyId}/statistics`).expect(401);
    });
  });

  it('gives the same figures from the tallies as from comparing every jsonb answer', async () => {
    const versions = await app().get(SurveysService).versions(surveyId);
    const questionnaires = new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire]));
    const items = statisticsItems([...questionnaires.values()]);
    const rollups = {
      dimensions: [...DIMENSIONS],
      crosstabs: [{ rows: 'country' as const, columns: 'role' as const }],
    };
    const responses = app().get(ResponseStatisticsRepository);
    const fast = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups);
    const exact = await rolledUpTallies(responses, items, questionnaires, { surveyId }, rollups, { exact: true });
    expect(fast.overall.respondents).toBe(45);
    expect(fast).toEqual(exact);
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
          {
            groupLimit,
          },
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

  it('stores the campaign with each response so the filter survives the end of the link to the invitation', async () => {
    const rows: { n: number }[] = await dataSource.query(
      'SELECT count(*)::int AS n FROM responses WHERE survey_id = $1 AND campaign_id = $2',
      [surveyId, campaignId],
    );
    expect(rows[0].n).toBe(45);
  });
});
