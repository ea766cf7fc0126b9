import {
  parseCondition,
  type Condition,
  type ConditionOperator,
  type ConditionSyntaxError,
  type Literal,
} from '@survey/questionnaire';

/**
 * What the visual condition builder edits: comparisons joined by one word (`and` or `or`). Text is
 * read with the questionnaire library's own parser and written back in the same SurveyJS syntax,
 * so the builder and the text field always hold the same condition.
 */
export interface Clause {
  /** The name of the question read. */
  question: string;
  operator: ConditionOperator;
  /** Absent for `empty` and `notempty`. */
  value?: Literal;
}

export type Join = 'and' | 'or';

export interface BuilderModel {
  join: Join;
  /** At least one. */
  clauses: Clause[];
}

/** A question a condition may read, as the builder offers it. */
export type Subject =
  | { kind: 'rating'; name: string; title: string; min: number; max: number }
  | {
      kind: 'choice';
      name: string;
      title: string;
      /** Checkbox: several answers, tested with contains and notcontains. */
      multiple: boolean;
      /** Every choice value is a number, so the choices can be ordered with <, <=, > and >=. */
      numeric: boolean;
      choices: ValueOption[];
    }
  | { kind: 'boolean'; name: string; title: string; labelTrue: string; labelFalse: string }
  | { kind: 'text'; name: string; title: string };

export interface ValueOption {
  value: Literal;
  label: string;
}

/** What kind of value an operator needs on a subject. */
export type ValueInput =
  { kind: 'none' } | { kind: 'choices'; options: ValueOption[] } | { kind: 'number'; min: number; max: number };

/** Why a condition stays in the text field. */
export type NotBuildable =
  | { reason: 'syntax'; error: ConditionSyntaxError }
  /** `and` and `or` mixed: the builder joins every clause with one of them. */
  | { reason: 'mixed' }
  /** The question read is not one the builder may offer here (unknown, later, or not testable). */
  | { reason: 'question'; question: string }
  /** The operator or value does not suit the question, or is not one the builder offers. */
  | { reason: 'comparison'; question: string };

export type ReadResult = { ok: true; model: BuilderModel | null } | { ok: false; why: NotBuildable };

const VALUE_FREE: readonly ConditionOperator[] = ['empty', 'notempty'];
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const UNQUOTABLE = /['"\\\r\n]/;

/** A literal as the parser reads it, or undefined when the grammar has no way to write it. */
export function literalText(value: Literal): string | undefined {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const text = String(Object.is(value, -0) ? 0 : value);
    return Number.isFinite(value) && NUMBER.test(text) ? text : undefined;
  }
  return UNQUOTABLE.test(value) ? undefined : `'${value}'`;
}

export function clauseText(clause: Clause): string {
  const subject = `{${clause.question}}`;
  if (VALUE_FREE.includes(clause.operator) || clause.value === undefined) return `${subject} ${clause.operator}`;
  const literal = literalText(clause.value);
  if (literal === undefined) throw new Error('a builder clause holds a value the condition grammar cannot write');
  return `${subject} ${clause.operator} ${literal}`;
}

/** The condition text of a model, as the text field and the questionnaire hold it; '' for none. */
export function textFromModel(model: BuilderModel | null): string {
  if (model === null || model.clauses.length === 0) return '';
  return model.clauses.map(clauseText).join(` ${model.join} `);
}

/**
 * A parsed condition as one join over comparisons, or undefined when `and` and `or` mix. Groups
 * of the same word nest without changing the meaning (`a and (b and c)`), so they are flattened.
 */
export function flatten(condition: Condition): BuilderModel | undefined {
  if (condition.kind === 'comparison') return { join: 'and', clauses: [toClause(condition)] };
  const clauses: Clause[] = [];
  for (const operand of condition.operands) {
    if (operand.kind === 'comparison') clauses.push(toClause(operand));
    else if (operand.kind === condition.kind) {
      const inner = flatten(operand);
      if (!inner) return undefined;
      clauses.push(...inner.clauses);
    } else return undefined;
  }
  return { join: condition.kind, clauses };
}

function toClause(comparison: Extract<Condition, { kind: 'comparison' }>): Clause {
  const { question, operator, value } = comparison;
  if (value === undefined) return { question, operator };
  return { question, operator, value: Object.is(value, -0) ? 0 : value };
}

