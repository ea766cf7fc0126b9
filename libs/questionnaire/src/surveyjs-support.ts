import type { QuestionType, Trigger } from './types';

/**
 * Which SurveyJS properties the questionnaire format reads and writes, and which it leaves out
 * on purpose and why: the one table that the SurveyJS import and export follow and that the
 * documentation (docs/surveyjs.md) is generated from. A question type is one entry of
 * `SURVEYJS_QUESTION_TYPES`; the compiler asks for it as soon as the type joins QUESTION_TYPES.
 */

/**
 * How a property's value crosses between SurveyJS and this format: as it is (`value`), as a
 * localised text (`text`: `{ "default": …, "fr": … }` there, `{ "en": …, "fr": … }` here), as a
 * list of `{ value, text }` entries (`choices`) or of multipletext items (`items`).
 */
export type SurveyJsPropertyKind = 'value' | 'text' | 'choices' | 'items';

export interface SurveyJsProperty {
  /** The SurveyJS property name, which this format uses too. */
  name: string;
  kind: SurveyJsPropertyKind;
  /** A property of this format that SurveyJS does not know: it ignores it (and lists it in `jsonErrors`). */
  extension?: true;
}

const value = (name: string): SurveyJsProperty => ({ name, kind: 'value' });
const text = (name: string): SurveyJsProperty => ({ name, kind: 'text' });
const choices = (name: string): SurveyJsProperty => ({ name, kind: 'choices' });
const items = (name: string): SurveyJsProperty => ({ name, kind: 'items' });
const extension = (name: string): SurveyJsProperty => ({ name, kind: 'value', extension: true });

export interface SurveyJsQuestionType {
  /** The type's own properties, besides `SURVEYJS_QUESTION_COMMON`. */
  properties: readonly SurveyJsProperty[];
  /** Common properties the type does not take. */
  without?: readonly string[];
}

/** The survey (the JSON's root). `locale` names the language of the `"default"` texts. */
export const SURVEYJS_SURVEY: readonly SurveyJsProperty[] = [
  value('locale'),
  text('title'),
  text('description'),
  value('pages'),
  value('triggers'),
];

export const SURVEYJS_PAGE: readonly SurveyJsProperty[] = [
  value('name'),
  text('title'),
  value('visibleIf'),
  value('questionsOrder'),
  value('elements'),
];

/** Properties every question type takes unless its entry says `without`. */
export const SURVEYJS_QUESTION_COMMON: readonly SurveyJsProperty[] = [
  value('type'),
  value('name'),
  text('title'),
  text('description'),
  value('isRequired'),
  value('visibleIf'),
];

export const SURVEYJS_QUESTION_TYPES: { readonly [T in QuestionType]: SurveyJsQuestionType } = {
  rating: {
    properties: [
      value('rateMin'),
      value('rateMax'),
      value('rateStep'),
      value('rateCount'),
      text('minRateDescription'),
      text('maxRateDescription'),
      extension('ratingKind'),
    ],
  },
  radiogroup: {
    properties: [
      choices('choices'),
      value('choicesOrder'),
      value('showOtherItem'),
      text('otherText'),
      text('otherPlaceholder'),
      value('showNoneItem'),
      text('noneText'),
    ],
  },
  dropdown: { properties: [choices('choices'), value('choicesOrder')] },
  checkbox: {
    properties: [
      choices('choices'),
      value('choicesOrder'),
      value('maxSelectedChoices'),
      value('showOtherItem'),
      text('otherText'),
      text('otherPlaceholder'),
      value('showNoneItem'),
      text('noneText'),
    ],
  },
  boolean: { properties: [text('labelTrue'), text('labelFalse')] },
  comment: { properties: [value('maxLength')] },
  matrix: { properties: [choices('rows'), choices('columns'), value('eachRowRequired')] },
  html: { properties: [text('html')], without: ['description', 'isRequired'] },
  text: { properties: [value('inputType'), value('maxLength'), value('min'), value('max'), value('validators')] },
  multipletext: { properties: [items('items')] },
  ranking: { properties: [choices('choices')] },
  slider: { properties: [value('min'), value('max'), value('step')] },
  expression: {
    properties: [
      value('expression'),
      value('displayStyle'),
      value('minimumFractionDigits'),
      value('maximumFractionDigits'),
    ],
  },
};

