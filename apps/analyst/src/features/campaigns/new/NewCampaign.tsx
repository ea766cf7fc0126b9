import type { components } from '@survey/api-client';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ProblemMessage } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api, useFailure, useInvalidate } from '../../../lib/query';
import { campaignsMessages } from '../messages';
import { NO_CHOICE, targetOf, type TargetChoice } from './choice';
import { ConfirmSend } from './ConfirmSend';
import { useFormCheck } from '../../../lib/form-check';
import { campaignChecked, CAMPAIGN_RULES } from './campaign-rules';
import { campaignFields } from './fields';
import { LiveCount } from './LiveCount';
import { MaxRemindersField } from './MaxRemindersField';
import { TargetFields } from './TargetFields';
import { TextField } from './TextField';
import { useLiveCount } from './useLiveCount';

type Survey = components['schemas']['SurveyDto'];

/** Creating the campaign; a refusal takes the form back out of its confirmation step. */
function useCreateCampaign(onRefused: () => void) {
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  return $api.useMutation('post', '/api/v1/surveys/{id}/campaigns', {
    onSuccess: (campaign) => {
      void invalidate('/api/v1/surveys/{id}/campaigns');
      navigate(`/campaigns/${campaign.id}`);
    },
    onError: onRefused,
  });
}

/** A new campaign: name, target (counted live), reminders, then a confirmation before sending. */
export function NewCampaign({ survey }: { survey: Survey }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const id = useId();
  const [name, setName] = useState('');
  const [choice, setChoice] = useState<TargetChoice>(NO_CHOICE);
  const [maxReminders, setMaxReminders] = useState('');
  const [confirming, setConfirming] = useState(false);
  const creating = useCreateCampaign(() => setConfirming(false));
  const failure = useFailure(creating.error);
  const form = useFormCheck(CAMPAIGN_RULES, failure);
  const target = useMemo(() => targetOf(choice), [choice]);
  const counted = useLiveCount(survey.id, target);

  function ask(event: FormEvent) {
    event.preventDefault();
    creating.reset();
    if (!form.check(campaignChecked(name, choice, maxReminders))) return;
    setConfirming(true);
  }

  function send() {
    const reminders = maxReminders.trim() === '' ? undefined : Number(maxReminders);
    creating.mutate({
      params: { path: { id: survey.id } },
      body: { name, target, ...(reminders === undefined ? {} : { maxReminders: reminders }) },
    });
  }

  const countFailure = counted.status === 'failed' ? counted.failure : undefined;
  const fields = campaignFields(id, countFailure, form.errorsOf);
  const toInvite = counted.preview ? f.number(counted.preview.toInvite) : f.missing;
  const nobody = counted.status === 'ready' && counted.preview.toInvite === 0;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.newTitle}</h2>
      <p className="hint">{t.newHelp}</p>
      <form onSubmit={ask} noValidate ref={form.ref}>
        <TextField
          fields={fields}
          field="name"
          label={t.campaignName}
          hint={t.campaignNameHelp}
          value={name}
          onChange={setName}
          size={40}
        />
        <TargetFields fields={fields} choice={choice} onChoice={setChoice} target={target} />
        <MaxRemindersField fields={fields} value={maxReminders} onChange={setMaxReminders} />
        <LiveCount counted={counted} />
        {!confirming && (
          <div className="actions">
            <button type="submit" className="primary" disabled={nobody}>
              {t.send}
            </button>
          </div>
        )}
      </form>
      {confirming && (
        <ConfirmSend
          toInvite={toInvite}
          surveyName={survey.name}
          sending={creating.isPending}
          onSend={send}
          onCancel={() => setConfirming(false)}
        />
      )}
      {failure && <ProblemMessage failure={failure} />}
      {countFailure && !failure && <ProblemMessage failure={countFailure} />}
    </section>
  );
}
