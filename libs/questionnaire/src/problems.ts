import { LIMITS, type QuestionnaireProblem } from './types';

/** Question names, page names and property names: safe to repeat in a path or message. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Collects problems up to a limit, so a hostile document cannot make the answer as large as
 * itself; the last entry then says that some were left out.
 */
export class ProblemList {
  private readonly items: QuestionnaireProblem[] = [];
  /** Every problem found, including those left out of the list. */
  total = 0;

  add(field: string, message: string): void {
    this.total += 1;
    if (this.items.length < LIMITS.problems) this.items.push({ field, message });
  }

  addProblem(problem: QuestionnaireProblem): void {
    this.add(problem.field, problem.message);
  }

  private get truncated(): boolean {
    return this.total > this.items.length;
  }

  toArray(): QuestionnaireProblem[] {
    if (!this.truncated) return [...this.items];
    return [...this.items, { field: '', message: `too many problems: only the first ${LIMITS.problems} are listed` }];
  }
}

/**
 * An object as JSON.parse makes it. Its prototype is checked by shape rather than identity, so
 * objects from another realm (a worker, structuredClone under Jest) still count.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Where to report a property nobody asked for. Its name goes into the path only when it is a
 * plain identifier; anything else might be the submitter's data, so the parent is named instead.
 */
export function unexpectedKeyProblem(parent: string, key: string, what: string): QuestionnaireProblem {
  if (IDENTIFIER.test(key)) return { field: pathOf(parent, key), message: `is not ${what}` };
  return { field: parent, message: `has a property that is not ${what}` };
}

/**
 * Control characters other than tab and line breaks: invisible to readers, a way to smuggle
 * terminal escapes into exports, and NUL cannot be stored in PostgreSQL text.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}
