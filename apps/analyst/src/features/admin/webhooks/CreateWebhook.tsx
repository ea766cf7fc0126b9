import { useId, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../../components/ui';
import { common } from '../../../lib/common-messages';
import { useFormCheck } from '../../../lib/form-check';
import { useMessages } from '../../../lib/i18n';
import type { Failure } from '../../../lib/problem';
import { $api, useFailure } from '../../../lib/query';
import { ChoiceFieldset } from '../keys/ChoiceFieldset';
import { HintedInput } from '../keys/HintedInput';
import type { SurveyRef } from '../keys/keys';
import { webhookMessages } from './messages';
import { EVENTS, type ShownSecret, type WebhookEvent } from './webhooks';

/** The API's rules for a new subscription (CreateWebhookSubscriptionDto), checked before sending. */
const RULES = {
  name: { required: true, maxLength: 120 },
  url: { required: true, maxLength: 2000 },
  events: { required: true },
} as const;

/**
 * Subscribing a receiver: its name, URL, events and surveys. The address rules (https, public
 * address) are the API's: its refusal is shown next to the URL.
 */
export function CreateWebhook({
  surveys,
  onCreated,
}: {
  surveys: SurveyRef[];
  onCreated: (shown: ShownSecret) => void;
}) {
  const t = useMessages(webhookMessages);
  const c = useMessages(common);
  const id = useId();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [surveyIds, setSurveyIds] = useState<string[]>([]);
  const creating = $api.useMutation('post', '/api/v1/webhooks/subscriptions', {
    onSuccess: (result) => {
      setName('');
      setUrl('');
      setEvents([]);
      setSurveyIds([]);
      onCreated({ name: result.subscription.name, secret: result.secret });
    },
  });
  const failure = withUrlSentences(useFailure(creating.error), t.urlRefusals);
  const check = useFormCheck(RULES, failure);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!check.check({ name, url, events })) return;
    creating.mutate({ body: { name: name.trim(), url: url.trim(), events, surveyIds } });
  }

  const errors = (field: string) => check.errorsOf(field);
  const described = (field: string, hint?: boolean) => {
    const ids = [hint ? `${id}-${field}-hint` : '', errors(field).length ? `${id}-${field}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  };
  const busy = creating.isPending;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.create}</h2>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate ref={check.ref}>
        <HintedInput
          id={`${id}-name`}
          label={t.name}
          hint={t.nameHint}
          errors={errors('name')}
          describedBy={described('name', true)}
          className="wide"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <HintedInput
          id={`${id}-url`}
          label={t.url}
          hint={t.urlHint}
          errors={errors('url')}
          describedBy={described('url', true)}
          className="wide"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <ChoiceFieldset
          legend={t.events}
          options={EVENTS}
          labelOf={(event) => t.eventNames[event]}
          chosen={events}
          onChosen={setEvents}
          errorId={`${id}-events-error`}
          errors={errors('events')}
          describedBy={described('events')}
        />
        <ChoiceFieldset
          legend={t.surveys}
          options={surveys.map((survey) => survey.surveyId)}
          labelOf={(surveyId) => surveys.find((survey) => survey.surveyId === surveyId)?.name ?? surveyId}
          chosen={surveyIds}
          onChosen={setSurveyIds}
          errorId={`${id}-surveyIds-error`}
          errors={errors('surveyIds')}
          describedBy={described('surveyIds')}
          empty={<p className="hint">{t.noSurveys}</p>}
        />
        {surveys.length > 0 && <p className="hint">{t.surveysHint}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? c.saving : t.createDo}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The address rules are this form's own: their refusals (by reason) are worded from its
 * catalogue, not from the validation sentences every console page loads.
 */
function withUrlSentences(failure: Failure | undefined, sentences: Record<string, string>): Failure | undefined {
  if (!failure) return failure;
  return {
    ...failure,
    fieldErrors: failure.fieldErrors.map((e) => {
      if (e.field !== 'url') return e;
      const own = e.refusals.flatMap((r) =>
        r.reason && Object.hasOwn(sentences, r.reason) ? [sentences[r.reason]] : [],
      );
      if (own.length === 0) return e;
      // Every refusal is one of the address rules: only their sentences; otherwise theirs beside the others.
      const messages = own.length === e.refusals.length ? own : [...own, ...e.messages];
      return { ...e, messages: [...new Set(messages)] };
    }),
  };
}
