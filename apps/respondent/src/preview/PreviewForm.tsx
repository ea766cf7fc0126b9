import { drawDisplayOrder, localize, validateQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { useMemo } from 'react';
import { FocusHeading } from '../components/Layout';
import { useI18n } from '../i18n';
import { visibleQuestions } from '../survey/answers';
import { PageForm } from '../survey/PageForm';
import { SurveyIntro } from '../survey/SurveyIntro';
import { WORDS } from './messages';
import { usePreviewAnswers } from './use-preview-answers';

/** The survey form of the respondent app (survey/SurveyForm), without draft saving or sending. */
export function PreviewForm({ questionnaire }: { questionnaire: Questionnaire }) {
  const { t, language } = useI18n();
  const words = WORDS[language];
  const preview = usePreviewAnswers(questionnaire);
  // The preview shows one random order too, drawn afresh for each questionnaire shown.
  const displayOrder = useMemo(
    () => drawDisplayOrder(questionnaire, crypto.getRandomValues(new Uint32Array(1))[0]),
    [questionnaire],
  );
  const { answers, current, shownPages, position, problems } = preview;
  const title = localize(questionnaire.title, language);
  // Regex validators are judged by the API (its ReDoS check is not shipped to browsers).
  const complete = validateQuestionnaire(questionnaire, { languages: [language], regexSafety: () => true }).ok;
  const notice = !complete && <p className="hint">{words.inEnglish}</p>;

  if (preview.accepted) {
    return (
      <section className="state" data-state="preview-accepted" data-testid="survey-state">
        <FocusHeading onlyInFocusedWindow>{title}</FocusHeading>
        <p>{words.accepted}</p>
        <button type="button" className="button" onClick={preview.startAgain}>
          {words.startAgain}
        </button>
      </section>
    );
  }

  if (current === null || current === undefined || position < 0) {
    return (
      <SurveyIntro
        questionnaire={questionnaire}
        notice={notice}
        startLabel={t.start}
        onStart={() => preview.goTo(shownPages[0] ?? null)}
        focusOnlyInFocusedWindow
      />
    );
  }

  const shownPage = questionnaire.pages[current];
  const questions = visibleQuestions(questionnaire, current, answers);
  return (
    <PageForm
      notice={notice}
      questionnaire={questionnaire}
      displayOrder={displayOrder}
      page={shownPage}
      surveyTitle={title}
      position={position}
      pageCount={shownPages.length}
      questions={questions}
      answers={answers}
      problems={problems}
      problemCount={questions.filter((question) => problems[question.name]).length}
      onChange={preview.change}
      focusOnlyInFocusedWindow
      isLast={preview.isLast}
      onSubmit={preview.onSubmit}
      onPrevious={() => preview.goTo(shownPages[position - 1])}
    />
  );
}
