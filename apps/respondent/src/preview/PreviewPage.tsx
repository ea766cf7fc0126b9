import { Layout } from '../components/Layout';
import { useI18n } from '../i18n';
import { WORDS } from './messages';
import { PreviewForm } from './PreviewForm';
import { usePostedQuestionnaire } from './use-posted-questionnaire';

/**
 * `/r/preview`: the questionnaire editor of the staff console shows this page in a frame and
 * posts it the draft being edited. It draws the draft with the survey's own components, rules
 * and styles; answers are checked as the server would check them, and never sent: there is no
 * token and no API call.
 */
export function PreviewPage() {
  const { language } = useI18n();
  const words = WORDS[language];
  const shown = usePostedQuestionnaire();

  return (
    <Layout links={{}} brand="own">
      <p className="panel" data-testid="preview-banner">
        {words.banner}
      </p>
      {shown.standalone && <p>{words.standalone}</p>}
      {!shown.standalone && !shown.questionnaire && shown.problems.length === 0 && (
        <p role="status" className="loading">
          {words.waiting}
        </p>
      )}
      {shown.problems.length > 0 && (
        <div className="error-summary" role="status" data-testid="preview-invalid">
          <p>{words.cannotShow(shown.problems.length)}</p>
          <ul>
            {shown.problems.slice(0, 5).map((problem, index) => (
              <li key={index} dir="ltr">
                <code>{problem.field}</code> {problem.message}
              </li>
            ))}
          </ul>
          {shown.questionnaire && <p>{words.lastShown}</p>}
        </div>
      )}
      {shown.questionnaire && <PreviewForm questionnaire={shown.questionnaire} />}
    </Layout>
  );
}
