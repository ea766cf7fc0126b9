import type { LocalizedText } from './languages';

/**
 * The questionnaire format: a subset of the SurveyJS JSON schema, so a validated questionnaire
 * can be handed to survey-react-ui as it is. README.md documents every property.
 */
export interface Questionnaire {
  title: LocalizedText;
  description?: LocalizedText;
  pages: Page[];
  /** Jumps and early ends, SurveyJS `triggers` of type `skip` and `complete`; see flow.ts. */
  triggers?: Trigger[];
}

export interface Page {
  name: string;
  title?: LocalizedText;
  /** A condition on answers of earlier pages; the whole page is shown only when it holds. */
  visibleIf?: string;
  /** `random`: each respondent sees the page's questions in an order drawn for them (order.ts). */
  questionsOrder?: 'random';
  elements: Question[];
}

/**
 * SurveyJS `skip` trigger: when `expression` holds as the respondent leaves the page of the last
 * question it reads, the survey goes on at the page of question `gotoName` (always a later page).
 */
export interface SkipTrigger {
  type: 'skip';
  expression: string;
  gotoName: string;
}

/** SurveyJS `complete` trigger: when `expression` holds, the survey ends after the page of the last question it reads. */
export interface CompleteTrigger {
  type: 'complete';
  expression: string;
}

export type Trigger = SkipTrigger | CompleteTrigger;
export const TRIGGER_TYPES = ['skip', 'complete'] as const;

export type QuestionType = Question['type'];

export const QUESTION_TYPES = [
  'rating',
  'radiogroup',
  'dropdown',
  'checkbox',
  'boolean',
  'comment',
  'matrix',
  'html',
  'text',
  'multipletext',
  'ranking',
  'slider',
  'expression',
] as const;

export type Question =
  | RatingQuestion
  | RadiogroupQuestion
  | DropdownQuestion
  | CheckboxQuestion
  | BooleanQuestion
  | CommentQuestion
  | MatrixQuestion
  | HtmlQuestion
  | TextQuestion
  | MultipleTextQuestion
  | RankingQuestion
  | SliderQuestion
  | ExpressionQuestion;

interface QuestionBase {
  /** The key of the answer; unique in the questionnaire regardless of case. */
  name: string;
  title: LocalizedText;
  description?: LocalizedText;
  isRequired?: boolean;
  /** A condition on earlier answers; see conditions.ts for the grammar. */
  visibleIf?: string;
}

/**
 * How statistics treat a rating: `nps` (0–10, Net Promoter Score), `satisfaction` (1–5) or a
 * plain `scale`. SurveyJS ignores the property.
 */
export type RatingKind = 'nps' | 'satisfaction' | 'scale';
export const RATING_KINDS: readonly RatingKind[] = ['nps', 'satisfaction', 'scale'];

export interface RatingQuestion extends QuestionBase {
  type: 'rating';
  rateMin: number;
  rateMax: number;
  minRateDescription?: LocalizedText;
  maxRateDescription?: LocalizedText;
  ratingKind?: RatingKind;
}

export type ChoiceValue = string | number;

export interface Choice {
  value: ChoiceValue;
  text: LocalizedText;
}

/**
 * SurveyJS "Other" and "None" items of radiogroup and checkbox questions (choice-items.ts).
 * "Other" answers with the value `other` and keeps what the respondent wrote under the answer key
 * `<name>-Comment`, as SurveyJS stores it; that comment is free text. "None" answers `none`.
 */
export interface ExtraChoiceItems {
  showOtherItem?: true;
  /** The "Other" item's label; the apps' own word when absent. */
  otherText?: LocalizedText;
  /** Placeholder of the "Other" comment box. */
  otherPlaceholder?: LocalizedText;
  showNoneItem?: true;
  /** The "None" item's label; the apps' own word when absent. */
  noneText?: LocalizedText;
}

export interface RadiogroupQuestion extends QuestionBase, ExtraChoiceItems {
  /** `random`: each respondent sees the choices in an order drawn for them (order.ts). */
  choicesOrder?: 'random';
  type: 'radiogroup';
  choices: Choice[];
}

