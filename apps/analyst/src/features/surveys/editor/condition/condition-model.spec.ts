import { describe, expect, it } from '@jest/globals';
import {
  evaluateCondition,
  parseCondition,
  validateQuestionnaire,
  type Condition,
  type ConditionOperator,
  type Literal,
} from '@survey/questionnaire';
import fc from 'fast-check';
import {
  clauseText,
  defaultClause,
  literalText,
  modelFromText,
  operatorsFor,
  textFromModel,
  valueInputFor,
  withOperator,
  withQuestion,
  type BuilderModel,
  type Clause,
  type Subject,
} from './condition-model';
import {
  firstJumpTarget,
  pageOfQuestion,
  subjectsBeforePage,
  subjectsBeforeQuestion,
  subjectsForTrigger,
  subjectsOf,
} from './subjects';

const en = (text: string) => ({ en: text, fr: `${text} (fr)` });
const choice = (value: string | number, text: string) => ({ value, text: en(text) });

/** Every question type, on three pages; the last question is where generated conditions go. */
function fixture(lastVisibleIf?: string) {
  return {
    title: en('Fixture'),
    pages: [
      {
        name: 'first',
        elements: [
          { type: 'rating', name: 'nps', title: en('Would you recommend us?'), rateMin: 0, rateMax: 10 },
          {
            type: 'radiogroup',
            name: 'channel',
            title: en('How did you file?'),
            choices: [choice('online', 'Online'), choice('paper', 'On paper')],
          },
          {
            type: 'dropdown',
            name: 'years',
            title: { fr: 'Depuis combien d’années ?' },
            choices: [choice(1, 'One'), choice(2, 'Two'), choice(5, 'Five')],
          },
          { type: 'html', name: 'note', title: en('Note'), html: en('<p>Thanks</p>') },
        ],
      },
      {
        name: 'second',
        elements: [
          {
            type: 'checkbox',
            name: 'services',
            title: en('Which services?'),
            choices: [choice('patents', 'Patents'), choice('marks', 'Trademarks'), choice(3, 'Designs')],
          },
          { type: 'boolean', name: 'support', title: en('Did you contact support?'), labelTrue: en('I did') },
          { type: 'comment', name: 'why', title: en('Why?') },
          { type: 'text', name: 'mail', title: en('Your e-mail'), inputType: 'email' },
          {
            type: 'matrix',
            name: 'grid',
            title: en('Rate each'),
            rows: [{ value: 'speed', text: en('Speed') }],
            columns: [choice(1, 'Bad'), choice(2, 'Good')],
          },
        ],
      },
      {
        name: 'third',
        elements: [
          {
            type: 'comment',
            name: 'last',
            title: en('Anything else?'),
            ...(lastVisibleIf !== undefined && { visibleIf: lastVisibleIf }),
          },
        ],
      },
    ],
  };
}

const placed = subjectsOf(fixture(), ['en']);
/** The questions a condition of the last question may read. */
const subjects = subjectsBeforeQuestion(placed, 2, 0);
const WORDS = { yes: 'Yes', no: 'No' };

function expectValid(condition: string) {
  const result = validateQuestionnaire(fixture(condition), { languages: ['fr'], defaultLanguage: 'fr' });
  expect(result.ok ? [] : result.errors).toEqual([]);
}

