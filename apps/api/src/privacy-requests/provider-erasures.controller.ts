import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type ApiKeyPrincipal } from '../auth/access.decorator';
import { ApiKeyScope } from '../auth/roles';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { ApiProblemResponses } from '../common/problem';
import { AcknowledgeErasuresDto, ErasureAcknowledgementDto, ProviderErasureNoticeDto } from './privacy-requests.dto';
import { ProviderErasuresService, toProviderErasureNoticeDto } from './provider-erasures.service';

@ApiTags('provider')
@Controller('provider/erasures')
@Access({ apiKey: { scope: ApiKeyScope.ErasuresRead } })
export class ProviderErasuresController {
  constructor(private readonly notices: ProviderErasuresService) {}

  @Get()
  @ApiOperation({
    summary: 'Pseudonyms whose data the provider must delete or correct in its own copies',
    description:
      'API keys with the `erasures:read` scope see the notices of the surveys they are bound to that are not yet ' +
      'acknowledged, oldest first. `erase`: delete everything held under the pseudonym (the person’s data were ' +
      'erased here); `rectify`: their data were corrected, read their responses again (`updated_since`). ' +
      'Acknowledge each once done. Every read is audited.',
  })
  @ApiPageResponse(ProviderErasureNoticeDto)
  @ApiProblemResponses(400)
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
  @ApiProblemResponses(400)
  acknowledgeProviderErasures(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: AcknowledgeErasuresDto,
  ): Promise<ErasureAcknowledgementDto> {
    return this.notices.acknowledge(principal, dto.ids);
  }
}
