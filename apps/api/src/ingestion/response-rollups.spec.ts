import * as fc from 'fast-check';
import type { Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { createMediumTest, type MediumTest } from '../../test/utils/medium';
import { newAnsweredSurvey } from '../../test/utils/factories';
import { statisticsItems } from '../statistics/items';
import { rolledUpTallies, type ResponseFilters, type Rollups } from '../statistics/statistics-tallies';
import { SurveysService } from '../surveys/surveys.service';
import { ResponseRollupsService } from './response-rollups.service';
import { ResponseStatisticsRepository } from './response-statistics.repository';

const BASE = Date.UTC(2026, 5, 10);

/** One change to the responses, as ingestion, privacy rights and retention make them (set-wise). */
type Step =
  | { kind: 'submit'; copies: number; submittedHours: number; receivedLagHours: number; country: string }
  | { kind: 'fold'; batch: number }
  | { kind: 'delete'; share: number }
  | { kind: 'rectify'; share: number; country: string; segment: string }
  | { kind: 'anonymise'; share: number };

const COUNTRIES = ['FR', 'DE', 'ES'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('submit' as const),
    copies: fc.integer({ min: 1, max: 12 }),
    submittedHours: fc.integer({ min: 0, max: 24 * 5 }),
    receivedLagHours: fc.integer({ min: 0, max: 60 }),
    country: fc.constantFrom(...COUNTRIES),
  }),
  fc.record({ kind: fc.constant('fold' as const), batch: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), share: fc.integer({ min: 1, max: 30 }) }),
  fc.record({
    kind: fc.constant('rectify' as const),
    share: fc.integer({ min: 1, max: 30 }),
    country: fc.constantFrom(...COUNTRIES),
    segment: fc.constantFrom('patent', 'trademark'),
  }),
  fc.record({ kind: fc.constant('anonymise' as const), share: fc.integer({ min: 1, max: 50 }) }),
);

/** A view of the survey, with period ends and a reception cut anywhere in a day. */
const view = fc.record({
  fromHours: fc.option(fc.integer({ min: 0, max: 24 * 5 }), { nil: undefined }),
  spanHours: fc.option(fc.integer({ min: 1, max: 24 * 4 }), { nil: undefined }),
  receivedHours: fc.option(fc.integer({ min: 0, max: 24 * 7 }), { nil: undefined }),
  countries: fc.option(fc.subarray(COUNTRIES, { minLength: 1 }), { nil: undefined }),
});

const ROLLUPS: Rollups = {
  dimensions: ['country', 'segment', 'role', 'relationshipBand'],
  crosstabs: [{ rows: 'country', columns: 'segment' }],
};

