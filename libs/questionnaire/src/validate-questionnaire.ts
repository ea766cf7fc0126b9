import { comparisonProblem } from './comparisons';
import { readExpressionQuestion, readRanking, readSlider } from './validate-computed';
import { readPageCondition, readTriggers } from './validate-flow';
import { parseHtml } from './html';
import { readChoicesOrder, readQuestionsOrder } from './validate-order';
import { readExtraItems } from './validate-choice-items';
import { readTextQuestion } from './validate-text-input';
import type { RegexSafetyCheck } from './regex-safety';
import {
  Context,
  checkKeys,
  readOptionalInteger,
  readOptionalText,
  readRequiredText,
  problemKind,
} from './validate-common';
import { checkPipedText } from './validate-piping';
import { comparisonsOf, parseCondition, type Condition } from './conditions';
import { FALLBACK_LANGUAGE, LANGUAGES, isLanguage, type Language } from './languages';
import { IDENTIFIER, hasOwn, isPlainObject, pathOf } from './problems';
import {
  LIMITS,
  QUESTION_TYPES,
  RATING_KINDS,
  type Choice,
  type ChoiceValue,
  type MatrixRow,
  type Page,
  type Question,
  type QuestionType,
  type Questionnaire,
  type QuestionnaireProblem,
  type RatingKind,
} from './types';

export { Context, problemKind, readOptionalInteger };

export interface ValidateQuestionnaireOptions {
  /** Languages every text must be given in, besides the default language. Default: all six. */
  languages?: readonly Language[];
  /**
   * The survey's default language: always required, and the text respondents see when their
   * own is missing. Default: English.
   */
  defaultLanguage?: Language;
  /**
   * The check of `regex` validators for catastrophic backtracking (regex-safety.ts). The API
   * passes a thorough one; without it a conservative syntactic rule applies.
   */
  regexSafety?: RegexSafetyCheck;
}

export type ValidateQuestionnaireResult =
  { ok: true; questionnaire: Questionnaire } | { ok: false; errors: QuestionnaireProblem[] };

/**
 * Checks a questionnaire submitted as JSON against the documented SurveyJS subset and returns a
 * cleaned copy: texts trimmed, "default" texts stored as "en", properties in a fixed order,
 * defaults that SurveyJS must also know (comment maxLength, matrix eachRowRequired) written out.
 * Messages say what is wrong, never what was submitted.
 */
export function validateQuestionnaire(
  input: unknown,
  options: ValidateQuestionnaireOptions = {},
): ValidateQuestionnaireResult {
  const context = new Context(
    requiredLanguages(options.languages, options.defaultLanguage ?? FALLBACK_LANGUAGE),
    options.regexSafety,
  );
  const questionnaire = readQuestionnaire(input, context);
  if (context.problems.total > 0 || !questionnaire) return { ok: false, errors: context.problems.toArray() };
  return { ok: true, questionnaire };
}

function requiredLanguages(languages: readonly Language[] | undefined, defaultLanguage: Language): Language[] {
  if (!isLanguage(defaultLanguage)) throw new TypeError('options.defaultLanguage is not a supported language');
  if (languages === undefined) return [...LANGUAGES];
  for (const language of languages) {
    if (!isLanguage(language)) throw new TypeError('options.languages holds an unsupported language');
  }
  return LANGUAGES.filter((language) => language === defaultLanguage || languages.includes(language));
}

const NAME_RULE = 'must be a name: a letter, then letters, digits or underscores, at most 64 characters';
const CODE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const CODE_RULE = 'a letter, then letters, digits, "_" or "-", at most 64 characters';
/** Text values SurveyJS conditions would read as booleans or as "no value". */
const RESERVED_CODES = ['true', 'false', 'null', 'undefined'];

function readQuestionnaire(input: unknown, context: Context): Questionnaire | undefined {
  if (!isPlainObject(input)) {
    context.add('', 'must be an object with title and pages');
    return undefined;
  }
  checkKeys(input, '', ['title', 'description', 'pages', 'triggers'], context);
  const title = readRequiredText(input, 'title', '', context);
  const description = readOptionalText(input, 'description', '', context);
  const pages = readPages(input, context);
  const triggers = pages && readTriggers(input, context);
  if (!title || !pages) return undefined;
  return { title, ...(description && { description }), pages, ...(triggers && { triggers }) };
}

