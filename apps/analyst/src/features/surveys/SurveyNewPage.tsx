import { LANGUAGES, sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { surveyMessages } from './messages';
import { numberOrUndefined, SettingsFields, type SettingsValues } from './SettingsFields';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { useFormCheck } from '../../lib/form-check';
import { settingsChecked, SETTINGS_RULES } from './settings-rules';

/** /surveys/new: a draft survey with its settings and a starting questionnaire, then the editor. */
export function SurveyNewPage() {
  const t = useMessages(surveyMessages);
  const navigate = useNavigate();
  const [values, setValues] = useState<SettingsValues>({
    name: '',
    retentionMonths: '',
    minGroupSize: '5',
    anonymiseAtClose: true,
    languages: [...LANGUAGES],
    defaultLanguage: 'en',
  });
  const [start, setStart] = useState<'sample' | 'empty'>('sample');
  const invalidate = useInvalidate();
  const creating = $api.useMutation('post', '/api/v1/surveys', {
    onSuccess: (survey) => {
      void invalidate('/api/v1/surveys');
      navigate(`/surveys/${survey.id}/edit`);
    },
  });
  const busy = creating.isPending;
  const failure = useFailure(creating.error);
  const form = useFormCheck(SETTINGS_RULES, failure);

  function create(event: FormEvent) {
    event.preventDefault();
    if (busy || !form.check(settingsChecked(values))) return;
    creating.mutate({
      body: {
        name: values.name,
        retentionMonths: numberOrUndefined(values.retentionMonths),
        minGroupSize: numberOrUndefined(values.minGroupSize) ?? 5,
        anonymiseAtClose: values.anonymiseAtClose,
        languages: values.languages,
        defaultLanguage: values.defaultLanguage,
        ...(start === 'sample' && {
          questionnaire: sampleSatisfactionQuestionnaire() as unknown as Record<string, unknown>,
        }),
      },
    });
  }

  return (
    <>
      <h1>{t.newSurvey}</h1>
      {failure && <ProblemMessage failure={failure} />}
      <form className="panel survey-settings" noValidate onSubmit={create} ref={form.ref}>
        <SettingsFields values={values} onChange={setValues} errorsOf={form.errorsOf} creating />
        <fieldset className="start-from">
          <legend>{t.startFrom}</legend>
          <label className="checkbox">
            <input type="radio" name="start" checked={start === 'sample'} onChange={() => setStart('sample')} />
            {t.startSample}
          </label>
          <label className="checkbox">
            <input type="radio" name="start" checked={start === 'empty'} onChange={() => setStart('empty')} />
            {t.startEmpty}
          </label>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </div>
      </form>
    </>
  );
}
