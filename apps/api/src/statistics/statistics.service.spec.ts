import type { SuppressionReason } from '@survey/disclosure';
import { recoverableCells } from '@survey/disclosure';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { K, answersFor, type Given } from '../../test/utils/answered-survey';
import {
  newAnsweredSurvey,
  newCampaign,
  newResponse,
  newSurvey,
  surveyWithInvitations,
} from '../../test/utils/factories';
import {
  DIMENSIONS,
  type QuestionMetricsDto as Metrics,
  type SurveyStatisticsDto as Statistics,
} from './statistics.dto';
import { StatisticsService, type StatisticsRequest } from './statistics.service';

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

/** A request as the route builds it from an empty query, with what the test sets. */
const request = (overrides: Partial<StatisticsRequest> = {}): StatisticsRequest => ({
  filters: {},
  breakdowns: [...DIMENSIONS],
  crosstabs: [],
  language: 'en',
  ...overrides,
});

/** Live statistics of a survey: figures exact from the raw answers, groups under k suppressed. */
describe('StatisticsService', () => {
  let t: MediumTest;
  let statistics: StatisticsService;
  let surveyId: string;
  let campaignId: string;
  let given: Given[];

  beforeAll(async () => {
    t = await createMediumTest({ env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    statistics = t.get(StatisticsService);
    ({ surveyId, campaignId, given } = await newAnsweredSurvey(t));
    expect(given).toHaveLength(45);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('of 45 filers, broken down and crosstabbed by country and segment', () => {
    let body: Statistics;
    beforeAll(async () => {
      body = await statistics.compute(surveyId, request({ crosstabs: [{ rows: 'country', columns: 'segment' }] }));
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
  });

  it('filters by campaign and by submission date', async () => {
    const campaign = await statistics.compute(surveyId, request({ filters: { campaignId }, breakdowns: ['segment'] }));
    expect(campaign.population.responses.value).toBe(45);
    expect(campaign.breakdowns.map((b) => b.dimension)).toEqual(['segment']);
    const past = await statistics.compute(surveyId, request({ filters: { to: new Date('2000-01-01T00:00:00Z') } }));
    expect(past.population.responses).toEqual({ value: 0, suppressed: null });
    expect(past.items.find((item) => item.name === 'nps')!.overall.n).toBe(0);
    const all = await statistics.compute(surveyId, request({ filters: { from: new Date('2000-01-01T00:00:00Z') } }));
    expect(all.population.responses.value).toBe(45);
  });

  it('labels breakdowns in the chosen language', async () => {
    const fr = await statistics.compute(surveyId, request({ language: 'fr', breakdowns: ['country', 'segment'] }));
    const countries = fr.breakdowns.find((b) => b.dimension === 'country')!;
    expect(countries.groups.find((g) => g.value === 'DE')!.label).toBe('Allemagne');
    const segments = fr.breakdowns.find((b) => b.dimension === 'segment')!;
    expect(segments.groups.find((g) => g.value === 'applicant')!.label).toBe('Déposant');
  });

  it('stores the campaign with each response so the filter survives the end of the link to the invitation', async () => {
    const rows = await t.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM responses WHERE survey_id = $1 AND campaign_id = $2',
      [surveyId, campaignId],
    );
    expect(rows[0].n).toBe(45);
  });

  it('suppresses everything when the whole population is under k', async () => {
    const from = new Date(t.clock.now().getTime() - 3600_000);
    // A new survey with three answers.
    const small = await surveyWithInvitations(t, { contacts: 3 });
    for (const invitation of small.invitations.slice(0, 3)) await newResponse(t, invitation, answersFor(1));
    const body = await statistics.compute(small.surveyId, request({ filters: { from } }));
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

  it('refuses a period that ends before it starts, naming to', async () => {
    const refused = await refusalOf(
      statistics.compute(
        surveyId,
        request({ filters: { from: new Date('2026-01-02T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') } }),
      ),
    );
    expect(refused).toMatchObject({ status: 400, fields: ['to'] });
  });

  it('refuses a campaign of another survey, naming campaignId', async () => {
    const other = await newSurvey(t, { name: 'Other' });
    const { campaignId: foreign } = await newCampaign(t, other.id);
    expect(await refusalOf(statistics.compute(surveyId, request({ filters: { campaignId: foreign } })))).toMatchObject({
      status: 400,
      fields: ['campaignId'],
    });
  });

  it('answers not found for a survey that does not exist', async () => {
    expect((await refusalOf(statistics.compute('00000000-0000-4000-8000-000000000000', request()))).status).toBe(404);
  });
});
