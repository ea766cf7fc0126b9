import { evaluateCondition, parseCondition, conditionReferences } from './conditions';
import { ProblemList, hasControlCharacters, hasOwn, isPlainObject, pathOf, unexpectedKeyProblem } from './problems';
import { questionsOf } from './questions';
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
} from './types';

export interface ValidateAnswersOptions {
  /** A draft: answers are checked, but required questions may still be unanswered. */
  partial?: boolean;
}

export type ValidateAnswersResult = { ok: true; answers: Answers } | { ok: false; errors: QuestionnaireProblem[] };

type Checked =
  { state: 'empty' } | { state: 'valid'; value: AnswerValue } | { state: 'invalid'; problems: QuestionnaireProblem[] };

type Visibility = 'visible' | 'hidden' | 'unknown';

/**
 * Checks an answer set against a validated questionnaire and returns a cleaned copy: questions
 * in document order, comments trimmed, checkbox values in choice order, matrix rows in row
 * order, unanswered questions (null, blank, empty) left out.
 *
 * Visibility is decided in document order from the answers that stand: a hidden question's
 * answer is an error and counts for nothing, as in SurveyJS with `clearInvisibleValues:
 * "onHidden"`. Messages say what is wrong, never what was submitted.
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
  for (const key of Object.keys(answers)) {
    if (!names.has(key)) problems.addProblem(unexpectedKeyProblem('answers', key, 'a question of this questionnaire'));
  }

  // What later conditions see: the valid answers of visible questions.
  const standing: Answers = {};
  // Questions whose answer is invalid or whose visibility depends on one: conditions on them
  // cannot be decided, so no hidden or required error is raised from them.
  const undecided = new Set<string>();

  for (const question of questions) {
    const field = pathOf('answers', question.name);
    const raw = hasOwn(answers, question.name) ? answers[question.name] : undefined;
    const checked = checkAnswer(question, raw, field);
    const visibility = visibilityOf(question, standing, undecided);

    if (visibility === 'hidden') {
      if (checked.state !== 'empty') problems.add(field, 'answers a question that its condition hides');
      continue;
    }
    if (checked.state === 'invalid') checked.problems.forEach((problem) => problems.addProblem(problem));
    if (checked.state === 'invalid' || visibility === 'unknown') {
      undecided.add(question.name);
      continue;
    }
    if (checked.state === 'valid') standing[question.name] = checked.value;
    if (!options.partial && question.isRequired) {
      requiredProblems(question, checked, field).forEach((problem) => problems.addProblem(problem));
    }
  }

  if (problems.total > 0) return { ok: false, errors: problems.toArray() };
  return { ok: true, answers: standing };
}

function visibilityOf(question: Question, standing: Answers, undecided: ReadonlySet<string>): Visibility {
  if (question.visibleIf === undefined) return 'visible';
  const parsed = parseCondition(question.visibleIf);
  if (!parsed.ok) throw new Error(`visibleIf of a validated questionnaire does not parse: ${parsed.error.message}`);
  if (conditionReferences(parsed.condition).some((name) => undecided.has(name))) return 'unknown';
  return evaluateCondition(parsed.condition, standing) ? 'visible' : 'hidden';
}

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
      return isChoice(question.choices, raw)
        ? { state: 'valid', value: raw }
        : invalid(field, "must be one of the question's choices");
    case 'checkbox':
      return checkCheckbox(question.choices, question.maxSelectedChoices, raw, field);
    case 'boolean':
      return typeof raw === 'boolean' ? { state: 'valid', value: raw } : invalid(field, 'must be true or false');
    case 'comment':
      return checkComment(question.maxLength ?? LIMITS.commentDefaultMaxLength, raw, field);
    case 'matrix':
      return checkMatrix(question.rows, question.columns, raw, field);
  }
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
