import { isPlainObject, LANGUAGES, QUESTION_TYPES, type Language, type QuestionType } from '@survey/questionnaire';

/**
 * The questionnaire being edited, as plain JSON. It is often incomplete or invalid while someone
 * works on it (the API accepts any object for a draft; publishing validates), so nothing here
 * assumes the validated `Questionnaire` type: every read checks the shape it finds.
 */
export type JsonObject = Record<string, unknown>;
export type Path = readonly (string | number)[];

/**
 * Identity of a question across edits (for which ones are expanded). A symbol-keyed property:
 * JSON.stringify, Object.keys (hence the validator) and structured cloning all leave it out,
 * and object spreads carry it to the edited copy.
 */
const KEY = Symbol('editor key');
type Keyed = { [KEY]?: string };
let keys = 0;

export function keyOf(object: JsonObject): string {
  const keyed = object as Keyed;
  keyed[KEY] ??= `k${++keys}`;
  return keyed[KEY];
}

/** Gives every question of a freshly parsed questionnaire its editor key. */
export function withKeys<T>(questionnaire: T): T {
  for (const page of listOf(questionnaire, 'pages')) for (const question of listOf(page, 'elements')) keyOf(question);
  return questionnaire;
}

/** The same JSON without editor keys, for places that keep the object (the preview frame). */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function getIn(root: unknown, path: Path): unknown {
  let value = root;
  for (const step of path) {
    if (typeof step === 'number') value = Array.isArray(value) ? value[step] : undefined;
    else value = isPlainObject(value) ? value[step] : undefined;
  }
  return value;
}

/** A copy of `root` with the value at `path` replaced (removed when `next` is undefined). */
export function setIn(root: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [step, ...rest] = path;
  if (typeof step === 'number') {
    const list = Array.isArray(root) ? [...root] : [];
    list[step] = setIn(list[step], rest, next);
    return list;
  }
  const object: JsonObject = isPlainObject(root) ? { ...root } : {};
  const child = setIn(object[step], rest, next);
  if (child === undefined) delete object[step];
  else object[step] = child;
  return object;
}

export function updateIn(root: unknown, path: Path, update: (value: unknown) => unknown): unknown {
  return setIn(root, path, update(getIn(root, path)));
}

/** The objects of a list property (pages, elements, choices…); anything else counts as none. */
export function listOf(object: unknown, key: string): JsonObject[] {
  const list = isPlainObject(object) ? object[key] : undefined;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

/** A path as the validator writes it: `pages[0].elements[2].title.fr`. */
export function pathText(path: Path): string {
  return path.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : text === '' ? step : `${text}.${step}`),
    '',
  );
}

/** The id of the input that edits the value at a path (same path text as the validator's). */
export function fieldId(path: Path | string): string {
  const text = typeof path === 'string' ? path : pathText(path);
  return `qe-${text.replace(/[^A-Za-z0-9_]/g, '-')}`;
}

/** The texts of a localised text, by language; a value of another shape reads as no texts. */
export function textsOf(value: unknown): Partial<Record<Language, string>> {
  const texts: Partial<Record<Language, string>> = {};
  if (!isPlainObject(value)) return texts;
  for (const language of LANGUAGES) {
    const text = value[language];
    if (typeof text === 'string') texts[language] = text;
  }
  return texts;
}

/**
 * A localised text with one language changed. An emptied language is removed (missing rather
 * than blank); an optional text with no language left is removed altogether. Keys that are not
 * languages are kept, so the validator still reports them.
 */
