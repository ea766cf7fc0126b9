import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type ApiKeyPrincipal } from '../auth/access.decorator';
import { ApiKeyScope } from '../auth/roles';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { ProviderReadRateLimit } from '../ingestion/respond-throttle';
import { AcknowledgeErasuresDto, ErasureAcknowledgementDto, ProviderErasureNoticeDto } from './privacy-requests.dto';
import { ProviderErasuresService, toProviderErasureNoticeDto } from './provider-erasures.service';

@ApiTags('provider')
@Controller('provider/erasures')
@Access({ apiKey: { scope: ApiKeyScope.ErasuresRead } })
@UseGuards(ProviderReadRateLimit)
export class ProviderErasuresController {
  constructor(private readonly notices: ProviderErasuresService) {}

  @Get()
  @ApiOperation({
    summary: 'Pseudonyms whose data the provider must delete or correct in its own copies',
    description:
      'API keys with the `erasures:read` scope see the notices of the surveys they are bound to that are not yet ' +
      'acknowledged, oldest first. `erase`: delete everything held under the pseudonym (the person’s data were ' +
      'erased here); `rectify`: their data were corrected, read their responses again (`updated_since`). ' +
      'Acknowledge each once done. Every read is audited. Counted in the key’s per-minute budget of reads ' +
      '(PROVIDER_REQUESTS_PER_MINUTE), then 429.',
  })
  @ApiPageResponse(ProviderErasureNoticeDto)
  @ApiProblemResponses(400, 429)
  async listProviderErasures(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Page<ProviderErasureNoticeDto>> {
    const page = await this.notices.pending(principal, query);
    return { items: page.items.map(toProviderErasureNoticeDto), meta: page.meta };
  }

  @Post('acknowledgements')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge erasure and rectification notices the provider has acted on',
    description:
      'Repeating an acknowledgement changes nothing. Ids that name no notice of the key’s surveys are listed ' +
      'as `unknown`. Audited.',
  })
  @ApiOkResponse({ type: ErasureAcknowledgementDto })
  @ApiProblemResponses(400, 429)
  acknowledgeProviderErasures(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: AcknowledgeErasuresDto,
  ): Promise<ErasureAcknowledgementDto> {
    return this.notices.acknowledge(principal, dto.ids);
  }
}