/** Statistics from the rollups equal a scan's, whatever happened to the responses before. */
describe('response rollups', () => {
  let t: MediumTest;
  let db: DataSource;
  let surveyId: string;
  let folder: ResponseRollupsService;

  beforeAll(async () => {
    t = await createMediumTest({ env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    db = t.get(DataSource);
    folder = t.get(ResponseRollupsService);
    ({ surveyId } = await newAnsweredSurvey(t));
  });

  afterAll(async () => {
    await t?.close();
  });

  async function apply(s: Step): Promise<void> {
    switch (s.kind) {
      case 'submit':
        // New responses like existing ones, at other times and places (inserts of any path fire the same trigger).
        await db.query(
          `INSERT INTO responses (id, survey_id, questionnaire_version, campaign_id, respondent_pseudonym, channel,
                                  answers, tally, language, country, segment, role, relationship_band,
                                  submitted_at, received_at, updated_at)
           SELECT gen_random_uuid(), survey_id, questionnaire_version, campaign_id, md5(random()::text), channel,
                  answers, tally, language, $3, segment, role, relationship_band, $4, $5, $5
             FROM responses WHERE survey_id = $1 ORDER BY random() LIMIT $2`,
          [
            surveyId,
            s.copies,
            s.country,
            new Date(BASE + s.submittedHours * 3_600_000),
            new Date(BASE + (s.submittedHours + s.receivedLagHours) * 3_600_000),
          ],
        );
        return;
      case 'fold':
        await folder.foldAll(s.batch);
        return;
      case 'delete':
        await db.query(`DELETE FROM responses WHERE survey_id = $1 AND random() * 100 < $2`, [surveyId, s.share]);
        return;
      case 'rectify':
        await db.query(
          `UPDATE responses SET country = $3, segment = $4, updated_at = now()
            WHERE survey_id = $1 AND random() * 100 < $2`,
          [surveyId, s.share, s.country, s.segment],
        );
        return;
      case 'anonymise':
        await db.query(
          `UPDATE responses SET respondent_pseudonym = md5(random()::text), invitation_id = NULL, anonymised_at = now()
            WHERE survey_id = $1 AND random() * 100 < $2`,
          [surveyId, s.share],
        );
        return;
    }
  }

  async function figures(filters: ResponseFilters, how: { exact?: boolean; scan?: boolean }) {
    const versions = await t.get(SurveysService).versions(surveyId);
    const questionnaires = new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire]));
    const items = statisticsItems([...questionnaires.values()]);
    const tallies = await rolledUpTallies(
      t.get(ResponseStatisticsRepository),
      items,
      questionnaires,
      filters,
      ROLLUPS,
      how,
    );
    // Maps as sorted entries, dates as numbers: comparable with toEqual. Statistics show the first
    // and last submission of the whole population only; the groups' are left out.
    const overall = { first: tallies.overall.firstSubmittedAt, last: tallies.overall.lastSubmittedAt };
    const plain = (value: unknown): unknown =>
      value instanceof Map
        ? [...value.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([k, v]) => [k, plain(v)])
        : value instanceof Date
          ? value.getTime()
          : Array.isArray(value)
            ? value.map(plain)
            : value !== null && typeof value === 'object'
              ? Object.fromEntries(
                  Object.entries(value)
                    .filter(([k]) => k !== 'firstSubmittedAt' && k !== 'lastSubmittedAt')
                    .map(([k, v]) => [k, plain(v)]),
                )
              : value;
    return { tallies: plain(tallies), first: overall.first?.getTime(), last: overall.last?.getTime() };
  }

  it('after random submissions, folds, erasures, rectifications and anonymisation, for any period and cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 8 }),
        fc.array(view, { minLength: 1, maxLength: 3 }),
        async (steps, views) => {
          for (const s of steps) await apply(s);
          for (const v of views) {
            const filters: ResponseFilters = {
              surveyId,
              from: v.fromHours !== undefined ? new Date(BASE + v.fromHours * 3_600_000) : undefined,
              to:
                v.fromHours !== undefined && v.spanHours !== undefined
                  ? new Date(BASE + (v.fromHours + v.spanHours) * 3_600_000)
                  : undefined,
              receivedBy: v.receivedHours !== undefined ? new Date(BASE + v.receivedHours * 3_600_000) : undefined,
              countries: v.countries,
            };
            const fromRollups = await figures(filters, {});
            expect(fromRollups).toEqual(await figures(filters, { exact: true }));
            expect(fromRollups).toEqual(await figures(filters, { scan: true }));
          }
        },
      ),
      { seed: 20261208, numRuns: 25 },
    );
    // And once everything is folded, the tail is empty and the figures still agree.
    await folder.foldAll();
    expect(await folder.pendingCount()).toBe(0);
    const whole: ResponseFilters = { surveyId };
    expect(await figures(whole, {})).toEqual(await figures(whole, { exact: true }));
  });

  it('drops a rollup row whose responses are all gone', async () => {
    await folder.foldAll();
    const [{ n: rows }]: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM response_rollups WHERE survey_id = $1',
      [surveyId],
    );
    expect(rows).toBeGreaterThan(0);
    await db.query('DELETE FROM responses WHERE survey_id = $1', [surveyId]);
    const left: unknown[] = await db.query(
      `SELECT 1 FROM response_rollups WHERE survey_id = $1
        UNION ALL SELECT 1 FROM response_rollup_totals WHERE survey_id = $1`,
      [surveyId],
    );
    expect(left).toEqual([]);
  });
});
