import { useId, useState, type FormEvent } from 'react';
import { FieldMessages } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { useFormCheck } from '../../../lib/form-check';
import { unwrap } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { privacyMessages } from '../messages';
import { dateInputValue } from '../parts';
import type { StepProps } from './steps';

/** A UTC calendar-month addition, as the API computes due dates (31 Jan + 1 month = end of Feb). */
function addMonthsUtc(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(from.getTime());
  result.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return result;
}
/** GDPR Art. 12(3): one month, extensible once up to three months after verification. */
const MAX_MONTHS_TO_ANSWER = 3;

/** Extending the due date once, with a reason, up to the latest date the law allows. */
export function Extend({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const id = useId();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const due = request.dueAt ? new Date(request.dueAt) : undefined;
  const latest = request.verifiedAt ? addMonthsUtc(new Date(request.verifiedAt), MAX_MONTHS_TO_ANSWER) : undefined;
  // The API's rules (ExtendPrivacyRequestDto and its checks): a later day, not past the latest, and a reason.
  const form = useFormCheck(
    {
      dueAt: {
        required: true,
        date: {
          laterThan: due && dateInputValue(due),
          notAfterThan: latest && dateInputValue(latest),
        },
      },
      reason: { required: true, maxLength: 2000 },
    },
    failure,
  );
  if (!due || !latest) return null;
  if (request.extendedAt) {
    return (
      <section aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t.actions.extendTitle}</h3>
        <p>{t.actions.extendAlready(f.date(request.extendedAt))}</p>
      </section>
    );
  }
  const earliest = new Date(due.getTime() + 86_400_000);
  const dateErrors = form.errorsOf('dueAt');
  const reasonErrors = form.errorsOf('reason');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!due || !latest || !form.check({ dueAt: date, reason })) return;
    // The chosen day at the current due date's time of day, never past the latest allowed moment.
    const [y, m, d] = date.split('-').map(Number);
    const chosen = date ? new Date(y, m - 1, d, due.getHours(), due.getMinutes(), due.getSeconds()) : undefined;
    const dueAt = chosen ? new Date(Math.min(chosen.getTime(), latest.getTime())).toISOString() : '';
    void act(
      () =>
        api
          .POST('/api/v1/privacy-requests/{id}/extend', {
            params: { path: { id: request.id }, header: { 'X-Purpose': purpose } },
            body: { dueAt, reason: reason.trim() },
          })
          .then(unwrap),
      t.actions.extended,
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate ref={form.ref}>
      <h3 id={`${id}-title`}>{t.actions.extendTitle}</h3>
      <p>{t.actions.extendIntro(f.date(latest))}</p>
      <label htmlFor={`${id}-date`}>{t.actions.newDueDate}</label>
      <input
        id={`${id}-date`}
        type="date"
        min={dateInputValue(earliest)}
        max={dateInputValue(latest)}
        value={date}
        onChange={(e) => setDate(e.target.value)}
        {...form.aria('dueAt', `${id}-date-error`)}
      />
      <FieldMessages id={`${id}-date-error`} messages={dateErrors} />
      <label htmlFor={`${id}-reason`}>{t.actions.reason}</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        {...form.aria('reason', `${id}-reason-error`)}
      />
      <FieldMessages id={`${id}-reason-error`} messages={reasonErrors} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t.actions.extend}
        </button>
      </div>
    </form>
  );
}
