import type { ReportDto } from '../statistics.dto';
import { reportToCsv } from './report-csv';
import { reportToPdf } from './report-pdf';
import { reportToXlsx } from './report-xlsx';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** The file of a report in one format. */
export async function renderReport(report: ReportDto, format: ExportFormat): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(reportToCsv(report), 'utf8');
  if (format === 'xlsx') return reportToXlsx(report);
  return reportToPdf(report);
}
