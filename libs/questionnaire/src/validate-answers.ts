import { walkFlow, type QuestionState } from './flow';
import { ProblemList, hasControlCharacters, hasOwn, isPlainObject, pathOf, unexpectedKeyProblem } from './problems';
import { questionsOf } from './questions';
import { NONE_VALUE, OTHER_VALUE, answerValues, otherCommentKey, takesExtraItems } from './choice-items';
import { checkTextAnswer, textIssueMessage } from './text-input';
import {
  LIMITS,
  type AnswerValue,
  type Answers,
  type Choice,
  type ChoiceValue,
  type MatrixAnswer,
  type MatrixRow,
  type Question,
  type Questionnaire,
  type QuestionnaireProblem,
  type MultipleTextQuestion,
  type SliderQuestion,
  type TextQuestion,
} from './types';

export interface ValidateAnswersOptions {
  /** A draft: answers are checked, but required questions may still be unanswered. */
  partial?: boolean;
}

export type ValidateAnswersResult = { ok: true; answers: Answers } | { ok: false; errors: QuestionnaireProblem[] };

type Checked =
  { state: 'empty' } | { state: 'valid'; value: AnswerValue } | { state: 'invalid'; problems: QuestionnaireProblem[] };

/**
 * Checks an answer set against a validated questionnaire and returns a cleaned copy: questions
 * in document order, comments trimmed, checkbox values in choice order, matrix rows in row
 * order, unanswered questions (null, blank, empty) left out.
 *
 * Visibility is decided in document order from the answers that stand: a hidden question's
 * answer is an error and counts for nothing, as in SurveyJS with `clearInvisibleValues:
 * "onHidden"`. Messages say what is wrong, never what was submitted.
 *
 * An `expression` question is never answered by the respondent: whatever is submitted under its
 * name is ignored, and the value the questionnaire computes from the answers that stand
 * (flow.ts) is what the result holds.
 */
export function validateAnswers(
  questionnaire: Questionnaire,
  answers: unknown,
  options: ValidateAnswersOptions = {},
): ValidateAnswersResult {
  if (!isPlainObject(answers)) {
    return { ok: false, errors: [{ field: 'answers', message: 'must be an object keyed by question name' }] };
  }
  const problems = new ProblemList();
  const questions = questionsOf(questionnaire);
  const names = new Set(questions.map((question) => question.name));
  const commentOwners = new Map(
    questions
      .filter((question) => takesExtraItems(question) && question.showOtherItem)
      .map((question) => [otherCommentKey(question.name), question.name]),
  );
  for (const key of Object.keys(answers)) {
    if (names.has(key)) continue;
    if (commentOwners.has(key)) {
      // Reported by field name: the key is `<question name>-Comment`, never the respondent's data.
      continue;
    }
    problems.addProblem(unexpectedKeyProblem('answers', key, 'a question of this questionnaire'));
  }
  /** "Other" comments that stand, by question name. */
  const comments = new Map<string, string>();

  const flow = walkFlow(questionnaire, (question, state) => {
    const field = pathOf('answers', question.name);
    // Computed by walkFlow, never taken from the submission.
    if (question.type === 'expression') return { state: 'empty' };
    const raw = hasOwn(answers, question.name) ? answers[question.name] : undefined;
    const checked = checkAnswer(question, raw, field);
    const comment = checkOtherComment(question, answers, checked, options);
    if (state !== 'shown' && state !== 'unknown') {
      if (checked.state !== 'empty') problems.add(field, NOT_SHOWN[state]);
      if (comment.state !== 'empty') problems.add(comment.field, NOT_SHOWN[state]);
      // Not shown: the answer counts for nothing, whatever it is.
      return { state: 'empty' };
    }
    if (comment.state === 'invalid') problems.add(comment.field, comment.message);
    if (checked.state === 'invalid') {
      checked.problems.forEach((problem) => problems.addProblem(problem));
      return { state: 'invalid' };
    }
    if (comment.state === 'valid') comments.set(question.name, comment.value);
    // Unknown: whether it is shown depends on an invalid answer, so it is neither called hidden nor required.
    if (state === 'shown' && !options.partial && question.isRequired) {
      requiredProblems(question, checked, field).forEach((problem) => problems.addProblem(problem));
    }
    return checked.state === 'valid' ? { state: 'valid', value: checked.value } : { state: 'empty' };
  });

  if (problems.total > 0) return { ok: false, errors: problems.toArray() };
  return { ok: true, answers: withComments(flow.standing, comments) };
}

