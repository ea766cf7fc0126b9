import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorator';
import { ApiProblemResponses } from '../common/problem';
import { CampaignsService } from './campaigns.service';
import { OptOutResultDto } from './delivery.dto';
import { INVITATION_TOKEN_HEADER } from './invitation-tokens';

@ApiTags('respondent')
@Controller('respond')
export class OptOutController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post('opt-out')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Opt out of a survey: no further invitation or reminder about it is sent',
    description: 'The secret token from the invitation link goes in the X-Invitation-Token header, never in the URL.',
  })
  @ApiHeader({ name: INVITATION_TOKEN_HEADER, required: true, description: 'The token from the invitation link' })
  @ApiOkResponse({ type: OptOutResultDto })
  @ApiProblemResponses(400, 404)
  async optOut(@Headers(INVITATION_TOKEN_HEADER) token?: string): Promise<OptOutResultDto> {
    await this.campaigns.optOut(token);
    return { optedOut: true };
  }
}
