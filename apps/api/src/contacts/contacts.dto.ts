import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import {
  ContactImport,
  ContactImportIssue,
  ImportFormat,
  ImportIssueSeverity,
  ImportStatus,
} from './contact-import.entity';
import { Contact, Segment } from './contact.entity';
import type { IdentifyingFields } from './contact-crypto';
import { CONTACT_LANGUAGES } from './contact-row';
import {
  IsOmittable,
  PLAIN_EMAIL_ADDRESS,
  trimmed,
  trimmedLowerCase,
  ValidateCountry,
  ValidateEnum,
  ValidateLanguage,
  ValidateText,
} from '../common/validation';

export class ContactImportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ImportFormat, enumName: 'ImportFormat' })
  format: ImportFormat;

  @ApiProperty({ enum: ImportStatus, enumName: 'ImportStatus' })
  status: ImportStatus;

  @ApiProperty()
  sizeBytes: number;

  /** Contact rows in the file (not counting the header). */
  @ApiProperty()
  totalRows: number;

  @ApiProperty()
  processedRows: number;

  /** processedRows / totalRows, 0–100. */
  @ApiProperty()
  percent: number;

  @ApiProperty()
  created: number;

  /** Rows that updated a contact already known by its address (in the system or earlier in the file). */
  @ApiProperty()
  updated: number;

  /** Rows refused; each is in the row report with its field and reason. */
  @ApiProperty()
  rejected: number;

  @ApiProperty()
  warnings: number;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export function toContactImportDto(job: ContactImport): ContactImportDto {
  return {
    id: job.id,
    format: job.format,
    status: job.status,
    sizeBytes: Number(job.sizeBytes),
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    percent: job.totalRows === 0 ? 100 : Math.floor((job.processedRows * 100) / job.totalRows),
    created: job.created,
    updated: job.updated,
    rejected: job.rejected,
    warnings: job.warnings,
    failureReason: job.failureReason,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export class ContactImportIssueDto {
  /** Row in the file; the CSV header is row 1; in a JSON file, the item's position from 1. */
  @ApiProperty()
  row: number;

  /** Column (CSV) or property (JSON) at fault, or `row` for the row as a whole. */
  @ApiProperty()
  field: string;

  @ApiProperty({ enum: ImportIssueSeverity, enumName: 'ImportIssueSeverity' })
  severity: ImportIssueSeverity;

  /** What is wrong; never the value itself. */
  @ApiProperty()
  reason: string;
}

export function toContactImportIssueDto(issue: ContactImportIssue): ContactImportIssueDto {
  return { row: issue.row, field: issue.field, severity: issue.severity, reason: issue.reason };
}

export class ContactImportIssueQueryDto extends PageQueryDto {
  @ValidateEnum(ImportIssueSeverity, {
    name: 'ImportIssueSeverity',
    optional: true,
    message: 'severity must be error or warning',
  })
  severity?: ImportIssueSeverity;
}

export class ContactQueryDto extends PageQueryDto {
  /** ISO 3166-1 alpha-2. */
  @ValidateCountry({ optional: true, message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  @ApiPropertyOptional({ enum: Segment, enumName: 'Segment' })
  @IsOmittable()
  @Transform(trimmedLowerCase)
  @IsEnum(Segment, { message: 'segment must be one of agent, applicant, holder, representative' })
  segment?: Segment;

  @ValidateText({ max: 100, optional: true })
  platform?: string;

  @ValidateText({ max: 200, optional: true })
  role?: string;
}

/** What anyone working on contacts may see: no name, address or registration number. */
export class ContactSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'FR' })
  country: string;

  @ApiProperty({ enum: Segment, enumName: 'Segment' })
  segment: Segment;

  @ApiProperty({ type: String, nullable: true })
  role: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  relationshipSince: string | null;

  @ApiProperty()
  platform: string;

  @ApiProperty({ enum: CONTACT_LANGUAGES })
  language: string;

  /** When the data was last collected (import) or the person last invited: the retention clock. */
  @ApiProperty({ format: 'date-time' })
  collectedAt: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** A contact with the identifying fields, decrypted for a stated purpose. */
export class ContactDto extends ContactSummaryDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: [String] })
  registrationNumbers: string[];
}

export function toContactSummaryDto(contact: Contact): ContactSummaryDto {
  return {
    id: contact.id,
    country: contact.country,
    segment: contact.segment,
    role: contact.role,
    relationshipSince: contact.relationshipSince,
    platform: contact.platform,
    language: contact.language,
    collectedAt: contact.collectedAt.toISOString(),
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}

export function toContactDto(contact: Contact, fields: IdentifyingFields): ContactDto {
  return { ...toContactSummaryDto(contact), ...fields };
}

/**
 * Finding one person by their whole address, through its blind index. The address travels in the
 * body (never a URL, which logs and Referer headers keep) and is neither stored nor logged.
 */
export class FindContactByEmailDto {
  /** The whole address; compared trimmed and without regard to case, as imports compare it. */
  @ApiProperty({ example: 'name@example.org' })
  @Transform(trimmed)
  @IsString({ message: 'email must be a whole e-mail address' })
  @MaxLength(320, { message: 'email must be at most 320 characters long' })
  @Matches(PLAIN_EMAIL_ADDRESS, { message: 'email must be a whole e-mail address; partial searches are not offered' })
  email: string;
}

/** One value of a contact attribute and how many contacts have it. */
export class FacetValueDto {
  @ApiProperty({ example: 'FR' })
  value: string;

  @ApiProperty({ example: 120 })
  count: number;
}

/**
 * The values the directory holds for each attribute a campaign can target, most frequent first,
 * so that a target is chosen from what exists rather than typed. No identifying field is involved.
 */
export class ContactFacetsDto {
  @ApiProperty({ type: [FacetValueDto] })
  countries: FacetValueDto[];

  @ApiProperty({ type: [FacetValueDto] })
  segments: FacetValueDto[];

  @ApiProperty({ type: [FacetValueDto], description: 'Job roles as imported; contacts without one are not counted.' })
  roles: FacetValueDto[];

  @ApiProperty({ type: [FacetValueDto] })
  platforms: FacetValueDto[];

  /** True when an attribute has more distinct values than are listed (at most FACET_LIMIT each). */
  @ApiProperty()
  truncated: boolean;
}

/** What a search by address found: at most one contact (addresses are unique), without identifying fields. */
export class ContactMatchesDto {
  @ApiProperty({ type: [ContactSummaryDto] })
  items: ContactSummaryDto[];
}

/** Rectification: the fields to change, validated as an import row would be. */
export class UpdateContactDto {
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  name?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  email?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(10)
  country?: string;

  @ApiPropertyOptional({ enum: Segment, enumName: 'Segment' })
  @IsOmittable()
  @IsString()
  @MaxLength(50)
  segment?: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  registrationNumbers?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  role?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  relationshipSince?: string | null;

  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  platform?: string;

  @ValidateLanguage(CONTACT_LANGUAGES, {
    optional: true,
    message: `language must be one of ${CONTACT_LANGUAGES.join(', ')}`,
  })
  language?: string;
}
