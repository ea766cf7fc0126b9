import { conditionReferences, isPlainObject, parseCondition, type Language } from '@survey/questionnaire';
import { listOf, textsOf } from '../draft';
import { literalText, type Subject, type ValueOption } from './condition-model';

/** A question the builder may offer, with where it stands in the questionnaire. */
export interface PlacedSubject {
  subject: Subject;
  page: number;
  /** Position on its page, from 0. */
  position: number;
  /** Position in the whole questionnaire, from 0. */
  index: number;
}

/**
 * The text of a localised text in the editor's language, else in the first of `fallbacks` that
 * has one, else ''.
 */
export function textIn(value: unknown, languages: readonly Language[]): string {
  const texts = textsOf(value);
  for (const language of languages) {
    const text = texts[language]?.trim();
    if (text) return text;
  }
  return '';
}

/**
 * The questions of a draft (which may be incomplete) that a condition can test, in document
 * order. Matrices, multiple texts and information blocks are left out: the condition grammar
 * cannot test them. Titles and choice labels are read in `languages`, first that has a text.
 */
export function subjectsOf(draft: unknown, languages: readonly Language[]): PlacedSubject[] {
  const placed: PlacedSubject[] = [];
  let index = 0;
  listOf(draft, 'pages').forEach((page, pageIndex) => {
    listOf(page, 'elements').forEach((question, position) => {
      const subject = subjectOf(question, languages);
      if (subject) placed.push({ subject, page: pageIndex, position, index });
      index += 1;
    });
  });
  return placed;
}

function subjectOf(question: Record<string, unknown>, languages: readonly Language[]): Subject | undefined {
  const name = question.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const title = textIn(question.title, languages);
  switch (question.type) {
    case 'rating': {
      const min = question.rateMin;
      const max = question.rateMax;
      if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) > (max as number)) return undefined;
      return { kind: 'rating', name, title, min: min as number, max: max as number };
    }
    case 'radiogroup':
    case 'dropdown':
    case 'checkbox': {
      const choices = choiceOptions(question.choices, languages);
      return {
        kind: 'choice',
        name,
        title,
        multiple: question.type === 'checkbox',
        numeric: choices.length > 0 && choices.every((choice) => typeof choice.value === 'number'),
        choices,
      };
    }
    case 'boolean':
      return {
        kind: 'boolean',
        name,
        title,
        labelTrue: textIn(question.labelTrue, languages),
        labelFalse: textIn(question.labelFalse, languages),
      };
    case 'comment':
    case 'text':
      return { kind: 'text', name, title };
    default:
      return undefined;
  }
}

/** Choices whose value a condition can write, each once, labelled by its text. */
function choiceOptions(list: unknown, languages: readonly Language[]): ValueOption[] {
  const options: ValueOption[] = [];
  for (const choice of Array.isArray(list) ? list.filter(isPlainObject) : []) {
    const value = choice.value;
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if (literalText(value) === undefined || options.some((option) => option.value === value)) continue;
    options.push({ value, label: textIn(choice.text, languages) || String(value) });
  }
  return options;
}

/** For a question's `visibleIf`: the questions before it (the one at `position` on `page`). */
export function subjectsBeforeQuestion(all: readonly PlacedSubject[], page: number, position: number): Subject[] {
  return all
    .filter((each) => each.page < page || (each.page === page && each.position < position))
    .map((each) => each.subject);
}

/** For a page's `visibleIf`: the questions of earlier pages. */
export function subjectsBeforePage(all: readonly PlacedSubject[], page: number): Subject[] {
  return all.filter((each) => each.page < page).map((each) => each.subject);
}

/**
 * For a trigger: any question, or for a jump only those on pages before the page it jumps to
 * (jumps go forward from the page of the last question the expression reads).
 */
export function subjectsForTrigger(all: readonly PlacedSubject[], gotoPage: number | undefined): Subject[] {
  return all.filter((each) => gotoPage === undefined || each.page < gotoPage).map((each) => each.subject);
}

/** The page of a question, by exact name, in a draft. */
export function pageOfQuestion(draft: unknown, name: unknown): number | undefined {
  if (typeof name !== 'string') return undefined;
  const pages = listOf(draft, 'pages');
  const found = pages.findIndex((page) => listOf(page, 'elements').some((question) => question.name === name));
  return found < 0 ? undefined : found;
}

/**
 * The first question on a page after every question the expression reads: where a jump made
 * from that expression may go. Undefined when there is none, or the expression does not parse.
 */
export function firstJumpTarget(draft: unknown, expression: unknown): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const parsed = parseCondition(expression);
  if (!parsed.ok) return undefined;
  const home = Math.max(-1, ...conditionReferences(parsed.condition).map((name) => pageOfQuestion(draft, name) ?? -1));
  const pages = listOf(draft, 'pages');
  for (let page = home + 1; page < pages.length; page += 1) {
    const name = listOf(pages[page], 'elements').find((question) => typeof question.name === 'string')?.name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}