export interface DropdownQuestion extends QuestionBase {
  /** `random`: each respondent sees the choices in an order drawn for them (order.ts). */
  choicesOrder?: 'random';
  type: 'dropdown';
  choices: Choice[];
}

export interface CheckboxQuestion extends QuestionBase, ExtraChoiceItems {
  /** `random`: each respondent sees the choices in an order drawn for them (order.ts). */
  choicesOrder?: 'random';
  type: 'checkbox';
  choices: Choice[];
  maxSelectedChoices?: number;
}

export interface BooleanQuestion extends QuestionBase {
  type: 'boolean';
  labelTrue?: LocalizedText;
  labelFalse?: LocalizedText;
}

export interface CommentQuestion extends QuestionBase {
  type: 'comment';
  /** Always set on a validated questionnaire, so SurveyJS enforces the same limit. */
  maxLength?: number;
}

/** SurveyJS `text` input types of the subset (`text`, the default, is never written out). */
export type TextInputType = 'email' | 'tel' | 'number' | 'date';
export const TEXT_INPUT_TYPES = ['text', 'email', 'tel', 'number', 'date'] as const;

/** SurveyJS `numeric` validator: the answer is a number from `minValue` to `maxValue`. */
export interface NumericValidator {
  type: 'numeric';
  minValue?: number;
  maxValue?: number;
  text?: LocalizedText;
}

/** SurveyJS `text` validator: the answer has `minLength` to `maxLength` characters. */
export interface TextLengthValidator {
  type: 'text';
  minLength?: number;
  maxLength?: number;
  text?: LocalizedText;
}

/** SurveyJS `regex` validator: `new RegExp(regex).test(answer)` holds (no flags). Checked safe (regex-safety.ts). */
export interface RegexValidator {
  type: 'regex';
  regex: string;
  text?: LocalizedText;
}

/** SurveyJS `email` validator: the answer is an e-mail address. */
export interface EmailValidator {
  type: 'email';
  text?: LocalizedText;
}

/** SurveyJS `validators` of the subset; `text` is the message shown instead of the app's own. */
export type AnswerValidator = NumericValidator | TextLengthValidator | RegexValidator | EmailValidator;
export const VALIDATOR_TYPES = ['numeric', 'text', 'regex', 'email'] as const;

/**
 * A one-line input (SurveyJS `text`). Without `inputType`, or with `email` or `tel`, the answer is
 * free text: encrypted, never in statistics. `number` (a JSON number) and `date` (`YYYY-MM-DD`)
 * are closed answers: stored as they are, summarised by statistics. `min` and `max` bound them
 * (numbers for `number`, `YYYY-MM-DD` for `date`).
 */
export interface TextQuestion extends QuestionBase {
  type: 'text';
  inputType?: TextInputType;
  /** Set on a validated questionnaire for free-text input types, so SurveyJS enforces the same limit. */
  maxLength?: number;
  min?: number | string;
  max?: number | string;
  validators?: AnswerValidator[];
}

export interface MultipleTextItem {
  /** The item's key in the answer: a name. */
  name: string;
  title: LocalizedText;
  /** Always set on a validated questionnaire (default 200). */
  maxLength?: number;
}

/**
 * Several one-line texts under one title (SurveyJS `multipletext`). Every item is free text:
 * encrypted, never in statistics. Required means at least one item answered.
 */
export interface MultipleTextQuestion extends QuestionBase {
  type: 'multipletext';
  items: MultipleTextItem[];
}

export interface MatrixRow {
  value: string;
  text: LocalizedText;
}

export interface MatrixQuestion extends QuestionBase {
  type: 'matrix';
  rows: MatrixRow[];
  columns: Choice[];
  /**
   * Set exactly when `isRequired` is: SurveyJS alone is satisfied by one answered row, while a
   * required matrix here needs every row. The validator adds it.
   */
  eachRowRequired?: boolean;
}

/**
 * An information block (SurveyJS `html`): text with a little markup (html.ts), no answer. Its
 * `title` is not shown, as in SurveyJS; it names the block for screen readers and in the editor.
 */
