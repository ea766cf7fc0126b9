import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorator';
import { ApiProblemResponses } from '../common/problem';
import { DEFAULT_NOTICE_LANGUAGE } from './notice-languages';
import { PrivacyNoticeDto, PrivacyNoticeQueryDto } from './privacy-notice.dto';
import { PrivacyNoticeService } from './privacy-notice.service';
import { SurveysService } from '../surveys/surveys.service';

/**
 * The notice holds no personal data and is the same for everyone who asks in a language, so
 * browsers and proxies may keep it a few minutes (every other API answer is no-store).
 */
export const PRIVACY_NOTICE_CACHE_CONTROL = 'public, max-age=300';

@ApiTags('privacy')
@Controller('privacy-notice')
export class PrivacyNoticeController {
  constructor(
    private readonly notices: PrivacyNoticeService,
    private readonly surveys: SurveysService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The privacy notice in a language, built from the live configuration (no credential needed)',
  })
  @ApiOkResponse({
    type: PrivacyNoticeDto,
    headers: {
      'Cache-Control': {
        description: 'The notice holds no personal data and may be cached briefly.',
        schema: { type: 'string', example: PRIVACY_NOTICE_CACHE_CONTROL },
      },
    },
  })
  @ApiProblemResponses(400, 404)
  async getPrivacyNotice(
    @Query() query: PrivacyNoticeQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PrivacyNoticeDto> {
    const survey = query.survey ? await this.surveys.survey(query.survey) : undefined;
    const notice = this.notices.notice(query.lang ?? DEFAULT_NOTICE_LANGUAGE, survey);
    // The global noStore middleware ran before the route; this answer may be cached.
    res.setHeader('Cache-Control', PRIVACY_NOTICE_CACHE_CONTROL);
    res.removeHeader('Pragma');
    return notice;
  }
}
