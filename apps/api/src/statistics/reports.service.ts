import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { toPage, type Page } from '../common/pagination';
import { invalidField } from '../common/problem';
import { PublicationLedgerEntry } from './publication-ledger.entity';
import { PublicationService, type PublicationRequest } from './publication.service';
import { ReportSnapshot } from './report-snapshot.entity';
import { checkCrosstab, StatisticsService } from './statistics.service';
import {
  DIMENSIONS,
  type CreateReportDto,
  type ReportDto,
  type ReportParametersDto,
  type ReportListQueryDto,
  type ReportSummaryDto,
} from './statistics.dto';

export const REPORT_TOO_SMALL_TYPE = 'urn:survey:problem:report-population-too-small';

export interface ReportReader {
  /** Management reads published reports only. */
  publishedOnly: boolean;
}

/**
 * Report snapshots: generated from live statistics as drafts an analyst reviews, then published
 * for management. A snapshot keeps the aggregates after suppression and how they were made; it
 * never changes once published.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly statistics: StatisticsService,
    private readonly publications: PublicationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actorId: string, surveyId: string, dto: CreateReportDto): Promise<ReportDto> {
    const crosstabs = (dto.crosstabs ?? []).map((crosstab, index) =>
      checkCrosstab({ rows: crosstab.rows, columns: crosstab.columns }, `crosstabs[${index}]`),
    );
    const breakdowns = DIMENSIONS.filter((dimension) => (dto.breakdowns ?? DIMENSIONS).includes(dimension));
    const filters = dto.filters ?? {};
    if (filters.from && filters.to && filters.from >= filters.to)
      throw invalidField('filters.to', 'must be later than from');
    if (filters.campaignId) await this.statistics.checkCampaign(surveyId, filters.campaignId);
    const cutoff = this.clock.now();
    const applied = {
      campaignId: filters.campaignId ?? null,
      from: filters.from?.toISOString() ?? null,
      to: filters.to?.toISOString() ?? null,
    };
    const draft = await this.publications.draft({
      surveyId,
      filters: applied,
      receivedBy: cutoff,
      breakdowns,
      crosstab: crosstabs[0] ?? null,
      language: dto.language,
    });
    const { content } = draft;
    const responses = draft.responses;
    const parameters: ReportParametersDto = {
      filters: applied,
      breakdowns,
      crosstabs,
      k: content.k,
      language: dto.language,
    };
    return this.dataSource.transaction(async (manager) => {
      const snapshot = await manager.save(
        manager.create(ReportSnapshot, {
          surveyId,
          title: dto.title,
          language: dto.language,
          status: 'draft',
          parameters,
          content,
          responses,
          populationCutoff: cutoff,
          createdBy: actorId,
          createdAt: cutoff,
        }),
      );
      await this.audit.record(
        { action: 'report.created', resourceType: 'report', resourceId: snapshot.id, details: { surveyId } },
        manager,
      );
      return toReportDto(snapshot);
    });
  }

  /**
   * Publishes a draft, after the publication check against everything already published for the
   * survey (the ledger): its figures are computed again for the same responses, and figures that
   * would give someone away together with earlier reports are withheld (`composition`); when
   * that cannot be done without an earlier report's figures, 409 names them.
   */
  async publish(actorId: string, id: string): Promise<ReportDto> {
    return this.dataSource.transaction(async (manager) => {
      const snapshot = await manager.findOne(ReportSnapshot, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!snapshot) throw new NotFoundException('No report has this id.');
      if (snapshot.status === 'published') throw new ConflictException('This report is already published.');
      // One publication at a time per survey, so two drafts cannot each pass the check against the other.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `report-publish:${snapshot.surveyId}`,
      ]);
      const ledger = await manager.find(PublicationLedgerEntry, {
        where: { surveyId: snapshot.surveyId },
        order: { publishedAt: 'ASC', id: 'ASC' },
      });
      const { parameters } = snapshot;
      const request: PublicationRequest = {
        surveyId: snapshot.surveyId,
        filters: parameters.filters,
        receivedBy: snapshot.populationCutoff,
        breakdowns: parameters.breakdowns,
        crosstab: parameters.crosstabs[0] ?? null,
        language: parameters.language,
      };
      const planned = await this.publications.publish(manager, request, ledger);
      const now = this.clock.now();
      snapshot.status = 'published';
      snapshot.publishedAt = now;
      snapshot.publishedBy = actorId;
      snapshot.content = planned.content;
      snapshot.responses = planned.responses;
      snapshot.parameters = { ...parameters, k: planned.minGroupSize };
      await manager.save(snapshot);
      await manager.insert(PublicationLedgerEntry, {
        surveyId: snapshot.surveyId,
        reportId: snapshot.id,
        title: snapshot.title,
        population: { ...parameters.filters, receivedBy: snapshot.populationCutoff.toISOString() },
        responses: planned.responses,
        minGroupSize: planned.minGroupSize,
        breakdowns: parameters.breakdowns,
        crosstab: parameters.crosstabs[0] ?? null,
        figures: planned.figures,
        publishedAt: now,
      });
      await this.audit.record(
        {
          action: 'report.published',
          resourceType: 'report',
          resourceId: snapshot.id,
          details: { surveyId: snapshot.surveyId },
        },
        manager,
      );
      return toReportDto(snapshot);
    });
  }

  async list(reader: ReportReader, query: ReportListQueryDto): Promise<Page<ReportSummaryDto>> {
    const builder = this.dataSource
      .getRepository(ReportSnapshot)
      .createQueryBuilder('report')
      .select([
        'report.id',
        'report.surveyId',
        'report.title',
        'report.status',
        'report.language',
        'report.createdAt',
        'report.publishedAt',
        'report.responses',
      ])
      .orderBy('report.createdAt', 'DESC')
      .addOrderBy('report.id', 'DESC')
      .skip(query.offset)
      .take(query.limit);
    if (reader.publishedOnly) builder.andWhere("report.status = 'published'");
    if (query.surveyId) builder.andWhere('report.surveyId = :surveyId', { surveyId: query.surveyId });
    if (query.status) builder.andWhere('report.status = :status', { status: query.status });
    const [rows, total] = await builder.getManyAndCount();
    return toPage(rows.map(toReportSummaryDto), total, query);
  }

  async get(reader: ReportReader, id: string): Promise<ReportDto> {
    const snapshot = await this.dataSource.getRepository(ReportSnapshot).findOneBy({ id });
    if (!snapshot || (reader.publishedOnly && snapshot.status !== 'published')) {
      throw new NotFoundException('No report has this id.');
    }
    return toReportDto(snapshot);
  }

  /** A report of this survey (API keys are bound to surveys). */
  async getOfSurvey(reader: ReportReader, surveyId: string, id: string): Promise<ReportDto> {
    const snapshot = await this.dataSource.getRepository(ReportSnapshot).findOneBy({ id, surveyId });
    if (!snapshot || (reader.publishedOnly && snapshot.status !== 'published')) {
      throw new NotFoundException('No report has this id.');
    }
    return toReportDto(snapshot);
  }
}

export function toReportSummaryDto(snapshot: ReportSnapshot): ReportSummaryDto {
  return {
    id: snapshot.id,
    surveyId: snapshot.surveyId,
    title: snapshot.title,
    status: snapshot.status,
    language: snapshot.language as ReportSummaryDto['language'],
    createdAt: snapshot.createdAt.toISOString(),
    publishedAt: snapshot.publishedAt?.toISOString() ?? null,
    responses: snapshot.responses,
  };
}

export function toReportDto(snapshot: ReportSnapshot): ReportDto {
  return { ...toReportSummaryDto(snapshot), parameters: snapshot.parameters, content: snapshot.content };
}
