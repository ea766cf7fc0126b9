export {
  FALLBACK_LANGUAGE,
  LANGUAGES,
  RTL_LANGUAGES,
  SURVEYJS_LOCALES,
  isLanguage,
  localize,
  textDirection,
  type Language,
  type LocalizedText,
} from './languages';
export {
  LIMITS,
  QUESTION_TYPES,
  RATING_KINDS,
  TRIGGER_TYPES,
  TEXT_INPUT_TYPES,
  VALIDATOR_TYPES,
  type AnswerValidator,
  type EmailValidator,
  type ExtraChoiceItems,
  type NumericValidator,
  type RegexValidator,
  type TextInputType,
  type TextLengthValidator,
  type CompleteTrigger,
  type SkipTrigger,
  type Trigger,
  type AnswerValue,
  type Answers,
  type BooleanQuestion,
  type CheckboxQuestion,
  type Choice,
  type ChoiceQuestion,
  type ChoiceValue,
  type CommentQuestion,
  type DropdownQuestion,
  type TextQuestion,
  type MultipleTextAnswer,
  type MultipleTextItem,
  type MultipleTextQuestion,
  type HtmlQuestion,
  type MatrixAnswer,
  type MatrixQuestion,
  type MatrixRow,
  type Page,
  type Question,
  type QuestionType,
  type Questionnaire,
  type QuestionnaireProblem,
  type RadiogroupQuestion,
  type RatingKind,
  type RatingQuestion,
} from './types';
export {
  conditionReferences,
  evaluateCondition,
  isEmptyValue,
  isVisible,
  parseCondition,
  type Comparison,
  type ComparisonOperator,
  type Condition,
  type ConditionOperator,
  type ConditionSyntaxError,
  type Conjunction,
  type Literal,
  type ParseConditionResult,
} from './conditions';
export { resolveFlow, walkFlow, type AnswerOutcome, type FlowResult, type PageState, type QuestionState } from './flow';
export {
  drawDisplayOrder,
  orderedChoices,
  orderedQuestions,
  randomisedChoiceQuestions,
  randomisedPages,
  validateDisplayOrder,
  type DisplayOrder,
  type ValidateDisplayOrderResult,
} from './order';
export {
  answerText,
  isPipeable,
  pipeLocalized,
  pipeText,
  pipedReferences,
  withoutPiping,
  type PipedReference,
  type PipingWords,
} from './piping';
export { HTML_TAGS, htmlText, parseHtml, type HtmlNode, type HtmlTag, type ParseHtmlResult } from './html';
export { isPlainObject } from './problems';
export {
  ENGLISH_LANGUAGE_NAMES,
  englishFieldName,
  locateField,
  problemSentence,
  type FieldLocation,
  type FieldPart,
} from './field-location';
export {
  findQuestion,
  freeTextAnswerKeys,
  freeTextQuestionNames,
  isFreeTextQuestion,
  isMeasureQuestion,
  isNumericQuestion,
  questionsOf,
} from './questions';
export {
  COMMENT_SUFFIX,
  NONE_VALUE,
  OTHER_VALUE,
  answerValues,
  extraChoiceValues,
  otherCommentKey,
  otherCommentKeys,
  takesExtraItems,
  type ExtraItemsQuestion,
} from './choice-items';
export {
  checkTextAnswer,
  isEmailAddress,
  isFreeTextInput,
  textAnswerIssue,
  textIssueMessage,
  type TextAnswerIssue,
  type TextAnswerResult,
} from './text-input';
export { isCalendarDate } from './dates';
export { regexVerdict, type RegexSafetyCheck, type RegexVerdict } from './regex-safety';
export {
  problemKind,
  validateQuestionnaire,
  type ValidateQuestionnaireOptions,
  type ValidateQuestionnaireResult,
} from './validate-questionnaire';
export { validateAnswers, type ValidateAnswersOptions, type ValidateAnswersResult } from './validate-answers';
export { sampleSatisfactionQuestionnaire } from './sample';