describe('the questions a condition builder offers', () => {
  it('lists testable questions in order, titled in the editor’s language with a fallback, choices labelled', () => {
    const french = subjectsOf(fixture(), ['fr', 'en']);
    expect(french.map((each) => [each.subject.name, each.subject.title, each.page, each.position, each.index])).toEqual(
      [
        ['nps', 'Would you recommend us? (fr)', 0, 0, 0],
        ['channel', 'How did you file? (fr)', 0, 1, 1],
        ['years', 'Depuis combien d’années ?', 0, 2, 2],
        ['services', 'Which services? (fr)', 1, 0, 4],
        ['support', 'Did you contact support? (fr)', 1, 1, 5],
        ['why', 'Why? (fr)', 1, 2, 6],
        ['mail', 'Your e-mail (fr)', 1, 3, 7],
        ['last', 'Anything else? (fr)', 2, 0, 9],
      ],
    );
    const english = subjectsOf(fixture(), ['en']);
    expect(english[2].subject.title).toBe('');
    expect(english.find((each) => each.subject.name === 'services')!.subject).toEqual({
      kind: 'choice',
      name: 'services',
      title: 'Which services?',
      multiple: true,
      numeric: false,
      choices: [
        { value: 'patents', label: 'Patents' },
        { value: 'marks', label: 'Trademarks' },
        { value: 3, label: 'Designs' },
      ],
    });
  });

  it('offers earlier questions only: before a question, on earlier pages for a page, before a jump’s page', () => {
    const names = (list: Subject[]) => list.map((subject) => subject.name);
    expect(names(subjectsBeforeQuestion(placed, 1, 0))).toEqual(['nps', 'channel', 'years']);
    expect(names(subjectsBeforeQuestion(placed, 1, 2))).toEqual(['nps', 'channel', 'years', 'services', 'support']);
    expect(names(subjectsBeforePage(placed, 1))).toEqual(['nps', 'channel', 'years']);
    expect(names(subjectsBeforePage(placed, 0))).toEqual([]);
    expect(names(subjectsForTrigger(placed, 2))).toEqual(names(subjects));
    expect(names(subjectsForTrigger(placed, undefined))).toEqual([...names(subjects), 'last']);
  });

  it('leaves out choices whose value a condition cannot write, and questions without a usable shape', () => {
    const draft = {
      pages: [
        {
          elements: [
            {
              type: 'radiogroup',
              name: 'q',
              choices: [choice("it's", 'Quote'), choice('ok', 'Fine'), choice('ok', 'Again')],
            },
            { type: 'rating', name: 'broken', rateMin: 5, rateMax: 1 },
            { type: 'rating', title: en('No name') },
          ],
        },
      ],
    };
    expect(subjectsOf(draft, ['en']).map((each) => each.subject)).toEqual([
      {
        kind: 'choice',
        name: 'q',
        title: '',
        multiple: false,
        numeric: false,
        choices: [{ value: 'ok', label: 'Fine' }],
      },
    ]);
  });
});

describe('where a jump goes when an early end becomes one', () => {
  it('goes to the first question of the page after the last one the condition reads', () => {
    expect(pageOfQuestion(fixture(), 'services')).toBe(1);
    expect(pageOfQuestion(fixture(), 'nobody')).toBeUndefined();
    expect(firstJumpTarget(fixture(), '{nps} >= 9')).toBe('services');
    expect(firstJumpTarget(fixture(), "{nps} >= 9 or {services} contains 'marks'")).toBe('last');
    expect(firstJumpTarget(fixture(), '{why} notempty and {nobody} = 1')).toBe('last');
    // Nothing after the last page, and nothing to go by in text that does not parse.
    expect(firstJumpTarget(fixture(), '{last} notempty')).toBeUndefined();
    expect(firstJumpTarget(fixture(), '{nps} >=')).toBeUndefined();
    expect(firstJumpTarget(fixture(), undefined)).toBeUndefined();
  });
});

describe('operators and values per question type', () => {
  const subject = (name: string) => subjects.find((each) => each.name === name)!;

  it('offers what the library accepts for each type', () => {
    expect(operatorsFor(subject('nps'))).toEqual(['=', '!=', '<', '<=', '>', '>=', 'empty', 'notempty']);
    expect(operatorsFor(subject('channel'))).toEqual(['=', '!=', 'empty', 'notempty']);
    expect(operatorsFor(subject('years'))).toEqual(['=', '!=', '<', '<=', '>', '>=', 'empty', 'notempty']);
    expect(operatorsFor(subject('services'))).toEqual(['contains', 'notcontains', 'empty', 'notempty']);
    expect(operatorsFor(subject('support'))).toEqual(['=', '!=', 'empty', 'notempty']);
    expect(operatorsFor(subject('why'))).toEqual(['notempty', 'empty']);
    expect(valueInputFor(subject('nps'), '<=', WORDS)).toEqual({ kind: 'number', min: 0, max: 10 });
    expect(valueInputFor(subject('support'), '=', WORDS)).toEqual({
      kind: 'choices',
      options: [
        { value: true, label: 'I did' },
        { value: false, label: 'No' },
      ],
    });
    expect(valueInputFor(subject('services'), 'empty', WORDS)).toEqual({ kind: 'none' });
  });

  it('starts a clause complete, and keeps what still suits when the question or operator changes', () => {
    expect(defaultClause(subject('nps'))).toEqual({ question: 'nps', operator: '=', value: 10 });
    expect(defaultClause(subject('services'))).toEqual({
      question: 'services',
      operator: 'contains',
      value: 'patents',
    });
    expect(defaultClause(subject('why'))).toEqual({ question: 'why', operator: 'notempty' });
    const clause: Clause = { question: 'nps', operator: '<=', value: 2 };
    expect(withQuestion(clause, subject('years'))).toEqual({ question: 'years', operator: '<=', value: 2 });
    expect(withQuestion(clause, subject('channel'))).toEqual({ question: 'channel', operator: '=', value: 'online' });
    expect(withQuestion({ question: 'nps', operator: 'empty' }, subject('why'))).toEqual({
      question: 'why',
      operator: 'empty',
    });
    expect(withOperator(clause, '>', subject('nps'))).toEqual({ question: 'nps', operator: '>', value: 2 });
    expect(withOperator(clause, 'notempty', subject('nps'))).toEqual({ question: 'nps', operator: 'notempty' });
    expect(withOperator({ question: 'nps', operator: 'empty' }, '=', subject('nps'))).toEqual({
      question: 'nps',
      operator: '=',
      value: 10,
    });
  });
});