/** An entry of `choices`, `rows` or `columns`. SurveyJS's shorthand (`"pct"`, `"pct|PCT"`, `3`) is read too. */
export const SURVEYJS_CHOICE: readonly SurveyJsProperty[] = [value('value'), text('text')];

/** An item of a multipletext question. */
export const SURVEYJS_MULTIPLETEXT_ITEM: readonly SurveyJsProperty[] = [
  value('name'),
  text('title'),
  value('maxLength'),
];

export const SURVEYJS_TRIGGER_TYPES: { readonly [T in Trigger['type']]: readonly SurveyJsProperty[] } = {
  skip: [value('type'), value('expression'), value('gotoName')],
  complete: [value('type'), value('expression')],
};

/** The properties a question of this type takes, in the order the export writes them. */
export function questionProperties(type: QuestionType): SurveyJsProperty[] {
  const entry = SURVEYJS_QUESTION_TYPES[type];
  const without = entry.without ?? [];
  return [...SURVEYJS_QUESTION_COMMON.filter((property) => !without.includes(property.name)), ...entry.properties];
}

// ---- Left out on purpose: SurveyJS names, each with the reason the import gives ----

const PRESENTATION = 'presentation belongs to the respondent app, which draws every survey the same way';
const NOT_BUILT = 'not built yet';
const THIRD_PARTY = 'it would make respondents’ browsers load content from another site';
const EXPRESSIONS =
  'the browser and the server must agree on every rule, and only visibleIf conditions are evaluated on both';
const NO_PREFILL = 'answers come only from the respondent: nothing is filled in or changed for them';

/** Survey (root) properties left out, with why. */
export const SURVEYJS_SURVEY_LEFT_OUT: Readonly<Record<string, string>> = {
  calculatedValues: EXPRESSIONS,
  navigateToUrl:
    'the end of a survey is the platform’s thank-you page; a redirect could leak the respondent’s visit to another site',
  navigateToUrlOnCondition:
    'the end of a survey is the platform’s thank-you page; a redirect could leak the respondent’s visit to another site',
  completedHtml: 'the thank-you page is the platform’s, in every language of the survey',
  completedHtmlOnCondition: 'the thank-you page is the platform’s, in every language of the survey',
  completedBeforeHtml: 'whether someone already answered is decided by the invitation, not by a cookie',
  cookieName: 'whether someone already answered is decided by the invitation, not by a cookie',
  loadingHtml: PRESENTATION,
  logo: THIRD_PARTY,
  logoPosition: PRESENTATION,
  questions: 'questions must be inside pages: put them in pages[].elements',
  elements: 'questions must be inside pages: put them in pages[].elements',
  showProgressBar: PRESENTATION,
  progressBarType: PRESENTATION,
  showQuestionNumbers: PRESENTATION,
  questionTitleLocation: PRESENTATION,
  questionErrorLocation: PRESENTATION,
  questionDescriptionLocation: PRESENTATION,
  showTitle: PRESENTATION,
  showPageTitles: PRESENTATION,
  showPageNumbers: PRESENTATION,
  showNavigationButtons: PRESENTATION,
  showPrevButton: PRESENTATION,
  showCompletedPage: PRESENTATION,
  pagePrevText: PRESENTATION,
  pageNextText: PRESENTATION,
  completeText: PRESENTATION,
  requiredText: PRESENTATION,
  widthMode: PRESENTATION,
  width: PRESENTATION,
  firstPageIsStarted: PRESENTATION,
  startSurveyText: PRESENTATION,
  questionsOnPageMode: PRESENTATION,
  goNextPageAutomatic: PRESENTATION,
  autoAdvanceEnabled: PRESENTATION,
  checkErrorsMode: 'answers are checked when the respondent leaves a page and again by the server',
  textUpdateMode: PRESENTATION,
  clearInvisibleValues: 'always "onHidden" here: an answer to a hidden question is never kept',
  questionsOrder: 'only a page may shuffle its questions (page questionsOrder "random")',
  maxTextLength: 'each comment and text question has its own maxLength (default 2000 and 200)',
  maxOthersLength: NOT_BUILT,
  sendResultOnPageNext: 'drafts are saved by the respondent app',
  storeOthersAsComment: NOT_BUILT,
  mode: 'a survey is always answered, never shown read-only',
  focusFirstQuestionAutomatic: PRESENTATION,
  showTimerPanel: NOT_BUILT,
  showTimer: NOT_BUILT,
  timeLimit: NOT_BUILT,
  timeLimitPerPage: NOT_BUILT,
  maxTimeToFinish: NOT_BUILT,
  maxTimeToFinishPage: NOT_BUILT,
  showPreviewBeforeComplete: NOT_BUILT,
  headerView: PRESENTATION,
  backgroundImage: THIRD_PARTY,
  surveyId: THIRD_PARTY,
  surveyPostId: THIRD_PARTY,
};

