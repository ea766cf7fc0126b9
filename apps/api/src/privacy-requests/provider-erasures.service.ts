import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { Clock } from '../common/clock';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import type { Pseudonymous } from './personal-data-inventory';
import { ProviderErasureNotice, ProviderNoticeAction } from './privacy-request.entity';
import { ErasureAcknowledgementDto, ProviderErasureNoticeDto } from './privacy-requests.dto';
import { returning } from './returning';

export function toProviderErasureNoticeDto(notice: ProviderErasureNotice): ProviderErasureNoticeDto {
  return {
    id: notice.id,
    surveyId: notice.surveyId,
    respondent: notice.respondentPseudonym,
    action: notice.action,
    createdAt: notice.createdAt.toISOString(),
  };
}

/**
 * Passes erasures and rectifications on to the survey provider (P7): a feed of pseudonyms per
 * survey, read with an API key holding `erasures:read` and bound to the survey, and acknowledged
 * item by item once the provider has acted on its own copies.
 */
@Injectable()
export class ProviderErasuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Queues one notice per survey, inside the transaction that erased or rectified the person. */
  async notify(manager: EntityManager, surveys: Pseudonymous[], action: ProviderNoticeAction): Promise<number> {
    if (surveys.length === 0) return 0;
    await manager.query(
      `INSERT INTO provider_erasure_notices (survey_id, respondent_pseudonym, action, created_at)
       SELECT s, p, $3, $4 FROM unnest($1::uuid[], $2::text[]) AS u(s, p)`,
      [surveys.map((s) => s.surveyId), surveys.map((s) => s.pseudonym), action, this.clock.now()],
    );
    return surveys.length;
  }

  /** Notices not yet acknowledged, for the surveys the key is bound to, oldest first. */
  async pending(principal: ApiKeyPrincipal, query: PageQueryDto): Promise<Page<ProviderErasureNotice>> {
    const [items, total] = await this.dataSource
      .getRepository(ProviderErasureNotice)
      .createQueryBuilder('n')
      .where('n.acknowledged_at IS NULL')
      .andWhere('n.survey_id = ANY(:surveys::uuid[])', { surveys: principal.surveyIds })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    await this.audit.record({
      action: 'provider_erasures.read',
      resourceType: 'api_key',
      resourceId: principal.keyId,
      details: { returned: items.length, pending: total },
    });
    return toPage(items, total, query);
  }

  /** Marks the notices done; ids of other surveys' notices, or of none, are reported as unknown. */
  async acknowledge(principal: ApiKeyPrincipal, requested: string[]): Promise<ErasureAcknowledgementDto> {
    const ids = requested.map((id) => id.toLowerCase());
    return this.dataSource.transaction(async (manager) => {
      const rows = await returning<{ id: string }>(
        manager,
        `UPDATE provider_erasure_notices
            SET acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $4)
          WHERE id = ANY($1::uuid[]) AND survey_id = ANY($2::uuid[])
          RETURNING id`,
        [ids, principal.surveyIds, this.clock.now(), principal.keyId],
      );
      const found = new Set(rows.map((row) => row.id));
      await this.audit.record(
        {
          action: 'provider_erasures.acknowledged',
          resourceType: 'api_key',
          resourceId: principal.keyId,
          details: { acknowledged: found.size, unknown: ids.length - found.size },
        },
        manager,
      );
      return { acknowledged: found.size, unknown: ids.filter((id) => !found.has(id)) };
    });
  }
}
