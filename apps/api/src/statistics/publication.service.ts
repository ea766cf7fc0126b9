import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { localize, type Language, type Questionnaire } from '@survey/questionnaire';
import { conflict } from '../common/errors';
import type { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { Transactions } from '../database/transactions';
import { ResponseStatisticsRepository } from '../ingestion/response-statistics.repository';
import { SurveysService } from '../surveys/surveys.service';
import { compose, ledgerShape, type LedgerRecord } from './composition/compose';
import type { Conflict, WithheldReason } from './composition/plan';
import { classesOf, parseKey, type PublicationTables } from './composition/tables';
import { renderPublication } from './composition/render';
import { itemTitle, measureItems, optionLabel, statisticsItems, type StatisticsItem } from './items';
import { dimensionLabel } from './labels';
import type { LedgerPopulation, PublicationLedgerEntry } from './publication-ledger.entity';
import {
  measureConflictsWithEarlier,
  measureStatistics,
  measureWithholding,
  withholdLinkedExpressions,
} from './measures';
import { atomTallies, type PopulationFilter } from './statistics-tallies';
import { StatisticsService } from './statistics.service';
import type {
  AppliedFiltersDto,
  Dimension,
  ItemStatisticsDto,
  MeasureStatisticsDto,
  SurveyStatisticsDto,
} from './statistics.dto';

/** What a report shows and of which responses. */
export interface PublicationRequest {
  surveyId: string;
  filters: AppliedFiltersDto;
  receivedBy: Date;
  breakdowns: Dimension[];
  crosstab: { rows: Dimension; columns: Dimension } | null;
  language: Language;
}

/** A report's figures as they may be published, and the ledger's record of them. */
export interface PlannedPublication {
  content: SurveyStatisticsDto;
  responses: number;
  figures: Record<string, number | number[]>;
  /** Each number, date or expression summary shown: how many had answered it (the ledger's `measures`). */
  measures: Record<string, number>;
  minGroupSize: number;
}

function populationOf(request: PublicationRequest): PopulationFilter {
  return {
    campaignId: request.filters.campaignId,
    from: request.filters.from ? new Date(request.filters.from) : null,
    to: request.filters.to ? new Date(request.filters.to) : null,
    receivedBy: request.receivedBy,
  };
}

function ledgerPopulationFilter(population: LedgerPopulation): PopulationFilter {
  return {
    campaignId: population.campaignId,
    from: population.from ? new Date(population.from) : null,
    to: population.to ? new Date(population.to) : null,
    receivedBy: new Date(population.receivedBy),
  };
}

/** Whether two populations can share a response: same or no campaign, and overlapping periods. */
function mayOverlap(a: PopulationFilter, b: PopulationFilter): boolean {
  if (a.campaignId && b.campaignId && a.campaignId !== b.campaignId) return false;
  const start = Math.max(a.from?.getTime() ?? -Infinity, b.from?.getTime() ?? -Infinity);
  const end = Math.min(a.to?.getTime() ?? Infinity, b.to?.getTime() ?? Infinity);
  return start < end;
}

/**
 * Figures for people who may not read the raw responses (management, and API keys without
 * `responses:read`), made so that nothing about a group of 1..k-1 respondents can be derived
 * from them together with everything published before: the publication ledger of the survey.
 * See libs/disclosure/README.md, "Publishing several reports", for the method.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly responses: ResponseStatisticsRepository,
    private readonly surveys: SurveysService,
    private readonly statistics: StatisticsService,
  ) {}

  /** A draft: the report's figures as they would be published on their own. */
  async draft(request: PublicationRequest): Promise<PlannedPublication> {
    return this.plan(this.transactions.manager, request, []);
  }

  /**
   * The report's figures as they may be published after everything on the ledger, or a 409
   * naming the earlier reports and figures that conflict (never a hidden number).
   */
  async publish(
    tx: EntityManager,
    request: PublicationRequest,
    ledger: PublicationLedgerEntry[],
  ): Promise<PlannedPublication> {
    return this.plan(tx, request, ledger);
  }

  private async plan(
    tx: EntityManager,
    request: PublicationRequest,
    ledger: PublicationLedgerEntry[],
  ): Promise<PlannedPublication> {
    const survey = await this.surveys.find(tx, request.surveyId);
    const versions = await this.surveys.versions(request.surveyId);
    const questionnaires = versions.map((version) => version.questionnaire as Questionnaire);
    const items = statisticsItems(questionnaires);
    const k = survey.minGroupSize;

    const records: LedgerRecord[] = ledger.map((entry) => ({
      id: entry.reportId,
      title: entry.title,
      responses: entry.responses,
      breakdowns: entry.breakdowns,
      crosstab: entry.crosstab,
      published: new Set(Object.keys(entry.figures)),
      overlaps: mayOverlap(populationOf(request), ledgerPopulationFilter(entry.population)),
    }));
    const shaped = ledgerShape(k, items, request, records);
    if ('crosstabConflict' in shaped) {
      throw crosstabConflict(shaped.crosstabConflict);
    }
    const { shape, rollups } = shaped;
    const atoms = await atomTallies(
      this.responses,
      items,
      new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire])),
      request.surveyId,
      [populationOf(request), ...ledger.map((entry) => ledgerPopulationFilter(entry.population))],
      rollups,
      { tx },
    );
    const composition = compose(shape, rollups, request, records, atoms);
    if (composition.kind === 'tooSmall') {
      throw conflict(
        `A report needs at least ${k} responses; these filters count fewer.`,
        ProblemType.ReportPopulationTooSmall,
      );
    }
    if (composition.kind === 'refused') throw this.refusal(composition.conflicts, items, request.language, k);
    const { report, shown, withheld } = composition;
    const built = renderPublication(report, withheld, request.breakdowns, request.language);
    const measures = await this.measures(tx, request, versions, ledger, k, report.population, built.items);
    const invitations = await this.statistics.invitations(request.surveyId, request.filters.campaignId ?? undefined);
    const latest = questionnaires.at(-1);
    const content: SurveyStatisticsDto = {
      surveyId: request.surveyId,
      surveyTitle: latest ? localize(latest.title, request.language) : survey.name,
      language: request.language,
      k,
      filters: request.filters,
      computedAt: request.receivedBy.toISOString(),
      population: {
        invited: invitations.invited,
        responses: built.responses,
        responseRate: invitations.invited > 0 ? invitations.completed / invitations.invited : null,
        firstSubmittedAt: null,
        lastSubmittedAt: null,
      },
      items: built.items,
      breakdowns: built.breakdowns,
      crosstabs: built.crosstabs,
      measures: measures.content,
    };
    return {
      content,
      responses: report.population,
      figures: figuresOf(report, shown, withheld),
      measures: measures.shown,
      minGroupSize: k,
    };
  }

  /**
   * The report's number, date and expression summaries: each shown when at least k answered, not
   * everyone gave the same number, and no part of the populations it and earlier reports showing
   * the same summary cut out has fewer than k answers (`measureConflictsWithEarlier`).
   */
  private async measures(
    tx: EntityManager,
    request: PublicationRequest,
    versions: { version: number; questionnaire: unknown }[],
    ledger: PublicationLedgerEntry[],
    k: number,
    population: number,
    published: ItemStatisticsDto[],
  ): Promise<{ content: MeasureStatisticsDto[]; shown: Record<string, number> }> {
    const items = measureItems(
      versions.map((v) => ({ version: v.version, questionnaire: v.questionnaire as Questionnaire })),
    );
    const own = populationOf(request);
    const rows = await this.responses.measureSummaries(items, { surveyId: request.surveyId, ...own }, k, tx);
    const earlier = ledger.filter((entry) => Object.keys(entry.measures ?? {}).length > 0);
    const parts = await this.responses.measureParts(
      request.surveyId,
      [own, ...earlier.map((entry) => ledgerPopulationFilter(entry.population))],
      items,
      tx,
    );
    const summaries = items.map((item, index) => {
      const row = rows[index];
      let withheld = measureWithholding(row, k, population < k);
      if (withheld === null && row.n > 0) {
        const before = earlier
          .map((entry, at) => ({ population: at + 1, answered: entry.measures?.[item.name] }))
          .filter((entry): entry is { population: number; answered: number } => entry.answered !== undefined);
        if (measureConflictsWithEarlier(parts, index, before, k)) withheld = 'composition';
      }
      return measureStatistics(item, row, withheld, request.language);
    });
    const content = withholdLinkedExpressions(summaries, published, items);
    const shown: Record<string, number> = {};
    for (const summary of content) if (summary.suppressed === null && summary.n) shown[summary.name] = summary.n;
    return { content, shown };
  }

  private refusal(conflicts: Conflict[], items: StatisticsItem[], language: Language, k: number): ProblemException {
    const described = conflicts.map((conflict) => ({
      publications: conflict.publications,
      figure: describeKey(conflict.key, items, language),
      kind: conflict.kind,
      part: conflict.part,
    }));
    return conflict(compositionRefusalDetail(conflicts, described, k), ProblemType.ReportComposition, {
      extensions: { conflicts: described },
    });
  }
}