/** Page properties left out, with why. */
export const SURVEYJS_PAGE_LEFT_OUT: Readonly<Record<string, string>> = {
  questions: 'a page’s questions are its elements: rename questions to elements',
  description: NOT_BUILT,
  enableIf: EXPRESSIONS,
  readOnly: 'a survey is always answered, never shown read-only',
  navigationTitle: PRESENTATION,
  navigationDescription: PRESENTATION,
  navigationButtonsVisibility: PRESENTATION,
  maxTimeToFinish: NOT_BUILT,
  timeLimit: NOT_BUILT,
  visible: 'a page is hidden by a visibleIf condition, which the server evaluates too',
  state: PRESENTATION,
};

/** Question properties (of any type) left out, with why. */
export const SURVEYJS_QUESTION_LEFT_OUT: Readonly<Record<string, string>> = {
  choicesByUrl: THIRD_PARTY + ' and the allowed answers would not be known to the server',
  choicesFromQuestion: NOT_BUILT,
  choicesFromQuestionMode: NOT_BUILT,
  choicesVisibleIf: EXPRESSIONS,
  choicesEnableIf: EXPRESSIONS,
  cellType: 'matrix cells are single choices among the columns; other cell types belong to matrixdropdown',
  enableIf: EXPRESSIONS,
  requiredIf: EXPRESSIONS,
  setValueIf: NO_PREFILL,
  setValueExpression: NO_PREFILL,
  resetValueIf: NO_PREFILL,
  defaultValue: NO_PREFILL,
  defaultValueExpression: NO_PREFILL,
  correctAnswer: 'a satisfaction survey has no right answers',
  valueName: 'an answer is stored under its question’s name',
  readOnly: 'a survey is always answered, never shown read-only',
  visible: 'a question is hidden by a visibleIf condition, which the server evaluates too',
  hasOther: NOT_BUILT + ': an “Other” text must be encrypted as free text and stay last when choices are shuffled',
  otherErrorText: NOT_BUILT,
  hasNone: NOT_BUILT,
  showSelectAllItem: NOT_BUILT,
  hasSelectAll: NOT_BUILT,
  selectAllText: NOT_BUILT,
  showCommentArea: NOT_BUILT + ': a comment beside an answer is free text, to be encrypted',
  hasComment: NOT_BUILT + ': a comment beside an answer is free text, to be encrypted',
  commentText: NOT_BUILT,
  rateValues: 'a rating is a scale of whole numbers from rateMin to rateMax, so that statistics can average it',
  rateType: PRESENTATION,
  rateDisplayMode: PRESENTATION,
  displayMode: PRESENTATION,
  scaleColorMode: PRESENTATION,
  rateColorMode: PRESENTATION,
  displayRateDescriptionsAsExtremeItems: PRESENTATION,
  valueTrue: 'a yes-or-no answer is stored as true or false',
  valueFalse: 'a yes-or-no answer is stored as true or false',
  renderAs: PRESENTATION,
  placeholder: PRESENTATION,
  placeHolder: PRESENTATION,
  autocomplete: 'browsers must not fill answers in from what they remember of the respondent',
  rows: PRESENTATION,
  autoGrow: PRESENTATION,
  allowResize: PRESENTATION,
  titleLocation: PRESENTATION,
  descriptionLocation: PRESENTATION,
  hideNumber: PRESENTATION,
  startWithNewLine: PRESENTATION,
  width: PRESENTATION,
  minWidth: PRESENTATION,
  maxWidth: PRESENTATION,
  indent: PRESENTATION,
  colCount: PRESENTATION,
  separateSpecialChoices: PRESENTATION,
  requiredErrorText: 'error messages are the respondent app’s, in every language',
  minSelectedChoices: NOT_BUILT,
  isAllRowRequired: 'a required matrix needs every row: set isRequired (eachRowRequired is written out)',
  rowsOrder: NOT_BUILT,
  alternateRows: PRESENTATION,
  showHeader: PRESENTATION,
  columnMinWidth: PRESENTATION,
  rowTitleWidth: PRESENTATION,
  hideIfRowsEmpty: PRESENTATION,
  rowsVisibleIf: EXPRESSIONS,
  columnsVisibleIf: EXPRESSIONS,
  min: NOT_BUILT,
  max: NOT_BUILT,
  step: NOT_BUILT,
  minValueExpression: EXPRESSIONS,
  maxValueExpression: EXPRESSIONS,
  textUpdateMode: PRESENTATION,
  maskType: NOT_BUILT,
  maskSettings: NOT_BUILT,
  dataList: NOT_BUILT,
  itemErrorLocation: PRESENTATION,
  choicesMin: NOT_BUILT,
  choicesMax: NOT_BUILT,
  choicesStep: NOT_BUILT,
  state: PRESENTATION,
  useDisplayValuesInDynamicTexts: PRESENTATION,
  selectToRankEnabled: 'a ranking orders every choice, so that mean ranks compare like with like',
  sliderType: 'a slider takes one value; range sliders are not built yet',
  currency: NOT_BUILT,
  format: NOT_BUILT,
};