function readPages(input: Record<string, unknown>, context: Context): Page[] | undefined {
  if (!hasOwn(input, 'pages')) {
    context.add('pages', 'is required');
    return undefined;
  }
  const pages = input.pages;
  if (!Array.isArray(pages)) {
    context.add('pages', 'must be an array of pages');
    return undefined;
  }
  if (pages.length === 0) {
    context.add('pages', 'must contain at least one page: a questionnaire needs questions');
    return undefined;
  }
  if (pages.length > LIMITS.pages) {
    context.add('pages', `must contain at most ${LIMITS.pages} pages`);
    return undefined;
  }
  // Counted first so that an oversized document is refused before any work is spent on it.
  const questionCount = pages.reduce<number>(
    (sum, page) => sum + (isPlainObject(page) && Array.isArray(page.elements) ? page.elements.length : 0),
    0,
  );
  if (questionCount > LIMITS.questions) {
    context.add('pages', `must contain at most ${LIMITS.questions} questions in total`);
    return undefined;
  }
  declareNames(pages, context);

  const result: Page[] = [];
  const pageNames = new Set<string>();
  let index = 0;
  pages.forEach((value, pageIndex) => {
    const path = pathOf('pages', pageIndex);
    const page = readPage(value, path, index, pageIndex, pageNames, context);
    if (page) result.push(page);
    index += isPlainObject(value) && Array.isArray(value.elements) ? value.elements.length : 0;
  });
  return result.length === pages.length ? result : undefined;
}

function declareNames(pages: unknown[], context: Context): void {
  let index = 0;
  for (const [pageIndex, page] of pages.entries()) {
    if (!isPlainObject(page) || !Array.isArray(page.elements)) continue;
    for (const element of page.elements) {
      const name = isPlainObject(element) ? element.name : undefined;
      if (typeof name === 'string' && IDENTIFIER.test(name) && !context.declared.has(name.toLowerCase())) {
        context.declared.set(name.toLowerCase(), { name, index, page: pageIndex });
      }
      index += 1;
    }
  }
}

function readPage(
  value: unknown,
  path: string,
  firstIndex: number,
  pageIndex: number,
  pageNames: Set<string>,
  context: Context,
): Page | undefined {
  if (!isPlainObject(value)) {
    context.add(path, 'must be an object with name and elements');
    return undefined;
  }
  const before = context.problems.total;
  checkKeys(value, path, ['name', 'title', 'visibleIf', 'questionsOrder', 'elements'], context);
  const name = readName(value, path, context);
  if (name !== undefined) {
    if (pageNames.has(name.toLowerCase())) {
      context.add(
        pathOf(path, 'name'),
        'repeats the name of an earlier page (names are compared without regard to case)',
      );
    }
    pageNames.add(name.toLowerCase());
  }
  const title = readOptionalText(value, 'title', path, context);
  checkPipedText(title, pathOf(path, 'title'), firstIndex, context);
  const visibleIf = readPageCondition(value, path, pageIndex, context);
  const questionsOrder = readQuestionsOrder(value, path, context);
  const elementsPath = pathOf(path, 'elements');
  const elements: Question[] = [];
  if (!hasOwn(value, 'elements')) {
    context.add(elementsPath, 'is required');
  } else if (!Array.isArray(value.elements)) {
    context.add(elementsPath, 'must be an array of questions');
  } else if (value.elements.length === 0) {
    context.add(elementsPath, 'must contain at least one question');
  } else {
    value.elements.forEach((element, elementIndex) => {
      const question = readQuestion(element, pathOf(elementsPath, elementIndex), firstIndex + elementIndex, context);
      if (question) elements.push(question);
    });
  }
  if (context.problems.total !== before || name === undefined) return undefined;
  return { name, ...(title && { title }), ...(visibleIf !== undefined && { visibleIf }), ...questionsOrder, elements };
}

function readName(object: Record<string, unknown>, path: string, context: Context): string | undefined {
  const field = pathOf(path, 'name');
  if (!hasOwn(object, 'name')) {
    context.add(field, 'is required');
    return undefined;
  }
  const name = object.name;
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    context.add(field, NAME_RULE);
    return undefined;
  }
  return name;
}

