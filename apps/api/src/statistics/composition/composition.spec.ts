import fc from 'fast-check';
import { disclosures, type AttackedPublication } from '../../../test/utils/disclosure-attacker';
import { buildStatistics } from '../statistics-builder';
import type { Dimension, SurveyStatisticsDto } from '../statistics.dto';
import { SyntheticLedger } from './ledger.fixture';
import {
  inPopulation,
  syntheticItems,
  talliesOf,
  type SyntheticRequest,
  type SyntheticRespondent,
} from './synthetic.fixture';

const items = syntheticItems();

function request(partial: Partial<SyntheticRequest>): SyntheticRequest {
  return {
    title: 'report',
    campaign: null,
    from: null,
    to: null,
    breakdowns: ['country', 'segment'],
    crosstab: null,
    ...partial,
  };
}

/** Statistics as analysts see them live: each report protected on its own, and nothing more. */
function liveStatistics(respondents: SyntheticRespondent[], wanted: SyntheticRequest, k: number): SurveyStatisticsDto {
  const members = respondents.filter(inPopulation(wanted));
  const crosstabs = wanted.crosstab ? [wanted.crosstab] : [];
  const dimensions = [...new Set<Dimension>([...wanted.breakdowns, ...crosstabs.flatMap((c) => [c.rows, c.columns])])];
  const built = buildStatistics({
    items,
    tallies: talliesOf(members, items, { dimensions, crosstabs }),
    k,
    language: 'en',
    breakdowns: wanted.breakdowns,
    crosstabs,
  });
  return {
    surveyId: 's',
    surveyTitle: 's',
    language: 'en',
    k,
    filters: { campaignId: null, from: null, to: null },
    computedAt: new Date(0).toISOString(),
    population: {
      invited: null,
      responses: built.responses,
      responseRate: null,
      firstSubmittedAt: null,
      lastSubmittedAt: null,
    },
    items: built.items,
    breakdowns: built.breakdowns,
    crosstabs: built.crosstabs,
  };
}

function respondent(
  time: number,
  country: string,
  segment: string,
  satisfaction: number | null,
  recommend: number | null,
) {
  return { time, campaign: 'c1', country, segment, answers: [satisfaction, recommend] };
}

/**
 * 41 respondents over time, in two countries and two segments, satisfied (3 or 4 of 5) and split
 * on recommending: every group is large in every period. The one at time 20 is alone between the
 * two periods below.
 */
function threeReportData(): SyntheticRespondent[] {
  return Array.from({ length: 41 }, (_, i) =>
    respondent(i, i % 2 === 0 ? 'FR' : 'DE', i % 4 < 2 ? 'agent' : 'holder', 2 + (i % 3 === 0 ? 1 : 0), (i >> 2) % 2),
  );
}

