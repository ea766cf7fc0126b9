import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { toPage, type Page } from '../common/pagination';
import { invalidField } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { Transactions } from '../database/transactions';
import { PublicationLedgerRepository } from './publication-ledger.repository';
import { PublicationService, type PublicationRequest } from './publication.service';
import type { ReportSnapshot } from './report-snapshot.entity';
import { ReportsRepository } from './reports.repository';
import { checkCrosstab, StatisticsService } from './statistics.service';
import {
  DIMENSIONS,
  type CreateReportDto,
  type ReportDto,
  type ReportParametersDto,
  type ReportListQueryDto,
  type ReportSummaryDto,
} from './statistics.dto';

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
    private readonly transactions: Transactions,
    private readonly snapshots: ReportsRepository,
    private readonly ledger: PublicationLedgerRepository,
    private readonly statistics: StatisticsService,
    private readonly publications: PublicationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhooksService,
  ) {}

  async create(actorId: string, surveyId: string, dto: CreateReportDto): Promise<ReportDto> {
    const crosstabs = (dto.crosstabs ?? []).map((crosstab, index) =>
      checkCrosstab({ rows: crosstab.rows, columns: crosstab.columns }, `crosstabs[${index}]`),
    );
    const breakdowns = DIMENSIONS.filter((dimension) => (dto.breakdowns ?? DIMENSIONS).includes(dimension));
    const filters = dto.filters ?? {};
    if (filters.from && filters.to && filters.from >= filters.to)
      throw invalidField('filters.to', 'must be later than from', 'later');
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
    return this.transactions.run(async (tx) => {
      const snapshot = await this.snapshots.create(
        {
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
        },
        tx,
      );
      await this.audit.record(
        { action: 'report.created', resourceType: 'report', resourceId: snapshot.id, details: { surveyId } },
        tx,
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
    return this.transactions.run(async (tx) => {
      const snapshot = await this.snapshots.findForUpdate(id, tx);
      if (!snapshot) throw notFound('No report has this id.');
      if (snapshot.status === 'published') throw conflict('This report is already published.');
      await this.snapshots.lockPublications(snapshot.surveyId, tx);
      const ledger = await this.ledger.ofSurvey(snapshot.surveyId, tx);
      const { parameters } = snapshot;
      const request: PublicationRequest = {
        surveyId: snapshot.surveyId,
        filters: parameters.filters,
        receivedBy: snapshot.populationCutoff,
        breakdowns: parameters.breakdowns,
        crosstab: parameters.crosstabs[0] ?? null,
        language: parameters.language,
      };
      const planned = await this.publications.publish(tx, request, ledger);
      const now = this.clock.now();
      snapshot.status = 'published';
      snapshot.publishedAt = now;
      snapshot.publishedBy = actorId;
      snapshot.content = planned.content;
      snapshot.responses = planned.responses;
      snapshot.parameters = { ...parameters, k: planned.minGroupSize };
      await this.snapshots.update(snapshot, tx);
      await this.ledger.add(
        {
          surveyId: snapshot.surveyId,
          reportId: snapshot.id,
          title: snapshot.title,
          population: { ...parameters.filters, receivedBy: snapshot.populationCutoff.toISOString() },
          responses: planned.responses,
          minGroupSize: planned.minGroupSize,
          breakdowns: parameters.breakdowns,
          crosstab: parameters.crosstabs[0] ?? null,
          figures: planned.figures,
          measures: planned.measures,
          publishedAt: now,
        },
        tx,
      );
      await this.audit.record(
        {
          action: 'report.published',
          resourceType: 'report',
          resourceId: snapshot.id,
          details: { surveyId: snapshot.surveyId },
        },
        tx,
      );
      await this.webhooks.reportPublished(tx, {
        reportId: snapshot.id,
        surveyId: snapshot.surveyId,
        publishedAt: now.toISOString(),
      });
      return toReportDto(snapshot);
    });
  }

  /**
   * Deletes a draft report the analyst no longer wants. A published report is part of what
   * management and the publication ledger rely on: it is never deleted (409, `report-published`).
   */
  async deleteDraft(id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const snapshot = await this.snapshots.findForUpdate(id, tx);
      if (!snapshot) throw notFound('No report has this id.');
      if (snapshot.status === 'published') {
        throw conflict('A published report cannot be deleted.', ProblemType.ReportPublished);
      }
      await this.snapshots.deleteDraft(id, tx);
      await this.audit.record(
        { action: 'report.deleted', resourceType: 'report', resourceId: id, details: { surveyId: snapshot.surveyId } },
        tx,
      );
    });
  }

  async list(reader: ReportReader, query: ReportListQueryDto): Promise<Page<ReportSummaryDto>> {
    const [rows, total] = await this.snapshots.list({
      publishedOnly: reader.publishedOnly,
      surveyId: query.surveyId,
      status: query.status,
      offset: query.offset,
      limit: query.limit,
    });
    return toPage(rows.map(toReportSummaryDto), total, query);
  }

  async get(reader: ReportReader, id: string): Promise<ReportDto> {
    const snapshot = await this.snapshots.find(id);
    if (!snapshot || (reader.publishedOnly && snapshot.status !== 'published')) {
      throw notFound('No report has this id.');
    }
    return toReportDto(snapshot);
  }

  /** A report of this survey (API keys are bound to surveys). */
  async getOfSurvey(reader: ReportReader, surveyId: string, id: string): Promise<ReportDto> {
    const snapshot = await this.snapshots.findOfSurvey(surveyId, id);
    if (!snapshot || (reader.publishedOnly && snapshot.status !== 'published')) {
      throw notFound('No report has this id.');
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
