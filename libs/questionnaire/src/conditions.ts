/**
 * Visibility conditions (`visibleIf`): a small subset of the SurveyJS expression language, chosen
 * so that SurveyJS in the browser and this evaluator on the server always agree.
 *
 *   condition  = and { "or" and }
 *   and        = term { "and" term }
 *   term       = "(" condition ")" | comparison
 *   comparison = "{" name "}" ( ("=" | "!=" | "<" | "<=" | ">" | ">=") literal
 *                             | ("contains" | "notcontains") literal
 *                             | "empty" | "notempty" )
 *   literal    = number | "'" text "'" | "true" | "false"
 *
 * `and` binds tighter than `or`, as in SurveyJS. Keywords are lower case. Numbers are written
 * without exponent or leading zeros (`-1`, `0`, `2.5`); strings are single-quoted and contain no
 * quote or backslash, so no escaping rules can differ between the two evaluators.
 */
import { LIMITS, type Question } from './types';
import { IDENTIFIER, hasOwn } from './problems';

export type Literal = number | string | boolean;
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ConditionOperator = ComparisonOperator | 'contains' | 'notcontains' | 'empty' | 'notempty';

export interface Comparison {
  kind: 'comparison';
  question: string;
  operator: ConditionOperator;
  /** Absent for `empty` and `notempty`. */
  value?: Literal;
  /** 1-based character position of the `{`, for messages. */
  position: number;
}

export interface Conjunction {
  kind: 'and' | 'or';
  operands: Condition[];
}

export type Condition = Comparison | Conjunction;

export interface ConditionSyntaxError {
  /** 1-based character position. */
  position: number;
  message: string;
}

export type ParseConditionResult = { ok: true; condition: Condition } | { ok: false; error: ConditionSyntaxError };

type Token =
  | { type: 'question'; name: string; position: number }
  | { type: 'operator'; operator: ComparisonOperator; position: number }
  | { type: 'word'; word: Keyword; position: number }
  | { type: 'number'; value: number; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: '('; position: number }
  | { type: ')'; position: number }
  | { type: 'end'; position: number };

const KEYWORDS = ['and', 'or', 'contains', 'notcontains', 'empty', 'notempty', 'true', 'false'] as const;
type Keyword = (typeof KEYWORDS)[number];

