import { EXPORT_CONTENT_TYPES, exportContentDisposition, exportFileName, slugify } from './file-name';
import { sampleReport } from './sample-report.fixture';

describe('export file names', () => {
  it('names a published report by its title and publication day', () => {
    const report = sampleReport();
    expect(exportFileName(report, 'pdf')).toBe('filer-satisfaction-2025-2025-05-05.pdf');
    expect(exportFileName(report, 'xlsx')).toBe('filer-satisfaction-2025-2025-05-05.xlsx');
    expect(exportFileName(report, 'csv')).toBe('filer-satisfaction-2025-2025-05-05.csv');
  });

  it('names a draft by the day it was generated', () => {
    expect(exportFileName(sampleReport({ status: 'draft' }), 'pdf')).toBe('filer-satisfaction-2025-2025-05-02.pdf');
  });

  it('keeps only ASCII letters and digits, so the name is safe in a header and on any disk', () => {
    expect(slugify('Satisfaction des déposants — Q1/2025: "brevets"')).toBe(
      'satisfaction-des-deposants-q1-2025-brevets',
    );
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('=HYPERLINK("x")')).toBe('hyperlink-x');
    expect(slugify('a'.repeat(100))).toHaveLength(60);
    const report = sampleReport({ title: '2025年用户满意度报告' });
    expect(exportFileName(report, 'pdf')).toBe('2025-2025-05-05.pdf');
    expect(exportFileName(sampleReport({ title: '客户报告' }), 'pdf')).toBe('report-2025-05-05.pdf');
    expect(exportContentDisposition(report, 'pdf')).toBe('attachment; filename="2025-2025-05-05.pdf"');
    expect(exportContentDisposition(sampleReport({ title: 'a"\r\nb' }), 'csv')).toBe(
      'attachment; filename="a-b-2025-05-05.csv"',
    );
  });

  it('has a content type for every format', () => {
    expect(EXPORT_CONTENT_TYPES).toEqual({
      csv: 'text/csv; charset=utf-8',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pdf: 'application/pdf',
    });
  });
});
