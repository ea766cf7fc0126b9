import {
  otherCommentKey,
  orderedQuestions,
  type AnswerValue,
  type Answers,
  type DisplayOrder,
  type Page,
  type Question,
  type Questionnaire,
} from '@survey/questionnaire';
import { FocusHeading } from '../components/Layout';
import { useI18n } from '../i18n';
import { orderedChoicesOf, pipedPageTitle, pipedQuestion, type QuestionProblem } from './answers';
import { QuestionField } from './QuestionField';

export interface PageFieldsProps {
  /** The whole questionnaire: titles may show answers to questions of earlier pages. */
  questionnaire: Questionnaire;
  page: Page;
  /** Shown as the page's heading when the page has no title of its own. */
  surveyTitle: string;
  /** Where the page stands among the pages shown (0-based), and how many there are. */
  position: number;
  pageCount: number;
  questions: Question[];
  /** The order drawn for this respondent where the questionnaire randomises it. */
  displayOrder?: DisplayOrder | null;
  answers: Answers;
  problems: Record<string, QuestionProblem>;
  problemCount: number;
  onChange(name: string, value: AnswerValue | undefined): void;
  /** Passed to the heading: in a frame, take the focus only if the frame has it. */
  focusOnlyInFocusedWindow?: boolean;
}

/**
 * One page of a questionnaire as respondents see it: its progress, heading, the summary of what
 * needs attention and the questions. The survey and the editor's preview both draw it.
 */
export function PageFields(props: PageFieldsProps) {
  const { t, language } = useI18n();
  const { page, position, pageCount, problemCount } = props;
  const words = { yes: t.yes, no: t.no, other: t.otherItem, none: t.noneItem };
  return (
    <>
      <div className="progress">
        <p id="progress-label">{t.pageOf(position + 1, pageCount)}</p>
        <progress max={pageCount} value={position + 1} aria-labelledby="progress-label" />
      </div>
      <FocusHeading level={2} id="page-title" key={page.name} onlyInFocusedWindow={props.focusOnlyInFocusedWindow}>
        {pipedPageTitle(page, props.questionnaire, props.answers, language, words) ?? props.surveyTitle}
      </FocusHeading>
      {problemCount > 0 && (
        <p className="error-summary" role="alert">
          {t.fixErrors(problemCount)}
        </p>
      )}
      {orderedQuestions(page, props.questions, props.displayOrder ?? null).map((question) => (
        <QuestionField
          key={question.name}
          question={orderedChoicesOf(
            pipedQuestion(question, props.questionnaire, props.answers, language, words),
            props.displayOrder ?? null,
          )}
          value={props.answers[question.name]}
          problem={props.problems[question.name]}
          onChange={(value) => props.onChange(question.name, value)}
          comment={props.answers[otherCommentKey(question.name)]}
          onComment={(value) => props.onChange(otherCommentKey(question.name), value)}
        />
      ))}
    </>
  );
}
