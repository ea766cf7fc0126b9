import { describe, expect, it } from '@jest/globals';
import {
  drawDisplayOrder,
  validateAnswers,
  validateDisplayOrder,
  validateQuestionnaire,
  type AnswerValue,
  type Answers,
  type Question,
  type Questionnaire,
} from '@survey/questionnaire';
import fc from 'fast-check';
import {
  firstIncompletePage,
  missingOnPage,
  pipedQuestion,
  pruneHidden,
  visiblePageIndexes,
  visibleQuestions,
  withAnswer,
} from './answers';

/**
 * Property tests of the respondent app's rules against the server's validator, on random
 * questionnaires with conditions, page conditions and skip/complete triggers: every questionnaire
 * the validator accepts can be walked, every answer set a respondent can produce is accepted, and
 * every answer set the server accepts is one the app would have kept as it is.
 */

type Json = Record<string, unknown>;
type Random = () => number;

/** mulberry32: a small seeded generator, so each case is reproducible from fast-check's seed. */
function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const en = (text: string) => ({ en: text });
const TYPES = ['rating', 'boolean', 'radiogroup', 'checkbox', 'comment', 'html', 'text', 'multipletext'] as const;
const CODES = ['a', 'b', 'c'];

interface Made {
  json: Json;
  type: (typeof TYPES)[number];
  page: number;
}

function makeQuestion(random: Random, name: string, page: number): Made {
  const type = pick(random, TYPES);
  if (type === 'html') {
    return {
      json: { type, name, title: en(`Block ${name}`), html: en('<p>Read <strong>this</strong></p>') },
      type,
      page,
    };
  }
  const json: Json = { type, name, title: en(`Question ${name}`), isRequired: random() < 0.4 };
  if (type === 'rating') Object.assign(json, { rateMin: 1, rateMax: 5 });
  if (type === 'multipletext') {
    json.items = [
      { name: 'one', title: en('One') },
      { name: 'two', title: en('Two') },
    ];
  }
  if (type === 'text') {
    const inputType = pick(random, [undefined, 'email', 'tel']);
    if (inputType) json.inputType = inputType;
  }
  if (type === 'radiogroup' || type === 'checkbox') {
    json.choices = CODES.map((value) => ({ value, text: en(value.toUpperCase()) }));
    if (random() < 0.3) json.choicesOrder = 'random';
  }
  return { json, type, page };
}

/** A comparison on the question that the validator allows. */
function comparison(random: Random, q: Made): string {
  const name = `{${q.json.name as string}}`;
  switch (q.type) {
    case 'rating':
      return `${name} ${pick(random, ['=', '!=', '<', '<=', '>', '>='])} ${1 + Math.floor(random() * 5)}`;
    case 'boolean':
      return `${name} ${pick(random, ['=', '!='])} ${pick(random, ['true', 'false'])}`;
    case 'radiogroup':
      return `${name} ${pick(random, ['=', '!='])} '${pick(random, CODES)}'`;
    case 'checkbox':
      return `${name} ${pick(random, ['contains', 'notcontains'])} '${pick(random, CODES)}'`;
    case 'comment':
    case 'text':
      return `${name} ${pick(random, ['empty', 'notempty'])}`;
    case 'html':
    case 'multipletext':
      throw new Error('this kind of question cannot be tested');
  }
}

function condition(random: Random, among: Made[]): string {
  const answerable = among.filter((q) => q.type !== 'html' && q.type !== 'multipletext');
  const first = comparison(random, pick(random, answerable));
  if (random() < 0.7) return first;
  return `${first} ${pick(random, ['and', 'or'])} ${comparison(random, pick(random, answerable))}`;
}

