import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES } from '@survey/questionnaire';
import { Transform, Type } from 'class-transformer';
import { dateTimeParam } from '../common/query-params';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import {
  IsOmittable,
  PLAIN_EMAIL_ADDRESS,
  trimmedLowerCase,
  ValidateEnum,
  ValidateLanguage,
  ValidateText,
} from '../common/validation';
import { MAX_EMAIL_LENGTH } from '../contacts/contact-row';
import { UpdateContactDto } from '../contacts/contacts.dto';
import { PRIVACY_REQUEST_TYPES, type PrivacyRequestType } from '../privacy-notice/privacy-request-types';
import {
  IdentityVerification,
  PrivacyRequestChannel,
  PrivacyRequestStatus,
  ProviderNoticeAction,
  RejectionReason,
} from './privacy-request.entity';

export const MAX_DETAILS_LENGTH = 4000;
export const MAX_NOTE_LENGTH = 2000;
/** 32 random bytes, base64url: the tokens of verification and download links. */
export const LINK_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A request filed through the public form. */
export class CreatePrivacyRequestDto {
  @ApiProperty({ enum: PRIVACY_REQUEST_TYPES })
  @IsIn(PRIVACY_REQUEST_TYPES, { message: `type must be one of: ${PRIVACY_REQUEST_TYPES.join(', ')}` })
  type: PrivacyRequestType;

