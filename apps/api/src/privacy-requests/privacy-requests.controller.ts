import { Body, Controller, Get, Headers, HttpCode, Ip, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  Access,
  CurrentStaff,
  DOWNLOAD_TOKEN_HEADER,
  DownloadTokenAccess,
  Public,
  Roles,
  StaffPrincipal,
} from '../auth/access.decorator';
import { StaffRole } from '../auth/roles';
import { HeavyWork } from '../common/heavy-work';
import { ApiPageResponse, Page } from '../common/pagination';
import { badRequest } from '../common/errors';
import { ApiProblemResponses } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { uuidParam } from '../common/validation';
import { AccessPackagesService } from './access-packages.service';
import {
  AccessPackageProgressDto,
  AccessPackageQueryDto,
  CreatePrivacyRequestDto,
  ExtendPrivacyRequestDto,
  FulfilPrivacyRequestDto,
  PrivacyRequestDto,
  PrivacyRequestQueryDto,
  PrivacyRequestReceivedDto,
  PrivacyRequestSummaryDto,
  PrivacyRequestVerifiedDto,
  RegisterPrivacyRequestDto,
  RejectPrivacyRequestDto,
  VerifyPrivacyRequestDto,
} from './privacy-requests.dto';
import { PrivacyRequestFulfilmentService } from './privacy-request-fulfilment.service';
import { PrivacyRequestIntakeService } from './privacy-request-intake.service';
import { PrivacyRequestWorkflowService } from './privacy-request-workflow.service';

const OFFICERS = [StaffRole.PrivacyOfficer];
const PERSONAL = { resource: 'privacy_request', idParam: 'id' };
/** Seconds a client should wait before asking again how far an access package is. */
const POLL_SECONDS = 2;

