import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { reportToCsv } from './report-csv';
import { reportToPdf } from './report-pdf';
import { reportToXlsx } from './report-xlsx';
import { emptyReport } from './sample-report.fixture';

describe('exports of a report with no responses', () => {
  const report = emptyReport();

  it('writes a CSV with its header and one line per question and per number or date question', () => {
    const csv = reportToCsv(report);
    const [head, table] = csv.slice(1).split('\r\n\r\n');
    expect(head).toContain('responses,0');
    expect(head).toContain('period_first,');
    const records: Array<Record<string, string>> = parse(table, { columns: true });
    expect(records.map((record) => [record.section, record.item, record.n])).toEqual([
      ['overall', 'recommend', '0'],
      ['overall', 'satisfaction', '0'],
      ['overall', 'services', '0'],
      ['overall', 'quality.timeliness', '0'],
      ['measure', 'filings', '0'],
      ['measure', 'lastFiling', '0'],
      ['measure', 'effortScore', '0'],
    ]);
  });

  it('writes a workbook that opens', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await reportToXlsx(report)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Questions',
      'By country',
      'By segment',
    ]);
  });

  it('writes a PDF that says there are no responses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    try {
      writeFileSync(join(dir, 'empty.pdf'), await reportToPdf(report));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'empty.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Nobody yet');
      expect(text).toMatch(/Period\s+no responses/);
      expect(text).toMatch(/Responses \(n\)\s+0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
