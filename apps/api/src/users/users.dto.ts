import { ApiProperty, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { ROLES_REQUIRING_MFA, StaffRole } from '../auth/roles';
import { PageQueryDto } from '../common/pagination';
import { IsOmittable, trimmedLowerCase, ValidateEnum, ValidateText } from '../common/validation';
import type { StaffUser } from './staff-user.entity';

const ROLE_MESSAGE = `role must be one of: ${Object.values(StaffRole).join(', ')}`;

/** A password as staff choose it: length is what matters (NIST SP 800-63B). */
export function IsStaffPassword(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, {
      message: `${String(key)} must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    })(target, key);
  };
}

export class StaffUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'analyst@example.org' })
  email: string;

  @ApiProperty({ example: 'Camille Martin' })
  displayName: string;

  @ApiProperty({ enum: StaffRole, enumName: 'StaffRole' })
  role: StaffRole;

  @ApiProperty()
  active: boolean;

  /** A TOTP second factor is enrolled. */
  @ApiProperty()
  mfaEnabled: boolean;

  /** The role cannot use the API without a second factor. */
  @ApiProperty()
  mfaRequired: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function toStaffUserDto(user: StaffUser): StaffUserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.active,
    mfaEnabled: user.totpEnabled,
    mfaRequired: ROLES_REQUIRING_MFA.includes(user.role),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export class CreateStaffUserDto {
  @Transform(trimmedLowerCase)
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @ValidateText({ max: 200, trim: false })
  displayName: string;

  @ValidateEnum(StaffRole, { name: 'StaffRole', message: ROLE_MESSAGE })
  role: StaffRole;

  /** Initial password, at least 12 characters; give it to the person through a separate channel. */
  @IsStaffPassword()
  password: string;
}

/** Whether the account may be used: set by an update only (an account is created active). */
class StaffUserActivationFields {
  /** false deactivates the account and ends its sessions at once. */
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

/**
 * The name and role as a new account's, each optional; the fields are checked in this order, so
 * refusals are listed in it too.
 */
export class UpdateStaffUserDto extends IntersectionType(
  PartialType(PickType(CreateStaffUserDto, ['displayName', 'role'] as const), { skipNullProperties: false }),
  StaffUserActivationFields,
) {
  /** Changing a role ends the user's sessions. Nobody changes their own role. */
  declare role?: StaffRole;
}

export class SetStaffPasswordDto {
  @IsStaffPassword()
  password: string;
}

export class StaffUserQueryDto extends PageQueryDto {
  @ValidateEnum(StaffRole, { name: 'StaffRole', optional: true, message: ROLE_MESSAGE })
  role?: StaffRole;

  @IsOmittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