class SyntaxProblem extends Error {
  constructor(
    readonly position: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

// Messages name positions and grammar, never the text itself: the condition is user input.
function fail(position: number, detail: string): never {
  throw new SyntaxProblem(position, `${detail} at character ${position}`);
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const position = i + 1;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      i += 1;
    } else if (char === '{') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) fail(position, 'a question reference is not closed with "}"');
      const name = text.slice(i + 1, close);
      if (!IDENTIFIER.test(name)) fail(position, 'a question reference must hold a question name');
      tokens.push({ type: 'question', name, position });
      i = close + 1;
    } else if (char === "'") {
      let end = i + 1;
      while (end < text.length && text[end] !== "'") {
        if (text[end] === '"' || text[end] === '\\' || text[end] === '\n' || text[end] === '\r') {
          fail(end + 1, 'a quoted value may not contain double quotes, backslashes or line breaks');
        }
        end += 1;
      }
      if (end >= text.length) fail(position, 'a quoted value is not closed');
      tokens.push({ type: 'string', value: text.slice(i + 1, end), position });
      i = end + 1;
    } else if (char === '"') {
      fail(position, "values are quoted with single quotes (')");
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char, position });
      i += 1;
    } else if (char === '=' || char === '!' || char === '<' || char === '>') {
      const two = text.slice(i, i + 2);
      if (two === '==') fail(position, 'equality is written with a single "="');
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'operator', operator: two, position });
        i += 2;
      } else if (char === '!') {
        fail(position, '"!" is only allowed in "!="');
      } else {
        tokens.push({ type: 'operator', operator: char as ComparisonOperator, position });
        i += 1;
      }
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const match = NUMBER.exec(text.slice(i));
      if (!match) fail(position, 'a number is malformed');
      const after = text[i + match[0].length];
      if (after !== undefined && /[A-Za-z0-9_.]/.test(after)) {
        fail(position, 'a number is malformed (no leading zeros, exponents or trailing letters)');
      }
      tokens.push({ type: 'number', value: Number(match[0]), position });
      i += match[0].length;
    } else if (/[A-Za-z]/.test(char)) {
      let end = i;
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end += 1;
      const word = text.slice(i, end);
      if ((KEYWORDS as readonly string[]).includes(word)) {
        tokens.push({ type: 'word', word: word as Keyword, position });
      } else if ((KEYWORDS as readonly string[]).includes(word.toLowerCase())) {
        fail(position, 'keywords are written in lower case');
      } else {
        fail(position, 'an unknown word (question names go in braces, text values in single quotes)');
      }
      i = end;
    } else {
      fail(position, 'an unexpected character');
    }
  }
  tokens.push({ type: 'end', position: text.length + 1 });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Condition {
    const condition = this.parseOr();
    const next = this.peek();
    if (next.type === ')') fail(next.position, 'a ")" has no matching "("');
    if (next.type !== 'end') fail(next.position, 'expected "and", "or" or the end of the condition');
    return condition;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private take(): Token {
    const token = this.tokens[this.index];
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private isWord(word: Keyword): boolean {
    const token = this.peek();
    return token.type === 'word' && token.word === word;
  }

  private parseOr(): Condition {
    const operands = [this.parseAnd()];
    while (this.isWord('or')) {
      this.take();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): Condition {
    const operands = [this.parseTerm()];
    while (this.isWord('and')) {
      this.take();
      operands.push(this.parseTerm());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseTerm(): Condition {
    const token = this.peek();
    if (token.type !== '(') return this.parseComparison();
    this.take();
    this.depth += 1;
    if (this.depth > LIMITS.conditionDepth) {
      fail(token.position, `parentheses may nest at most ${LIMITS.conditionDepth} deep`);
    }
    const inner = this.parseOr();
    const close = this.take();
    if (close.type !== ')') fail(close.position, 'expected ")"');
    this.depth -= 1;
    return inner;
  }

  private parseComparison(): Comparison {
    const subject = this.take();
    if (subject.type === 'end') fail(subject.position, 'expected a question reference such as {name}');
    if (subject.type !== 'question') {
      fail(subject.position, 'expected a question reference such as {name} (the question comes first)');
    }
    const operator = this.take();
    const base = { kind: 'comparison' as const, question: subject.name, position: subject.position };
    if (operator.type === 'operator') {
      return { ...base, operator: operator.operator, value: this.parseLiteral() };
    }
    if (operator.type === 'word') {
      switch (operator.word) {
        case 'contains':
        case 'notcontains':
          return { ...base, operator: operator.word, value: this.parseLiteral() };
        case 'empty':
        case 'notempty':
          return { ...base, operator: operator.word };
        default:
          break;
      }
    }
    return fail(
      operator.position,
      'expected an operator (=, !=, <, <=, >, >=, contains, notcontains, empty, notempty)',
    );
  }

  private parseLiteral(): Literal {
    const token = this.take();
    if (token.type === 'number' || token.type === 'string') return token.value;
    if (token.type === 'word' && (token.word === 'true' || token.word === 'false')) return token.word === 'true';
    return fail(token.position, "expected a value: a number, 'text', true or false");
  }
}

export function parseCondition(text: string): ParseConditionResult {
  if (text.length > LIMITS.conditionLength) {
    return {
      ok: false,
      error: { position: 1, message: `a condition may be at most ${LIMITS.conditionLength} characters long` },
    };
  }
  if (text.trim() === '') return { ok: false, error: { position: 1, message: 'the condition is empty' } };
  try {
    return { ok: true, condition: new Parser(tokenize(text)).parse() };
  } catch (error) {
    if (error instanceof SyntaxProblem) {
      return { ok: false, error: { position: error.position, message: error.message } };
    }
    throw error;
  }
}

/** Every comparison in the condition, left to right. */
export function comparisonsOf(condition: Condition): Comparison[] {
  if (condition.kind === 'comparison') return [condition];
  return condition.operands.flatMap(comparisonsOf);
}

/** The question names a condition reads, without repeats, in order of first use. */
export function conditionReferences(condition: Condition): string[] {
  return [...new Set(comparisonsOf(condition).map((comparison) => comparison.question))];
}

/**
 * Emptiness as SurveyJS defines it: no value, an empty or blank string, or an empty array.
 * Zero and false are answers.
 */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * Evaluates a condition against answers keyed by question name, as SurveyJS does for answers
 * that passed validation: an unanswered question equals nothing (so `!=` holds), is neither
 * smaller nor larger than anything, contains nothing (so `notcontains` holds) and is empty.
 */
export function evaluateCondition(condition: Condition, answers: Readonly<Record<string, unknown>>): boolean {
  switch (condition.kind) {
    case 'or':
      return condition.operands.some((operand) => evaluateCondition(operand, answers));
    case 'and':
      return condition.operands.every((operand) => evaluateCondition(operand, answers));
    case 'comparison':
      return evaluateComparison(
        condition,
        hasOwn(answers, condition.question) ? answers[condition.question] : undefined,
      );
  }
}

function evaluateComparison(comparison: Comparison, answer: unknown): boolean {
  const { operator, value } = comparison;
  switch (operator) {
    case 'empty':
      return isEmptyValue(answer);
    case 'notempty':
      return !isEmptyValue(answer);
    case '=':
      return answer === value;
    case '!=':
      return answer !== value;
    case 'contains':
      return Array.isArray(answer) && answer.includes(value);
    case 'notcontains':
      return !(Array.isArray(answer) && answer.includes(value));
    default: {
      if (typeof answer !== 'number' || typeof value !== 'number') return false;
      if (operator === '<') return answer < value;
      if (operator === '<=') return answer <= value;
      if (operator === '>') return answer > value;
      return answer >= value;
    }
  }
}

/**
 * Whether the question is shown, given the answers. Meant for validated questionnaires: a
 * condition that does not parse is a programming error and throws.
 */
export function isVisible(question: Pick<Question, 'visibleIf'>, answers: Readonly<Record<string, unknown>>): boolean {
  if (question.visibleIf === undefined) return true;
  const parsed = parseCondition(question.visibleIf);
  if (!parsed.ok) throw new Error(`visibleIf does not parse: ${parsed.error.message}`);
  return evaluateCondition(parsed.condition, answers);
}