describe('condition text and the builder', () => {
  it('reads and writes the SurveyJS syntax the text field takes', () => {
    const read = modelFromText("{nps} <= 6 and {channel} = 'online'", subjects);
    expect(read).toEqual({
      ok: true,
      model: {
        join: 'and',
        clauses: [
          { question: 'nps', operator: '<=', value: 6 },
          { question: 'channel', operator: '=', value: 'online' },
        ],
      },
    });
    expect(textFromModel(read.ok ? read.model : null)).toBe("{nps} <= 6 and {channel} = 'online'");
    expect(textFromModel(null)).toBe('');
    expect(modelFromText('  ', subjects)).toEqual({ ok: true, model: null });
    expect(clauseText({ question: 'services', operator: 'notcontains', value: 3 })).toBe('{services} notcontains 3');
    expect(clauseText({ question: 'support', operator: '!=', value: false })).toBe('{support} != false');
    expect(clauseText({ question: 'why', operator: 'empty' })).toBe('{why} empty');
  });

  it('flattens groups of one word, whatever the parentheses', () => {
    const read = modelFromText('(({nps} = 1) or ({nps} = 2 or {years} > 1)) or {why} notempty', subjects);
    expect(read.ok && textFromModel(read.model)).toBe('{nps} = 1 or {nps} = 2 or {years} > 1 or {why} notempty');
    expect(modelFromText('{nps} = -0', subjects)).toEqual({
      ok: true,
      model: { join: 'and', clauses: [{ question: 'nps', operator: '=', value: 0 }] },
    });
  });

  it('says why a condition stays in the text field', () => {
    expect(modelFromText('({nps} <= 6 or {years} = 1) and {why} empty', subjects)).toEqual({
      ok: false,
      why: { reason: 'mixed' },
    });
    expect(modelFromText('{nps} <= 6 or {years} = 1 and {why} empty', subjects)).toEqual({
      ok: false,
      why: { reason: 'mixed' },
    });
    const syntax = modelFromText('age({birth}) > 30', subjects);
    expect(syntax.ok === false && syntax.why.reason).toBe('syntax');
    expect(modelFromText('{last} empty', subjects)).toEqual({
      ok: false,
      why: { reason: 'question', question: 'last' },
    });
    expect(modelFromText('{grid} empty', subjects)).toEqual({
      ok: false,
      why: { reason: 'question', question: 'grid' },
    });
    expect(modelFromText('{nobody} = 1', subjects)).toEqual({
      ok: false,
      why: { reason: 'question', question: 'nobody' },
    });
    for (const text of [
      "{why} = 'x'",
      '{nps} < 0.5',
      '{nps} = 11',
      "{channel} = 'fax'",
      '{services} = 3',
      "{support} = 'yes'",
    ]) {
      expect(modelFromText(text, subjects)).toMatchObject({ ok: false, why: { reason: 'comparison' } });
    }
  });

  it('never writes a literal the grammar cannot read', () => {
    expect(literalText(1e21)).toBeUndefined();
    expect(literalText(1e-7)).toBeUndefined();
    expect(literalText(Number.NaN)).toBeUndefined();
    expect(literalText('a"b')).toBeUndefined();
    expect(literalText("a'b")).toBeUndefined();
    expect(literalText(-0)).toBe('0');
    expect(literalText(-2.5)).toBe('-2.5');
    expect(() => clauseText({ question: 'channel', operator: '=', value: "it's" })).toThrow();
  });
});

/** Any clause the builder can make at the last question: a question, one of its operators, one of its values. */
const clauseArbitrary: fc.Arbitrary<Clause> = fc.constantFrom(...subjects).chain((subject) =>
  fc.constantFrom(...operatorsFor(subject)).chain((operator) => {
    const input = valueInputFor(subject, operator, WORDS);
    const value: fc.Arbitrary<Literal | undefined> =
      input.kind === 'none'
        ? fc.constant(undefined)
        : input.kind === 'choices'
          ? fc.constantFrom(...input.options.map((option) => option.value))
          : fc.integer({ min: input.min, max: input.max });
    return value.map((each) =>
      each === undefined ? { question: subject.name, operator } : { question: subject.name, operator, value: each },
    );
  }),
);

