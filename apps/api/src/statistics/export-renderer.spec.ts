import { ExportRenderer } from './export-renderer';
import { reportToCsv } from './exports';
import { sampleReport } from './exports/sample-report.fixture';
import type { ReportDto } from './statistics.dto';

describe('ExportRenderer', () => {
  const renderer = new ExportRenderer();

  afterAll(() => renderer.onApplicationShutdown());

  it('draws each format in a worker thread (the CSV byte for byte as the main thread would)', async () => {
    const report = sampleReport();
    const [pdf, xlsx, csv] = await Promise.all([
      renderer.render(report, 'pdf'),
      renderer.render(report, 'xlsx'),
      renderer.render(report, 'csv'),
    ]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(csv.equals(Buffer.from(reportToCsv(report), 'utf8'))).toBe(true);
  }, 60_000);

  it('fails the one export that cannot be drawn and goes on drawing the next', async () => {
    await expect(renderer.render({} as ReportDto, 'csv')).rejects.toThrow(/Rendering the export failed/);
    const csv = await renderer.render(sampleReport(), 'csv');
    expect(csv.length).toBeGreaterThan(100);
  }, 60_000);
});
