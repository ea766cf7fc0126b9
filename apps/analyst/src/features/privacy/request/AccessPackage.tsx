import type { components } from '@survey/api-client';
import { useEffect, useRef } from 'react';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api } from '../../../lib/query';
import { privacyMessages } from '../messages';
import type { StepProps } from './steps';

type Progress = components['schemas']['AccessPackageProgressDto'];

const POLL_MS = 1000;

export function packageUnfinished(progress: Progress | undefined): boolean {
  return progress?.status === 'queued' || progress?.status === 'running';
}

/**
 * The access package of an access request in progress, made in the background: polled while it
 * is being made; once its link has been mailed, the request is shown completed. Staff never see
 * the package itself (only the person can download it, with their link).
 */
export function useAccessPackage(request: StepProps['request']) {
  return $api.useQuery(
    'get',
    '/api/v1/privacy-requests/{id}/access-package',
    { params: { path: { id: request.id } } },
    {
      // Asked for only once the request is in progress (none can exist before).
      enabled: request.type === 'access' && request.status === 'in_progress',
      retry: false,
      refetchInterval: (query) => (packageUnfinished(query.state.data) ? POLL_MS : false),
    },
  );
}

/** How far the package is; when made, the request (completed) replaces the page's copy. */
export function AccessPackageProgress({
  request,
  progress,
  act,
}: Pick<StepProps, 'request' | 'act'> & { progress: Progress }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const settled = useRef(false);
  useEffect(() => {
    if (progress.status !== 'ready' || settled.current) return;
    settled.current = true;
    void act(async () => ({ ...request, ...progress.request }), t.actions.accessDone);
  }, [progress, request, act, t]);

  return (
    <div className="access-package" data-testid="access-package">
      <p role="status">{t.actions.packageStatus[progress.status]}</p>
      {packageUnfinished(progress) && (
        <progress
          max={progress.filesTotal}
          value={progress.filesDone}
          aria-label={t.actions.packageFiles(f.number(progress.filesDone), f.number(progress.filesTotal))}
        />
      )}
      {progress.status === 'failed' && <p className="notice warning">{t.actions.packageFailed}</p>}
    </div>
  );
}
