import { Body, Controller, Delete, Get, Headers, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { isLanguage, LANGUAGES } from '@survey/questionnaire';
import type { Request, Response } from 'express';
import { CurrentStaff, Public, Roles, StaffPrincipal } from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { ApiProblemResponses, invalidField } from '../common/problem';
import { uuidParam } from '../common/validation';
import { BrandingDto, RespondentBrandDto, UpdateBrandingDto } from './branding.dto';
import { BrandingService } from './branding.service';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE } from './logo-image';
import { readLogoBody } from './logo-upload';

export const LOGO_UPLOAD_NOTE =
  `Send the image itself as the body: PNG, JPEG or WebP, at most ${LOGO_MAX_BYTES / 1024} KiB and ` +
  `${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels. The type is read from the file's first bytes, not from its ` +
  'Content-Type or name; SVG is refused (it can carry script). The image is re-encoded without its metadata. ' +
  'Refusals name the field `logo`: 413 too large, 415 not one of the three types, 400 unreadable or too many pixels.';

/**
 * Logos are public: the respondent app shows them in <img>, which sends no credential. The
 * Content-Security-Policy forbids everything to the image as a document, so a file opened in a
 * tab runs nothing; nosniff keeps browsers from reading it as anything but its type.
 */
export const LOGO_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox; frame-ancestors 'none'";
export const LOGO_CACHE_CONTROL = 'public, max-age=86400';

@ApiTags('branding')
@Controller('branding')
export class BrandingController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @Roles(StaffRole.Admin)
  @ApiOperation({ summary: 'The organisation’s default brand for the respondent app' })
  @ApiOkResponse({ type: BrandingDto })
  getOrganisationBranding(): Promise<BrandingDto> {
    return this.branding.organisationDefault();
  }

  @Put()
  @Roles(StaffRole.Admin)
  @ApiOperation({
    summary: 'Set the organisation’s default primary colour and page title',
    description:
      'The primary colour must reach the WCAG AA contrast of 4.5:1 with white (button text, white surfaces) and ' +
      'with the page background; a colour that does not is refused naming `primaryColor` with the ratio measured. ' +
      'Null (or left out) clears a field. Surveys without settings of their own use these.',
  })
  @ApiOkResponse({ type: BrandingDto })
  @ApiProblemResponses(400)
  updateOrganisationBranding(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() body: UpdateBrandingDto,
  ): Promise<BrandingDto> {
    return this.branding.updateOrganisationDefault(actor.userId, body);
  }

  @Put('logo')
  @Roles(StaffRole.Admin)
  @ApiOperation({ summary: 'Upload the organisation’s default logo', description: LOGO_UPLOAD_NOTE })
  @ApiConsumes('image/png', 'image/jpeg', 'image/webp')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: BrandingDto })
  @ApiProblemResponses(400, 413, 415)
  async uploadOrganisationLogo(@CurrentStaff() actor: StaffPrincipal, @Req() req: Request): Promise<BrandingDto> {
    return this.branding.uploadOrganisationLogo(actor.userId, await readLogoBody(req));
  }

  @Delete('logo')
  @Roles(StaffRole.Admin)
  @ApiOperation({ summary: 'Remove the organisation’s default logo' })
  @ApiOkResponse({ type: BrandingDto })
  @ApiProblemResponses(404)
  deleteOrganisationLogo(@CurrentStaff() actor: StaffPrincipal): Promise<BrandingDto> {
    return this.branding.deleteOrganisationLogo(actor.userId);
  }

  @Get('default')
  @Public()
  @ApiOperation({
    summary: 'The organisation’s brand, for respondent pages opened without a survey link (no credential needed)',
    description:
      'Says nothing about any survey: a survey’s own brand comes with GET /respond, to its respondents only.',
  })
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'The language of the title; default en' })
  @ApiOkResponse({ type: RespondentBrandDto })
  @ApiProblemResponses(400)
  getDefaultBrand(@Query('lang') lang?: string): Promise<RespondentBrandDto> {
    if (lang !== undefined && !isLanguage(lang))
      throw invalidField('lang', `lang must be one of: ${LANGUAGES.join(', ')}`);
    return this.branding.respondentBrand(null, lang ?? 'en');
  }

  @Get('logos/:logoId')
  @Public()
  @ApiOperation({
    summary: 'A logo image (no credential needed)',
    description:
      'Its URL comes with the brand; a new upload gets a new URL. Served with its own Content-Type, nosniff, a ' +
      'Content-Security-Policy that allows nothing, and an ETag (If-None-Match answers 304).',
  })
  @ApiProduces('image/png', 'image/jpeg', 'image/webp')
  @ApiOkResponse({
    description: 'The image',
    content: {
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/webp': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 304, description: 'Not modified: the ETag in If-None-Match is the image’s' })
  @ApiProblemResponses(400, 404)
  async getLogo(
    @Param('logoId', uuidParam('logoId')) logoId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.branding.logoFile(logoId);
    const etag = `"${file.sha256}"`;
    res.removeHeader('Pragma');
    res.setHeader('Cache-Control', LOGO_CACHE_CONTROL);
    res.setHeader('ETag', etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', LOGO_CSP);
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const tags = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (tags.includes(etag) || tags.includes('*')) {
      res.status(304).end();
      return;
    }
    res.status(200).type(file.mediaType).setHeader('Content-Length', String(file.content.length));
    res.end(file.content);
  }
}
