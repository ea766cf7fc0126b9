import { useId, type FormEvent } from 'react';
import { ProblemMessage } from '../../../components/ui';
import { common } from '../../../lib/common-messages';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';
import { ChoiceFieldset } from './ChoiceFieldset';
import { HintedInput } from './HintedInput';
import { aYearFrom, dateValue, DAY_MS, SCOPES, type SurveyRef } from './keys';
import { SecretShownOnce } from './SecretShownOnce';
import { useCreateKey } from './useCreateKey';

/** Creating a key: its name, scopes, surveys and expiry; the secret is shown once, here. */
export function CreateKey({ surveys, onCreated }: { surveys: SurveyRef[]; onCreated: () => void }) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const now = new Date();
  const { form, create, created, hideCreated, busy, failure, errorsOf, formRef } = useCreateKey(onCreated);
  const { name, setName, scopes, setScopes, surveyIds, setSurveyIds, expires, setExpires } = form;

  function submit(event: FormEvent) {
    event.preventDefault();
    create();
  }

  const errors = (field: string) => errorsOf(field);
  const described = (field: string, hint?: boolean) => {
    const ids = [hint ? `${id}-${field}-hint` : '', errors(field).length ? `${id}-${field}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.keys.create}</h2>
      {created && <SecretShownOnce {...created} onHide={hideCreated} />}
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate ref={formRef}>
        <HintedInput
          id={`${id}-name`}
          label={t.keys.name}
          hint={t.keys.nameHint}
          errors={errors('name')}
          describedBy={described('name', true)}
          className="wide"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <ChoiceFieldset
          legend={t.keys.scopes}
          options={SCOPES}
          labelOf={(scope) => t.keys.scopeNames[scope]}
          chosen={scopes}
          onChosen={setScopes}
          errorId={`${id}-scopes-error`}
          errors={errors('scopes')}
          describedBy={described('scopes')}
        />
        <ChoiceFieldset
          legend={t.keys.surveys}
          options={surveys.map((survey) => survey.surveyId)}
          labelOf={(surveyId) => surveys.find((survey) => survey.surveyId === surveyId)?.name ?? surveyId}
          chosen={surveyIds}
          onChosen={setSurveyIds}
          errorId={`${id}-surveyIds-error`}
          errors={errors('surveyIds')}
          describedBy={described('surveyIds')}
          empty={<p className="hint">{t.keys.noSurveys}</p>}
        />
        <HintedInput
          id={`${id}-expiresAt`}
          label={t.keys.expiresAt}
          hint={t.keys.expiresHint}
          errors={errors('expiresAt')}
          describedBy={described('expiresAt', true)}
          type="date"
          min={dateValue(new Date(now.getTime() + DAY_MS))}
          max={dateValue(aYearFrom(now))}
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? c.saving : t.keys.createDo}
          </button>
        </div>
      </form>
    </section>
  );
}