export function withText(value: unknown, language: Language, text: string, optional: boolean): unknown {
  const current = isPlainObject(value) ? value : {};
  const next: JsonObject = {};
  for (const each of LANGUAGES) {
    const kept = each === language ? text : current[each];
    if (kept !== undefined && kept !== '') next[each] = kept;
  }
  for (const [key, kept] of Object.entries(current)) {
    if (!(LANGUAGES as readonly string[]).includes(key)) next[key] = kept;
  }
  return optional && Object.keys(next).length === 0 ? undefined : next;
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

export function removeItem<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Where the form editor cannot follow the JSON (a list that is not a list…); null when it can. */
export function formBlocker(draft: unknown): string | null {
  if (!isPlainObject(draft)) return '';
  const lists: [unknown, string, string][] = [[draft, 'pages', 'pages']];
  while (lists.length > 0) {
    const [owner, key, path] = lists.pop()!;
    const list = (owner as JsonObject)[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return path;
    for (const [index, item] of list.entries()) {
      const itemPath = `${path}[${index}]`;
      if (!isPlainObject(item)) return itemPath;
      if (key === 'pages') lists.push([item, 'elements', `${itemPath}.elements`]);
      if (key === 'elements') {
        for (const sub of ['choices', 'rows', 'columns']) lists.push([item, sub, `${itemPath}.${sub}`]);
      }
    }
  }
  return null;
}

export function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === 'string' && (QUESTION_TYPES as readonly string[]).includes(value);
}

export function questionNames(draft: unknown): string[] {
  return listOf(draft, 'pages').flatMap((page) =>
    listOf(page, 'elements').flatMap((question) => (typeof question.name === 'string' ? [question.name] : [])),
  );
}

/** `base1`, `base2`…: the first that no name in `taken` already is (names differ regardless of case). */
export function freshName(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  for (let n = 1; ; n++) if (!lower.has(`${base}${n}`.toLowerCase())) return `${base}${n}`;
}

/** A choice value as typed: a number when it reads as one (unless only codes are allowed), else the code. */
export function choiceValueOf(input: string, codesOnly: boolean): string | number {
  const trimmed = input.trim();
  if (!codesOnly && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return input;
}

const COMMON_KEYS = ['type', 'name', 'title', 'description', 'isRequired', 'visibleIf'];

const TYPE_KEYS: Record<QuestionType, readonly string[]> = {
  rating: ['rateMin', 'rateMax', 'minRateDescription', 'maxRateDescription', 'ratingKind'],
  radiogroup: ['choices', 'choicesOrder'],
  dropdown: ['choices', 'choicesOrder'],
  checkbox: ['choices', 'choicesOrder', 'maxSelectedChoices'],
  boolean: ['labelTrue', 'labelFalse'],
  comment: ['maxLength'],
  matrix: ['rows', 'columns'],
  html: ['html'],
  text: ['inputType', 'maxLength'],
  multipletext: ['items'],
  ranking: ['choices'],
  slider: ['min', 'max', 'step'],
  expression: ['expression', 'displayStyle', 'minimumFractionDigits', 'maximumFractionDigits'],
};

/** What a question of this type needs beyond name and title; the texts are left for the author. */
function typeDefaults(type: QuestionType): JsonObject {
  switch (type) {
    case 'rating':
      return { rateMin: 1, rateMax: 5 };
    case 'radiogroup':
    case 'dropdown':
    case 'checkbox':
      return { choices: [{ value: 'choice1', text: {} }] };
    case 'matrix':
      return { rows: [{ value: 'row1', text: {} }], columns: [{ value: 1, text: {} }] };
    case 'boolean':
    case 'comment':
      return {};
    case 'html':
      return { html: {} };
    case 'text':
      return {};
    case 'multipletext':
      return { items: [{ name: 'item1', title: {} }] };
    case 'ranking':
      return {
        choices: [
          { value: 'choice1', text: {} },
          { value: 'choice2', text: {} },
        ],
      };
    case 'slider':
      return { min: 0, max: 100, step: 1 };
    case 'expression':
      return { expression: '' };
  }
}

export function newQuestion(type: QuestionType, name: string): JsonObject {
  return { type, name, title: {}, ...typeDefaults(type) };
}

export function newPage(name: string): JsonObject {
  return { name, elements: [] };
}

/**
 * The question as another type: what both types share is kept (the choices of a radio group
 * become the dropdown's), what the new type cannot have is dropped, and what it needs is added.
 */
export function withType(question: JsonObject, type: QuestionType): JsonObject {
  const allowed = new Set([...COMMON_KEYS, ...TYPE_KEYS[type]]);
  const next: JsonObject = {};
  for (const [key, value] of Object.entries(question)) if (allowed.has(key)) next[key] = value;
  // Nobody answers a computed value, so it cannot be required.
  if (type === 'expression') delete next.isRequired;
  next.type = type;
  for (const [key, value] of Object.entries(typeDefaults(type))) if (!(key in next)) next[key] = value;
  (next as Keyed)[KEY] = (question as Keyed)[KEY];
  return next;
}

/** Where a question is: page and position on the page. */
export interface QuestionAt {
  page: number;
  index: number;
}

/**
 * Moves a question one step up or down in document order; at the edge of a page it goes to the
 * end of the previous page or the start of the next one.
 */
export function moveQuestion(draft: unknown, from: QuestionAt, direction: -1 | 1): unknown {
  const pages = listOf(draft, 'pages');
  const elements = listOf(pages[from.page], 'elements');
  const target = from.index + direction;
  if (target >= 0 && target < elements.length) {
    return setIn(draft, ['pages', from.page, 'elements'], moveItem(elements, from.index, target));
  }
  const otherPage = from.page + direction;
  if (otherPage < 0 || otherPage >= pages.length) return draft;
  const question = elements[from.index];
  const others = listOf(pages[otherPage], 'elements');
  let next = setIn(draft, ['pages', from.page, 'elements'], removeItem(elements, from.index));
  next = setIn(next, ['pages', otherPage, 'elements'], direction < 0 ? [...others, question] : [question, ...others]);
  return next;
}

/** Page and question index of a validator path such as `pages[1].elements[3].choices[0].text.fr`. */
export function questionOfPath(path: string): QuestionAt | null {
  const match = /^pages\[(\d+)\]\.elements\[(\d+)\]/.exec(path);
  return match ? { page: Number(match[1]), index: Number(match[2]) } : null;
}

/** Deep equality of two JSON values, whatever the order of their keys (PostgreSQL's jsonb sorts them). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysOfA = Object.keys(a);
  return keysOfA.length === Object.keys(b).length && keysOfA.every((key) => key in b && sameJson(a[key], b[key]));
}

const KEY_ORDER = [
  'type',
  'name',
  'value',
  'title',
  'text',
  'description',
  'isRequired',
  'visibleIf',
  'rateMin',
  'rateMax',
  'minRateDescription',
  'maxRateDescription',
  'ratingKind',
  'labelTrue',
  'labelFalse',
  'inputType',
  'maxLength',
  'choices',
  'items',
  'choicesOrder',
  'maxSelectedChoices',
  'rows',
  'columns',
  'eachRowRequired',
  ...LANGUAGES,
  'pages',
  'questionsOrder',
  'elements',
  'triggers',
  'expression',
  'gotoName',
];

/**
 * The same JSON with its keys in the order people write them (type, name, title…; texts in the
 * order of LANGUAGES), as the database hands them back sorted by length.
 */
export function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!isPlainObject(value)) return value;
  const rank = (key: string) => {
    const at = KEY_ORDER.indexOf(key);
    return at < 0 ? KEY_ORDER.length : at;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, tidy(value[key])]));
}

/** The path one level up: `pages[0].elements[2]` for `pages[0].elements[2].title`. */
export function parentPath(path: string): string {
  return path.replace(/(\[\d+\]|\.?[^.[\]]+)$/, '');
}
