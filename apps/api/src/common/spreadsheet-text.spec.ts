import { stringify } from 'csv-stringify/sync';
import { looksLikeFormula, SPREADSHEET_SAFE_CSV, spreadsheetText } from './spreadsheet-text';

describe('text written into spreadsheets (CSV and XLSX exports)', () => {
  it.each(['=1+1', '+41 22 338 91 11', '-2+3', '@SUM(1+1)', '\tTAB', '\rCR', '＝1+1', '＋1', '－1', '＠SUM(A1)'])(
    'prefixes %j, which a spreadsheet would run, with a quote',
    (value) => {
      expect(looksLikeFormula(value)).toBe(true);
      expect(spreadsheetText(value)).toBe(`'${value}`);
    },
  );

  it.each(['Patent attorney', 'IP manager', '<b>bold</b>', 'a=b', '', ' =1', '\u202eevil', 'x'.repeat(5000)])(
    'leaves %j as it is',
    (value) => {
      expect(looksLikeFormula(value)).toBe(false);
      expect(spreadsheetText(value)).toBe(value);
    },
  );

  it('passes strings through the rule in csv-stringify, and leaves numbers (negative ones too) as numbers', () => {
    const csv = stringify([['@SUM(1+1)', -12.5, 'Partner', '=HYPERLINK("http://x.example")']], SPREADSHEET_SAFE_CSV);
    expect(csv).toBe(`'@SUM(1+1),-12.5,Partner,"'=HYPERLINK(""http://x.example"")"\n`);
  });
});