@ApiTags('privacy-requests')
@Controller('privacy-requests')
export class PrivacyRequestsController {
  constructor(
    private readonly intake: PrivacyRequestIntakeService,
    private readonly workflow: PrivacyRequestWorkflowService,
    private readonly fulfilment: PrivacyRequestFulfilmentService,
    private readonly packages: AccessPackagesService,
  ) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'File a privacy request (access, rectification, erasure, objection); a link to confirm it is mailed',
    description:
      'Public. The answer is the same 202 whether or not the address belongs to someone we hold data on; either ' +
      'way the request is recorded (address and details encrypted) and a verification link ' +
      '(`/r/verify-request#<token>`, valid PRIVACY_VERIFICATION_DAYS) is mailed to the address in the chosen ' +
      'language. Nothing is done before the link is opened. Limited per client address (per hour) and per e-mail ' +
      'address (per day): 429 with Retry-After.',
  })
  @ApiAcceptedResponse({ type: PrivacyRequestReceivedDto })
  @ApiProblemResponses(400, 415, 429)
  createPrivacyRequest(@Body() dto: CreatePrivacyRequestDto, @Ip() ip: string): Promise<PrivacyRequestReceivedDto> {
    return this.intake.intake(dto, ip);
  }

  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a privacy request with the token from the verification link',
    description:
      'Public. The token is the part of the link after `#`. The request is verified and due ' +
      'PRIVACY_REQUEST_DUE_MONTHS later; repeating the call answers the same. An unknown or expired token is 404 ' +
      '(the same for both); a malformed one is 400. Too many unknown tokens from one address: 429.',
  })
  @ApiOkResponse({ type: PrivacyRequestVerifiedDto })
  @ApiProblemResponses(400, 404, 415, 429)
  verifyPrivacyRequest(@Body() dto: VerifyPrivacyRequestDto, @Ip() ip: string): Promise<PrivacyRequestVerifiedDto> {
    return this.intake.verify(dto.token, ip);
  }

  @Get('package')
  @DownloadTokenAccess()
  @ApiOperation({
    summary: 'Download an access package (the data held about the person) with the token from the mailed link',
    description:
      `The token from the link (\`/r/download#<token>\`) goes in the ${DOWNLOAD_TOKEN_HEADER} header. ` +
      '`format=json` (default) gives the package as data, `format=html` a readable page in the person’s ' +
      'language; both as an attachment, never cached. The link works PRIVACY_DOWNLOAD_DAYS after it was mailed; ' +
      'an unknown or expired token is 404.',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ description: 'The access package', schema: { type: 'object', additionalProperties: true } })
  async downloadAccessPackage(
    @Headers(DOWNLOAD_TOKEN_HEADER) token: string | undefined,
    @Query() query: AccessPackageQueryDto,
    @Ip() ip: string,
    @Res() res: Response,
  ): Promise<void> {
    if (token === undefined || token === '') {
      throw badRequest(`The ${DOWNLOAD_TOKEN_HEADER} header is required.`, ProblemType.InvalidLink, {
        errors: [{ field: DOWNLOAD_TOKEN_HEADER, message: 'is required' }],
      });
    }
    await this.intake.download(token, ip, query.format ?? 'json', res);
  }

  @Get()
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: 'List privacy requests (no personal values), filtered by status, type, due date, overdue or due soon',
    description:
      'Soonest due first. `overdue`: open (verified or in progress) and past its due date; `dueSoon`: open and due ' +
      'within PRIVACY_REQUEST_DUE_SOON_DAYS.',
  })
  @ApiPageResponse(PrivacyRequestSummaryDto)
  @ApiProblemResponses(400)
  listPrivacyRequests(@Query() query: PrivacyRequestQueryDto): Promise<Page<PrivacyRequestSummaryDto>> {
    return this.workflow.list(query);
  }

  @Post('register')
  @Access({ roles: OFFICERS, personalData: { resource: 'privacy_request' } })
  @ApiOperation({
    summary: 'Register a request received by letter or e-mail, stating how the sender’s identity was verified',
    description: 'The request is verified at once and due PRIVACY_REQUEST_DUE_MONTHS later. Purpose required, audited.',
  })
  @ApiCreatedResponse({ type: PrivacyRequestDto })
  @ApiProblemResponses(400)
  registerPrivacyRequest(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: RegisterPrivacyRequestDto,
  ): Promise<PrivacyRequestDto> {
    return this.workflow.register(actor.userId, dto);
  }

  @Get(':id')
  @Access({ roles: OFFICERS, personalData: PERSONAL })
  @ApiOperation({ summary: 'Read a privacy request with the person’s address and details (purpose required, audited)' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblemResponses(404)
  getPrivacyRequest(@Param('id', uuidParam()) id: string): Promise<PrivacyRequestDto> {
    return this.workflow.get(id);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Mark a verified request in progress (repeating it changes nothing)' })
  @ApiOkResponse({ type: PrivacyRequestSummaryDto })
  @ApiProblemResponses(400, 404, 409)
  startPrivacyRequest(@Param('id', uuidParam()) id: string): Promise<PrivacyRequestSummaryDto> {
    return this.workflow.start(id);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @Access({ roles: OFFICERS, personalData: PERSONAL })
  @ApiOperation({
    summary: 'Extend the due date once, with a reason the person is told by e-mail',
    description: 'The new date must be later than the current one and at most three months after verification.',
  })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblemResponses(404, 409)
  extendPrivacyRequest(
    @Param('id', uuidParam()) id: string,
    @Body() dto: ExtendPrivacyRequestDto,
  ): Promise<PrivacyRequestDto> {
    return this.workflow.extend(id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Access({ roles: OFFICERS, personalData: PERSONAL })
  @ApiOperation({
    summary: 'Reject a request with a reason; the person is told by e-mail',
    description:
      'Once the e-mail has gone, the request keeps no address, details or notes: only its type, dates and reason code.',
  })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblemResponses(404, 409)
  rejectPrivacyRequest(
    @Param('id', uuidParam()) id: string,
    @Body() dto: RejectPrivacyRequestDto,
  ): Promise<PrivacyRequestDto> {
    return this.workflow.reject(id, dto);
  }

  @Post(':id/fulfil')
  @HttpCode(200)
  @HeavyWork()
  @Access({ roles: OFFICERS, personalData: PERSONAL })
  @ApiOperation({
    summary: 'Do what the request asks and tell the person: access package, rectification, erasure or objection',
    description:
      '`access`: answers 202 at once, the request in progress, with the `Location` of the package’s progress; a ' +
      'job builds the package (contact fields, invitations, drafts, responses with questions in the person’s ' +
      'language, privacy requests, mail), stores it encrypted, then mails a download link (`/r/download#<token>`, ' +
      'valid PRIVACY_DOWNLOAD_DAYS) and completes the request. A package still being made is 409. ' +
      '`rectification`: applies `changes`, validated like an import row, updates the response snapshots and tells ' +
      'the provider. `erasure`: shreds the person’s key and deletes their contact, invitations, drafts, responses ' +
      'and mail; tells the provider. `objection`: no further contact (every invitation opted out, queued mail ' +
      'cancelled, future campaigns skip them). These three answer 200, done. Audited with counts only. Once the ' +
      'answer has been mailed, the request keeps no address or details.',
  })
  @ApiOkResponse({ type: PrivacyRequestDto, description: 'Done (rectification, erasure, objection)' })
  @ApiAcceptedResponse({
    type: PrivacyRequestDto,
    description: 'Access: the package is being made (poll `Location`)',
    headers: { Location: { description: 'The package’s progress', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(404, 409)
  async fulfilPrivacyRequest(
    @Param('id', uuidParam()) id: string,
    @Body() dto: FulfilPrivacyRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PrivacyRequestDto> {
    const { request, accepted } = await this.fulfilment.fulfil(id, dto);
    if (accepted) {
      res.status(202);
      res.setHeader('Location', `/api/v1/privacy-requests/${id}/access-package`);
      res.setHeader('Retry-After', String(POLL_SECONDS));
    }
    return request;
  }

  @Get(':id/access-package')
  @Roles(...OFFICERS)
  @ApiOperation({
    summary: 'How far the making of a request’s access package is (no personal values)',
    description:
      'An access request’s package: `none` (not asked for yet) → `queued` → `running` → `ready` (made, the link ' +
      'mailed and the request completed; `expired` once the link has), or `failed` (fulfil the request again). ' +
      '`Retry-After` while unfinished; 404 for an unknown id or another type of request. Staff cannot download ' +
      'the package: only the person, with the mailed link.',
  })
  @ApiOkResponse({ type: AccessPackageProgressDto })
  @ApiProblemResponses(400, 404)
  async getAccessPackageProgress(
    @Param('id', uuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessPackageProgressDto> {
    const progress = await this.packages.progress(id);
    if (progress.status === 'queued' || progress.status === 'running') {
      res.setHeader('Retry-After', String(POLL_SECONDS));
    }
    return progress;
  }
}
