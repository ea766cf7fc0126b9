import {
  conditionReferences,
  evaluateCondition,
  isEmptyValue,
  isVisible,
  parseCondition,
  type Condition,
  type ConditionSyntaxError,
} from './conditions';

function parse(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.message}`);
  return result.condition;
}

function parseError(text: string): ConditionSyntaxError {
  const result = parseCondition(text);
  if (result.ok) throw new Error(`expected "${text}" not to parse`);
  return result.error;
}

function holds(text: string, answers: Record<string, unknown>): boolean {
  return evaluateCondition(parse(text), answers);
}

describe('parseCondition', () => {
  it.each([
    ['{nps} = 5', '=', 5],
    ['{nps} != 5', '!=', 5],
    ['{nps} < 7', '<', 7],
    ['{nps} <= 6', '<=', 6],
    ['{nps} > -1', '>', -1],
    ['{nps} >= 2.5', '>=', 2.5],
    ["{service} = 'pct'", '=', 'pct'],
    ['{agreed} = true', '=', true],
    ['{agreed} != false', '!=', false],
    ["{channels} contains 'email'", 'contains', 'email'],
    ["{channels} notcontains 'phone'", 'notcontains', 'phone'],
    ['{channels} = 0', '=', 0],
  ])('parses %s', (text, operator, value) => {
    expect(parse(text)).toEqual({
      kind: 'comparison',
      question: text.slice(1, text.indexOf('}')),
      operator,
      value,
      position: 1,
    });
  });

  it('parses empty and notempty without a value', () => {
    expect(parse('{why} empty')).toEqual({ kind: 'comparison', question: 'why', operator: 'empty', position: 1 });
    expect(parse('  {why}   notempty ')).toEqual({
      kind: 'comparison',
      question: 'why',
      operator: 'notempty',
      position: 3,
    });
  });

  it('accepts no spaces where none are needed', () => {
    expect(parse("{a}='x'and{b}>=3")).toEqual({
      kind: 'and',
      operands: [
        { kind: 'comparison', question: 'a', operator: '=', value: 'x', position: 1 },
        { kind: 'comparison', question: 'b', operator: '>=', value: 3, position: 11 },
      ],
    });
  });

  it('binds and tighter than or', () => {
    expect(parse('{a} = 1 or {b} = 2 and {c} = 3')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'comparison', question: 'a', operator: '=', value: 1, position: 1 },
        {
          kind: 'and',
          operands: [
            { kind: 'comparison', question: 'b', operator: '=', value: 2, position: 12 },
            { kind: 'comparison', question: 'c', operator: '=', value: 3, position: 24 },
          ],
        },
      ],
    });
    expect(parse('{a} = 1 and {b} = 2 or {c} = 3')).toMatchObject({
      kind: 'or',
      operands: [{ kind: 'and' }, { kind: 'comparison', question: 'c' }],
    });
  });

  it('lets parentheses override precedence, nested', () => {
    expect(parse('({a} = 1 or {b} = 2) and {c} = 3')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'or' }, { kind: 'comparison', question: 'c' }],
    });
    expect(parse('((({a} empty)))')).toMatchObject({ kind: 'comparison', question: 'a', operator: 'empty' });
    expect(parse('{a} = 1 and ({b} = 2 or ({c} = 3 and {d} = 4))')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'comparison' }, { kind: 'or', operands: [{ kind: 'comparison' }, { kind: 'and' }] }],
    });
  });

  it('keeps quoted text as written', () => {
    expect(parse("{a} = 'Two words, é'")).toMatchObject({ value: 'Two words, é' });
    expect(parse("{a} = ''")).toMatchObject({ value: '' });
  });

  it('refuses an empty condition', () => {
    expect(parseError('')).toEqual({ position: 1, message: 'the condition is empty' });
    expect(parseError(' \n ')).toEqual({ position: 1, message: 'the condition is empty' });
  });

  it.each([
    ['{nps}', 6, 'expected an operator'],
    ['{nps} =', 8, 'expected a value'],
    ['{nps} = = 1', 9, 'expected a value'],
    ['5 = {nps}', 1, 'the question comes first'],
    ['{nps} = 1 {b} = 2', 11, 'expected "and", "or" or the end'],
    ['{nps} = 1 and', 14, 'expected a question reference'],
    ['{nps} = 1 or or {b} = 1', 14, 'expected a question reference'],
    ['{nps} == 1', 7, 'equality is written with a single "="'],
    ['{nps} ! 1', 7, '"!" is only allowed in "!="'],
    ['{a} = "x"', 7, 'single quotes'],
    ["{a} = 'x", 7, 'a quoted value is not closed'],
    ["{a} = 'x\\'y'", 9, 'backslashes'],
    ['{a = 1', 1, 'not closed with "}"'],
    ['{} = 1', 1, 'must hold a question name'],
    ['{a b} = 1', 1, 'must hold a question name'],
    ['{1a} = 1', 1, 'must hold a question name'],
    ['{a} = 01', 7, 'number is malformed'],
    ['{a} = 1e3', 7, 'number is malformed'],
    ['{a} = 1.', 7, 'number is malformed'],
    ['{a} = -', 7, 'number is malformed'],
    ['{a} = yes', 7, 'an unknown word'],
    ['{a} = 1 AND {b} = 2', 9, 'lower case'],
    ['{a} = TRUE', 7, 'lower case'],
    ['{a} equal 1', 5, 'an unknown word'],
    ['{a} = 1 && {b} = 2', 9, 'an unexpected character'],
    ['({a} = 1', 9, 'expected ")"'],
    ['{a} = 1)', 8, 'a ")" has no matching "("'],
    ['() ', 2, 'expected a question reference'],
    ['{a} contains', 13, 'expected a value'],
  ])('refuses %j at character %i', (text, position, message) => {
    const error = parseError(text);
    expect(error.position).toBe(position);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`at character ${position}`);
  });

  it('limits length and nesting', () => {
    expect(parseError(`{a} = '${'x'.repeat(1000)}'`).message).toContain('at most 1000 characters');
    expect(parse(`${'('.repeat(10)}{a} empty${')'.repeat(10)}`)).toMatchObject({ kind: 'comparison' });
    const deep = parseError(`${'('.repeat(11)}{a} empty${')'.repeat(11)}`);
    expect(deep).toEqual({ position: 11, message: 'parentheses may nest at most 10 deep at character 11' });
  });

  it('never repeats the condition text in its messages', () => {
    for (const text of [
      "{a} = 'x' zzSecretWordzz",
      '{a} = zzSecretWordzz',
      '{zz Secret Wordzz} = 1',
      '{a} = "zzSecretWordzz"',
      'zzSecretWordzz',
    ]) {
      expect(parseError(text).message).not.toMatch(/secret/i);
    }
  });
});

describe('conditionReferences', () => {
  it('lists each referenced question once, in order of first use', () => {
    expect(conditionReferences(parse('{b} = 1 or ({a} empty and {b} != 2) or {c} notempty'))).toEqual(['b', 'a', 'c']);
  });
});

describe('evaluateCondition', () => {
  it('compares numbers, text and booleans strictly', () => {
    expect(holds('{n} = 5', { n: 5 })).toBe(true);
    expect(holds('{n} = 5', { n: 4 })).toBe(false);
    expect(holds('{n} = 5', { n: '5' })).toBe(false);
    expect(holds("{s} = 'pct'", { s: 'pct' })).toBe(true);
    expect(holds("{s} = 'pct'", { s: 'hague' })).toBe(false);
    expect(holds('{b} = true', { b: true })).toBe(true);
    expect(holds('{b} = true', { b: false })).toBe(false);
    expect(holds('{b} = false', { b: false })).toBe(true);
    expect(holds('{n} != 5', { n: 4 })).toBe(true);
    expect(holds('{n} != 5', { n: 5 })).toBe(false);
  });

  it('orders numbers, and nothing else', () => {
    expect(holds('{n} < 7', { n: 6 })).toBe(true);
    expect(holds('{n} < 7', { n: 7 })).toBe(false);
    expect(holds('{n} <= 6', { n: 6 })).toBe(true);
    expect(holds('{n} <= 6', { n: 7 })).toBe(false);
    expect(holds('{n} > 8', { n: 9 })).toBe(true);
    expect(holds('{n} > 8', { n: 8 })).toBe(false);
    expect(holds('{n} >= 9', { n: 9 })).toBe(true);
    expect(holds('{n} >= 9', { n: 8.5 })).toBe(false);
    expect(holds('{n} >= -1', { n: 0 })).toBe(true);
    expect(holds('{n} < 7', { n: '3' })).toBe(false);
  });

  it('treats an unanswered question as SurveyJS does', () => {
    expect(holds('{n} = 5', {})).toBe(false);
    expect(holds('{n} != 5', {})).toBe(true);
    expect(holds('{n} < 5', {})).toBe(false);
    expect(holds('{n} <= 5', {})).toBe(false);
    expect(holds('{n} > 5', {})).toBe(false);
    expect(holds('{n} >= 5', {})).toBe(false);
    expect(holds("{c} contains 'x'", {})).toBe(false);
    expect(holds("{c} notcontains 'x'", {})).toBe(true);
    expect(holds('{c} empty', {})).toBe(true);
    expect(holds('{c} notempty', {})).toBe(false);
    expect(holds('{n} = 5', { n: null })).toBe(false);
  });

  it('looks for values in multiple-choice answers', () => {
    expect(holds("{c} contains 'email'", { c: ['phone', 'email'] })).toBe(true);
    expect(holds("{c} contains 'email'", { c: ['phone'] })).toBe(false);
    expect(holds("{c} contains 'email'", { c: [] })).toBe(false);
    expect(holds("{c} notcontains 'email'", { c: ['phone'] })).toBe(true);
    expect(holds("{c} notcontains 'email'", { c: ['email'] })).toBe(false);
    expect(holds('{c} contains 2', { c: [1, 2] })).toBe(true);
    expect(holds('{c} contains 2', { c: ['2'] })).toBe(false);
  });

  it('calls blank text, empty lists and no value empty, but not 0 or false', () => {
    expect(holds('{c} empty', { c: '' })).toBe(true);
    expect(holds('{c} empty', { c: '  \n' })).toBe(true);
    expect(holds('{c} empty', { c: [] })).toBe(true);
    expect(holds('{c} empty', { c: 0 })).toBe(false);
    expect(holds('{c} empty', { c: false })).toBe(false);
    expect(holds('{c} notempty', { c: 'words' })).toBe(true);
    expect(holds('{c} notempty', { c: ['x'] })).toBe(true);
    expect(isEmptyValue(null)).toBe(true);
    expect(isEmptyValue({})).toBe(false);
  });

  it('evaluates and before or', () => {
    // With or first, this would read ({a} = 1 or {b} = 2) and {c} = 3, which is false here.
    expect(holds('{a} = 1 or {b} = 2 and {c} = 3', { a: 1, b: 0, c: 0 })).toBe(true);
    expect(holds('{a} = 1 or {b} = 2 and {c} = 3', { a: 0, b: 2, c: 0 })).toBe(false);
    expect(holds('{a} = 1 or {b} = 2 and {c} = 3', { a: 0, b: 2, c: 3 })).toBe(true);
    expect(holds('{a} = 1 and {b} = 2 or {c} = 3', { a: 0, b: 0, c: 3 })).toBe(true);
    expect(holds('{a} = 1 and {b} = 2 or {c} = 3', { a: 1, b: 0, c: 0 })).toBe(false);
  });

  it('evaluates parentheses first', () => {
    expect(holds('({a} = 1 or {b} = 2) and {c} = 3', { a: 1, b: 0, c: 0 })).toBe(false);
    expect(holds('({a} = 1 or {b} = 2) and {c} = 3', { a: 1, b: 0, c: 3 })).toBe(true);
    expect(holds('{a} = 1 and ({b} = 2 or {c} = 3)', { a: 1, b: 0, c: 3 })).toBe(true);
  });

  it('reads only the answers own properties', () => {
    expect(holds('{constructor} empty', {})).toBe(true);
    expect(holds('{toString} notempty', {})).toBe(false);
    expect(holds('{constructor} = 2', { constructor: 2 })).toBe(true);
  });
});

describe('isVisible', () => {
  it('shows a question without a condition', () => {
    expect(isVisible({}, {})).toBe(true);
  });

  it('evaluates the condition against the answers', () => {
    expect(isVisible({ visibleIf: '{nps} <= 6' }, { nps: 3 })).toBe(true);
    expect(isVisible({ visibleIf: '{nps} <= 6' }, { nps: 9 })).toBe(false);
    expect(isVisible({ visibleIf: '{nps} <= 6' }, {})).toBe(false);
  });

  it('throws for a condition that does not parse, which a validated questionnaire never has', () => {
    expect(() => isVisible({ visibleIf: '{nps} <=' }, {})).toThrow('visibleIf does not parse');
  });
});
