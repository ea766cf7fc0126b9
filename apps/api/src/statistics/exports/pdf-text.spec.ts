import { fontRuns, isRightToLeft, measure, normalise, richText, visualOrder } from './pdf-text';

const word = (text: string) => ({ text, rtl: /[\u0600-\u06FF]/.test(text) });
const drawn = (value: string, rightToLeft = false) =>
  richText(value, { fontSize: 10, rightToLeft, width: 1000 })
    .text.map((run) => run.text)
    .join('');

describe('PDF text', () => {
  it('gives each script the font that has its glyphs', () => {
    expect(fontRuns('Rapport 2025 — Отчёт')).toEqual([{ text: 'Rapport 2025 — Отчёт', font: 'Roboto' }]);
    expect(fontRuns('满意度 report')).toEqual([
      { text: '满意度 ', font: 'NotoSansSC' },
      { text: 'report', font: 'Roboto' },
    ]);
    expect(fontRuns('(تقرير) 5')).toEqual([
      { text: '(تقرير) ', font: 'NotoSansArabic' },
      { text: '5', font: 'Roboto' },
    ]);
  });

  it('drops marks no bundled font can draw', () => {
    expect(normalise('12\u202F345\u00A0%')).toBe('12\u00A0345\u00A0%');
    expect(normalise('\u200F34.3\u200E%\u061C')).toBe('34.3%');
  });

  it('orders right-to-left words for drawing from left to right', () => {
    // "report satisfaction customers" read right to left; numbers and Latin runs keep their order.
    expect(visualOrder(['تقرير', 'رضا', 'العملاء'].map(word), true)).toEqual(['العملاء', 'رضا', 'تقرير']);
    expect(visualOrder(['تقرير', '2025', 'Q1', 'رضا'].map(word), true)).toEqual(['رضا', '2025', 'Q1', 'تقرير']);
    expect(visualOrder(['Report', 'تقرير', 'رضا', 'end'].map(word), false)).toEqual(['Report', 'رضا', 'تقرير', 'end']);
  });

  it('leaves text without Arabic to pdfmake, and right-aligns right-to-left paragraphs', () => {
    expect(richText('Plain text', { fontSize: 10 })).toEqual({ text: [{ text: 'Plain text', font: 'Roboto' }] });
    expect(isRightToLeft('2025 تقرير')).toBe(true);
    expect(isRightToLeft('Report تقرير')).toBe(false);
    const arabic = richText('تقرير رضا', { fontSize: 10 });
    expect(arabic.alignment).toBe('right');
    expect(arabic.text.map((run) => run.text)).toEqual(['رضا', ' ', 'تقرير']);
    expect(drawn('(المتوسط)', true)).toBe(')المتوسط(');
  });

  it('breaks long right-to-left paragraphs into lines, the first line holding the first words', () => {
    const words = Array.from({ length: 30 }, (_, index) => `كلمة${index}`);
    const width = measure(words.slice(0, 5).join(' '), 10, false) * 1.1;
    const lines = richText(words.join(' '), { fontSize: 10, width })
      .text.map((run) => run.text)
      .join('')
      .split('\n');
    expect(lines.length).toBeGreaterThan(4);
    expect(lines[0].split(' ').reverse()[0]).toBe('كلمة0');
    for (const line of lines) expect(measure(line, 10, false)).toBeLessThanOrEqual(width);
    expect(lines.flatMap((line) => line.split(' ').reverse())).toEqual(words);
  });
});