/** Properties of a choice, matrix row or column left out, with why. */
export const SURVEYJS_CHOICE_LEFT_OUT: Readonly<Record<string, string>> = {
  visibleIf: EXPRESSIONS,
  enableIf: EXPRESSIONS,
  imageLink: THIRD_PARTY,
};

/** Question types left out, with why. */
export const SURVEYJS_QUESTION_TYPES_LEFT_OUT: Readonly<Record<string, string>> = {
  panel: 'panels (groups of questions inside a page) are not built yet: use pages',
  paneldynamic: 'repeated groups of questions are not built yet',
  matrixdropdown: 'matrices with a drop-down or text in each cell are not built yet: use matrix',
  matrixdynamic: 'matrices whose rows the respondent adds are not built yet',
  imagepicker: THIRD_PARTY,
  image: THIRD_PARTY,
  file: 'uploaded files would collect data the privacy notice does not cover',
  signaturepad: 'a signature is personal data the privacy notice does not cover',
  tagbox: NOT_BUILT,
  empty: 'an empty question holds no text and takes no answer',
};

/** Trigger types left out, with why. */
export const SURVEYJS_TRIGGER_TYPES_LEFT_OUT: Readonly<Record<string, string>> = {
  setvalue: NO_PREFILL,
  copyvalue: NO_PREFILL,
  runexpression: EXPRESSIONS,
  visible: 'an old SurveyJS trigger: use the question’s visibleIf',
};

/** The same reason for a property at any level, for whatever the tables above do not name. */
export const SURVEYJS_UNKNOWN_PROPERTY = 'is not among the SurveyJS properties this platform supports';