const COMMON_KEYS = ['type', 'name', 'title', 'description', 'isRequired', 'visibleIf'];

const TYPE_KEYS: Record<QuestionType, readonly string[]> = {
  rating: ['rateMin', 'rateMax', 'rateStep', 'rateCount', 'minRateDescription', 'maxRateDescription', 'ratingKind'],
  // The extra items' keys are spelled out: a spread here would keep this module in every bundle.
  radiogroup: ['choices', 'choicesOrder', 'showOtherItem', 'otherText', 'otherPlaceholder', 'showNoneItem', 'noneText'],
  dropdown: ['choices', 'choicesOrder'],
  checkbox: [
    'choices',
    'choicesOrder',
    'maxSelectedChoices',
    'showOtherItem',
    'otherText',
    'otherPlaceholder',
    'showNoneItem',
    'noneText',
  ],
  boolean: ['labelTrue', 'labelFalse'],
  comment: ['maxLength'],
  matrix: ['rows', 'columns', 'eachRowRequired'],
  html: ['html'],
  text: ['inputType', 'maxLength', 'min', 'max', 'validators'],
  multipletext: ['items'],
  ranking: ['choices'],
  slider: ['min', 'max', 'step', 'sliderType'],
  expression: ['expression', 'displayStyle', 'minimumFractionDigits', 'maximumFractionDigits'],
};

type Common = Pick<Question, 'name' | 'title' | 'description' | 'isRequired' | 'visibleIf'>;

function readQuestion(value: unknown, path: string, index: number, context: Context): Question | undefined {
  if (!isPlainObject(value)) {
    context.add(path, 'must be an object describing a question');
    return undefined;
  }
  const before = context.problems.total;
  const type = readType(value, path, context);
  if (type) checkKeys(value, path, allowedKeys(type), context);

  const name = readName(value, path, context);
  if (name !== undefined) {
    const first = context.declared.get(name.toLowerCase());
    if (first && first.index !== index) {
      context.add(
        pathOf(path, 'name'),
        'repeats the name of an earlier question (names are compared without regard to case)',
      );
    }
  }
  const title = readRequiredText(value, 'title', path, context);
  const description = readOptionalText(value, 'description', path, context);
  checkPipedText(title, pathOf(path, 'title'), index, context);
  checkPipedText(description, pathOf(path, 'description'), index, context);
  const isRequired = readOptionalBoolean(value, 'isRequired', path, context);
  const visibleIf = readCondition(value, path, index, context);
  if (type === 'expression' && isRequired === true) {
    context.add(pathOf(path, 'isRequired'), 'must be false or left out: nobody answers a computed value');
  }
  const specific = type ? readTypeSpecific(type, value, path, isRequired === true, index, context) : undefined;

  if (context.problems.total !== before || !type || name === undefined || !title || !specific) return undefined;
  const common: Common = {
    name,
    title,
    ...(description && { description }),
    ...(isRequired === true && { isRequired }),
    ...(visibleIf !== undefined && { visibleIf }),
  };
  // `type` first, as SurveyJS writes it; the cast is sound because `specific` was read for `type`.
  const question = { type, ...common, ...specific } as Question;
  context.valid.set(name, question);
  return question;
}

function readType(object: Record<string, unknown>, path: string, context: Context): QuestionType | undefined {
  const field = pathOf(path, 'type');
  if (!hasOwn(object, 'type')) {
    context.add(field, 'is required');
    return undefined;
  }
  const type = object.type;
  if (typeof type !== 'string' || !(QUESTION_TYPES as readonly string[]).includes(type)) {
    context.add(field, `must be one of ${QUESTION_TYPES.join(', ')}`);
    return undefined;
  }
  return type as QuestionType;
}

