import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsIn } from 'class-validator';
import { dateTimeParam } from '../common/query-params';
import { IsOmittable, ValidateEnum, ValidateUUID } from '../common/validation';
import { ExportFile, ExportKind, ExportStatus } from './export-file.entity';

export const EXPORT_FILE_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ExportFileFormat = (typeof EXPORT_FILE_FORMATS)[number];

/** Which formats each kind of export comes in. */
export const FORMATS_OF_KIND: Readonly<Record<ExportKind, readonly ExportFileFormat[]>> = {
  [ExportKind.Report]: ['pdf', 'xlsx', 'csv'],
  [ExportKind.Responses]: ['json', 'csv'],
};

export class CreateExportDto {
  /** `report`: a report as PDF, XLSX or CSV; `responses`: a survey's raw responses as JSON or CSV (analysts). */
  @ValidateEnum(ExportKind, { name: 'ExportKind' })
  kind: ExportKind;

  /** The report's id, or the survey's for `responses`. */
  @ApiProperty({ format: 'uuid' })
  @ValidateUUID()
  sourceId: string;

  @ApiProperty({ enum: EXPORT_FILE_FORMATS })
  @IsIn(EXPORT_FILE_FORMATS)
  format: ExportFileFormat;

  /** Raw responses only: just those stored or changed at or after this time. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @Transform(dateTimeParam)
  @IsDate({ message: 'updatedSince must be a date-time (ISO 8601)' })
  updatedSince?: Date;
}

/** An export: its state and progress, and once ready, its file's name, size and expiry. */
export class ExportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ExportKind, enumName: 'ExportKind' })
  kind: ExportKind;

  @ApiProperty({ format: 'uuid' })
  sourceId: string;

  @ApiProperty({ enum: EXPORT_FILE_FORMATS })
  format: ExportFileFormat;

  /** queued → running → ready (then expired), or failed. */
  @ApiProperty({ enum: ExportStatus, enumName: 'ExportStatus' })
  status: ExportStatus;

  /** Raw responses written so far, and of how many (null until counted, and for reports). */
  @ApiProperty()
  rowsDone: number;

  @ApiProperty({ type: Number, nullable: true })
  rowsTotal: number | null;

  @ApiProperty({ type: String, nullable: true })
  fileName: string | null;

  @ApiProperty({ type: Number, nullable: true })
  byteSize: number | null;

  /** Why it failed, in plain words. */
  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  /** When the file will be deleted (ready exports). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  /** Where to download the file once ready. */
  @ApiProperty()
  fileUrl: string;
}

export function toExportDto(file: ExportFile): ExportDto {
  return {
    id: file.id,
    // Only staff exports reach their askers (produced files have no staff owner).
    kind: file.kind as ExportKind,
    sourceId: file.sourceId,
    format: file.format as ExportFileFormat,
    status: file.status,
    rowsDone: file.rowsDone,
    rowsTotal: file.rowsTotal,
    fileName: file.fileName,
    byteSize: file.byteSize === null ? null : Number(file.byteSize),
    error: file.error,
    createdAt: file.createdAt.toISOString(),
    finishedAt: file.finishedAt?.toISOString() ?? null,
    expiresAt: file.expiresAt?.toISOString() ?? null,
    fileUrl: `/api/v1/exports/${file.id}/file`,
  };
}
