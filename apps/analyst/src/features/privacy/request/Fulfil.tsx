import { useMessages } from '../../../lib/i18n';
import { unwrap } from '../../../lib/problem';
import type { Purpose } from '../../../lib/purposes';
import { api } from '../../../lib/session';
import { privacyMessages } from '../messages';
import { RectifyForm } from '../RectifyForm';
import { AccessPackageProgress, packageUnfinished, useAccessPackage } from './AccessPackage';
import { ConfirmedStep } from './ConfirmedStep';
import type { StepProps } from './steps';

function fulfilRequest(id: string, purpose: Purpose, changes?: Record<string, unknown>) {
  return api
    .POST('/api/v1/privacy-requests/{id}/fulfil', {
      params: { path: { id }, header: { 'X-Purpose': purpose } },
      body: changes ? { changes } : {},
    })
    .then(unwrap);
}

/** Doing what the request asks, with a confirmation suited to how much it cannot be undone. */
export function Fulfil({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const fulfil = (changes?: Record<string, unknown>) => fulfilRequest(request.id, purpose, changes);
  const done = {
    access: t.actions.accessQueued,
    rectification: t.actions.rectified,
    erasure: t.actions.erased,
    objection: t.actions.objected,
  }[request.type];
  const confirm = () => act(() => fulfil(), done);

  return (
    <section className="fulfil" aria-labelledby="request-fulfil">
      <h3 id="request-fulfil">{t.actions.fulfilTitle[request.type]}</h3>
      {request.type === 'access' && <AccessFulfil request={request} purpose={purpose} busy={busy} act={act} />}
      {request.type === 'rectification' && (
        <RectifyForm
          contactId={request.contactId}
          purpose={purpose}
          busy={busy}
          failure={failure}
          onSubmit={(changes) => act(() => fulfil(changes), done)}
        />
      )}
      {request.type === 'erasure' && (
        <ConfirmedStep
          intro={
            <>
              <p>{t.actions.eraseIntro}</p>
              {!request.knownContact && <p className="notice warning">{t.actions.eraseNoContact}</p>}
            </>
          }
          buttonClass="danger"
          buttonLabel={t.actions.eraseDo}
          dialog={{
            title: t.actions.eraseConfirmTitle,
            confirmLabel: t.actions.eraseFinal,
            danger: true,
            requireWord: t.actions.eraseWord,
            children: <p>{t.actions.eraseConfirm}</p>,
          }}
          busy={busy}
          onConfirm={confirm}
        />
      )}
      {request.type === 'objection' && (
        <ConfirmedStep
          intro={<p>{t.actions.objectionIntro}</p>}
          buttonClass="primary"
          buttonLabel={t.actions.objectionDo}
          dialog={{
            title: t.actions.fulfilTitle.objection,
            confirmLabel: t.actions.confirm,
            children: <p>{t.actions.objectionConfirm}</p>,
          }}
          busy={busy}
          onConfirm={confirm}
        />
      )}
    </section>
  );
}

/**
 * An access request: the package is made in the background (the API answers 202 at once, the
 * request in progress); its progress is followed until the link has been mailed.
 */
function AccessFulfil({ request, purpose, busy, act }: Omit<StepProps, 'failure'>) {
  const t = useMessages(privacyMessages);
  const progress = useAccessPackage(request);
  const ask = () =>
    act(() => fulfilRequest(request.id, purpose), t.actions.accessQueued).then((asked) => {
      // A package that failed earlier is replaced: follow the new one.
      if (asked) void progress.refetch();
    });
  const current = progress.data;
  return (
    <>
      {current && current.status !== 'none' && <AccessPackageProgress request={request} progress={current} act={act} />}
      {!packageUnfinished(current) && current?.status !== 'ready' && (
        <ConfirmedStep
          intro={<p>{t.actions.accessIntro}</p>}
          buttonClass="primary"
          buttonLabel={t.actions.accessDo}
          dialog={{
            title: t.actions.fulfilTitle.access,
            confirmLabel: t.actions.confirm,
            children: <p>{t.actions.accessConfirm}</p>,
          }}
          busy={busy}
          onConfirm={ask}
        />
      )}
    </>
  );
}
