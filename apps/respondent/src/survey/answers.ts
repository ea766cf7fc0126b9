import {
  COMMENT_SUFFIX,
  OTHER_VALUE,
  otherCommentKey,
  questionsOf,
  takesExtraItems,
  sliderPoint,
  type ChoiceValue,
  type RankingQuestion,
  type SliderQuestion,
  isEmptyValue,
  isPlainObject,
  orderedChoices,
  pipeLocalized,
  resolveFlow,
  type DisplayOrder,
  type Language,
  type Page,
  type PipingWords,
  validateAnswers,
  type AnswerValue,
  type Answers,
  type Question,
  type Questionnaire,
} from '@survey/questionnaire';

/**
 * The questionnaire's rules, applied in the browser with the same code the API uses
 * (libs/questionnaire), so the page and the server always agree on what is shown and required.
 */

/**
 * What is wrong with one question: unanswered, a matrix row missing, refused by the server, or
 * "Other" chosen without saying what it is.
 */
export type QuestionProblem = 'required' | 'rows' | 'invalid' | 'other';

/**
 * Drops answers to questions the flow no longer shows (their condition or their page's hides
 * them, a jump passes over them, or the survey ended before them), in document order, so that
 * hiding cascades as the server expects (libs/questionnaire flow.ts).
 */
export function pruneHidden(questionnaire: Questionnaire, answers: Answers): Answers {
  return withOtherComments(questionnaire, answers, resolveFlow(questionnaire, answers).standing);
}

/** Whether the answer chooses the "Other" item. */
export function choosesOther(value: AnswerValue | undefined): boolean {
  return Array.isArray(value) ? value.includes(OTHER_VALUE) : value === OTHER_VALUE;
}

/**
 * The standing answers with the "Other" comments (`<name>-Comment`) kept where their question
 * still stands and still chooses "Other", as SurveyJS clears the comment when "Other" is unticked.
 */
function withOtherComments(questionnaire: Questionnaire, answers: Answers, standing: Answers): Answers {
  const result: Answers = { ...standing };
  for (const question of questionsOf(questionnaire)) {
    if (!takesExtraItems(question) || !question.showOtherItem) continue;
    const key = otherCommentKey(question.name);
    if (answers[key] !== undefined && choosesOther(standing[question.name])) result[key] = answers[key];
  }
  return result;
}

/** The questions the page (by index) shows, given the answers. */
export function visibleQuestions(questionnaire: Questionnaire, index: number, answers: Answers): Question[] {
  const flow = resolveFlow(questionnaire, answers);
  if (flow.pages[index] !== 'shown') return [];
  return questionnaire.pages[index].elements.filter((question) => flow.questions.get(question.name) === 'shown');
}

/**
 * Indexes of the pages on the respondent's path that show at least one question: the path ends
 * where a complete trigger ends the survey, and leaves out pages a jump passes over.
 */
export function visiblePageIndexes(questionnaire: Questionnaire, answers: Answers): number[] {
  const flow = resolveFlow(questionnaire, answers);
  return questionnaire.pages.flatMap((page, index) =>
    flow.pages[index] === 'shown' && page.elements.some((question) => flow.questions.get(question.name) === 'shown')
      ? [index]
      : [],
  );
}

export function isUnanswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || isEmptyValue(value)) return true;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** Required questions left unanswered among these (a required matrix needs every row). */
export function missingAnswers(questions: Question[], answers: Answers): Record<string, QuestionProblem> {
  const problems: Record<string, QuestionProblem> = {};
  for (const question of questions) {
    // "Other" needs its comment, whether or not the question is required (as SurveyJS and the server say).
    const comment = answers[otherCommentKey(question.name)];
    if (
      takesExtraItems(question) &&
      question.showOtherItem &&
      choosesOther(answers[question.name]) &&
      (typeof comment !== 'string' || comment.trim() === '')
    ) {
      problems[question.name] = 'other';
      continue;
    }
    if (!question.isRequired) continue;
    const value = answers[question.name];
    if (isUnanswered(value)) problems[question.name] = 'required';
    else if (question.type === 'matrix') {
      const given = value as Record<string, unknown>;
      if (question.rows.some((row) => given[row.value] === undefined)) problems[question.name] = 'rows';
    }
  }
  return problems;
}

/**
 * What stops the page (by index) from being left: required questions it shows and leaves
 * unanswered, and answers the server would refuse (an e-mail address that is not one).
 */
export function missingOnPage(
  questionnaire: Questionnaire,
  index: number,
  answers: Answers,
): Record<string, QuestionProblem> {
  const shown = visibleQuestions(questionnaire, index, answers);
  const checked = validateAnswers(questionnaire, answers, { partial: true });
  const names = new Set(shown.map((question) => question.name));
  const invalid = checked.ok
    ? {}
    : Object.fromEntries(Object.entries(problemsOfErrors(checked.errors)).filter(([name]) => names.has(name)));
  return { ...invalid, ...missingAnswers(shown, answers) };
}

/** The first of these pages that leaves a required question unanswered, with what it misses. */
export function firstIncompletePage(
  questionnaire: Questionnaire,
  pages: number[],
  answers: Answers,
): { index: number; missing: Record<string, QuestionProblem> } | null {
  for (const index of pages) {
    const missing = missingOnPage(questionnaire, index, answers);
    if (Object.keys(missing).length > 0) return { index, missing };
  }
  return null;
}