function readTypeSpecific(
  type: QuestionType,
  object: Record<string, unknown>,
  path: string,
  isRequired: boolean,
  index: number,
  context: Context,
): Record<string, unknown> | undefined {
  switch (type) {
    case 'rating':
      return readRating(object, path, context);
    case 'radiogroup': {
      const choices = readChoices(object, 'choices', path, context);
      const order = readChoicesOrder(object, path, context);
      const extra = readExtraItems(object, path, choices, context);
      return choices && { choices, ...order, ...extra };
    }
    case 'dropdown': {
      const choices = readChoices(object, 'choices', path, context);
      const order = readChoicesOrder(object, path, context);
      return choices && { choices, ...order };
    }
    case 'checkbox':
      return readCheckbox(object, path, context);
    case 'boolean': {
      const labelTrue = readOptionalText(object, 'labelTrue', path, context);
      const labelFalse = readOptionalText(object, 'labelFalse', path, context);
      return { ...(labelTrue && { labelTrue }), ...(labelFalse && { labelFalse }) };
    }
    case 'comment': {
      const maxLength = readOptionalInteger(object, 'maxLength', path, 1, LIMITS.commentMaxLength, context);
      return { maxLength: maxLength ?? LIMITS.commentDefaultMaxLength };
    }
    case 'matrix':
      return readMatrix(object, path, isRequired, context);
    case 'html':
      return readHtml(object, path, context);
    case 'text':
      return readTextQuestion(object, path, context);
    case 'multipletext':
      return readMultipleText(object, path, context);
    case 'ranking':
      return readRanking(object, path, context);
    case 'slider':
      return readSlider(object, path, context);
    case 'expression':
      return readExpressionQuestion(object, path, index, context);
  }
}

function readRating(object: Record<string, unknown>, path: string, context: Context): Record<string, unknown> {
  const rateMin = readRequiredInteger(object, 'rateMin', path, context);
  const rateMax = readRequiredInteger(object, 'rateMax', path, context);
  const bounded = rateMin !== undefined && rateMax !== undefined;
  if (bounded && rateMax <= rateMin) {
    context.add(pathOf(path, 'rateMax'), 'must be greater than rateMin');
  } else if (bounded && rateMax - rateMin + 1 > LIMITS.ratingPoints) {
    context.add(pathOf(path, 'rateMax'), `makes too many points: a rating has at most ${LIMITS.ratingPoints}`);
  }
  // SurveyJS derives both from rateMin and rateMax; accepted only when they agree, then dropped.
  if (hasOwn(object, 'rateStep') && object.rateStep !== 1) {
    context.add(pathOf(path, 'rateStep'), 'must be 1: ratings go in whole steps');
  }
  if (hasOwn(object, 'rateCount') && (!bounded || object.rateCount !== rateMax - rateMin + 1)) {
    context.add(pathOf(path, 'rateCount'), 'must equal rateMax - rateMin + 1, or be left out');
  }
  const minRateDescription = readOptionalText(object, 'minRateDescription', path, context);
  const maxRateDescription = readOptionalText(object, 'maxRateDescription', path, context);
  const ratingKind = readRatingKind(object, path, rateMin, rateMax, context);
  return {
    rateMin,
    rateMax,
    ...(minRateDescription && { minRateDescription }),
    ...(maxRateDescription && { maxRateDescription }),
    ...(ratingKind && { ratingKind }),
  };
}

const KIND_RANGES: Partial<Record<RatingKind, [number, number]>> = { nps: [0, 10], satisfaction: [1, 5] };

function readRatingKind(
  object: Record<string, unknown>,
  path: string,
  rateMin: number | undefined,
  rateMax: number | undefined,
  context: Context,
): RatingKind | undefined {
  if (!hasOwn(object, 'ratingKind')) return undefined;
  const field = pathOf(path, 'ratingKind');
  const kind = object.ratingKind;
  if (typeof kind !== 'string' || !(RATING_KINDS as readonly string[]).includes(kind)) {
    context.add(field, `must be one of ${RATING_KINDS.join(', ')}`);
    return undefined;
  }
  const range = KIND_RANGES[kind as RatingKind];
  if (range && (rateMin !== range[0] || rateMax !== range[1])) {
    context.add(field, `${kind} needs rateMin ${range[0]} and rateMax ${range[1]}`);
  }
  return kind as RatingKind;
}

function readCheckbox(object: Record<string, unknown>, path: string, context: Context): Record<string, unknown> {
  const choices = readChoices(object, 'choices', path, context);
  let maxSelectedChoices: number | undefined;
  if (hasOwn(object, 'maxSelectedChoices')) {
    const value = object.maxSelectedChoices;
    const limit = choices?.length ?? LIMITS.choices;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > limit) {
      context.add(pathOf(path, 'maxSelectedChoices'), 'must be a whole number from 1 to the number of choices');
    } else {
      maxSelectedChoices = value;
    }
  }
  const order = readChoicesOrder(object, path, context);
  const extra = readExtraItems(object, path, choices, context);
  return { choices, ...order, ...(maxSelectedChoices !== undefined && { maxSelectedChoices }), ...extra };
}

