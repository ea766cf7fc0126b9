import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { unauthorized } from '../common/errors';
import { ProblemType } from '../common/problem-types';
import { ApiProblemResponses } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { Public } from './access.decorator';
import { TokensDto } from './auth.dto';
import { AuthService } from './auth.service';
import { OIDC_HANDOFF_SECONDS, OIDC_TRANSACTION_SECONDS, OidcService } from './oidc.service';

const TRANSACTION_COOKIE = 'survey_oidc_tx';
const HANDOFF_COOKIE = 'survey_oidc_session';
const COOKIE_PATH = `/${API_PREFIX}/auth/oidc`;

/** What the identity provider puts on the callback URL (RFC 6749 §4.1.2, RFC 9207). */
export class OidcCallbackQueryDto {
  @IsOptional() @IsString() @MaxLength(2048) code?: string;
  @IsOptional() @IsString() @MaxLength(512) state?: string;
  @IsOptional() @IsString() @MaxLength(2048) iss?: string;
  @IsOptional() @IsString() @MaxLength(256) error?: string;
  @IsOptional() @IsString() @MaxLength(2048) error_description?: string;
  @IsOptional() @IsString() @MaxLength(512) session_state?: string;
}

export class SsoSettingsDto {
  /** Whether staff may sign in through the organisation's identity provider. */
  @ApiProperty()
  enabled: boolean;

  /** The name for the "Sign in with …" button; null when single sign-on is off. */
  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** A bodiless redirect (Express's own would add a text body). */
function redirect(res: Response, location: string): void {
  res.status(302).setHeader('Location', location);
  res.end();
}

/** Staff single sign-on (OpenID Connect). */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly auth: AuthService,
  ) {}

  private cookie(res: Response, name: string, value: string, maxAgeSeconds: number, req: Request): void {
    res.cookie(name, value, {
      httpOnly: true,
      secure: req.secure,
      sameSite: 'lax',
      path: COOKIE_PATH,
      maxAge: maxAgeSeconds * 1000,
    });
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether single sign-on is configured, and the name of the provider' })
  @ApiOkResponse({ type: SsoSettingsDto })
  ssoSettings(): SsoSettingsDto {
    const settings = this.oidc.settings;
    return { enabled: settings !== null, displayName: settings?.displayName ?? null };
  }

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'Start single sign-on: redirects the browser to the identity provider' })
  @ApiResponse({ status: 302, description: 'To the identity provider' })
  @ApiProblemResponses(404)
  async ssoLogin(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { url, cookie } = await this.oidc.begin();
    this.cookie(res, TRANSACTION_COOKIE, cookie, OIDC_TRANSACTION_SECONDS, req);
    redirect(res, url);
  }

  /**
   * The provider sends the browser back here. On success the session's refresh token waits in
   * an httpOnly cookie for the analyst app to trade (POST /auth/oidc/session), so no token ever
   * appears in a URL; either way the browser goes back to the analyst app.
   */
  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'Where the identity provider sends the browser back (authorisation code)' })
  @ApiResponse({ status: 302, description: 'Back to the analyst app, with ?sso=done or ?sso=refused' })
  @ApiProblemResponses(404)
  async ssoCallback(@Req() req: Request, @Res() res: Response, @Query() query: OidcCallbackQueryDto): Promise<void> {
    const transaction = readCookie(req, TRANSACTION_COOKIE);
    res.clearCookie(TRANSACTION_COOKIE, { path: COOKIE_PATH });
    try {
      const tokens = await this.oidc.complete(transaction, { ...query });
      this.cookie(res, HANDOFF_COOKIE, tokens.refreshToken, OIDC_HANDOFF_SECONDS, req);
      redirect(res, '/?sso=done');
    } catch (error) {
      if ((error as { getStatus?: () => number }).getStatus?.() === 401) {
        redirect(res, '/?sso=refused');
        return;
      }
      throw error;
    }
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Pick up the session a single sign-on opened (once, within a minute)' })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponses(401)
  async ssoSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokensDto> {
    const refreshToken = readCookie(req, HANDOFF_COOKIE);
    res.clearCookie(HANDOFF_COOKIE, { path: COOKIE_PATH });
    if (!refreshToken) {
      throw unauthorized(
        'No single sign-on is waiting to be picked up; sign in again.',
        ProblemType.InvalidCredentials,
      );
    }
    return this.auth.refresh(refreshToken);
  }

  @Post('backchannel-logout')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Back-channel logout: the identity provider ends sessions (logout_token)' })
  @ApiOkResponse({ description: 'The sessions named by the logout token ended' })
  @ApiProblemResponses(400, 404)
  async ssoBackchannelLogout(
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    await this.oidc.backchannelLogout(body?.logout_token);
  }
}
