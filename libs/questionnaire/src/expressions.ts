/**
 * Expressions of `expression` questions: a small subset of the SurveyJS expression language that
 * computes a number from earlier answers.
 *
 *   expression = sum { ("+" | "-") sum }
 *   sum        = unary { ("*" | "/") unary }            (named for precedence only)
 *   unary      = [ "-" ] primary
 *   primary    = number | "{" name "}" | "(" expression ")"
 *              | ("sum" | "min" | "max" | "avg") "(" expression { "," expression } ")"
 *              | "round" "(" expression [ "," digits ] ")"
 *              | "iif" "(" condition "," expression "," expression ")"
 *
 * `condition` is a visibility condition (conditions.ts). Numbers are written as in conditions
 * (`2`, `0.5`, no exponent); `digits` is a whole number from 0 to 10.
 *
 * Values: `{name}` reads a number answer (rating, slider, another expression, or a radiogroup or
 * dropdown whose choice values are all numbers). An unanswered question has no value; `+ - * /`
 * with a missing operand, a division by zero or a result that is not a finite number give no
 * value, and the expression question is then unanswered. `sum`, `min`, `max` and `avg` skip
 * missing values and give no value when all are missing. `round` rounds half away from zero.
 */
import { parseCondition, evaluateCondition, conditionReferences, type Condition } from './conditions';
import { IDENTIFIER, hasOwn } from './problems';
import { LIMITS, type ExpressionDisplayStyle } from './types';

export const EXPRESSION_FUNCTIONS = ['sum', 'min', 'max', 'avg', 'round', 'iif'] as const;
type FunctionName = (typeof EXPRESSION_FUNCTIONS)[number];

export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'answer'; question: string; position: number }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: Expression; right: Expression }
  | { kind: 'call'; name: Exclude<FunctionName, 'iif' | 'round'>; args: Expression[] }
  | { kind: 'round'; operand: Expression; digits: number }
  | { kind: 'iif'; condition: Condition; conditionPosition: number; then: Expression; otherwise: Expression };

export interface ExpressionSyntaxError {
  /** 1-based character position. */
  position: number;
  message: string;
}

export type ParseExpressionResult = { ok: true; expression: Expression } | { ok: false; error: ExpressionSyntaxError };

class SyntaxProblem extends Error {
  constructor(
    readonly position: number,
    detail: string,
  ) {
    super(`${detail} at character ${position}`);
  }
}

// Messages name positions and grammar, never the text itself: the expression is user input.
function fail(position: number, detail: string): never {
  throw new SyntaxProblem(position, detail);
}

const NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?/;

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parse(): Expression {
    const expression = this.parseExpression();
    this.skipSpace();
    if (this.i < this.text.length) {
      if (this.text[this.i] === ')') fail(this.i + 1, 'a ")" has no matching "("');
      fail(this.i + 1, 'expected an operator (+, -, *, /) or the end of the expression');
    }
    return expression;
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i += 1;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.i];
  }

  private expect(char: string, what: string): void {
    if (this.peek() !== char) fail(this.i + 1, `expected ${what}`);
    this.i += 1;
  }

  private nest(position: number): void {
    this.depth += 1;
    if (this.depth > LIMITS.expressionDepth) {
      fail(position, `parentheses and functions may nest at most ${LIMITS.expressionDepth} deep`);
    }
  }

  private parseExpression(): Expression {
    let left = this.parseProduct();
    for (let next = this.peek(); next === '+' || next === '-'; next = this.peek()) {
      this.i += 1;
      left = { kind: 'binary', operator: next, left, right: this.parseProduct() };
    }
    return left;
  }

  private parseProduct(): Expression {
    let left = this.parseUnary();
    for (let next = this.peek(); next === '*' || next === '/'; next = this.peek()) {
      this.i += 1;
      left = { kind: 'binary', operator: next, left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expression {
    if (this.peek() === '-') {
      this.i += 1;
      return { kind: 'negate', operand: this.parsePrimary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expression {
    const char = this.peek();
    const position = this.i + 1;
    if (char === undefined) fail(position, 'expected a number, a question reference such as {name}, or a function');
    if (char === '(') {
      this.i += 1;
      this.nest(position);
      const inner = this.parseExpression();
      this.expect(')', '")"');
      this.depth -= 1;
      return inner;
    }
    if (char === '{') {
      const close = this.text.indexOf('}', this.i + 1);
      if (close < 0) fail(position, 'a question reference is not closed with "}"');
      const question = this.text.slice(this.i + 1, close);
      if (!IDENTIFIER.test(question)) fail(position, 'a question reference must hold a question name');
      this.i = close + 1;
      return { kind: 'answer', question, position };
    }
    if (char >= '0' && char <= '9') {
      const match = NUMBER.exec(this.text.slice(this.i));
      const after = match ? this.text[this.i + match[0].length] : undefined;
      if (!match || (after !== undefined && /[A-Za-z0-9_.]/.test(after))) {
        fail(position, 'a number is malformed (no leading zeros, exponents or trailing letters)');
      }
      this.i += match[0].length;
      return { kind: 'number', value: Number(match[0]) };
    }
    if (/[A-Za-z]/.test(char)) {
      let end = this.i;
      while (end < this.text.length && /[A-Za-z0-9_]/.test(this.text[end])) end += 1;
      const word = this.text.slice(this.i, end);
      if (!(EXPRESSION_FUNCTIONS as readonly string[]).includes(word)) {
        fail(
          position,
          `an unknown function or word (functions: ${EXPRESSION_FUNCTIONS.join(', ')}; question names go in braces)`,
        );
      }
      this.i = end;
      this.expect('(', `"(" after the function name`);
      this.nest(position);
      const call = this.parseCall(word as FunctionName, position);
      this.expect(')', '")" closing the function call');
      this.depth -= 1;
      return call;
    }
    return fail(position, 'an unexpected character');
  }

  private parseCall(name: FunctionName, position: number): Expression {
    if (name === 'iif') return this.parseIif();
    const args = [this.parseExpression()];
    while (this.peek() === ',') {
      this.i += 1;
      if (name === 'round') {
        this.skipSpace();
        const match = /^(?:[0-9]|10)(?![0-9.])/.exec(this.text.slice(this.i));
        if (!match) fail(this.i + 1, 'round takes a number of digits from 0 to 10 as its second argument');
        this.i += match[0].length;
        return { kind: 'round', operand: args[0], digits: Number(match[0]) };
      }
      args.push(this.parseExpression());
    }
    if (name === 'round') return { kind: 'round', operand: args[0], digits: 0 };
    if (args.length > 50) fail(position, 'a function takes at most 50 arguments');
    return { kind: 'call', name, args };
  }

  /** `iif(condition, then, otherwise)`: the condition is read by the condition parser, up to its comma. */
  private parseIif(): Expression {
    this.skipSpace();
    const start = this.i;
    let depth = 0;
    let quoted = false;
    let end = start;
    for (; end < this.text.length; end += 1) {
      const c = this.text[end];
      if (quoted) {
        if (c === "'") quoted = false;
      } else if (c === "'") quoted = true;
      else if (c === '(') depth += 1;
      else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (c === ',' && depth === 0) break;
    }
    if (this.text[end] !== ',') fail(start + 1, 'iif takes a condition, a value if it holds and a value if not');
    const parsed = parseCondition(this.text.slice(start, end));
    if (!parsed.ok) {
      // The condition parser counts from the start of the condition.
      const at = start + parsed.error.position;
      fail(at, `the condition of iif does not parse (${parsed.error.message.replace(/ at character \d+$/, '')})`);
    }
    this.i = end + 1;
    const then = this.parseExpression();
    this.expect(',', '"," before the value iif gives when its condition does not hold');
    const otherwise = this.parseExpression();
    return { kind: 'iif', condition: parsed.condition, conditionPosition: start + 1, then, otherwise };
  }
}

export function parseExpression(text: string): ParseExpressionResult {
  if (text.length > LIMITS.expressionLength) {
    return {
      ok: false,
      error: { position: 1, message: `an expression may be at most ${LIMITS.expressionLength} characters long` },
    };
  }
  if (text.trim() === '') return { ok: false, error: { position: 1, message: 'the expression is empty' } };
  try {
    return { ok: true, expression: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof SyntaxProblem)
      return { ok: false, error: { position: error.position, message: error.message } };
    throw error;
  }
}

/** What an expression reads: the answers it uses directly, and the conditions of its `iif`s. */
export function expressionParts(expression: Expression): {
  answers: { question: string; position: number }[];
  conditions: { condition: Condition; position: number }[];
} {
  const answers: { question: string; position: number }[] = [];
  const conditions: { condition: Condition; position: number }[] = [];
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case 'number':
        return;
      case 'answer':
        answers.push({ question: node.question, position: node.position });
        return;
      case 'negate':
        return visit(node.operand);
      case 'round':
        return visit(node.operand);
      case 'binary':
        visit(node.left);
        return visit(node.right);
      case 'call':
        return node.args.forEach(visit);
      case 'iif':
        conditions.push({ condition: node.condition, position: node.conditionPosition });
        visit(node.then);
        return visit(node.otherwise);
    }
  };
  visit(expression);
  return { answers, conditions };
}

/** Every question name an expression reads, in its arithmetic or in its conditions, without repeats. */
export function expressionReferences(expression: Expression): string[] {
  const { answers, conditions } = expressionParts(expression);
  return [
    ...new Set([
      ...answers.map((answer) => answer.question),
      ...conditions.flatMap((condition) => conditionReferences(condition.condition)),
    ]),
  ];
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

function roundHalfAwayFromZero(value: number, digits: number): number {
  const factor = 10 ** digits;
  // The nudge by the number's own precision keeps 1.005 from rounding down as 1.00499999….
  const scaled = Math.abs(value) * factor * (1 + Number.EPSILON);
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

/** The expression's value over answers keyed by question name, or undefined when it has none. */
export function evaluateExpression(
  expression: Expression,
  answers: Readonly<Record<string, unknown>>,
): number | undefined {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'answer': {
      const value = hasOwn(answers, expression.question) ? answers[expression.question] : undefined;
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    }
    case 'negate': {
      const value = evaluateExpression(expression.operand, answers);
      return value === undefined ? undefined : value === 0 ? 0 : -value;
    }
    case 'binary': {
      const left = evaluateExpression(expression.left, answers);
      const right = evaluateExpression(expression.right, answers);
      if (left === undefined || right === undefined) return undefined;
      switch (expression.operator) {
        case '+':
          return finite(left + right);
        case '-':
          return finite(left - right);
        case '*':
          return finite(left * right);
        case '/':
          return right === 0 ? undefined : finite(left / right);
      }
      return undefined;
    }
    case 'round': {
      const value = evaluateExpression(expression.operand, answers);
      return value === undefined ? undefined : finite(roundHalfAwayFromZero(value, expression.digits));
    }
    case 'call': {
      const values = expression.args
        .map((arg) => evaluateExpression(arg, answers))
        .filter((value): value is number => value !== undefined);
      if (values.length === 0) return undefined;
      switch (expression.name) {
        case 'sum':
          return finite(values.reduce((a, b) => a + b, 0));
        case 'avg':
          return finite(values.reduce((a, b) => a + b, 0) / values.length);
        case 'min':
          return Math.min(...values);
        case 'max':
          return Math.max(...values);
      }
      return undefined;
    }
    case 'iif':
      return evaluateCondition(expression.condition, answers)
        ? evaluateExpression(expression.then, answers)
        : evaluateExpression(expression.otherwise, answers);
  }
}

/**
 * How an expression's value reads: with the question's fraction digits and style (`percent`
 * multiplies by 100, as Intl does), in the respondent's locale.
 */
export function formatExpressionValue(
  question: {
    displayStyle?: ExpressionDisplayStyle;
    minimumFractionDigits?: number;
    maximumFractionDigits?: number;
  },
  value: number,
  locale: string,
): string {
  const options: Intl.NumberFormatOptions = {
    style: question.displayStyle === 'percent' ? 'percent' : 'decimal',
    useGrouping: question.displayStyle !== undefined,
  };
  if (question.minimumFractionDigits !== undefined) options.minimumFractionDigits = question.minimumFractionDigits;
  if (question.maximumFractionDigits !== undefined) {
    options.maximumFractionDigits = question.maximumFractionDigits;
    if (options.minimumFractionDigits === undefined && question.maximumFractionDigits < 3) {
      options.minimumFractionDigits = 0;
    }
  }
  return new Intl.NumberFormat(locale, options).format(value);
}