function readMatrix(
  object: Record<string, unknown>,
  path: string,
  isRequired: boolean,
  context: Context,
): Record<string, unknown> {
  const rows = readChoices(object, 'rows', path, context, true) as MatrixRow[] | undefined;
  const columns = readChoices(object, 'columns', path, context);
  if (hasOwn(object, 'eachRowRequired') && object.eachRowRequired !== isRequired) {
    context.add(
      pathOf(path, 'eachRowRequired'),
      'must be true exactly when isRequired is true (a required matrix needs every row), or be left out',
    );
  }
  return { rows, columns, ...(isRequired && { eachRowRequired: true }) };
}

/** Choices, matrix rows and matrix columns share a shape: `{ value, text }`. */
export function readChoices(
  object: Record<string, unknown>,
  key: string,
  path: string,
  context: Context,
  textValuesOnly = false,
): Choice[] | undefined {
  const field = pathOf(path, key);
  if (!hasOwn(object, key)) {
    context.add(field, 'is required');
    return undefined;
  }
  const list = object[key];
  if (!Array.isArray(list)) {
    context.add(field, 'must be an array of { value, text } objects');
    return undefined;
  }
  if (list.length === 0) {
    context.add(field, 'must contain at least one entry');
    return undefined;
  }
  if (list.length > LIMITS.choices) {
    context.add(field, `must contain at most ${LIMITS.choices} entries`);
    return undefined;
  }
  const before = context.problems.total;
  const seen = new Set<string>();
  const choices: Choice[] = [];
  list.forEach((item, itemIndex) => {
    const itemPath = pathOf(field, itemIndex);
    if (!isPlainObject(item)) {
      context.add(itemPath, 'must be an object with value and text');
      return;
    }
    checkKeys(item, itemPath, ['value', 'text'], context);
    const value = readChoiceValue(item, itemPath, textValuesOnly, context);
    if (value !== undefined) {
      // SurveyJS compares text values without regard to case, so such twins could not be told apart.
      const identity = typeof value === 'string' ? `s:${value.toLowerCase()}` : `n:${value}`;
      if (seen.has(identity)) {
        context.add(
          pathOf(itemPath, 'value'),
          'repeats an earlier value in this list (text values are compared without regard to case)',
        );
      }
      seen.add(identity);
    }
    const text = readRequiredText(item, 'text', itemPath, context);
    if (value !== undefined && text) choices.push({ value, text });
  });
  return context.problems.total === before ? choices : undefined;
}

function readChoiceValue(
  item: Record<string, unknown>,
  path: string,
  textValuesOnly: boolean,
  context: Context,
): ChoiceValue | undefined {
  const field = pathOf(path, 'value');
  if (!hasOwn(item, 'value')) {
    context.add(field, 'is required');
    return undefined;
  }
  const value = item.value;
  if (typeof value === 'number' && !textValuesOnly) {
    if (Number.isFinite(value)) return value;
    context.add(field, 'must be a finite number');
    return undefined;
  }
  if (typeof value !== 'string' || !CODE.test(value)) {
    context.add(field, textValuesOnly ? `must be a code: ${CODE_RULE}` : `must be a number or a code: ${CODE_RULE}`);
    return undefined;
  }
  if (RESERVED_CODES.includes(value.toLowerCase())) {
    context.add(field, `must not be ${RESERVED_CODES.join(', ')}: SurveyJS conditions read these as keywords`);
    return undefined;
  }
  return value;
}

function readOptionalBoolean(
  object: Record<string, unknown>,
  key: string,
  path: string,
  context: Context,
): boolean | undefined {
  if (!hasOwn(object, key)) return undefined;
  const value = object[key];
  if (typeof value !== 'boolean') {
    context.add(pathOf(path, key), 'must be true or false');
    return undefined;
  }
  return value;
}

function readRequiredInteger(
  object: Record<string, unknown>,
  key: string,
  path: string,
  context: Context,
): number | undefined {
  if (!hasOwn(object, key)) {
    context.add(pathOf(path, key), 'is required');
    return undefined;
  }
  const value = object[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    context.add(pathOf(path, key), 'must be a whole number');
    return undefined;
  }
  return value;
}

