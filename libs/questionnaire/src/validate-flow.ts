/**
 * Validation of the flow properties: page `visibleIf` and the questionnaire's `triggers`
 * (SurveyJS `skip` and `complete`). flow.ts says what they mean.
 */
import { comparisonProblem } from './comparisons';
import { comparisonsOf, parseCondition, type Condition } from './conditions';
import { hasOwn, isPlainObject, pathOf, unexpectedKeyProblem } from './problems';
import { LIMITS, TRIGGER_TYPES, type Trigger } from './types';
import type { Context } from './validate-questionnaire';

/** Parses a condition held at `object[key]`; reports and returns undefined when it is not one. */
function parseAt(object: Record<string, unknown>, key: string, path: string, context: Context): Condition | undefined {
  const field = pathOf(path, key);
  const value = object[key];
  if (typeof value !== 'string') {
    context.add(field, 'must be a string holding a condition');
    return undefined;
  }
  const parsed = parseCondition(value);
  if (!parsed.ok) {
    context.add(field, `does not parse: ${parsed.error.message}`);
    return undefined;
  }
  return parsed.condition;
}

/**
 * Checks each comparison's question: it must exist (exact name) and `placement` must accept its
 * page; then the comparison must suit the question. Returns the pages of the questions read.
 */
function checkComparisons(
  condition: Condition,
  field: string,
  context: Context,
  placement: (page: number) => string | undefined,
): number[] {
  const pages: number[] = [];
  for (const comparison of comparisonsOf(condition)) {
    const at = `at character ${comparison.position}`;
    const declared = context.declared.get(comparison.question.toLowerCase());
    if (!declared || declared.name !== comparison.question) {
      context.add(field, `refers to a question that does not exist ${at}`);
      continue;
    }
    const misplaced = placement(declared.page);
    if (misplaced) {
      context.add(field, `${misplaced} ${at}`);
      continue;
    }
    pages.push(declared.page);
    const target = context.valid.get(comparison.question);
    const problem = target && comparisonProblem(comparison, target);
    if (problem) context.add(field, `${problem} ${at}`);
  }
  return pages;
}

/** A page's `visibleIf`: it may only read answers of earlier pages. */
export function readPageCondition(
  object: Record<string, unknown>,
  path: string,
  pageIndex: number,
  context: Context,
): string | undefined {
  if (!hasOwn(object, 'visibleIf')) return undefined;
  const field = pathOf(path, 'visibleIf');
  const condition = parseAt(object, 'visibleIf', path, context);
  if (!condition) return undefined;
  checkComparisons(condition, field, context, (page) =>
    page >= pageIndex
      ? 'refers to a question on this page or a later one: a page condition may only use answers of earlier pages'
      : undefined,
  );
  return (object.visibleIf as string).trim();
}

/**
 * The questionnaire's `triggers`, read once its pages are valid (questions read by a trigger are
 * judged as they were validated). Returns undefined when absent or when any trigger is wrong.
 */
export function readTriggers(input: Record<string, unknown>, context: Context): Trigger[] | undefined {
  if (!hasOwn(input, 'triggers')) return undefined;
  const list = input.triggers;
  if (!Array.isArray(list)) {
    context.add('triggers', 'must be an array of triggers');
    return undefined;
  }
  if (list.length > LIMITS.triggers) {
    context.add('triggers', `must contain at most ${LIMITS.triggers} triggers`);
    return undefined;
  }
  const before = context.problems.total;
  const triggers = list.map((item, index) => readTrigger(item, pathOf('triggers', index), context));
  if (context.problems.total !== before) return undefined;
  return triggers.filter((trigger): trigger is Trigger => trigger !== undefined);
}

function readTrigger(value: unknown, path: string, context: Context): Trigger | undefined {
  if (!isPlainObject(value)) {
    context.add(path, 'must be an object with type and expression');
    return undefined;
  }
  const type = value.type;
  if (type !== 'skip' && type !== 'complete') {
    context.add(pathOf(path, 'type'), `must be one of ${TRIGGER_TYPES.join(', ')}`);
    return undefined;
  }
  const allowed = type === 'skip' ? ['type', 'expression', 'gotoName'] : ['type', 'expression'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) context.problems.addProblem(unexpectedKeyProblem(path, key, 'allowed here'));
  }
  if (!hasOwn(value, 'expression')) {
    context.add(pathOf(path, 'expression'), 'is required');
    return undefined;
  }
  const condition = parseAt(value, 'expression', path, context);
  if (!condition) return undefined;
  const pages = checkComparisons(condition, pathOf(path, 'expression'), context, () => undefined);
  const expression = (value.expression as string).trim();
  if (type === 'complete') return { type, expression };

  const field = pathOf(path, 'gotoName');
  if (!hasOwn(value, 'gotoName')) {
    context.add(field, 'is required: the name of the question to go on at');
    return undefined;
  }
  const gotoName = value.gotoName;
  const declared = typeof gotoName === 'string' ? context.declared.get(gotoName.toLowerCase()) : undefined;
  if (!declared || declared.name !== gotoName) {
    context.add(field, 'must be the name of a question of this questionnaire');
    return undefined;
  }
  const home = Math.max(-1, ...pages);
  if (home >= 0 && declared.page <= home) {
    context.add(
      field,
      'must name a question on a page after the page of the last question the expression reads: jumps go forward',
    );
    return undefined;
  }
  return { type, expression, gotoName: declared.name };
}
