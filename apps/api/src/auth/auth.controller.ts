import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblemResponses } from '../common/problem';
import { Access, CurrentStaff, Public, StaffPrincipal } from './access.decorator';
import {
  ChangePasswordDto,
  DisableTotpDto,
  LoginDto,
  LogoutDto,
  MeDto,
  RecoveryCodesDto,
  RefreshDto,
  TokensDto,
  TotpCodeDto,
  TotpSetupDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { STAFF_ROLES } from './roles';

/** Any signed-in staff member, also while the session may only enrol its second factor. */
const AnyStaffDuringEnrolment = () => Access({ roles: STAFF_ROLES, duringMfaEnrolment: true });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Log in with e-mail, password and, once enrolled, the one-time code' })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponses(400, 401, 429)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokensDto> {
    return this.auth.login(dto, req.ip ?? 'unknown');
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Trade a refresh token (usable once) for new tokens' })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponses(400, 401)
  refreshTokens(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'End this session (or every session) at once, access tokens included' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblemResponses(400)
  async logout(@CurrentStaff() staff: StaffPrincipal, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(staff, dto.allSessions ?? false);
  }

  @Get('me')
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'Who is logged in, with which role' })
  @ApiOkResponse({ type: MeDto })
  getMe(@CurrentStaff() staff: StaffPrincipal): Promise<MeDto> {
    return this.auth.me(staff);
  }

  @Post('password')
  @HttpCode(204)
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'Change your password; every session ends, log in again' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblemResponses(400)
  async changePassword(@CurrentStaff() staff: StaffPrincipal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(staff, dto);
  }

  @Post('mfa/totp/setup')
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'Start enrolling an authenticator app (TOTP, RFC 6238)' })
  @ApiOkResponse({ type: TotpSetupDto })
  @ApiProblemResponses(409)
  @HttpCode(200)
  setupTotp(@CurrentStaff() staff: StaffPrincipal): Promise<TotpSetupDto> {
    return this.auth.setupTotp(staff);
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'Confirm the authenticator with a code; returns recovery codes once' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblemResponses(400, 409)
  async confirmTotp(@CurrentStaff() staff: StaffPrincipal, @Body() dto: TotpCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.auth.confirmTotp(staff, dto.otp) };
  }

  @Post('mfa/totp/verify')
  @HttpCode(204)
  @AnyStaffDuringEnrolment()
  @ApiOperation({ summary: 'Give the one-time code a single sign-on session waits for' })
  @ApiNoContentResponse({ description: 'The session may now be used in full' })
  @ApiProblemResponses(400, 401, 409)
  async verifyTotp(@CurrentStaff() staff: StaffPrincipal, @Body() dto: TotpCodeDto): Promise<void> {
    await this.auth.verifySecondFactor(staff, { otp: dto.otp });
  }

  @Post('mfa/totp/disable')
  @HttpCode(204)
  @Access({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Turn off the second factor (only for roles that do not require one)' })
  @ApiNoContentResponse({ description: 'Second factor removed' })
  @ApiProblemResponses(400, 409)
  async disableTotp(@CurrentStaff() staff: StaffPrincipal, @Body() dto: DisableTotpDto): Promise<void> {
    await this.auth.disableTotp(staff, dto.password, dto.otp);
  }
}
