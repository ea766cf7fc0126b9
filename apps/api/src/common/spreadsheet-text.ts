/**
 * Text from outside (an imported contact's role or name, a survey title, an answer label) that a
 * spreadsheet would take for a formula: it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return, or their full-width forms, which some spreadsheets read alike (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/**
 * The one way every export (CSV and XLSX) writes a text cell: a value a spreadsheet could run
 * is prefixed with `'`, so it is shown as the text it is. Numbers are not text and are written
 * as numbers (a negative figure stays a number); only strings pass through here.
 */
export function spreadsheetText(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

/** csv-stringify options that pass every string cell through `spreadsheetText`. */
export const SPREADSHEET_SAFE_CSV = { cast: { string: (value: string) => spreadsheetText(value) } } as const;
