import { LoadState } from '../../components/ui';
import { useParams } from 'react-router';
import { $api, freshOnly } from '../../lib/query';
import { QuestionnaireEditor } from './editor/QuestionnaireEditor';

/** /surveys/:surveyId/edit: the questionnaire editor (form or JSON) with a live preview. */
export function SurveyEditorPage() {
  const { surveyId = '' } = useParams();
  const loaded = freshOnly($api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } }));
  return <LoadState loaded={loaded}>{(survey) => <QuestionnaireEditor key={survey.id} initial={survey} />}</LoadState>;
}
