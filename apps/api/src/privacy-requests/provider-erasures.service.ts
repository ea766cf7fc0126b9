import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { Clock } from '../common/clock';
import { Page, PageQueryDto, toPage } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { WebhooksService } from '../webhooks/webhooks.service';
import type { Pseudonymous } from './personal-data-inventory';
import { ProviderErasureNotice, ProviderNoticeAction } from './privacy-request.entity';
import { ErasureAcknowledgementDto, ProviderErasureNoticeDto } from './privacy-requests.dto';
import { ProviderErasureNoticesRepository } from './provider-erasure-notices.repository';

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
    private readonly transactions: Transactions,
    private readonly notices: ProviderErasureNoticesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhooksService,
  ) {}

  /** Queues one notice per survey, inside the transaction that erased or rectified the person. */
  async notify(manager: EntityManager, surveys: Pseudonymous[], action: ProviderNoticeAction): Promise<number> {
    if (surveys.length === 0) return 0;
    const now = this.clock.now();
    await this.notices.insertMany(surveys, action, now, manager);
    if (action === ProviderNoticeAction.Erase) {
      // Webhook receivers hold copies too: they are told, and the bodies our log still holds go.
      await this.webhooks.erasureRequested(
        manager,
        surveys.map(({ surveyId, pseudonym }) => ({ surveyId, pseudonym, requestedAt: now.toISOString() })),
      );
    }
    return surveys.length;
  }

  /** Notices not yet acknowledged, for the surveys the key is bound to, oldest first. */
  async pending(principal: ApiKeyPrincipal, query: PageQueryDto): Promise<Page<ProviderErasureNotice>> {
    const [items, total] = await this.notices.pending(principal.surveyIds, query);
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
    return this.transactions.run(async (manager) => {
      const found = new Set(
        await this.notices.acknowledge(ids, principal.surveyIds, this.clock.now(), principal.keyId, manager),
      );
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
