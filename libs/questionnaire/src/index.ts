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
  EXPRESSION_DISPLAY_STYLES,
  type ExpressionDisplayStyle,
  type ExpressionQuestion,
  type RankingQuestion,
  type SliderQuestion,
  TRIGGER_TYPES,
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
export { findQuestion, freeTextQuestionNames, isNumericQuestion, questionsOf, sliderPointCount } from './questions';
export {
  EXPRESSION_FUNCTIONS,
  evaluateExpression,
  expressionReferences,
  parseExpression,
  type Expression,
  type ExpressionSyntaxError,
  type ParseExpressionResult,
} from './expressions';
export { formatExpressionValue } from './validate-computed';
export {
  problemKind,
  validateQuestionnaire,
  type ValidateQuestionnaireOptions,
  type ValidateQuestionnaireResult,
} from './validate-questionnaire';
export {
  isOnSliderStep,
  sliderPoint,
  validateAnswers,
  type ValidateAnswersOptions,
  type ValidateAnswersResult,
} from './validate-answers';
export { sampleSatisfactionQuestionnaire } from './sample';
