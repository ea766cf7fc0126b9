import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { deleteMessages } from './delete-messages';
import type { Report } from './report-types';

/** For an analyst and a draft: deleting it, after a confirmation; then back to the survey's reports. */
export function DeleteDraftReport({ report }: { report: Report }) {
  const t = useMessages(deleteMessages);
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [confirming, setConfirming] = useState(false);
  const deleting = $api.useMutation('delete', '/api/v1/reports/{id}', {
    onSuccess: () => {
      void invalidate('/api/v1/reports');
      void navigate(`/reports?survey=${report.surveyId}`);
    },
    onSettled: () => setConfirming(false),
  });
  const failure = useFailure(deleting.error);
  return (
    <div className="actions">
      <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={deleting.isPending}>
        {t.deleteDraft}
      </button>
      {failure && <ProblemMessage failure={failure} />}
      {confirming && (
        <ConfirmDialog
          title={t.confirmTitle}
          confirmLabel={t.confirm}
          danger
          busy={deleting.isPending}
          onConfirm={() => deleting.mutate({ params: { path: { id: report.id } } })}
          onCancel={() => setConfirming(false)}
        >
          <p>{t.confirmText}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
