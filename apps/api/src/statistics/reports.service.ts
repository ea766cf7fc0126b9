import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { toPage, type Page } from '../common/pagination';
import { ProblemException } from '../common/problem';
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
import { populationOverlap } from './report-population';

export const REPORT_TOO_SMALL_TYPE = 'urn:survey:problem:report-population-too-small';
export const REPORT_DIFFERENCING_TYPE = 'urn:survey:problem:report-differencing';

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
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actorId: string, surveyId: string, dto: CreateReportDto): Promise<ReportDto> {
    const crosstabs = (dto.crosstabs ?? []).map((crosstab, index) =>
      checkCrosstab({ rows: crosstab.rows, columns: crosstab.columns }, `crosstabs[${index}]`),
    );
    const breakdowns = DIMENSIONS.filter((dimension) => (dto.breakdowns ?? DIMENSIONS).includes(dimension));
    const filters = dto.filters ?? {};
    const cutoff = this.clock.now();
    const content = await this.statistics.compute(surveyId, {
      filters,
      breakdowns,
      crosstabs,
      language: dto.language,
      receivedBy: cutoff,
    });
    const responses = content.population.responses.value;
    if (responses === null || responses === 0) {
      throw new ProblemException(409, `A report needs at least ${content.k} responses; these filters count fewer.`, {
        type: REPORT_TOO_SMALL_TYPE,
      });
    }
    const parameters: ReportParametersDto = {
      filters: content.filters,
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
   * Publishes a draft. Refused when its population differs from a report of the same survey
   * already published by fewer than k responses: subtracting one report from the other would
   * describe those few people.
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
      const published = await manager.find(ReportSnapshot, {
        where: { surveyId: snapshot.surveyId, status: 'published' },
        order: { publishedAt: 'ASC' },
      });
      for (const other of published) {
        const difference = await populationOverlap(manager, snapshot, other);
        if (difference.max > 0 && difference.min < snapshot.parameters.k) {
          throw new ProblemException(
            409,
            `This report's responses differ from those of the published report "${other.title}" by fewer than ` +
              `${snapshot.parameters.k}; the two could be subtracted to describe those respondents. ` +
              'Change the filters so the populations are the same or differ by at least k.',
            { type: REPORT_DIFFERENCING_TYPE },
          );
        }
      }
      const now = this.clock.now();
      snapshot.status = 'published';
      snapshot.publishedAt = now;
      snapshot.publishedBy = actorId;
      await manager.save(snapshot);
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