/** Models as the builder holds them: one clause is always joined by `and`. */
const modelArbitrary: fc.Arbitrary<BuilderModel> = fc
  .tuple(fc.array(clauseArbitrary, { minLength: 1, maxLength: 6 }), fc.constantFrom<'and' | 'or'>('and', 'or'))
  .map(([clauses, join]) => ({ clauses, join: clauses.length === 1 ? 'and' : join }));

/** Condition trees of any shape, including comparisons the builder does not offer. */
type Tree = { leaf: string } | { kind: 'and' | 'or'; operands: Tree[] };
const leafArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: clauseArbitrary.map(clauseText) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("{why} = 'x'", '{nps} < 0.5', '{last} notempty', '{grid} empty', '{years} = 3'),
  },
);
const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary.map((leaf) => ({ leaf })),
    fc.record({
      kind: fc.constantFrom<'and' | 'or'>('and', 'or'),
      operands: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }),
    }),
  ),
})).tree;

/** Writes a tree with parentheses where they are needed, and randomly where they are not, and odd spacing. */
function treeText(tree: Tree, extra: () => boolean, space: () => string, parentKind?: 'and' | 'or'): string {
  if ('leaf' in tree) return extra() ? `(${space()}${tree.leaf}${space()})` : tree.leaf;
  const inner = tree.operands
    .map((operand) => treeText(operand, extra, space, tree.kind))
    .join(`${space()} ${tree.kind} ${space()}`);
  const needed = parentKind !== undefined && parentKind !== tree.kind;
  return needed || extra() ? `(${inner})` : inner;
}

const answersArbitrary = fc.record(
  {
    nps: fc.integer({ min: 0, max: 10 }),
    channel: fc.constantFrom('online', 'paper'),
    years: fc.constantFrom(1, 2, 5),
    services: fc.subarray<string | number>(['patents', 'marks', 3]),
    support: fc.boolean(),
    why: fc.constantFrom('', ' ', 'because'),
    mail: fc.constantFrom('', 'a@example.org'),
    last: fc.constant('x'),
  },
  { requiredKeys: [] },
);

function parsed(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(`does not parse: ${result.error.message}: ${text}`);
  return result.condition;
}

describe('round trips between the builder and the text (properties)', () => {
  it('model → text → model gives the same model, and the text is a condition publishing accepts', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const text = textFromModel(model);
        expect(modelFromText(text, subjects)).toEqual({ ok: true, model });
        expectValid(text);
      }),
      { numRuns: 300 },
    );
  });

  it('text → model → text is equivalent for every text the builder accepts, and mixed joins stay text', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        treeArbitrary,
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.constantFrom('', ' ', '  ')),
        fc.array(answersArbitrary, { minLength: 8, maxLength: 8 }),
        (tree, extras, spaces, answerSets) => {
          const extra = extras[Symbol.iterator]();
          const space = spaces[Symbol.iterator]();
          const text = treeText(
            tree,
            () => extra.next().value as boolean,
            () => space.next().value as string,
          );
          const read = modelFromText(text, subjects);
          if (!read.ok) {
            expect(['mixed', 'question', 'comparison']).toContain(read.why.reason);
            return;
          }
          accepted += 1;
          const written = textFromModel(read.model);
          // Same meaning on any answers, and stable: reading the written text gives the same model.
          for (const answers of answerSets) {
            expect(evaluateCondition(parsed(written), answers)).toBe(evaluateCondition(parsed(text), answers));
          }
          expect(modelFromText(written, subjects)).toEqual(read);
          expectValid(written);
        },
      ),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(30);
  });

  it('refuses exactly the trees that mix and with or', () => {
    const mixes = (tree: Tree): boolean =>
      'leaf' in tree
        ? false
        : tree.operands.some((operand) => ('kind' in operand && operand.kind !== tree.kind) || mixes(operand));
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        const text = treeText(
          tree,
          () => false,
          () => ' ',
        );
        const read = modelFromText(text, subjects);
        expect(!read.ok && read.why.reason === 'mixed').toBe(mixes(tree));
      }),
      { numRuns: 300 },
    );
  });
});

/** Keeps the operator type in step with the library's: a new operator must be offered or refused on purpose. */
const ALL_OPERATORS: Record<ConditionOperator, true> = {
  '=': true,
  '!=': true,
  '<': true,
  '<=': true,
  '>': true,
  '>=': true,
  contains: true,
  notcontains: true,
  empty: true,
  notempty: true,
};

it('offers only operators the library parses', () => {
  for (const subject of subjects) {
    for (const operator of operatorsFor(subject)) expect(ALL_OPERATORS[operator]).toBe(true);
  }
});
