import type { components } from '@survey/api-client';
import { useState } from 'react';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api, useFailure, useInvalidate } from '../../../lib/query';
import { surveyMessages } from '../messages';
import { plain } from './draft';

type Survey = components['schemas']['SurveyDto'];

/** Saving the questionnaire: the survey as last saved, and a note saying when (and with how many problems). */
export function useSaveQuestionnaire(initial: Survey, initialNote: string | null = null) {
  const t = useMessages(surveyMessages);
  const f = useFormat();
  const invalidate = useInvalidate();
  const [saved, setSaved] = useState(initial);
  const [savedNote, setSavedNote] = useState<string | null>(initialNote);
  const mutation = $api.useMutation('patch', '/api/v1/surveys/{id}', {
    onSuccess: (updated) => {
      setSaved(updated);
      const time = f.dateTime(updated.updatedAt);
      const count = updated.questionnaireProblems.length;
      setSavedNote(count === 0 ? t.savedAt(time) : t.savedWithProblems(time, count));
      void invalidate('/api/v1/surveys', '/api/v1/surveys/{id}');
    },
  });
  const failure = useFailure(mutation.error);

  function save(draft: unknown) {
    mutation.mutate({
      params: { path: { id: saved.id } },
      body: { questionnaire: plain(draft) as Record<string, unknown> },
    });
  }

  return { saved, save, saving: mutation.isPending, failure, savedNote, setSavedNote };
}