/** The standing answers with each "Other" comment right after its question's answer. */
function withComments(standing: Answers, comments: ReadonlyMap<string, string>): Answers {
  if (comments.size === 0) return standing;
  const result: Answers = {};
  for (const [name, value] of Object.entries(standing)) {
    result[name] = value;
    const comment = comments.get(name);
    if (comment !== undefined) result[otherCommentKey(name)] = comment;
  }
  return result;
}

type CommentCheck =
  | { state: 'empty'; field: string }
  | { state: 'valid'; field: string; value: string }
  | { state: 'invalid'; field: string; message: string };

/**
 * The comment of an "Other" answer (`<name>-Comment`): free text, trimmed, at most 1000
 * characters. It belongs with "Other": given without it, it is refused; "Other" without it is
 * incomplete (as SurveyJS says), except in a draft.
 */
function checkOtherComment(
  question: Question,
  answers: Record<string, unknown>,
  checked: Checked,
  options: ValidateAnswersOptions,
): CommentCheck {
  const key = otherCommentKey(question.name);
  const field = pathOf('answers', key);
  if (!takesExtraItems(question) || !question.showOtherItem) return { state: 'empty', field };
  const raw = hasOwn(answers, key) ? answers[key] : undefined;
  const otherChosen =
    checked.state === 'valid' &&
    (Array.isArray(checked.value) ? checked.value.includes(OTHER_VALUE) : checked.value === OTHER_VALUE);
  let text: string | undefined;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'string') return { state: 'invalid', field, message: 'must be a string' };
    text = raw.trim();
    if (text.length > LIMITS.otherCommentMaxLength) {
      return { state: 'invalid', field, message: `must be at most ${LIMITS.otherCommentMaxLength} characters` };
    }
    if (hasControlCharacters(text)) return { state: 'invalid', field, message: 'must not contain control characters' };
    if (text === '') text = undefined;
  }
  if (text !== undefined && !otherChosen) {
    if (checked.state === 'invalid') return { state: 'empty', field };
    return { state: 'invalid', field, message: 'is allowed only when the answer is "other"' };
  }
  if (text === undefined) {
    if (otherChosen && !options.partial) {
      return { state: 'invalid', field, message: 'is required: say what "Other" means' };
    }
    return { state: 'empty', field };
  }
  return { state: 'valid', field, value: text };
}

/** Why an answer to a question that was not shown is refused. */
const NOT_SHOWN: Record<Exclude<QuestionState, 'shown' | 'unknown'>, string> = {
  hidden: 'answers a question that its condition hides',
  'page-hidden': 'answers a question on a page that its condition hides',
  skipped: 'answers a question that a jump (skip trigger) passes over',
  ended: 'answers a question after the survey ended (complete trigger)',
};

function requiredProblems(question: Question, checked: Checked, field: string): QuestionnaireProblem[] {
  if (checked.state === 'empty') return [{ field, message: 'is required' }];
  if (question.type !== 'matrix' || checked.state !== 'valid') return [];
  const answer = checked.value as MatrixAnswer;
  return question.rows
    .filter((row) => !hasOwn(answer, row.value))
    .map((row) => ({
      field: pathOf(field, row.value),
      message: 'is required: every row of this matrix needs an answer',
    }));
}

function invalid(field: string, message: string): Checked {
  return { state: 'invalid', problems: [{ field, message }] };
}

