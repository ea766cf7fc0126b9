/**
 * Piping: `{questionName}` in a question's title or description, or a page's title, shows the
 * respondent's own earlier answer (SurveyJS text processing). It is done only where the answers
 * are, in the respondent's browser: the server never renders a text with an answer in it, so no
 * answer, and no free text, ever travels back in a title.
 */
import { localize, type Language, type LocalizedText } from './languages';
import type { Answers, Question, Questionnaire } from './types';

/** `{name}` with a question name inside; any other use of braces is plain text. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,63})\}/g;

export interface PipedReference {
  name: string;
  /** 1-based character position of the `{`, for messages. */
  position: number;
}

/** The placeholders of a text, left to right. */
export function pipedReferences(text: string): PipedReference[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1], position: (match.index ?? 0) + 1 }));
}

/** Whether an answer of this type can be shown in a text. A matrix cannot. */
export function isPipeable(question: Question): boolean {
  return question.type !== 'matrix' && question.type !== 'html' && question.type !== 'multipletext';
}

/** Words for yes and no in the respondent's language, for yes/no questions without labels. */
export interface PipingWords {
  yes: string;
  no: string;
  /** Labels of the "Other" and "None" items when the question gives none. */
  other?: string;
  none?: string;
}

/** The label of a choice value, including the "Other" and "None" items. */
function choiceLabel(question: Question, value: unknown, language: Language, words: PipingWords): string {
  if (question.type !== 'radiogroup' && question.type !== 'dropdown' && question.type !== 'checkbox') return '';
  const choice = question.choices.find((c) => c.value === value);
  if (choice) return localize(choice.text, language);
  if (question.type === 'dropdown') return '';
  if (value === 'other' && question.showOtherItem) {
    return question.otherText ? localize(question.otherText, language) : (words.other ?? 'Other');
  }
  if (value === 'none' && question.showNoneItem) {
    return question.noneText ? localize(question.noneText, language) : (words.none ?? 'None');
  }
  return '';
}

/** How an answer reads in a text: choice texts in the respondent's language, numbers, the text written. */
export function answerText(question: Question, value: unknown, language: Language, words: PipingWords): string {
  if (value === undefined || value === null) return '';
  switch (question.type) {
    case 'rating':
      return typeof value === 'number' ? String(value) : '';
    case 'radiogroup':
    case 'dropdown':
      return choiceLabel(question, value, language, words);
    case 'checkbox': {
      if (!Array.isArray(value)) return '';
      return value
        .map((one) => choiceLabel(question, one, language, words))
        .filter((label) => label !== '')
        .join(', ');
    }
    case 'boolean': {
      if (typeof value !== 'boolean') return '';
      const label = value ? question.labelTrue : question.labelFalse;
      return label ? localize(label, language) : value ? words.yes : words.no;
    }
    case 'text':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    case 'comment':
      return typeof value === 'string' ? value : '';
    case 'slider':
    case 'expression':
      return typeof value === 'number' ? String(value) : '';
    case 'ranking': {
      if (!Array.isArray(value)) return '';
      return value
        .map((one) => question.choices.find((choice) => choice.value === one))
        .filter((choice) => choice !== undefined)
        .map((choice) => localize(choice.text, language))
        .join(', ');
    }
    case 'matrix':
    case 'html':
    case 'multipletext':
      return '';
  }
}

/**
 * The text with each `{name}` replaced by the answer standing for that question (empty when
 * unanswered or not shown, as in SurveyJS). The result is plain text: render it as text, never
 * as HTML.
 */
export function pipeText(
  text: string,
  questionnaire: Questionnaire,
  answers: Readonly<Answers>,
  language: Language,
  words: PipingWords,
): string {
  if (!text.includes('{')) return text;
  const byName = new Map<string, Question>();
  for (const page of questionnaire.pages) for (const question of page.elements) byName.set(question.name, question);
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const question = byName.get(name);
    return question ? answerText(question, answers[name], language, words) : whole;
  });
}

/** A localized text as the respondent reads it, piped: only the shown language is rendered. */
export function pipeLocalized(
  text: LocalizedText,
  questionnaire: Questionnaire,
  answers: Readonly<Answers>,
  language: Language,
  words: PipingWords,
): string {
  return pipeText(localize(text, language), questionnaire, answers, language, words);
}

/**
 * A text for places that show no answers (reports, exports, the editor's lists): each
 * placeholder becomes an ellipsis.
 */
export function withoutPiping(text: string): string {
  return text.replace(PLACEHOLDER, '…');
}
