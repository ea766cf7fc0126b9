import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf, type RenderedPage } from '../../../test/utils/pdf-pages';
import type { ReportDto } from '../statistics.dto';
import { NPS_COLOURS, reportToPdf } from './report-pdf';
import { sampleReport } from './sample-report.fixture';

const ARTIFACTS = join(__dirname, '../../../../../test-artifacts/exports');

async function pagesOf(report: ReportDto, name: string): Promise<RenderedPage[]> {
  const pdf = await reportToPdf(report);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), pdf);
  return renderPdf(pdf);
}

function expectNoBlankPage(pages: RenderedPage[]) {
  const blank = pages.flatMap((page, index) =>
    page.text.trim().length > 40 && page.inked / (page.width * page.height) > 0.004 ? [] : [index + 1],
  );
  expect(blank).toEqual([]);
}

/** Each NPS colour drawn in the upper half of page 1, where the headline is. */
function npsColoursOnFirstPage(pages: RenderedPage[]): number[] {
  return [NPS_COLOURS.detractors, NPS_COLOURS.passives, NPS_COLOURS.promoters].map((colour) =>
    pages[0].pixelsOf(colour, { top: 0, bottom: 0.5 }),
  );
}

/** The report with each question asked `times` times over (as a long questionnaire would give). */
function manyQuestions(report: ReportDto, times: number): ReportDto {
  const items = Array.from({ length: times }, (_, copy) =>
    report.content.items.map((item) => ({
      ...item,
      name: `${item.name}_${copy}`,
      title: `${item.title} (${copy + 1})`,
    })),
  ).flat();
  return { ...report, content: { ...report.content, items } };
}

function withoutNps(report: ReportDto): ReportDto {
  return {
    ...report,
    content: { ...report.content, items: report.content.items.filter((item) => item.ratingKind !== 'nps') },
  };
}

/** The PDF report drawn page by page (pdftoppm, pdftotext): no blank page, the NPS chart on page 1. */
describe('reportToPdf pages', () => {
  it('puts the headline figures and the NPS stacked bar on the first page', async () => {
    const pages = await pagesOf(sampleReport(), 'pages-sample.pdf');
    expectNoBlankPage(pages);
    const first = pages[0].text;
    for (const label of [
      'Headline figures',
      'Responses (n)',
      'Response rate',
      'NPS',
      'CSAT',
      'Promoters',
      'Passives',
      'Detractors',
    ]) {
      expect(first).toContain(label);
    }
    expect(first).toContain('+8');
    for (const pixels of npsColoursOnFirstPage(pages)) expect(pixels).toBeGreaterThan(40);
  });

  it('breaks a report of many questions into pages without a blank one', async () => {
    const pages = await pagesOf(manyQuestions(sampleReport(), 8), 'pages-many-questions.pdf');
    expect(pages.length).toBeGreaterThan(8);
    expectNoBlankPage(pages);
    for (const pixels of npsColoursOnFirstPage(pages)) expect(pixels).toBeGreaterThan(40);
    // Every question is drawn (none is lost at a page break).
    const text = pages.map((page) => page.text).join('\n');
    for (let copy = 1; copy <= 8; copy += 1) expect(text).toContain(`(${copy})`);
  });

  it('draws no NPS figure nor chart for a survey without an NPS question', async () => {
    const pages = await pagesOf(withoutNps(sampleReport()), 'pages-without-nps.pdf');
    expectNoBlankPage(pages);
    expect(pages[0].text).toContain('CSAT');
    expect(pages[0].text).not.toContain('Promoters');
    expect(npsColoursOnFirstPage(pages)).toEqual([0, 0, 0]);
  });

  it.each(['ar', 'zh', 'ru', 'fr', 'es'] as const)(
    'draws a %s report without a blank page, NPS chart first',
    async (language) => {
      const pages = await pagesOf(manyQuestions(sampleReport({ language }), 3), `pages-sample.${language}.pdf`);
      expectNoBlankPage(pages);
      for (const pixels of npsColoursOnFirstPage(pages)) expect(pixels).toBeGreaterThan(40);
    },
  );
});
