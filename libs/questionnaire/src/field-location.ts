import { isLanguage, localize, type Language, type LocalizedText } from './languages';
import { isPlainObject } from './problems';
import type { QuestionnaireProblem } from './types';
import { problemKind } from './validate-common';

/** Parts of a question (or page, or the questionnaire) that a problem can point at. */
export type FieldPart =
  | 'title'
  | 'description'
  | 'choice'
  | 'row'
  | 'column'
  | 'minRateDescription'
  | 'maxRateDescription'
  | 'labelTrue'
  | 'labelFalse'
  | 'item'
  | 'html';

const ITEM_PARTS: Record<string, FieldPart> = { choices: 'choice', rows: 'row', columns: 'column', items: 'item' };
const TEXT_PARTS: readonly string[] = [
  'title',
  'description',
  'minRateDescription',
  'maxRateDescription',
  'labelTrue',
  'labelFalse',
  'html',
];

/**
 * Where a problem's path points, in words a person can follow: which page or question (by
 * position and title), which part of it, which choice, which language. Positions count from 1.
 */
export interface FieldLocation {
  page?: { number: number; name?: string };
  /** Numbered in document order across pages, as the editor numbers questions. */
  question?: { number: number; name?: string; title?: string };
  part?: FieldPart;
  /** The choice, row or column, counted from 1. */
  item?: number;
  /** The language of the text concerned. */
  language?: Language;
  /** A property that is not a text (`name`, `value`, `visibleIf`, `rateMin`, …). */
  property?: string;
}

const STEP = /^(?:\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\])/;

function steps(field: string): (string | number)[] {
  const result: (string | number)[] = [];
  let rest = field;
  while (rest !== '') {
    const match = STEP.exec(rest);
    if (!match) break;
    result.push(match[1] !== undefined ? match[1] : Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return result;
}

function titleOf(value: unknown, language: Language): string | undefined {
  if (!isPlainObject(value) || !isPlainObject(value.title)) return undefined;
  const title = localize(value.title as LocalizedText, language).trim();
  return title === '' ? undefined : title.slice(0, 80);
}

function questionNumber(pages: unknown[], pageIndex: number, elementIndex: number): number {
  let number = 0;
  for (let i = 0; i < pageIndex; i += 1) {
    const page = pages[i];
    if (isPlainObject(page) && Array.isArray(page.elements)) number += page.elements.length;
  }
  return number + elementIndex + 1;
}

/**
 * Reads a problem's path (`pages[0].elements[2].choices[1].text.fr`) against the questionnaire
 * it was found in. `titleLanguage` picks the language of the question titles quoted.
 */
export function locateField(questionnaire: unknown, field: string, titleLanguage: Language = 'en'): FieldLocation {
  const path = steps(field);
  const location: FieldLocation = {};
  let at = 0;
  const pages = isPlainObject(questionnaire) && Array.isArray(questionnaire.pages) ? questionnaire.pages : [];
  if (path[0] === 'pages' && typeof path[1] === 'number') {
    const pageIndex = path[1];
    const page: unknown = pages[pageIndex];
    at = 2;
    if (path[2] === 'elements' && typeof path[3] === 'number') {
      const elementIndex = path[3];
      const element: unknown =
        isPlainObject(page) && Array.isArray(page.elements) ? page.elements[elementIndex] : undefined;
      const name = isPlainObject(element) && typeof element.name === 'string' ? element.name : undefined;
      location.question = {
        number: questionNumber(pages, pageIndex, elementIndex),
        ...(name && { name }),
        ...(titleOf(element, titleLanguage) !== undefined && { title: titleOf(element, titleLanguage) }),
      };
      at = 4;
    } else {
      const name = isPlainObject(page) && typeof page.name === 'string' ? page.name : undefined;
      location.page = { number: pageIndex + 1, ...(name && { name }) };
    }
  }
  const head = path[at];
  if (typeof head === 'string' && ITEM_PARTS[head] !== undefined) {
    location.part = ITEM_PARTS[head];
    if (typeof path[at + 1] === 'number') location.item = (path[at + 1] as number) + 1;
    at += 2;
    // The text of a choice, row or column; the title of a multiple-text item.
    if (path[at] === 'text' || path[at] === 'title') at += 1;
    else if (typeof path[at] === 'string') location.property = path[at] as string;
  } else if (typeof head === 'string' && TEXT_PARTS.includes(head)) {
    location.part = head as FieldPart;
    at += 1;
  } else if (typeof head === 'string' && head !== 'pages' && head !== 'elements') {
    location.property = head;
  }
  const language = path[at];
  if (location.part !== undefined && location.property === undefined && isLanguage(language)) {
    location.language = language;
  }
  return location;
}

export const ENGLISH_LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  ar: 'Arabic',
  zh: 'Chinese',
  ru: 'Russian',
};

const ENGLISH_PARTS: Record<FieldPart, string> = {
  title: 'title',
  description: 'description',
  choice: 'choice',
  row: 'row',
  column: 'column',
  minRateDescription: 'label of the lowest rating',
  maxRateDescription: 'label of the highest rating',
  labelTrue: 'label for "yes"',
  labelFalse: 'label for "no"',
  item: 'item',
  html: 'content',
};

/** "question 3 'Overall satisfaction'", "page 2", or "the questionnaire". */
function englishOwner(location: FieldLocation): string {
  if (location.question) {
    const { number, title, name } = location.question;
    return `question ${number}${title ? ` '${title}'` : name ? ` (${name})` : ''}`;
  }
  if (location.page) return `page ${location.page.number}`;
  return 'the questionnaire';
}

/** "French text of choice 1 of question 2 'Overall satisfaction'". */
export function englishFieldName(location: FieldLocation): string {
  const owner = englishOwner(location);
  const part = location.part
    ? `${ENGLISH_PARTS[location.part]}${location.item !== undefined ? ` ${location.item}` : ''}`
    : undefined;
  const what = part && location.property ? `${location.property} of ${part}` : (part ?? location.property);
  const language = location.language ? `${ENGLISH_LANGUAGE_NAMES[location.language]} text of ` : '';
  if (!what) return `${language}${owner}`;
  return `${language}${what} of ${owner}`;
}

/**
 * A problem as one English sentence naming what it concerns:
 * "French text of choice 1 of question 2 'Overall satisfaction' is missing."
 */
export function problemSentence(questionnaire: unknown, problem: QuestionnaireProblem): string {
  const location = locateField(questionnaire, problem.field);
  const name = englishFieldName(location);
  const subject = capitalised(name);
  const message = problem.message.replace(/[.:]$/, '');
  const kind = problemKind(problem);
  if (kind === 'text-missing') return `${subject} is missing.`;
  if (kind === 'text-blank') return `${subject} is blank.`;
  if (problem.field === '') {
    return /^(must|has|is)\b/.test(message) ? `The questionnaire ${message}.` : `${capitalised(message)}.`;
  }
  return `${subject}: ${message}.`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