/** The answers with one answer given (or taken back), less those the change now hides. */
export function withAnswer(
  questionnaire: Questionnaire,
  answers: Answers,
  name: string,
  value: AnswerValue | undefined,
): Answers {
  const next: Answers = { ...answers };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return pruneHidden(questionnaire, next);
}

/** The question an API error field (`answers.nps`, `answers.support.clarity`) is about. */
export function questionOfField(field: string): string | null {
  const [root, name] = field.split('.');
  if (root !== 'answers' || !name) return null;
  // The comment of an "Other" answer belongs to its question.
  return name.endsWith(COMMENT_SUFFIX) ? name.slice(0, -COMMENT_SUFFIX.length) : name;
}

/** What the server's (or the validator's) objections say of each question: a matrix row, or the answer. */
export function problemsOfErrors(errors: { field: string }[]): Record<string, QuestionProblem> {
  const found: Record<string, QuestionProblem> = {};
  for (const error of errors) {
    const name = questionOfField(error.field);
    if (!name) continue;
    if (error.field.endsWith(COMMENT_SUFFIX)) found[name] = 'other';
    else found[name] = error.field.split('.').length > 2 ? 'rows' : 'invalid';
  }
  return found;
}

/** The first of these pages that holds a question with a problem. */
export function firstPageWithProblem(
  questionnaire: Questionnaire,
  pages: number[],
  problems: Record<string, QuestionProblem>,
): number | undefined {
  return pages.find((index) => questionnaire.pages[index].elements.some((question) => problems[question.name]));
}

/**
 * Answers read back from a draft or from this device, kept only where they still fit the
 * questionnaire (a new version may have dropped a question or a choice).
 */
export function usableAnswers(questionnaire: Questionnaire, input: unknown): Answers {
  if (!isPlainObject(input)) return {};
  let answers: Record<string, unknown> = { ...input };
  for (let round = 0; round < 5; round++) {
    const checked = validateAnswers(questionnaire, answers, { partial: true });
    if (checked.ok) return pruneHidden(questionnaire, checked.answers);
    // The key each refusal names: a question, or only the comment of its "Other" answer.
    const refused = new Set(
      checked.errors.map((e) => (questionOfField(e.field) === null ? null : e.field.split('.')[1])),
    );
    if (refused.has(null)) return {};
    answers = Object.fromEntries(Object.entries(answers).filter(([name]) => !refused.has(name)));
  }
  return {};
}

/** Where to take up a saved survey: the first page with an unanswered required question, up to the last page answered. */
export function resumePage(questionnaire: Questionnaire, answers: Answers): number {
  const pages = visiblePageIndexes(questionnaire, answers);
  const answered = pages.filter((index) =>
    questionnaire.pages[index].elements.some((question) => answers[question.name] !== undefined),
  );
  if (answered.length === 0) return pages[0] ?? 0;
  const last = answered[answered.length - 1];
  const incomplete = pages.find(
    (index) => index <= last && Object.keys(missingOnPage(questionnaire, index, answers)).length > 0,
  );
  return incomplete ?? last;
}

/**
 * The question as the respondent reads it: `{name}` in its title and description replaced by
 * their own earlier answers, in the language shown. Done here, in their browser only.
 */
export function pipedQuestion(
  question: Question,
  questionnaire: Questionnaire,
  answers: Answers,
  language: Language,
  words: PipingWords,
): Question {
  const pipe = (text: NonNullable<Question['description']>) => ({
    ...text,
    [language]: pipeLocalized(text, questionnaire, answers, language, words),
  });
  // An information block's title is never shown (it only names the block); its HTML is not piped.
  if (question.type === 'html') return question;
  return {
    ...question,
    title: pipe(question.title),
    ...(question.description && { description: pipe(question.description) }),
  };
}

/** The page's title as the respondent reads it, piped; undefined when it has none. */
export function pipedPageTitle(
  page: Page,
  questionnaire: Questionnaire,
  answers: Answers,
  language: Language,
  words: PipingWords,
): string | undefined {
  return page.title && pipeLocalized(page.title, questionnaire, answers, language, words);
}

/** The question with its choices in the order drawn for this respondent (randomised ones only). */
export function orderedChoicesOf(question: Question, order: DisplayOrder | null): Question {
  if (question.type !== 'radiogroup' && question.type !== 'dropdown' && question.type !== 'checkbox') return question;
  if (question.choicesOrder !== 'random') return question;
  return { ...question, choices: orderedChoices(question, order) };
}

/** The slider's answer for what its range input reports: the nearest point of the scale. */
export function sliderAnswer(question: Pick<SliderQuestion, 'min' | 'max' | 'step'>, raw: string): number {
  const value = Math.min(question.max, Math.max(question.min, Number(raw)));
  const steps = Math.round((value - question.min) / question.step);
  return sliderPoint(question, Number.isFinite(steps) ? steps : 0);
}

/** The ranking as shown: the answer's order, or the choices' own order while unanswered. */
export function rankingOrder(
  question: Pick<RankingQuestion, 'choices'>,
  value: AnswerValue | undefined,
): ChoiceValue[] {
  const given = Array.isArray(value) ? (value as ChoiceValue[]) : null;
  const all = question.choices.map((choice) => choice.value);
  if (!given) return all;
  // A value kept from an older version is completed with its missing choices, so it stays whole.
  const known = given.filter((v) => all.includes(v));
  return [...new Set([...known, ...all])];
}

/** The ranking after one item moves from one position to another (the answer the page sends). */
export function movedRanking(order: readonly ChoiceValue[], from: number, to: number): ChoiceValue[] {
  const next = [...order];
  const [moved] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, moved);
  return next;
}
