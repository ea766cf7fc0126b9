import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportToPdf } from './report-pdf';
import { sampleReport, type SampleReportOptions } from './sample-report.fixture';

/** Sample exports for people to look at; the folder is git-ignored. */
const ARTIFACTS = join(__dirname, '../../../../../test-artifacts/exports');

/** Runs a poppler tool (Debian's poppler-utils) on the PDF. */
function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const output = tool === 'pdftotext' ? [file, '-'] : [file];
    return execFileSync(tool, [...args, ...output], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const textOf = (pdf: Buffer) => poppler('pdftotext', pdf, ['-layout', '-enc', 'UTF-8']);
/** Lines of the text with runs of spaces collapsed, so table cells read "France 60 +14 3.98 54 56". */
const linesOf = (text: string) => text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());

async function render(options: SampleReportOptions, name: string): Promise<Buffer> {
  const pdf = await reportToPdf(sampleReport(options));
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), pdf);
  return pdf;
}

describe('reportToPdf', () => {
  let pdf: Buffer;
  let text: string;
  let lines: string[];

  beforeAll(async () => {
    pdf = await render({}, 'sample-report.pdf');
    text = textOf(pdf);
    lines = linesOf(text);
  });

  it('is a PDF a reader opens, of a reasonable size, with the title in its metadata', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/Title:\s+Filer satisfaction 2025/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(2);
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('embeds only the bundled fonts', () => {
    const fonts = poppler('pdffonts', pdf);
    expect(fonts).toContain('Roboto');
    for (const line of fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== ''))
      expect(line).toMatch(/ yes /);
  });

  it('has the title and the method note: period, n, k, filters, suppression explained', () => {
    expect(text).toContain('Filer satisfaction 2025');
    expect(text).toContain('User satisfaction survey 2025');
    expect(lines).toContain('Period March 3, 2025 to April 28, 2025');
    expect(lines).toContain('Responses (n) 137');
    expect(lines).toContain('Invited 400');
    expect(lines).toContain('Response rate 34.3%');
    expect(lines).toContain('Minimum group size (k) 5');
    expect(lines).toContain('Filters submitted from March 1, 2025');
    expect(text).toContain('Primary suppression: a group, answer or cell counting fewer than 5 respondents');
    expect(text).toContain('Complementary suppression');
    expect(text).not.toContain('Draft');
  });

  it('has the overall figures of every question', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^How likely .* 130 6\.93 \(6\.53–7\.33\) – \+8$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^Overall, how satisfied .* 134 3\.87 \(3\.67–4\.07\) 68\.7% –$/),
    );
    expect(lines).toContain('Which services did you use? 121 – – –');
  });

  it('draws each question’s answers with their counts and shares; suppressed answers say so', () => {
    expect(lines).toContain('Patents 88 (72.7%)');
    expect(lines).toContain('Designs 19 (15.7%)');
    expect(lines).toContain('Good 60 (46.9%)');
    expect(lines).toContain('10 17 (13.1%)');
    expect(lines).toContain('0 suppressed¹');
    expect(lines).toContain('1 suppressed²');
    expect(lines).toContain('Very dissatisfied suppressed¹');
    expect(lines).toContainEqual(expect.stringMatching(/Detractors 23\.9% ■ Passives 43\.8% ■ Promoters 32\.3%/));
  });

  it('has the breakdowns, with suppressed groups shown as suppressed', () => {
    expect(text).toContain('By country');
    expect(lines).toContainEqual(expect.stringMatching(/^France 60 \+14 3\.98 54 56$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Germany 40 \+3 3\.79 35 38$/));
    expect(lines).toContain('Luxembourg suppressed¹ suppressed¹ suppressed¹ suppressed¹ suppressed¹');
    expect(lines).toContain('Switzerland suppressed² suppressed² suppressed² suppressed² suppressed²');
    expect(text).toContain('By segment');
    expect(lines).toContainEqual(expect.stringMatching(/^Holder 22 \+5 3\.81 19 20$/));
  });

  it('has the crosstab counts with margins, primary and complementary cells suppressed', () => {
    expect(text).toContain('Respondents by country and segment');
    expect(lines).toContain('France 30 20 10 60');
    expect(lines).toContain('Germany 22 12 6 40');
    expect(lines).toContain('Switzerland suppressed² suppressed² suppressed² suppressed²');
    expect(lines).toContain('Luxembourg suppressed¹ suppressed¹ suppressed¹ suppressed¹');
    expect(lines).toContain('Total 70 45 22 137');
    expect(lines).toContain('France +17 +11 +11');
  });

  it('marks a draft as not published', async () => {
    const draft = textOf(await reportToPdf(sampleReport({ status: 'draft' })));
    expect(draft).toContain('Draft: not published');
    expect(linesOf(draft)).not.toContainEqual(expect.stringMatching(/^Published /));
  });

  it('writes a French report with French fixed texts and French number formats', async () => {
    const french = textOf(await render({ language: 'fr' }, 'sample-report.fr.pdf'));
    const frenchLines = linesOf(french);
    expect(french).toContain('Satisfaction des déposants 2025');
    expect(french).toContain('Méthode');
    expect(frenchLines).toContain('Période du 3 mars 2025 au 28 avril 2025');
    expect(frenchLines).toContain('Réponses (n) 137');
    expect(frenchLines).toContain('Taille minimale des groupes (k) 5');
    expect(french).toContain('Masquage primaire : un groupe, une réponse ou une case comptant moins de 5 répondants');
    expect(french).toContain('Résultats d’ensemble');
    expect(frenchLines).toContainEqual(expect.stringMatching(/ 130 6,93 \(6,53–7,33\) – \+8$/));
    expect(frenchLines).toContain('Brevets 88 (72,7 %)');
    expect(frenchLines).toContain('Luxembourg masqué¹ masqué¹ masqué¹ masqué¹');
    expect(frenchLines).toContain('Suisse masqué² masqué² masqué² masqué²');
    expect(french).toContain('Par pays');
    expect(french).not.toContain('suppressed');
  });

  it.each([
    ['es', 'Tamaño mínimo de grupo (k) 5', 'suprimido¹'],
    ['ru', 'Минимальный размер группы (k) 5', 'скрыто¹'],
  ] as const)('writes a %s report in its language', async (language, kLine, suppressed) => {
    const output = textOf(await render({ language }, `sample-report.${language}.pdf`));
    expect(linesOf(output)).toContain(kLine);
    expect(output).toContain(suppressed);
  });

  it('writes Chinese with the bundled Noto Sans SC, keeping the file small', async () => {
    const title = '2025年用户满意度报告';
    const chinese = await render({ language: 'zh', title }, 'sample-report.zh.pdf');
    const output = textOf(chinese);
    expect(output).toContain(title);
    expect(output).toContain('最小组规模 (k)');
    expect(output).toContain('已隐藏¹');
    expect(output).toContain('卢森堡');
    expect(poppler('pdffonts', chinese)).toContain('NotoSansSC');
    expect(chinese.length).toBeLessThan(400_000);
  });

  it('writes Arabic with the bundled Noto Sans Arabic, right to left', async () => {
    const arabic = await render({ language: 'ar', title: 'تقرير رضا العملاء 2025' }, 'sample-report.ar.pdf');
    expect(poppler('pdffonts', arabic)).toContain('NotoSansArabic');
    const output = textOf(arabic);
    // Figures keep Latin digits; words are drawn in visual order, so only their letters are checked.
    expect(linesOf(output)).toContainEqual(expect.stringMatching(/137/));
    expect(output).toMatch(/[\u0600-\u06FF]/);
    expect(output).toContain('2025');
  });

  it('shows number and date summaries: mean and quartiles, a month range, and no minimum or maximum', () => {
    expect(text).toContain('Numbers and dates');
    expect(lines).toContainEqual(expect.stringMatching(/^How many applications.* 128 14\.25 3\.00 8\.50 21\.75 –$/));
    expect(lines).toContainEqual(expect.stringMatching(/^When did you last file\? 120 .*February 2023 – April 2025$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Effort score suppressed³/));
  });
});