export interface HtmlQuestion {
  type: 'html';
  name: string;
  title: LocalizedText;
  visibleIf?: string;
  html: LocalizedText;
  /** Never set: an information block has no description and takes no answer. */
  description?: undefined;
  isRequired?: false;
}

/**
 * Choices put in order of preference (SurveyJS `ranking`, default mode). The answer lists every
 * choice value once, most preferred first. SurveyJS's `selectToRankEnabled` (ranking only some
 * choices) is not part of the subset.
 */
export interface RankingQuestion extends QuestionBase {
  type: 'ranking';
  choices: Choice[];
}

/**
 * A number picked on a scale (SurveyJS v2 `slider`, single value). The answer is a number from
 * `min` to `max` reached from `min` in whole `step`s. All three are always written out on a
 * validated questionnaire (SurveyJS's defaults: 0, 100, 1).
 */
export interface SliderQuestion extends QuestionBase {
  type: 'slider';
  min: number;
  max: number;
  step: number;
}

/** How an expression's value is shown (SurveyJS `displayStyle`; `currency` and `date` are not in the subset). */
export type ExpressionDisplayStyle = 'none' | 'decimal' | 'percent';
export const EXPRESSION_DISPLAY_STYLES: readonly ExpressionDisplayStyle[] = ['none', 'decimal', 'percent'];

/**
 * A read-only value computed from earlier answers (SurveyJS `expression`); see expressions.ts for
 * the grammar. The respondent cannot answer it: the server computes it again from the answers
 * that stand and stores that, whatever was submitted under its name.
 */
export interface ExpressionQuestion {
  type: 'expression';
  name: string;
  title: LocalizedText;
  description?: LocalizedText;
  visibleIf?: string;
  expression: string;
  displayStyle?: ExpressionDisplayStyle;
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  /** Never set: nobody answers a computed value. */
  isRequired?: false;
}

export type ChoiceQuestion = RadiogroupQuestion | DropdownQuestion | CheckboxQuestion;

/** A matrix answer: row value -> column value. */
export type MatrixAnswer = Record<string, ChoiceValue>;

/** A multipletext answer: item name -> text. */
export type MultipleTextAnswer = Record<string, string>;

/**
 * rating, slider, expression: number; radiogroup/dropdown: choice value; checkbox and ranking:
 * choice values; boolean; comment: string; matrix; multipletext.
 */
export type AnswerValue = number | string | boolean | ChoiceValue[] | MatrixAnswer | MultipleTextAnswer;

/** Answers keyed by question name; unanswered questions are absent. */
export type Answers = Record<string, AnswerValue>;

/** One thing wrong with a submitted questionnaire or answer set; never quotes the value. */
export interface QuestionnaireProblem {
  /** JSON path of the offending value, e.g. `pages[0].elements[2].choices[1].text.fr`. */
  field: string;
  message: string;
}

export const LIMITS = {
  pages: 50,
  questions: 200,
  /** Choices of a question, rows of a matrix, columns of a matrix. */
  choices: 100,
  textLength: 2000,
  conditionLength: 1000,
  /** How deeply parentheses may nest in a condition. */
  conditionDepth: 10,
  ratingPoints: 11,
  commentDefaultMaxLength: 2000,
  commentMaxLength: 10000,
  textDefaultMaxLength: 200,
  textMaxLength: 1000,
  multipleTextItems: 20,
  /** Validators of one question. */
  validators: 10,
  /** Characters of a `regex` validator's pattern. */
  regexLength: 500,
  /** Characters of the comment that goes with an "Other" answer. */
  otherCommentMaxLength: 1000,
  /** Choices of a ranking: each is moved by hand, and statistics count every rank of every choice. */
  rankingChoices: 20,
  /** Points of a slider, (max - min) / step + 1: statistics count each point. */
  sliderPoints: 101,
  expressionLength: 1000,
  /** How deeply parentheses and function calls may nest in an expression. */
  expressionDepth: 10,
  triggers: 50,
  /** Problems listed at most; a last one says when more were left out. */
  problems: 100,
} as const;
