import type { StatisticsItem } from '../items';
import type { SurveyStatisticsDto } from '../statistics.dto';
import { compose, ledgerShape, type Composition, type LedgerRecord } from './compose';
import { renderPublication } from './render';
import {
  atomsOf,
  inPopulation,
  requestsOverlap,
  type SyntheticRequest,
  type SyntheticRespondent,
} from './synthetic.fixture';

export interface PublishedSynthetic {
  request: SyntheticRequest;
  content: SurveyStatisticsDto;
}

/**
 * The publication check run as the service runs it, over made-up respondents instead of the
 * database: each request is checked against the reports accepted before it.
 */
export class SyntheticLedger {
  readonly published: PublishedSynthetic[] = [];
  private readonly records: (LedgerRecord & { request: SyntheticRequest })[] = [];

  constructor(
    private readonly respondents: SyntheticRespondent[],
    private readonly items: StatisticsItem[],
    private readonly k: number,
  ) {}

  publish(request: SyntheticRequest): Composition {
    const records: LedgerRecord[] = this.records.map((record) => ({
      ...record,
      overlaps: requestsOverlap(record.request, request),
    }));
    const shaped = ledgerShape(this.k, this.items, request, records);
    if ('crosstabConflict' in shaped) {
      return { kind: 'refused', conflicts: [{ key: 'crosstab', kind: 'linked', publications: [], part: 'shared' }] };
    }
    const { shape, rollups } = shaped;
    const atoms = atomsOf(
      this.respondents,
      [request, ...this.records.map((record) => record.request)].map(inPopulation),
      this.items,
      rollups,
    );
    const composition = compose(shape, rollups, request, records, atoms);
    if (composition.kind !== 'ok') return composition;
    const built = renderPublication(composition.report, composition.withheld, request.breakdowns, 'en');
    const content: SurveyStatisticsDto = {
      surveyId: 'synthetic',
      surveyTitle: 'Synthetic',
      language: 'en',
      k: this.k,
      filters: { campaignId: request.campaign, from: null, to: null },
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
    this.published.push({ request, content });
    this.records.push({
      id: `r${this.records.length}`,
      title: request.title,
      responses: composition.report.population,
      breakdowns: request.breakdowns,
      crosstab: request.crosstab,
      published: new Set([...composition.shown].filter((key) => !composition.withheld.has(key))),
      overlaps: false,
      request,
    });
    return composition;
  }
}