function isChoice(choices: readonly Choice[], value: unknown): value is ChoiceValue {
  // Strict: the numeric choice 1 is not answered by the text "1".
  return choices.some((choice) => choice.value === value);
}

/** The question's choices with its "None" and "Other" items, as the answer may name them. */
function choicesWithExtras(question: Question & { choices: Choice[] }): Choice[] {
  const values = answerValues(question);
  if (values.length === question.choices.length) return question.choices;
  return values.map(
    (value) => question.choices.find((choice) => choice.value === value) ?? { value, text: { en: '' } },
  );
}

function checkAnswer(question: Question, raw: unknown, field: string): Checked {
  if (raw === undefined || raw === null) return { state: 'empty' };
  switch (question.type) {
    case 'rating':
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < question.rateMin || raw > question.rateMax) {
        return invalid(field, `must be a whole number from ${question.rateMin} to ${question.rateMax}`);
      }
      return { state: 'valid', value: raw };
    case 'radiogroup':
    case 'dropdown':
      return isChoice(choicesWithExtras(question), raw)
        ? { state: 'valid', value: raw }
        : invalid(field, "must be one of the question's choices");
    case 'checkbox': {
      const checked = checkCheckbox(choicesWithExtras(question), question.maxSelectedChoices, raw, field);
      if (checked.state === 'valid' && (checked.value as ChoiceValue[]).includes(NONE_VALUE)) {
        // SurveyJS clears the other choices when "None" is ticked.
        if ((checked.value as ChoiceValue[]).length > 1)
          return invalid(field, 'must not combine "none" with other choices');
      }
      return checked;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? { state: 'valid', value: raw } : invalid(field, 'must be true or false');
    case 'comment':
      return checkComment(question.maxLength ?? LIMITS.commentDefaultMaxLength, raw, field);
    case 'matrix':
      return checkMatrix(question.rows, question.columns, raw, field);
    case 'html':
      return invalid(field, 'answers an information block, which takes no answer');
    case 'text':
      return checkText(question, raw, field);
    case 'multipletext':
      return checkMultipleText(question, raw, field);
    case 'ranking':
      return checkRanking(question.choices, raw, field);
    case 'slider':
      return checkSlider(question, raw, field);
    case 'expression':
      return { state: 'empty' };
  }
}

/** A full ranking: every choice value exactly once, most preferred first; kept in the order given. */
function checkRanking(choices: readonly Choice[], raw: unknown, field: string): Checked {
  if (!Array.isArray(raw)) return invalid(field, "must be an array of the question's choices in order of preference");
  if (raw.length === 0) return { state: 'empty' };
  if (!raw.every((value) => isChoice(choices, value))) {
    return invalid(field, "contains a value that is not one of the question's choices");
  }
  if (new Set(raw).size !== raw.length) return invalid(field, 'must not rank a choice twice');
  if (raw.length !== choices.length) return invalid(field, 'must rank every choice of the question, each once');
  return { state: 'valid', value: [...raw] as ChoiceValue[] };
}

/** Whether `value` is `min` plus a whole number of `step`s, allowing for binary fractions (0.1 + 0.2). */
export function isOnSliderStep(question: Pick<SliderQuestion, 'min' | 'max' | 'step'>, value: number): boolean {
  if (value < question.min || value > question.max) return false;
  const steps = (value - question.min) / question.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

function checkSlider(question: SliderQuestion, raw: unknown, field: string): Checked {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || !isOnSliderStep(question, raw)) {
    return invalid(
      field,
      `must be a number from ${question.min} to ${question.max}, in steps of ${question.step} from ${question.min}`,
    );
  }
  // Stored as the step it is on, so 0.30000000000000004 and 0.3 are one answer.
  const steps = Math.round((raw - question.min) / question.step);
  return { state: 'valid', value: sliderPoint(question, steps) };
}