/** The operators the builder offers for a question, most common first. */
export function operatorsFor(subject: Subject): ConditionOperator[] {
  switch (subject.kind) {
    case 'rating':
      return ['=', '!=', '<', '<=', '>', '>=', 'empty', 'notempty'];
    case 'boolean':
      return ['=', '!=', 'empty', 'notempty'];
    case 'text':
      return ['notempty', 'empty'];
    case 'choice': {
      if (subject.choices.length === 0) return ['notempty', 'empty'];
      if (subject.multiple) return ['contains', 'notcontains', 'empty', 'notempty'];
      return subject.numeric
        ? ['=', '!=', '<', '<=', '>', '>=', 'empty', 'notempty']
        : ['=', '!=', 'empty', 'notempty'];
    }
  }
}

/** The value an operator needs on a question: none, one of a list, or a whole number in a range. */
export function valueInputFor(subject: Subject, operator: ConditionOperator, words: BooleanWords): ValueInput {
  if (VALUE_FREE.includes(operator)) return { kind: 'none' };
  switch (subject.kind) {
    case 'rating':
      return { kind: 'number', min: subject.min, max: subject.max };
    case 'boolean':
      return {
        kind: 'choices',
        options: [
          { value: true, label: subject.labelTrue || words.yes },
          { value: false, label: subject.labelFalse || words.no },
        ],
      };
    case 'choice':
      return { kind: 'choices', options: subject.choices };
    case 'text':
      return { kind: 'none' };
  }
}

export interface BooleanWords {
  yes: string;
  no: string;
}

const NO_WORDS: BooleanWords = { yes: 'true', no: 'false' };

/** Whether the builder can show this clause on this question with the pickers it offers. */
export function clauseFits(clause: Clause, subject: Subject): boolean {
  if (clause.question !== subject.name || !operatorsFor(subject).includes(clause.operator)) return false;
  const input = valueInputFor(subject, clause.operator, NO_WORDS);
  switch (input.kind) {
    case 'none':
      return clause.value === undefined;
    case 'choices':
      return input.options.some((option) => option.value === clause.value);
    case 'number':
      return (
        typeof clause.value === 'number' &&
        Number.isInteger(clause.value) &&
        clause.value >= input.min &&
        clause.value <= input.max
      );
  }
}

function firstValue(subject: Subject, operator: ConditionOperator): Literal | undefined {
  const input = valueInputFor(subject, operator, NO_WORDS);
  if (input.kind === 'choices') return input.options[0]?.value;
  if (input.kind === 'number') return input.max;
  return undefined;
}

/** A new clause on a question: its first operator and first value, so it is complete at once. */
export function defaultClause(subject: Subject): Clause {
  const operator = operatorsFor(subject)[0];
  const value = firstValue(subject, operator);
  return value === undefined ? { question: subject.name, operator } : { question: subject.name, operator, value };
}

/** The clause on another question, keeping its operator and value when they suit it. */
export function withQuestion(clause: Clause, subject: Subject): Clause {
  const moved = { ...clause, question: subject.name };
  if (clauseFits(moved, subject)) return moved;
  if (operatorsFor(subject).includes(clause.operator)) return withOperator(moved, clause.operator, subject);
  return defaultClause(subject);
}

/** The clause with another operator, keeping its value when it still suits. */
export function withOperator(clause: Clause, operator: ConditionOperator, subject: Subject): Clause {
  const { value: _dropped, ...rest } = clause;
  const changed: Clause = { ...rest, operator };
  if (VALUE_FREE.includes(operator)) return changed;
  const kept = { ...changed, value: clause.value };
  if (clause.value !== undefined && clauseFits(kept, subject)) return kept;
  const value = firstValue(subject, operator);
  return value === undefined ? changed : { ...changed, value };
}

/**
 * Reads a condition for the builder: `model` null for an empty text, or why the builder cannot
 * show it. `subjects` are the questions the builder may offer at this place.
 */
export function modelFromText(text: string, subjects: readonly Subject[]): ReadResult {
  if (text.trim() === '') return { ok: true, model: null };
  const parsed = parseCondition(text);
  if (!parsed.ok) return { ok: false, why: { reason: 'syntax', error: parsed.error } };
  const model = flatten(parsed.condition);
  if (!model) return { ok: false, why: { reason: 'mixed' } };
  const byName = new Map(subjects.map((subject) => [subject.name, subject]));
  for (const clause of model.clauses) {
    const subject = byName.get(clause.question);
    if (!subject) return { ok: false, why: { reason: 'question', question: clause.question } };
    if (!clauseFits(clause, subject)) return { ok: false, why: { reason: 'comparison', question: clause.question } };
  }
  return { ok: true, model };
}
