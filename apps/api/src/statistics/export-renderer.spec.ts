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
    // A failed file is not kept: asked again, it is drawn again (and fails again).
    const before = renderer.renders;
    await expect(renderer.render({} as ReportDto, 'csv')).rejects.toThrow(/Rendering the export failed/);
    expect(renderer.renders).toBe(before + 1);
  }, 60_000);

  it('draws a report once per state and format, however many ask for it at once or later', async () => {
    const draft = { ...sampleReport({ status: 'draft' }), id: 'a5f3c1e2-0000-4000-8000-000000000001' };
    const before = renderer.renders;
    const [first, second] = await Promise.all([renderer.render(draft, 'pdf'), renderer.render(draft, 'pdf')]);
    const later = await renderer.render(draft, 'pdf');
    expect(renderer.renders).toBe(before + 1);
    expect(second.equals(first) && later.equals(first)).toBe(true);

    // Published, the same report is another file (no draft mark, its publication date).
    const published = { ...sampleReport({ status: 'published' }), id: draft.id };
    const csvDraft = await renderer.render(draft, 'csv');
    const csvPublished = await renderer.render(published, 'csv');
    expect(renderer.renders).toBe(before + 3);
    expect(csvPublished.equals(Buffer.from(reportToCsv(published), 'utf8'))).toBe(true);
    expect(csvDraft.equals(Buffer.from(reportToCsv(draft), 'utf8'))).toBe(true);
    expect(csvPublished.equals(csvDraft)).toBe(false);
  }, 60_000);
});
