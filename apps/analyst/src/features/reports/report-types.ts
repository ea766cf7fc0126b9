import type { components } from '@survey/api-client';

export type Report = components['schemas']['ReportDto'];
export type ReportSummary = components['schemas']['ReportSummaryDto'];
export type ReportStatus = ReportSummary['status'];
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** Reports per page of the list. */
export const PAGE_SIZE = 20;

export function isStatus(value: string | null): value is ReportStatus {
  return value === 'draft' || value === 'published';
}

/** The page of the list named in the address (`?page=`), 1 when absent or invalid. */
export function pageOf(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
}
