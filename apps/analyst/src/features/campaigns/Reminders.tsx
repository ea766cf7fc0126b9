import type { components } from '@survey/api-client';
import { useEffect, useId, useRef, useState } from 'react';
import { ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api, useFailure } from '../../lib/query';
import { campaignsMessages } from './messages';

type Campaign = components['schemas']['CampaignDto'];
type ReminderRound = components['schemas']['ReminderRoundDto'];

/**
 * Sending a reminder round: when the next one is allowed (the deployment's minimum delay after
 * the campaign's last mailing), and a confirmation that says how many people it reaches. Sooner
 * than allowed, sending needs an explicit override, which the API records in the audit log.
 */
export function Reminders({ campaign, onSent }: { campaign: Campaign; onSent: () => void }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [override, setOverride] = useState(false);
  const outlook = $api.useQuery('get', '/api/v1/campaigns/{id}/reminders/preview', {
    params: { path: { id: campaign.id } },
  });
  const reminding = $api.useMutation('post', '/api/v1/campaigns/{id}/reminders', {
    onSuccess: () => {
      onSent();
      void outlook.refetch();
    },
    onSettled: () => setConfirming(false),
  });
  const sending = reminding.isPending;
  const failure = useFailure(reminding.error);
  const round: ReminderRound | undefined = reminding.data;
  const confirmRef = useRef<HTMLDivElement>(null);
  const preview = outlook.data;
  const early = preview?.nextReminderAllowedAt ?? null;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  function send() {
    reminding.mutate({
      params: { path: { id: campaign.id } },
      body: early && override ? { override: true } : {},
    });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.remindersTitle}</h2>
      <p className="hint">{t.remindersHelp(f.number(campaign.maxReminders))}</p>
      {preview && (
        <p data-testid="next-reminder">
          {early
            ? t.nextReminderAt(f.dateTime(early), f.number(preview.minDelayDays))
            : t.reminderAllowedNow(f.number(preview.minDelayDays))}
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby={`${id}-confirm`} tabIndex={-1} ref={confirmRef}>
          <p id={`${id}-confirm`}>{t.confirmReminders}</p>
          {preview && <p data-testid="reminder-recipients">{t.reminderRecipients(preview.recipients)}</p>}
          {early && (
            <label className="checkbox">
              <input type="checkbox" checked={override} onChange={(event) => setOverride(event.target.checked)} />
              {t.overrideDelay(f.number(preview?.minDelayDays ?? 0))}
            </label>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={send} disabled={sending || (!!early && !override)}>
              {sending ? t.sending : t.sendRemindersNow}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={sending}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              reminding.reset();
              setOverride(false);
              void outlook.refetch();
              setConfirming(true);
            }}
          >
            {t.sendReminders}
          </button>
        </div>
      )}
      <div role="status" data-testid="reminders-result">
        {round && <p className="notice">{t.remindersSent(f.number(round.reminded), f.number(round.skipped))}</p>}
      </div>
      {failure && <ProblemMessage failure={failure} />}
    </section>
  );
}