/**
 * The sentence of a composition refusal. It names the earlier reports involved; when none is (the
 * report's own figures conflict with one another), it says so instead of naming an empty list.
 */
export function compositionRefusalDetail(
  conflicts: Pick<Conflict, 'key' | 'publications'>[],
  described: { figure: string }[],
  k: number,
): string {
  const titles = [...new Set(conflicts.flatMap((c) => c.publications.map((p) => `“${p.title}”`)))].join(', ');
  const figures = `${described
    .slice(0, 3)
    .map((c) => c.figure)
    .join('; ')}${described.length > 3 ? '; …' : ''}`;
  if (conflicts.some((c) => c.key === 'deleted')) {
    const which = titles ? `by ${titles}` : 'by a report published earlier';
    return (
      `Responses counted ${which} have been deleted since it was published (an erasure or the end of ` +
      'their retention). A report whose period overlaps it could describe those people: choose a period or ' +
      'campaign that does not overlap it.'
    );
  }
  if (!titles) {
    return (
      `Taken together, this report's own figures would let figures about fewer than ${k} respondents be ` +
      `worked out (${figures}). Leave out the breakdowns named, or widen the period or filters.`
    );
  }
  return (
    `Together with ${titles}, this report would let figures about fewer than ${k} respondents be worked out ` +
    `(${figures}). Publish it with the same period and campaign as those reports, or with a period that ` +
    'does not overlap theirs, or a wider one; or leave out the breakdowns named.'
  );
}

