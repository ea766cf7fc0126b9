import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, Matches, MaxLength } from 'class-validator';
import { IsOmittable, trimmedLowerCase, ValidateText } from '../common/validation';
import { IsStaffPassword, StaffUserDto } from '../users/users.dto';
import { MAX_PASSWORD_LENGTH } from './passwords';

export class LoginDto {
  @Transform(trimmedLowerCase)
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  /** Not checked for length here: a wrong password is a wrong password, whatever its length. */
  @ValidateText({ max: MAX_PASSWORD_LENGTH, trim: false })
  password: string;

  /** The current six-digit code of the enrolled authenticator app. */
  @IsOmittable()
  @Matches(/^\d{6}$/, { message: 'otp must be six digits' })
  otp?: string;

  /** One of the recovery codes, instead of `otp`, when the authenticator is lost. Each works once. */
  @ValidateText({ min: 8, max: 64, optional: true, trim: false })
  recoveryCode?: string;
}

export class RefreshDto {
  @ValidateText({ min: 16, max: 200, trim: false })
  refreshToken: string;
}

export class LogoutDto {
  /** End every session of this account, not only this one. */
  @IsOmittable()
  @IsBoolean()
  allSessions?: boolean;
}

export class ChangePasswordDto {
  @ValidateText({ max: MAX_PASSWORD_LENGTH, trim: false })
  currentPassword: string;

  @IsStaffPassword()
  newPassword: string;
}

export class TotpCodeDto {
  @Matches(/^\d{6}$/, { message: 'otp must be six digits' })
  otp: string;
}

export class DisableTotpDto extends TotpCodeDto {
  @ValidateText({ max: MAX_PASSWORD_LENGTH, trim: false })
  password: string;
}

export class MeDto extends StaffUserDto {
  /** This session may only enrol a second factor (POST /auth/mfa/totp/setup, then /confirm). */
  @ApiProperty()
  mfaEnrolmentPending: boolean;

  /**
   * The password was generated for this account (first administrator, operator recovery): it must
   * be changed (POST /auth/password) before any other route answers.
   */
  @ApiProperty()
  passwordChangeRequired: boolean;
}

export class TokensDto {
  /** Short-lived JWT for the Authorization header. */
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the access token expires. */
  @ApiProperty()
  expiresIn: number;

  /** Use once at POST /auth/refresh; keep it secret. */
  @ApiProperty()
  refreshToken: string;

  /** The session ends at this time whatever happens. */
  @ApiProperty({ format: 'date-time' })
  sessionExpiresAt: string;

  /** Until a second factor is enrolled, the session may only enrol one. */
  @ApiProperty()
  mfaEnrolmentRequired: boolean;

  @ApiProperty({ type: MeDto })
  user: MeDto;
}

export class TotpSetupDto {
  /** Base32 secret for authenticator apps that cannot scan a QR code. */
  @ApiProperty()
  secret: string;

  /** otpauth:// URI to show as a QR code. */
  @ApiProperty()
  otpauthUri: string;
}

export class RecoveryCodesDto {
  /** Shown once; each works once instead of a TOTP code. Store them somewhere safe. */
  @ApiProperty({ type: [String] })
  recoveryCodes: string[];
}