  /** The address the request is about; the verification link is sent there. */
  @ApiProperty({ format: 'email', maxLength: MAX_EMAIL_LENGTH })
  @Transform(trimmedLowerCase)
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH, { message: `email must be at most ${MAX_EMAIL_LENGTH} characters` })
  @Matches(PLAIN_EMAIL_ADDRESS, { message: 'email must be one plain e-mail address' })
  @IsEmail({ allow_utf8_local_part: true }, { message: 'email must be a valid e-mail address' })
  email: string;

  /** Anything the person wants to add (what to correct, which survey…); stored encrypted. */
  @ApiPropertyOptional({ maxLength: MAX_DETAILS_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(MAX_DETAILS_LENGTH, { message: `details must be at most ${MAX_DETAILS_LENGTH} characters` })
  details?: string;

  /** Language of the e-mails about the request; default en. */
  @ValidateLanguage(LANGUAGES, { optional: true, message: `language must be one of: ${LANGUAGES.join(', ')}` })
  language?: string;
}

/** The same answer whether or not the address is known. */
export class PrivacyRequestReceivedDto {
  @ApiProperty({ enum: ['received'] })
  status: 'received';

  @ApiProperty()
  message: string;
}

export class VerifyPrivacyRequestDto {
  /** The code from the link in the verification e-mail (the part after `#`). */
  @ApiProperty({ pattern: LINK_TOKEN_FORMAT.source })
  @IsString({ message: 'token must be the code from the verification link' })
  @Matches(LINK_TOKEN_FORMAT, { message: 'token must be the 43-character code from the verification link' })
  token: string;
}

export class PrivacyRequestVerifiedDto {
  @ApiProperty({ enum: ['verified'] })
  status: 'verified';

  @ApiProperty({ enum: PRIVACY_REQUEST_TYPES })
  type: PrivacyRequestType;

  /** When the answer is due at the latest. */
  @ApiProperty({ format: 'date-time' })
  dueAt: string;
}

/** A request received by letter or e-mail, registered by a privacy officer who checked the sender's identity. */
export class RegisterPrivacyRequestDto extends CreatePrivacyRequestDto {
  @ApiProperty({ enum: [PrivacyRequestChannel.Letter, PrivacyRequestChannel.Email] })
  @IsIn([PrivacyRequestChannel.Letter, PrivacyRequestChannel.Email], { message: 'channel must be letter or email' })
  channel: PrivacyRequestChannel.Letter | PrivacyRequestChannel.Email;

  /** When the letter or e-mail arrived; default now; not in the future. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'receivedAt must be a date-time' })
  receivedAt?: Date;

  /** How the requester's identity was checked. */
  @ApiProperty({
    enum: [
      IdentityVerification.KnownAddress,
      IdentityVerification.SignedLetter,
      IdentityVerification.IdentityDocument,
      IdentityVerification.Other,
    ],
  })
  @IsIn(
    [
      IdentityVerification.KnownAddress,
      IdentityVerification.SignedLetter,
      IdentityVerification.IdentityDocument,
      IdentityVerification.Other,
    ],
    { message: 'identityVerification must be one of: known-address, signed-letter, identity-document, other' },
  )
  identityVerification: IdentityVerification;

  /** What was checked (required for `other`); stored encrypted. */
  @ValidateText({
    max: MAX_NOTE_LENGTH,
    optional: true,
    message: `identityNote must be 1 to ${MAX_NOTE_LENGTH} characters`,
  })
  identityNote?: string;
}

export enum DueFlag {
  Overdue = 'overdue',
  DueSoon = 'due-soon',
}

export class PrivacyRequestQueryDto extends PageQueryDto {
  @ValidateEnum(PrivacyRequestStatus, {
    name: 'PrivacyRequestStatus',
    optional: true,
    message: `status must be one of: ${Object.values(PrivacyRequestStatus).join(', ')}`,
  })
  status?: PrivacyRequestStatus;

  @ApiPropertyOptional({ enum: PRIVACY_REQUEST_TYPES })
  @IsOmittable()
  @IsIn(PRIVACY_REQUEST_TYPES, { message: `type must be one of: ${PRIVACY_REQUEST_TYPES.join(', ')}` })
  type?: PrivacyRequestType;

  /** Open requests past their due date (`overdue`) or due within PRIVACY_REQUEST_DUE_SOON_DAYS (`due-soon`). */
  @ValidateEnum(DueFlag, { name: 'DueFlag', optional: true, message: 'flag must be overdue or due-soon' })
  flag?: DueFlag;

  /** Requests due before this time. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'dueBefore must be a date-time' })
  dueBefore?: Date;
}

/** A request as the officer's list shows it: what and when, never who. */
export class PrivacyRequestSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PRIVACY_REQUEST_TYPES })
  type: PrivacyRequestType;

  @ApiProperty({ enum: PrivacyRequestStatus, enumName: 'PrivacyRequestStatus' })
  status: PrivacyRequestStatus;

  @ApiProperty({ enum: PrivacyRequestChannel, enumName: 'PrivacyRequestChannel' })
  channel: PrivacyRequestChannel;

  @ApiProperty({ enum: LANGUAGES })
  language: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verifiedAt: string | null;

  /** Until when an unverified request can still be confirmed. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verificationExpiresAt: string | null;

  @ApiProperty({ enum: IdentityVerification, enumName: 'IdentityVerification', nullable: true })
  identityVerification: IdentityVerification | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  extendedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  /** Open and past its due date. */
  @ApiProperty()
  overdue: boolean;

  /** Open and due within PRIVACY_REQUEST_DUE_SOON_DAYS. */
  @ApiProperty()
  dueSoon: boolean;

  /** The verified address matches a contact we hold. */
  @ApiProperty()
  knownContact: boolean;

  @ApiProperty({ enum: RejectionReason, enumName: 'RejectionReason', nullable: true })
  rejectionReason: RejectionReason | null;

  /** What fulfilment did: counts and field names, never a value. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  outcome: Record<string, number | string | string[]> | null;

  /** The address, details and notes are gone (the request was closed and the person told). */
  @ApiProperty()
  personalDataRemoved: boolean;
}

/** One request with the person's address and what they wrote (purpose required, audited). */
export class PrivacyRequestDto extends PrivacyRequestSummaryDto {
  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  details: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  contactId: string | null;

  @ApiProperty({ type: String, nullable: true })
  identityNote: string | null;

  @ApiProperty({ type: String, nullable: true })
  extensionReason: string | null;

  @ApiProperty({ type: String, nullable: true })
  rejectionNote: string | null;
}