/** The value of the slider's point `index` (0 is `min`), without binary-fraction noise. */
export function sliderPoint(question: Pick<SliderQuestion, 'min' | 'step'>, index: number): number {
  return Number((question.min + index * question.step).toPrecision(12));
}

function checkCheckbox(choices: readonly Choice[], max: number | undefined, raw: unknown, field: string): Checked {
  if (!Array.isArray(raw)) return invalid(field, "must be an array of the question's choices");
  if (raw.length === 0) return { state: 'empty' };
  if (raw.length > choices.length) return invalid(field, 'has more entries than the question has choices');
  if (!raw.every((value) => isChoice(choices, value))) {
    return invalid(field, "contains a value that is not one of the question's choices");
  }
  if (new Set(raw).size !== raw.length) return invalid(field, 'must not list a choice twice');
  if (max !== undefined && raw.length > max) return invalid(field, `allows at most ${max} choices`);
  const value = choices.filter((choice) => raw.includes(choice.value)).map((choice) => choice.value);
  return { state: 'valid', value };
}

function checkComment(maxLength: number, raw: unknown, field: string): Checked {
  if (typeof raw !== 'string') return invalid(field, 'must be a string');
  const text = raw.trim();
  if (text === '') return { state: 'empty' };
  // UTF-16 code units, as the browser counts for the textarea's maxlength.
  if (text.length > maxLength) return invalid(field, `must be at most ${maxLength} characters`);
  if (hasControlCharacters(text)) return invalid(field, 'must not contain control characters');
  return { state: 'valid', value: text };
}

function checkMatrix(rows: readonly MatrixRow[], columns: readonly Choice[], raw: unknown, field: string): Checked {
  if (!isPlainObject(raw)) return invalid(field, 'must be an object giving a column for each row');
  const problems: QuestionnaireProblem[] = [];
  const rowValues = rows.map((row) => row.value);
  for (const key of Object.keys(raw)) {
    if (!rowValues.includes(key)) {
      problems.push(unexpectedKeyProblem(field, key, 'a row of this matrix'));
    } else if (raw[key] !== null && !isChoice(columns, raw[key])) {
      problems.push({ field: pathOf(field, key), message: "must be one of the matrix's columns" });
    }
  }
  if (problems.length > 0) return { state: 'invalid', problems };
  const value: MatrixAnswer = {};
  for (const row of rows) {
    if (hasOwn(raw, row.value) && raw[row.value] !== null) value[row.value] = raw[row.value] as ChoiceValue;
  }
  return Object.keys(value).length === 0 ? { state: 'empty' } : { state: 'valid', value };
}

function checkText(question: TextQuestion, raw: unknown, field: string): Checked {
  const result = checkTextAnswer(question, raw);
  if (result.state === 'invalid') return invalid(field, textIssueMessage(result.issue));
  return result;
}

function checkMultipleText(question: MultipleTextQuestion, raw: unknown, field: string): Checked {
  if (!isPlainObject(raw)) return invalid(field, 'must be an object giving a text for each item');
  const problems: QuestionnaireProblem[] = [];
  const value: Record<string, string> = {};
  const names = question.items.map((item) => item.name);
  for (const key of Object.keys(raw)) {
    if (!names.includes(key)) problems.push(unexpectedKeyProblem(field, key, 'an item of this question'));
  }
  for (const item of question.items) {
    if (!hasOwn(raw, item.name) || raw[item.name] === null) continue;
    const itemField = pathOf(field, item.name);
    const checked = checkComment(item.maxLength ?? LIMITS.textDefaultMaxLength, raw[item.name], itemField);
    if (checked.state === 'invalid') problems.push(...checked.problems);
    else if (checked.state === 'valid' && /[\r\n]/.test(checked.value as string)) {
      problems.push({ field: itemField, message: 'must be on one line' });
    } else if (checked.state === 'valid') value[item.name] = checked.value as string;
  }
  if (problems.length > 0) return { state: 'invalid', problems };
  return Object.keys(value).length === 0 ? { state: 'empty' } : { state: 'valid', value };
}
