import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

/**
 * Text for the PDF in any of the report's languages. PDFKit draws one font per run of text and
 * has no bidirectional algorithm, so this module
 * - splits a string into runs by script and gives each the font that has its glyphs (Roboto for
 *   Latin, Greek and Cyrillic; Noto Sans SC for Chinese; Noto Sans Arabic for Arabic), and
 * - puts right-to-left text in visual order itself: fontkit already mirrors the glyphs of each
 *   Arabic word, so the words of a right-to-left paragraph are laid out from the last to the
 *   first, and runs of left-to-right words (numbers, Latin names) keep their own order. Lines
 *   are broken here, by measuring the words, because a paragraph's first line is its right-most
 *   words once reversed; `width` says how wide the line may be.
 *
 * Every font ships in an npm package (pdfmake's Roboto, @expo-google-fonts' Noto Sans SC and
 * Noto Sans Arabic): nothing is downloaded when a PDF is made.
 */

export const FONT_FAMILIES = {
  latin: 'Roboto',
  chinese: 'NotoSansSC',
  arabic: 'NotoSansArabic',
} as const;
type Script = keyof typeof FONT_FAMILIES;

export interface FontFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

/** Paths of the font files, found in node_modules on first use. */
export function fontFiles(): Record<(typeof FONT_FAMILIES)[Script], FontFiles> {
  const roboto = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`);
  const chinese = (weight: string) =>
    require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);
  const arabic = (weight: string) =>
    require.resolve(`@expo-google-fonts/noto-sans-arabic/${weight}/NotoSansArabic_${weight}.ttf`);
  return {
    Roboto: {
      normal: roboto('Roboto-Regular.ttf'),
      bold: roboto('Roboto-Medium.ttf'),
      italics: roboto('Roboto-Italic.ttf'),
      bolditalics: roboto('Roboto-MediumItalic.ttf'),
    },
    NotoSansSC: {
      normal: chinese('400Regular'),
      bold: chinese('700Bold'),
      italics: chinese('400Regular'),
      bolditalics: chinese('700Bold'),
    },
    NotoSansArabic: {
      normal: arabic('400Regular'),
      bold: arabic('700Bold'),
      italics: arabic('400Regular'),
      bolditalics: arabic('700Bold'),
    },
  };
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const CHINESE =
  /[\u2E80-\u2FDF\u3000-\u303F\u3100-\u31EF\u3200-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\u{20000}-\u{3FFFF}]/u;
/** Letters and digits that are written left to right (everything that is not Arabic). */
const LEFT_TO_RIGHT = /[\p{L}\p{N}]/u;

function scriptOf(char: string): Script | null {
  if (ARABIC.test(char)) return 'arabic';
  if (CHINESE.test(char)) return 'chinese';
  if (LEFT_TO_RIGHT.test(char)) return 'latin';
  return null;
}

/**
 * Roboto has no narrow no-break space, which French number formats use; and the bidirectional
 * control marks that Arabic number formats carry have no glyph: the words are ordered here.
 */
export function normalise(value: string): string {
  return value
    .replace(/\u202F/g, '\u00A0')
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\r\n?/g, '\n');
}

/** Whether a paragraph reads right to left: its first letter (digits do not count) is Arabic. */
export function isRightToLeft(value: string): boolean {
  for (const char of value) {
    if (ARABIC.test(char)) return /\p{L}/u.test(char);
    if (/\p{L}/u.test(char)) return false;
  }
  return false;
}

export interface TextRun {
  text: string;
  font: string;
}

/**
 * Splits a line into runs of one font each; spaces and punctuation go with the run they are in,
 * or with the first run when they lead the line.
 */
export function fontRuns(value: string): TextRun[] {
  const runs: TextRun[] = [];
  let current: Script | null = null;
  let text = '';
  for (const char of normalise(value)) {
    const script: Script | null = scriptOf(char) ?? current;
    if (script !== null && current !== null && script !== current && text !== '') {
      runs.push({ text, font: FONT_FAMILIES[current] });
      text = '';
    }
    if (script !== null) current = script;
    text += char;
  }
  if (text !== '') runs.push({ text, font: FONT_FAMILIES[current ?? 'latin'] });
  return runs;
}

/** A word of a right-to-left paragraph, and whether it reads right to left. */
interface Word {
  text: string;
  rtl: boolean;
}

const MIRRORED: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '«': '»',
  '»': '«',
};

/** fontkit reverses the glyphs of an Arabic word but does not mirror its brackets: done here. */
function mirrorBrackets(word: string): string {
  return word.replace(/[()[\]{}«»]/g, (bracket) => MIRRORED[bracket]);
}

function wordsOf(line: string): Word[] {
  return line
    .split(/[ \u00A0]+/)
    .filter((word) => word !== '')
    .map((word) => (ARABIC.test(word) ? { text: mirrorBrackets(word), rtl: true } : { text: word, rtl: false }));
}

/**
 * One line in visual order (left to right as drawn). Words group into runs of one direction; the
 * words of a right-to-left run are reversed, and in a right-to-left paragraph so are the runs.
 */
export function visualOrder(words: Word[], rightToLeft: boolean): string[] {
  const runs: Word[][] = [];
  for (const word of words) {
    const last = runs[runs.length - 1];
    if (last && last[0].rtl === word.rtl) last.push(word);
    else runs.push([word]);
  }
  if (rightToLeft) runs.reverse();
  return runs.flatMap((run) => (run[0].rtl ? [...run].reverse() : run).map((word) => word.text));
}

const fonts = new Map<string, Font>();

function loadFont(path: string): Font {
  let font = fonts.get(path);
  if (!font) {
    font = create(readFileSync(path)) as Font;
    fonts.set(path, font);
  }
  return font;
}

/** Width in points of a word as PDFKit will draw it, run by run. */
export function measure(value: string, fontSize: number, bold: boolean): number {
  const files = fontFiles();
  let width = 0;
  for (const run of fontRuns(value)) {
    const family = files[run.font as keyof typeof files];
    const font = loadFont(bold ? family.bold : family.normal);
    width += (font.layout(run.text).advanceWidth / font.unitsPerEm) * fontSize;
  }
  return width;
}

/** Breaks a paragraph into lines no wider than `maxWidth`, in logical order. */
function breakLines(paragraph: string, maxWidth: number, fontSize: number, bold: boolean): Word[][] {
  const space = measure(' ', fontSize, bold);
  const lines: Word[][] = [];
  let line: Word[] = [];
  let width = 0;
  for (const word of wordsOf(paragraph)) {
    const wordWidth = measure(word.text, fontSize, bold);
    // A little slack, so that pdfmake never breaks a line this module has already broken.
    if (line.length > 0 && width + space + wordWidth > maxWidth * 0.96) {
      lines.push(line);
      line = [];
      width = 0;
    }
    width += (line.length > 0 ? space : 0) + wordWidth;
    line.push(word);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

export interface RichTextOptions {
  fontSize: number;
  bold?: boolean;
  /** Width available to a paragraph with Arabic in it, for breaking it into lines. */
  width?: number;
  /** The document reads right to left: a paragraph with any Arabic in it does too. */
  rightToLeft?: boolean;
}

/**
 * The inline runs pdfmake should draw for `value`, and its alignment: right for right-to-left
 * paragraphs. Text without Arabic is left to pdfmake's own line breaking; text with Arabic is
 * broken into lines and ordered here.
 */
export function richText(value: string, options: RichTextOptions): { text: TextRun[]; alignment?: 'right' } {
  const text = normalise(value);
  if (!ARABIC.test(text)) return { text: fontRuns(text) };
  const rightToLeft = options.rightToLeft === true || isRightToLeft(text);
  const runs: TextRun[] = [];
  const paragraphs = text.split('\n');
  paragraphs.forEach((paragraph, p) => {
    const lines = options.width
      ? breakLines(paragraph, options.width, options.fontSize, options.bold ?? false)
      : [wordsOf(paragraph)];
    lines.forEach((line, l) => {
      // One inline per word and per space: an Arabic word's trailing space would be mirrored with it.
      visualOrder(line, rightToLeft).forEach((word, w) => {
        if (w > 0) runs.push({ text: ' ', font: FONT_FAMILIES.latin });
        runs.push(...fontRuns(word));
      });
      if (l < lines.length - 1 || p < paragraphs.length - 1) runs.push({ text: '\n', font: FONT_FAMILIES.latin });
    });
  });
  return rightToLeft ? { text: runs, alignment: 'right' } : { text: runs };
}