/** The refusal when the survey's published reports already use another crosstab. */
function crosstabConflict(earlier: LedgerRecord): ProblemException {
  return conflict(
    `Reports published for this survey already use the crosstab ${earlier.crosstab!.rows} × ` +
      `${earlier.crosstab!.columns}; two crosstabs of the same responses cannot be protected together. ` +
      'Use the same crosstab, or none.',
    ProblemType.ReportComposition,
    {
      extensions: {
        conflicts: [
          {
            publications: [{ id: earlier.id, title: earlier.title }],
            figure: 'crosstab',
            kind: 'crosstab',
            part: 'shared',
          },
        ],
      },
    },
  );
}

/** Every figure a publication shows, by key: what the ledger keeps. */
function figuresOf(
  tables: PublicationTables,
  shown: ReadonlySet<string>,
  withheld: ReadonlyMap<string, WithheldReason>,
): Record<string, number | number[]> {
  const { shape } = tables;
  const itemIndex = new Map(shape.items.map((item, index) => [item.name, index]));
  const figures: Record<string, number | number[]> = {};
  for (const key of shown) {
    if (withheld.has(key)) continue;
    const parsed = parseKey(key);
    switch (parsed.kind) {
      case 'population':
        figures[key] = tables.population;
        break;
      case 'group':
        figures[key] = tables.group(parsed.dimension, parsed.value);
        break;
      case 'cell':
        figures[key] = tables.cell(parsed.row, parsed.column);
        break;
      case 'itemAnswered':
        figures[key] = tables.answered(itemIndex.get(parsed.item)!);
        break;
      case 'option':
        figures[key] = tables.option(itemIndex.get(parsed.item)!, parsed.option);
        break;
      case 'row': {
        const index = itemIndex.get(parsed.item)!;
        const tally = tables.groupTally(parsed.dimension, parsed.value);
        figures[key] = [tables.answered(index, tally), ...tables.classCounts(index, tally)];
        break;
      }
    }
  }
  return figures;
}

/** A figure in words, for a refusal: which group and which question, never a count. */
export function describeKey(key: string, items: StatisticsItem[], language: Language): string {
  if (key === 'deleted') return 'responses deleted since publication';
  const parsed = parseKey(key);
  const item = (name: string) => items.find((candidate) => candidate.name === name);
  const title = (name: string) => {
    const found = item(name);
    return found ? `“${itemTitle(found, language)}”` : `“${name}”`;
  };
  switch (parsed.kind) {
    case 'population':
      return 'the number of responses';
    case 'group':
      return `respondents with ${parsed.dimension} ${dimensionLabel(parsed.dimension, parsed.value, language)}`;
    case 'cell':
      return `respondents in the crosstab cell ${parsed.row} × ${parsed.column}`;
    case 'itemAnswered':
      return `how many answered ${title(parsed.item)}`;
    case 'option': {
      const found = item(parsed.item);
      const option = found?.options[parsed.option];
      return `answer “${option ? optionLabel(option, language) : parsed.option}” to ${title(parsed.item)}`;
    }
    case 'row': {
      const found = item(parsed.item);
      const what = found && classesOf(found) ? 'answers' : 'how many answered';
      return `${what} to ${title(parsed.item)} of respondents with ${parsed.dimension} ${dimensionLabel(parsed.dimension, parsed.value, language)}`;
    }
  }
}
