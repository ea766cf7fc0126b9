import type { components } from '@survey/api-client';
import { useState } from 'react';
import { LoadState } from '../../components/ui';
import { useParams } from 'react-router';
import { $api, freshOnly } from '../../lib/query';
import { QuestionnaireEditor } from './editor/QuestionnaireEditor';

type Survey = components['schemas']['SurveyDto'];

/** /surveys/:surveyId/edit: the questionnaire editor (form or JSON) with a live preview. */
export function SurveyEditorPage() {
  const { surveyId = '' } = useParams();
  const loaded = freshOnly($api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } }));
  // After an import the editor starts again from the survey the import returned.
  const [imported, setImported] = useState<{ survey: Survey; note: string; count: number } | null>(null);
  return (
    <LoadState loaded={loaded}>
      {(survey) => {
        const current = imported?.survey.id === survey.id ? imported : null;
        return (
          <QuestionnaireEditor
            key={`${survey.id}:${current?.count ?? 0}`}
            initial={current?.survey ?? survey}
            initialNote={current?.note ?? null}
            onImported={(next, note) => setImported({ survey: next, note, count: (current?.count ?? 0) + 1 })}
          />
        );
      }}
    </LoadState>
  );
}