describe('the publication check', () => {
  it('lets the attacker single out one respondent from three reports protected one at a time, and not after the check', async () => {
    const respondents = threeReportData();
    const k = 5;
    const reports = [
      request({ title: 'all', breakdowns: [] }),
      request({ title: 'until 20', to: 20, breakdowns: [] }),
      request({ title: '21 on', from: 21, breakdowns: [] }),
    ];
    // Each protected on its own: all minus the two periods is the respondent at time 20.
    const naive: AttackedPublication<SyntheticRespondent>[] = reports.map((wanted) => ({
      counts: inPopulation(wanted),
      content: liveStatistics(respondents, wanted, k),
    }));
    const found = await disclosures(respondents, items, naive, k);
    expect(found.some((d) => d.kind === 'count' && d.value === 1)).toBe(true);

    const ledger = new SyntheticLedger(respondents, items, k);
    expect(ledger.publish(reports[0]).kind).toBe('ok');
    expect(ledger.publish(reports[1]).kind).toBe('ok');
    const third = ledger.publish(reports[2]);
    expect(third.kind).toBe('refused');
    if (third.kind === 'refused') {
      // The one respondent counted by 'all' and by neither period: too few to be told apart.
      expect(third.conflicts[0]).toMatchObject({ key: 'N', part: 'earlierOnly', publications: [{ title: 'all' }] });
    }
    const published = ledger.published.map((p) => ({ counts: inPopulation(p.request), content: p.content }));
    expect(await disclosures(respondents, items, published, k)).toEqual([]);
  });

  it('lets the attacker work out the answers of a hidden group from the other groups’ shares, and not after the check', async () => {
    // One Maltese and four Italian respondents: withheld in the breakdown, but the other countries'
    // top-2-box shares, subtracted from the overall distribution, give the five's answers by class.
    const respondents: SyntheticRespondent[] = Array.from({ length: 20 }, (_, i) =>
      respondent(i, i % 2 === 0 ? 'FR' : 'DE', 'agent', 2 + (i % 3 === 0 ? 1 : 0), 1),
    );
    respondents.push(respondent(30, 'MT', 'agent', 0, 1));
    for (let i = 0; i < 4; i += 1) respondents.push(respondent(31 + i, 'IT', 'agent', i === 0 ? 0 : 4, 1));
    const k = 5;
    const wanted = request({ breakdowns: ['country'] });
    const naive = [{ counts: inPopulation(wanted), content: liveStatistics(respondents, wanted, k) }];
    const found = await disclosures(respondents, items, naive, k);
    expect(found.some((d) => d.kind === 'count' && d.group.includes('IT+MT') && d.group.includes('satisfaction'))).toBe(
      true,
    );

    const ledger = new SyntheticLedger(respondents, items, k);
    expect(ledger.publish(wanted).kind).toBe('ok');
    const published = ledger.published.map((p) => ({ counts: inPopulation(p.request), content: p.content }));
    expect(await disclosures(respondents, items, published, k)).toEqual([]);
  });

  it('publishes nothing that, with the reports before it, gives away a group of 1..k-1 or a shared answer', async () => {
    const respondentArbitrary = fc.record({
      time: fc.integer({ min: 0, max: 29 }),
      campaign: fc.constantFrom('c1', 'c2'),
      country: fc.constantFrom('FR', 'DE'),
      segment: fc.constantFrom('agent', 'holder'),
      answers: fc.tuple(
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 6 }),
        fc.option(fc.integer({ min: 0, max: 1 }), { nil: null, freq: 6 }),
      ),
    });
    const bound = fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 2 });
    const requestArbitrary = fc.record({
      title: fc.constant('r'),
      campaign: fc.option(fc.constantFrom('c1', 'c2'), { nil: null, freq: 2 }),
      from: bound,
      to: bound,
      breakdowns: fc.subarray<Dimension>(['country', 'segment']),
      crosstab: fc.constantFrom(null, { rows: 'country' as Dimension, columns: 'segment' as Dimension }),
    });
    const runs = Number(process.env.COMPOSITION_RUNS ?? 20);
    let accepted = 0;
    let asked = 0;
    let alone = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(respondentArbitrary, { minLength: 6, maxLength: 18 }),
        fc.array(requestArbitrary, { minLength: 2, maxLength: 3 }),
        fc.constantFrom(3, 5),
        async (people, requests, k) => {
          // The rating alone: the attacker's program grows with every answer combination.
          const rating = items.slice(0, 1);
          const respondents = people.map((p) => ({ ...p, answers: [p.answers[0]] }));
          const ledger = new SyntheticLedger(respondents, rating, k);
          for (const [i, wanted] of requests.entries()) {
            const result = ledger.publish({ ...wanted, title: `r${i}` });
            if (result.kind === 'ok') accepted += 1;
            // The first report stands alone: it counts whenever it holds at least k (it may still be
            // refused when even its overall figures would give people away, as with k answers of k).
            if (i === 0 && respondents.filter(inPopulation(wanted)).length >= k) {
              asked += 1;
              if (result.kind === 'ok') alone += 1;
            }
          }
          const published = ledger.published.map((p) => ({ counts: inPopulation(p.request), content: p.content }));
          const found = await disclosures(respondents, rating, published, k);
          expect(found).toEqual([]);
        },
      ),
      { seed: 20261207, numRuns: runs },
    );
    // Not vacuous: reports were published, alone and after others.
    expect(asked).toBeGreaterThanOrEqual(runs / 2);
    expect(alone).toBeGreaterThanOrEqual(asked * 0.75);
    expect(accepted).toBeGreaterThan(alone);
  });
});