/** Checks each comparison of a parsed condition against the question it reads, as `visibleIf` is checked. */
export function checkComparisons(
  condition: Condition,
  field: string,
  index: number,
  context: Context,
  offset = 0,
): void {
  for (const comparison of comparisonsOf(condition)) {
    const at = `at character ${comparison.position + offset}`;
    const declared = context.declared.get(comparison.question.toLowerCase());
    if (!declared || declared.name !== comparison.question) {
      context.add(field, `refers to a question that does not exist ${at}`);
    } else if (declared.index === index) {
      context.add(field, `refers to its own question ${at}`);
    } else if (declared.index > index) {
      context.add(field, `refers to a later question ${at}: conditions may only use earlier answers`);
    } else {
      // A target with problems of its own was reported already; its comparisons are not judged.
      const target = context.valid.get(comparison.question);
      const problem = target && comparisonProblem(comparison, target);
      if (problem) context.add(field, `${problem} ${at}`);
    }
  }
}

function readCondition(
  object: Record<string, unknown>,
  path: string,
  index: number,
  context: Context,
): string | undefined {
  if (!hasOwn(object, 'visibleIf')) return undefined;
  const field = pathOf(path, 'visibleIf');
  const value = object.visibleIf;
  if (typeof value !== 'string') {
    context.add(field, 'must be a string holding a condition');
    return undefined;
  }
  const parsed = parseCondition(value);
  if (!parsed.ok) {
    context.add(field, `does not parse: ${parsed.error.message}`);
    return undefined;
  }
  checkComparisons(parsed.condition, field, index, context);
  return value.trim();
}

/** The properties a question of this type may have: an information block has no description and is never required. */
function allowedKeys(type: QuestionType): string[] {
  if (type === 'html') return ['type', 'name', 'title', 'visibleIf', ...TYPE_KEYS.html];
  // A computed value has nobody to require it from; `isRequired: false` is accepted and dropped.
  if (type === 'expression')
    return ['type', 'name', 'title', 'description', 'visibleIf', 'isRequired', ...TYPE_KEYS.expression];
  return [...COMMON_KEYS, ...TYPE_KEYS[type]];
}

/** An information block's `html`: a text in each language, each in the HTML subset of html.ts. */
function readHtml(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): Record<string, unknown> | undefined {
  const html = readRequiredText(object, 'html', path, context);
  if (!html) return undefined;
  for (const [language, text] of Object.entries(html)) {
    const parsed = parseHtml(text);
    if (!parsed.ok)
      context.add(pathOf(pathOf(path, 'html'), language), `is not in the allowed HTML: ${parsed.error.message}`);
  }
  return { html };
}

/** A multipletext's `items`: 1 to 20, each `{ name, title, maxLength? }`, names unique regardless of case. */
function readMultipleText(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): Record<string, unknown> | undefined {
  const field = pathOf(path, 'items');
  const list = object.items;
  if (!hasOwn(object, 'items')) {
    context.add(field, 'is required');
    return undefined;
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > LIMITS.multipleTextItems) {
    context.add(field, `must be an array of 1 to ${LIMITS.multipleTextItems} items { name, title }`);
    return undefined;
  }
  const before = context.problems.total;
  const seen = new Set<string>();
  const items = list.map((item, index) => {
    const itemPath = pathOf(field, index);
    if (!isPlainObject(item)) {
      context.add(itemPath, 'must be an object with name and title');
      return undefined;
    }
    checkKeys(item, itemPath, ['name', 'title', 'maxLength'], context);
    const name = readName(item, itemPath, context);
    if (name !== undefined) {
      if (seen.has(name.toLowerCase())) context.add(pathOf(itemPath, 'name'), 'repeats an earlier item name');
      seen.add(name.toLowerCase());
    }
    const title = readRequiredText(item, 'title', itemPath, context);
    const maxLength = readOptionalInteger(item, 'maxLength', itemPath, 1, LIMITS.textMaxLength, context);
    return name !== undefined && title
      ? { name, title, maxLength: maxLength ?? LIMITS.textDefaultMaxLength }
      : undefined;
  });
  return context.problems.total === before ? { items } : undefined;
}
