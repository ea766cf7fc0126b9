import { localize, type Questionnaire } from '@survey/questionnaire';
import type { ReactNode } from 'react';
import { FocusHeading } from '../components/Layout';
import { useI18n } from '../i18n';

export interface SurveyIntroProps {
  questionnaire: Questionnaire;
  /** Said under the title, before the description (the preview's word on missing translations). */
  notice?: ReactNode;
  /** Said after the description (the survey's privacy summary and saved draft). */
  children?: ReactNode;
  startLabel: string;
  onStart(): void;
  /** Shown last (the survey's save status). */
  footer?: ReactNode;
  /** Passed to the heading: in a frame, take the focus only if the frame has it. */
  focusOnlyInFocusedWindow?: boolean;
}

/** The questionnaire's first screen: its title and description, and the button that starts it. */
export function SurveyIntro(props: SurveyIntroProps) {
  const { t, language } = useI18n();
  const { questionnaire } = props;
  const description = questionnaire.description ? localize(questionnaire.description, language) : null;
  return (
    <div className="survey-intro" data-testid="survey-intro">
      <FocusHeading onlyInFocusedWindow={props.focusOnlyInFocusedWindow}>
        {localize(questionnaire.title, language)}
      </FocusHeading>
      {props.notice}
      {description && <p>{description}</p>}
      {props.children}
      <p className="hint">{t.requiredNote}</p>
      <button type="button" className="button" onClick={props.onStart}>
        {props.startLabel}
      </button>
      {props.footer}
    </div>
  );
}