export class ExtendPrivacyRequestDto {
  /** The new due date: later than the current one, at most three months after verification. */
  @ApiProperty({ format: 'date-time' })
  @Transform(dateTimeParam)
  @IsDate({ message: 'dueAt must be a date-time' })
  dueAt: Date;

  /** Why more time is needed; sent to the person. */
  @ValidateText({ max: MAX_NOTE_LENGTH, message: `reason must be 1 to ${MAX_NOTE_LENGTH} characters` })
  reason: string;
}

export class RejectPrivacyRequestDto {
  @ValidateEnum(RejectionReason, {
    name: 'RejectionReason',
    message: `reason must be one of: ${Object.values(RejectionReason).join(', ')}`,
  })
  reason: RejectionReason;

  /** An explanation sent to the person (required when the reason is `other`). */
  @ValidateText({ max: MAX_NOTE_LENGTH, optional: true, message: `note must be 1 to ${MAX_NOTE_LENGTH} characters` })
  note?: string;
}

export class FulfilPrivacyRequestDto {
  /** Rectification only: the corrected contact fields, validated as an import row. */
  @ApiPropertyOptional({ type: UpdateContactDto })
  @IsOmittable()
  @IsObject({ message: 'changes must be an object' })
  @ValidateNested()
  @Type(() => UpdateContactDto)
  changes?: UpdateContactDto;
}

/** One pseudonym whose data the provider must delete or correct in its own copies. */
export class ProviderErasureNoticeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  surveyId: string;

  /** The respondent's pseudonym, as in the raw responses. */
  @ApiProperty()
  respondent: string;

  /** `erase`: delete everything held under the pseudonym; `rectify`: read its responses again. */
  @ApiProperty({ enum: ProviderNoticeAction, enumName: 'ProviderNoticeAction' })
  action: ProviderNoticeAction;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class AcknowledgeErasuresDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000 })
  @IsArray({ message: 'ids must be a list of notice ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one notice' })
  @ArrayMaxSize(1000, { message: 'ids must name at most 1000 notices' })
  @ArrayUnique({ message: 'ids must not repeat' })
  @IsUUID('all', { each: true, message: 'each id must be a UUID' })
  ids: string[];
}

export class ErasureAcknowledgementDto {
  /** Notices acknowledged now or before. */
  @ApiProperty()
  acknowledged: number;

  /** Ids that name no notice of a survey this key is bound to. */
  @ApiProperty({ type: [String] })
  unknown: string[];
}

export class AccessPackageQueryDto {
  /** `json` (default): the package as data; `html`: a readable page in the person's language. */
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOmittable()
  @IsIn(['json', 'html'], { message: 'format must be json or html' })
  format?: 'json' | 'html';
}

export const ACCESS_PACKAGE_STATUSES = ['none', 'queued', 'running', 'ready', 'failed', 'expired'] as const;
export type AccessPackageStatus = (typeof ACCESS_PACKAGE_STATUSES)[number];

/** How far the making of a request's access package is (no personal value). */
export class AccessPackageProgressDto {
  /**
   * none (not asked for yet) → queued → running → ready (made, and its link mailed to the person;
   * expired once the link has), or failed (fulfil the request again to make a new one).
   */
  @ApiProperty({ enum: ACCESS_PACKAGE_STATUSES, enumName: 'AccessPackageStatus' })
  status: AccessPackageStatus;

  /** Files of the package made so far (the JSON file and the readable page), of `filesTotal`. */
  @ApiProperty()
  filesDone: number;

  @ApiProperty()
  filesTotal: number;

  /** Size of the package's files together, once made. */
  @ApiProperty({ type: Number, nullable: true })
  byteSize: number | null;

  /** When the package was asked for (null: not yet). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  askedAt: string | null;

  /** Until when the mailed link works (then the files are deleted and their keys shredded). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  /** The request as it stands (completed once the link is mailed), without personal values. */
  @ApiProperty({ type: PrivacyRequestSummaryDto })
  request: PrivacyRequestSummaryDto;
}
