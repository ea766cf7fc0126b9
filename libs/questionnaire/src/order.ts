/**
 * Randomised order: SurveyJS `choicesOrder: "random"` on choice questions and
 * `questionsOrder: "random"` on pages. The respondent app draws one order per response
 * (`drawDisplayOrder`), shows it, and sends it with the answers; the server checks it
 * (`validateDisplayOrder`) and stores it beside the response, so that order effects can be
 * analysed. Visibility and validation always follow document order; only the display changes.
 */
import { ProblemList, isPlainObject, pathOf, unexpectedKeyProblem } from './problems';
import type { Choice, ChoiceQuestion, ChoiceValue, Page, Question, Questionnaire, QuestionnaireProblem } from './types';

/** The order one respondent was shown: question names per randomised page, choice values per randomised question. */
export interface DisplayOrder {
  questions?: Record<string, string[]>;
  choices?: Record<string, ChoiceValue[]>;
}

export type ValidateDisplayOrderResult =
  { ok: true; displayOrder: DisplayOrder | null } | { ok: false; errors: QuestionnaireProblem[] };

function isChoiceQuestion(question: Question): question is ChoiceQuestion {
  return question.type === 'radiogroup' || question.type === 'dropdown' || question.type === 'checkbox';
}

export function randomisedPages(questionnaire: Questionnaire): Page[] {
  return questionnaire.pages.filter((page) => page.questionsOrder === 'random' && page.elements.length > 1);
}

export function randomisedChoiceQuestions(questionnaire: Questionnaire): ChoiceQuestion[] {
  return questionnaire.pages
    .flatMap((page) => page.elements)
    .filter((question): question is ChoiceQuestion => isChoiceQuestion(question) && question.choicesOrder === 'random')
    .filter((question) => question.choices.length > 1);
}

/** mulberry32: small, seeded, good enough to shuffle a few lists; not for secrets. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** One respondent's order, drawn from a seed (the same seed gives the same order); null when nothing is randomised. */
export function drawDisplayOrder(questionnaire: Questionnaire, seed: number): DisplayOrder | null {
  const random = generator(seed);
  const pages = randomisedPages(questionnaire);
  const choiceQuestions = randomisedChoiceQuestions(questionnaire);
  if (pages.length === 0 && choiceQuestions.length === 0) return null;
  return {
    ...(pages.length > 0 && {
      questions: Object.fromEntries(
        pages.map((page) => [
          page.name,
          shuffled(
            page.elements.map((question) => question.name),
            random,
          ),
        ]),
      ),
    }),
    ...(choiceQuestions.length > 0 && {
      choices: Object.fromEntries(
        choiceQuestions.map((question) => [
          question.name,
          shuffled(
            question.choices.map((c) => c.value),
            random,
          ),
        ]),
      ),
    }),
  };
}

/** The page's questions in the order shown; those the order does not name keep document order, after it. */
export function orderedQuestions(page: Page, questions: readonly Question[], order: DisplayOrder | null): Question[] {
  const names = order?.questions?.[page.name];
  if (!names) return [...questions];
  const rank = (question: Question) => {
    const at = names.indexOf(question.name);
    return at < 0 ? names.length : at;
  };
  return [...questions].sort((a, b) => rank(a) - rank(b));
}

/** The question's choices in the order shown. */
export function orderedChoices(question: ChoiceQuestion, order: DisplayOrder | null): Choice[] {
  const values = order?.choices?.[question.name];
  if (!values) return question.choices;
  const rank = (choice: Choice) => {
    const at = values.indexOf(choice.value);
    return at < 0 ? values.length : at;
  };
  return [...question.choices].sort((a, b) => rank(a) - rank(b));
}

/** Whether `list` holds exactly the members of `expected`, each once (strict equality). */
function isPermutation(list: unknown, expected: readonly unknown[]): boolean {
  if (!Array.isArray(list) || list.length !== expected.length) return false;
  return expected.every((item) => list.includes(item)) && new Set(list).size === list.length;
}

/**
 * Checks an order sent with answers: an object with `questions` (page name -> every question
 * name of that page, each once) and `choices` (question name -> every choice value, each once),
 * naming only pages and questions whose order is random. Parts may be left out. Messages never
 * repeat the submitted values.
 */
export function validateDisplayOrder(questionnaire: Questionnaire, input: unknown): ValidateDisplayOrderResult {
  if (input === undefined || input === null) return { ok: true, displayOrder: null };
  const field = 'displayOrder';
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field, message: 'must be an object with questions and choices' }] };
  }
  const problems = new ProblemList();
  const result: DisplayOrder = {};
  for (const key of Object.keys(input)) {
    if (key !== 'questions' && key !== 'choices') problems.addProblem(unexpectedKeyProblem(field, key, 'allowed here'));
  }
  const pages = new Map(randomisedPages(questionnaire).map((page) => [page.name, page]));
  const questions = new Map(randomisedChoiceQuestions(questionnaire).map((question) => [question.name, question]));
  const parts = [
    {
      key: 'questions' as const,
      known: (name: string) => pages.get(name)?.elements.map((question) => question.name),
      what: 'a page whose questions are in random order',
      rule: 'must list every question of the page once',
    },
    {
      key: 'choices' as const,
      known: (name: string) => questions.get(name)?.choices.map((choice) => choice.value),
      what: 'a question whose choices are in random order',
      rule: 'must list every choice value of the question once',
    },
  ];
  for (const part of parts) {
    if (input[part.key] === undefined) continue;
    const path = pathOf(field, part.key);
    const value = input[part.key];
    if (!isPlainObject(value)) {
      problems.add(path, 'must be an object');
      continue;
    }
    const kept: Record<string, unknown[]> = {};
    for (const [name, list] of Object.entries(value)) {
      const expected = part.known(name);
      if (!expected) problems.addProblem(unexpectedKeyProblem(path, name, part.what));
      else if (!isPermutation(list, expected)) problems.add(pathOf(path, name), part.rule);
      else kept[name] = list as unknown[];
    }
    if (Object.keys(kept).length > 0) (result as Record<string, unknown>)[part.key] = kept;
  }
  if (problems.total > 0) return { ok: false, errors: problems.toArray() };
  return { ok: true, displayOrder: Object.keys(result).length > 0 ? result : null };
}
