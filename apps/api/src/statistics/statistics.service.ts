import { Injectable } from '@nestjs/common';
import { localize, type Language, type Questionnaire } from '@survey/questionnaire';
import { Clock } from '../common/clock';
import { invalidField } from '../common/problem';
import { Transactions } from '../database/transactions';
import { CampaignsService } from '../delivery/campaigns.service';
import { ResponseStatisticsRepository } from '../ingestion/response-statistics.repository';
import { SurveysService } from '../surveys/surveys.service';
import type { ResponseFilterQueryDto } from '../ingestion/response-filter.dto';
import { responseSelection } from '../ingestion/response-selection';
import { measureItems, statisticsItems } from './items';
import { measureStatistics, measureWithholding, withholdLinkedExpressions } from './measures';
import { buildStatistics, type CrosstabSpec } from './statistics-builder';
import { DIMENSIONS, type Dimension, type StatisticsFiltersDto, type SurveyStatisticsDto } from './statistics.dto';
import { rolledUpTallies } from './statistics-tallies';

export interface StatisticsRequest {
  filters: StatisticsFiltersDto;
  breakdowns: Dimension[];
  crosstabs: CrosstabSpec[];
  language: Language;
  /** Count only responses received by then: a report's population. */
  receivedBy?: Date;
  /** Live statistics only: demographic groups and answers to closed questions (never in a report). */
  narrowing?: ResponseFilterQueryDto;
}

/** `rows:columns` query values as crosstab specs; each must name two different dimensions. */
export function parseCrosstabs(values: string[] | undefined, field = 'crosstabs'): CrosstabSpec[] {
  return (values ?? [])
    .map((value) => {
      const [rows, columns] = value.split(':') as [Dimension, Dimension];
      return { rows, columns };
    })
    .map((spec) => checkCrosstab(spec, field));
}

export function checkCrosstab(spec: CrosstabSpec, field: string): CrosstabSpec {
  if (spec.rows === spec.columns) throw invalidField(field, 'a crosstab needs two different dimensions', 'distinct');
  return spec;
}

/**
 * Live statistics of a survey, computed in PostgreSQL in one scan of its responses and put
 * through disclosure control with the survey's k.
 */
/** Whether filters beyond campaign and period are applied. */
function narrowed(narrowing: ResponseFilterQueryDto | undefined): boolean {
  if (!narrowing) return false;
  return [narrowing.country, narrowing.segment, narrowing.role, narrowing.relationshipBand, narrowing.answer].some(
    (values) => (values?.length ?? 0) > 0,
  );
}

@Injectable()
export class StatisticsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly campaigns: CampaignsService,
    private readonly responses: ResponseStatisticsRepository,
    private readonly surveys: SurveysService,
    private readonly clock: Clock,
  ) {}

  async compute(surveyId: string, request: StatisticsRequest): Promise<SurveyStatisticsDto> {
    const manager = this.transactions.manager;
    const survey = await this.surveys.find(manager, surveyId);
    const { filters, language } = request;
    if (filters.from && filters.to && filters.from >= filters.to)
      throw invalidField('to', 'must be later than from', 'later');
    if (filters.campaignId) await this.checkCampaign(surveyId, filters.campaignId);
    const dimensions = new Set<Dimension>(request.breakdowns);
    const breakdowns = DIMENSIONS.filter((dimension) => dimensions.has(dimension));

    const versions = await this.surveys.versions(surveyId);
    const questionnaires = versions.map((version) => version.questionnaire as Questionnaire);
    const items = statisticsItems(questionnaires);
    const computedAt = this.clock.now();
    const rollups = {
      dimensions: [...new Set([...breakdowns, ...request.crosstabs.flatMap((c) => [c.rows, c.columns])])],
      crosstabs: request.crosstabs,
    };
    const measures = measureItems(
      versions.map((v) => ({ version: v.version, questionnaire: v.questionnaire as Questionnaire })),
    );
    const selection = {
      ...(request.narrowing ? responseSelection(surveyId, request.narrowing, items) : {}),
      surveyId,
      campaignId: filters.campaignId,
      from: filters.from,
      to: filters.to,
      receivedBy: request.receivedBy,
    };
    const [tallies, invitations, measureRows] = await Promise.all([
      rolledUpTallies(
        this.responses,
        items,
        new Map(versions.map((v) => [v.version, v.questionnaire as Questionnaire])),
        selection,
        rollups,
      ),
      this.invitations(surveyId, filters.campaignId),
      this.responses.measureSummaries(measures, selection, survey.minGroupSize),
    ]);
    const built = buildStatistics({
      items,
      tallies,
      k: survey.minGroupSize,
      language,
      breakdowns,
      crosstabs: request.crosstabs,
    });
    const latest = questionnaires.at(-1);
    return {
      surveyId,
      surveyTitle: latest ? localize(latest.title, language) : survey.name,
      language,
      k: survey.minGroupSize,
      filters: {
        campaignId: filters.campaignId ?? null,
        from: filters.from?.toISOString() ?? null,
        to: filters.to?.toISOString() ?? null,
      },
      computedAt: computedAt.toISOString(),
      population: {
        invited: invitations.invited,
        responses: built.responses,
        // Invitations are not counted by group or answer, so a narrowed population has no rate.
        responseRate:
          invitations.invited > 0 && !narrowed(request.narrowing) ? invitations.completed / invitations.invited : null,
        firstSubmittedAt: built.firstSubmittedAt ? new Date(built.firstSubmittedAt).toISOString() : null,
        lastSubmittedAt: built.lastSubmittedAt ? new Date(built.lastSubmittedAt).toISOString() : null,
      },
      items: built.items,
      breakdowns: built.breakdowns,
      crosstabs: built.crosstabs,
      measures: withholdLinkedExpressions(
        measures.map((item, index) =>
          measureStatistics(
            item,
            measureRows[index],
            measureWithholding(measureRows[index], survey.minGroupSize, built.responses.suppressed !== null),
            language,
          ),
        ),
        built.items,
        measures,
      ),
    };
  }

  async checkCampaign(surveyId: string, campaignId: string): Promise<void> {
    if (!(await this.campaigns.isCampaignOfSurvey(surveyId, campaignId))) {
      throw invalidField('campaignId', 'is not a campaign of this survey', 'isIn');
    }
  }

  /** Invitations sent and answered, for the response rate (a campaign's, or the survey's). */
  invitations(surveyId: string, campaignId?: string): Promise<{ invited: number; completed: number }> {
    return this.campaigns.invitationCounts(surveyId, campaignId);
  }
}
