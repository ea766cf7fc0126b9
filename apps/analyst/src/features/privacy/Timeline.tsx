import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';
import type { RequestSummary } from './parts';

type StepState = 'done' | 'current' | 'pending' | 'skipped';

interface Step {
  key: string;
  label: string;
  at: string | null;
  note?: string;
}

/**
 * The steps of a request as a stepper: received, verified, in progress (extended), then
 * completed or rejected. Each step says in words whether it is done, current, to come or skipped.
 */
export function Timeline({ request }: { request: RequestSummary }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const closed = request.status === 'completed' || request.status === 'rejected';
  const steps: Step[] = [
    { key: 'received', label: t.request.stepReceived, at: request.receivedAt, note: t.channels[request.channel] },
    {
      key: 'verified',
      label: t.request.stepVerified,
      at: request.verifiedAt,
      note: request.identityVerification ? t.identity[request.identityVerification] : undefined,
    },
    { key: 'started', label: t.request.stepStarted, at: request.startedAt },
  ];
  if (request.extendedAt) {
    steps.push({
      key: 'extended',
      label: t.request.stepExtended,
      at: request.extendedAt,
      note: request.dueAt ? `${t.request.dueAt} ${f.date(request.dueAt)}` : undefined,
    });
  }
  steps.push(
    request.status === 'rejected'
      ? {
          key: 'rejected',
          label: t.request.stepRejected,
          at: request.closedAt,
          note: request.rejectionReason ? t.rejectionReasons[request.rejectionReason] : undefined,
        }
      : { key: 'closed', label: t.request.stepClosed[request.type], at: request.closedAt },
  );
  const firstOpen = steps.findIndex((s) => !s.at);
  const stateOf = (step: Step, index: number): StepState => {
    if (step.at) return 'done';
    if (closed) return 'skipped';
    return index === firstOpen ? 'current' : 'pending';
  };
  const stateText = (state: StepState, step: Step) =>
    state === 'done'
      ? t.request.stepDone(f.dateTime(step.at!))
      : state === 'current'
        ? t.request.stepCurrent
        : state === 'skipped'
          ? t.request.stepSkipped
          : t.request.stepPending;

  return (
    <section aria-labelledby="request-steps" className="panel">
      <h2 id="request-steps">{t.request.steps}</h2>
      <ol className="stepper" data-testid="request-steps">
        {steps.map((step, index) => {
          const state = stateOf(step, index);
          return (
            <li
              key={step.key}
              className={`step step-${state}`}
              data-step={step.key}
              data-state={state}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <span className="step-marker" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="step-body">
                <span className="step-label">{step.label}</span>
                <span className="step-state">{stateText(state, step)}</span>
                {step.note && state === 'done' && <span className="step-note">{step.note}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
