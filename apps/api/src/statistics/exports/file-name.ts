import type { ExportFormat, ReportDto } from '../statistics.dto';

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const MAX_SLUG_LENGTH = 60;

/** Lower-case ASCII words joined by hyphens; accents dropped, other scripts left out. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
}

/**
 * The download name of an export: the report title as a slug and the day it was published (or
 * generated, for a draft), e.g. `filer-satisfaction-2025-2025-05-05.pdf`. It carries nothing but
 * what the report itself shows: no user, no id.
 */
export function exportFileName(
  report: Pick<ReportDto, 'title' | 'publishedAt' | 'createdAt'>,
  format: ExportFormat,
): string {
  const day = (report.publishedAt ?? report.createdAt).slice(0, 10);
  const slug = slugify(report.title) || 'report';
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${slug}-${day}.${format}` : `${slug}.${format}`;
}

/** A `Content-Disposition` value for the export; the name is plain ASCII, so no encoding is needed. */
export function exportContentDisposition(
  report: Pick<ReportDto, 'title' | 'publishedAt' | 'createdAt'>,
  format: ExportFormat,
): string {
  return `attachment; filename="${exportFileName(report, format)}"`;
}