function randomQuestionnaire(seed: number): Json {
  const random = seeded(seed);
  const pageCount = 1 + Math.floor(random() * 5);
  const made: Made[] = [];
  const pages: Json[] = [];
  for (let p = 0; p < pageCount; p++) {
    const elements: Json[] = [];
    const count = 1 + Math.floor(random() * 3);
    const earlierPages = made.filter((q) => q.page < p);
    for (let i = 0; i < count; i++) {
      const q = makeQuestion(random, `q${p}_${i}`, p);
      const pipeable = made.filter((m) => m.type !== 'comment' && m.type !== 'html' && m.type !== 'multipletext');
      if (pipeable.length > 0 && random() < 0.3) {
        q.json.title = en(`About {${pick(random, pipeable).json.name as string}}`);
      }
      if (pipeable.length > 0 && random() < 0.3) q.json.visibleIf = condition(random, made);
      made.push(q);
      elements.push(q.json);
    }
    const page: Json = { name: `page${p}`, elements, ...(random() < 0.3 && { questionsOrder: 'random' }) };
    if (earlierPages.some((q) => q.type !== 'html' && q.type !== 'multipletext') && random() < 0.3) {
      page.visibleIf = condition(random, earlierPages);
    }
    pages.push(page);
  }
  const triggers: Json[] = [];
  const triggerCount = Math.floor(random() * 4);
  for (let i = 0; i < triggerCount && made.some((q) => q.type !== 'html' && q.type !== 'multipletext'); i++) {
    const expression = condition(random, made);
    const home = Math.max(...made.filter((q) => expression.includes(`{${q.json.name as string}}`)).map((q) => q.page));
    const later = made.filter((q) => q.page > home);
    if (later.length > 0 && random() < 0.7) {
      triggers.push({ type: 'skip', expression, gotoName: pick(random, later).json.name });
    } else {
      triggers.push({ type: 'complete', expression });
    }
  }
  return { title: en('Random'), pages, ...(triggers.length > 0 && { triggers }) };
}

function validQuestionnaire(seed: number): Questionnaire {
  const checked = validateQuestionnaire(randomQuestionnaire(seed), { languages: ['en'] });
  if (!checked.ok)
    throw new Error(`the validator refused a generated questionnaire: ${JSON.stringify(checked.errors)}`);
  return checked.questionnaire;
}

/** An answer the respondent app's fields can give to the question. */
function answerFor(random: Random, question: Question): AnswerValue {
  switch (question.type) {
    case 'rating':
      return question.rateMin + Math.floor(random() * (question.rateMax - question.rateMin + 1));
    case 'boolean':
      return random() < 0.5;
    case 'radiogroup':
    case 'dropdown':
      return pick(random, question.choices).value;
    case 'checkbox': {
      const chosen = question.choices.filter(() => random() < 0.5).map((choice) => choice.value);
      return chosen.length > 0 ? chosen : [question.choices[0].value];
    }
    case 'comment':
      return pick(random, ['Fine', 'Too slow', 'Nothing to add']);
    case 'matrix':
      return Object.fromEntries(question.rows.map((row) => [row.value, question.columns[0].value]));
    case 'html':
      throw new Error('an information block takes no answer');
    case 'expression':
      throw new Error('a computed value takes no answer');
    case 'ranking':
      return [...question.choices].reverse().map((choice) => choice.value);
    case 'slider':
      return question.max;
    case 'multipletext':
      return Object.fromEntries(question.items.slice(0, 1).map((item) => [item.name, 'Some text']));
    case 'text':
      return question.inputType === 'email'
        ? 'someone@example.org'
        : question.inputType === 'tel'
          ? '+41 22 338 91 11'
          : 'A line';
  }
}

/**
 * A respondent going through the pages as the app lets them: answering shown questions (all
 * required ones, some others, sometimes changing an answer), then Next to the following page of
 * the path as it stands.
 */
function respond(questionnaire: Questionnaire, random: Random): Answers {
  let answers = walkForward(questionnaire, random, {}, visiblePageIndexes(questionnaire, {})[0]);
  // Sometimes the respondent goes back to a page of the path, changes answers there (which may
  // now jump over or end before pages already answered), then goes on again.
  for (let revisit = 0; revisit < 2 && random() < 0.5; revisit++) {
    const path = visiblePageIndexes(questionnaire, answers);
    if (path.length === 0) break;
    answers = walkForward(questionnaire, random, answers, pick(random, path));
  }
  return answers;
}

/** Answers the pages from `page` on, following Next along the path as it stands. */
function walkForward(questionnaire: Questionnaire, random: Random, given: Answers, start: number | undefined): Answers {
  let answers = given;
  let page = start;
  let steps = 0;
  while (page !== undefined) {
    if (steps++ > 100) throw new Error('the respondent never reached the end');
    for (const question of visibleQuestions(questionnaire, page, answers)) {
      // Re-read: an earlier answer on the page may have hidden it.
      if (!visibleQuestions(questionnaire, page, answers).includes(question)) continue;
      if (question.type !== 'html' && (question.isRequired || random() < 0.6)) {
        answers = withAnswer(questionnaire, answers, question.name, answerFor(random, question));
      }
    }
    // The page's own required questions (a late answer may have shown another).
    for (let round = 0; round < 5; round++) {
      const missing = Object.keys(missingOnPage(questionnaire, page, answers));
      if (missing.length === 0) break;
      for (const name of missing) {
        const question = questionnaire.pages[page].elements.find((q) => q.name === name)!;
        answers = withAnswer(questionnaire, answers, name, answerFor(random, question));
      }
    }
    const current: number = page;
    page = visiblePageIndexes(questionnaire, answers).find((index) => index > current);
  }
  return answers;
}

/** Any answer set: valid, invalid or absent answers to any question. */
function anyAnswers(questionnaire: Questionnaire, random: Random): Json {
  const answers: Json = {};
  for (const question of questionnaire.pages.flatMap((p) => p.elements)) {
    const roll = random();
    if (roll < 0.4 || question.type === 'html') continue;
    answers[question.name] = roll < 0.95 ? answerFor(random, question) : 'not an answer';
  }
  return answers;
}

const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe('respondent rules and the server validator agree on random questionnaires with flow', () => {
  it('every generated questionnaire is accepted and can be walked and rendered, titles piped', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const questionnaire = validQuestionnaire(seed);
        const random = seeded(seed);
        // The order drawn for a respondent is one the server accepts.
        const order = drawDisplayOrder(questionnaire, seed);
        expect(validateDisplayOrder(questionnaire, order)).toEqual({ ok: true, displayOrder: order });
        const answers = respond(questionnaire, random);
        const path = visiblePageIndexes(questionnaire, answers);
        for (const index of path) {
          const shown = visibleQuestions(questionnaire, index, answers);
          expect(shown.length).toBeGreaterThan(0);
          // Rendered titles show answers, never a placeholder of a known question.
          // (An information block's title is never shown.)
          for (const question of shown.filter((q) => q.type !== 'html')) {
            const title = pipedQuestion(question, questionnaire, answers, 'fr', { yes: 'Oui', no: 'Non' }).title.fr;
            expect(title).not.toMatch(/\{q\d+_\d+\}/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every answer set a respondent can produce passes the server validation unchanged', () => {
    fc.assert(
      fc.property(seeds, seeds, (seed, respondentSeed) => {
        const questionnaire = validQuestionnaire(seed);
        const answers = respond(questionnaire, seeded(respondentSeed));
        expect(firstIncompletePage(questionnaire, visiblePageIndexes(questionnaire, answers), answers)).toBeNull();
        const checked = validateAnswers(questionnaire, answers);
        expect(checked).toEqual({ ok: true, answers });
      }),
      { numRuns: 500 },
    );
  });

  it('every answer set the server accepts is kept as it is by the app and leaves nothing required', () => {
    let accepted = 0;
    fc.assert(
      fc.property(seeds, seeds, (seed, answerSeed) => {
        const questionnaire = validQuestionnaire(seed);
        const checked = validateAnswers(questionnaire, anyAnswers(questionnaire, seeded(answerSeed)));
        if (!checked.ok) return;
        accepted += 1;
        expect(pruneHidden(questionnaire, checked.answers)).toEqual(checked.answers);
        const path = visiblePageIndexes(questionnaire, checked.answers);
        expect(firstIncompletePage(questionnaire, path, checked.answers)).toBeNull();
        // Every answer is on a page of the path, shown there.
        const shown = new Set(path.flatMap((index) => visibleQuestions(questionnaire, index, checked.answers)));
        for (const name of Object.keys(checked.answers)) expect([...shown].some((q) => q.name === name)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // The property must have been exercised, not vacuously true.
    expect(accepted).toBeGreaterThan(50);
  });
});
