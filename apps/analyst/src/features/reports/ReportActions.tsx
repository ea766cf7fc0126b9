import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { common } from '../../lib/common-messages';
import { fileNameOf, saveBlob } from '../../lib/download';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { useFailure, useInvalidate } from '../../lib/query';
import { api } from '../../lib/session';
import { messages } from './messages';
import { ReportProblem } from './ReportProblem';
import type { ExportFormat, Report } from './report-types';

/** What the actions panel does: one at a time, and its status line says which. */
type Action = { kind: 'download'; format: ExportFormat } | { kind: 'publish' };

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF' };

/** Downloads a report in one format, or publishes it; the mutation's state is the panel's state. */
function useReportAction(report: Report, onPublished: (report: Report) => void, onPublishEnd: () => void) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (action: Action) => {
      if (action.kind === 'download') {
        const blob = unwrap(
          await api.GET('/api/v1/reports/{id}/export', {
            params: { path: { id: report.id }, query: { format: action.format } },
            parseAs: 'blob',
          }),
        );
        saveBlob(blob, fileNameOf(report.title, action.format));
        return undefined;
      }
      return unwrap(await api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }));
    },
    onSuccess: (published) => {
      if (!published) return;
      onPublished(published);
      void invalidate('/api/v1/reports', '/api/v1/reports/{id}');
    },
    onSettled: (_data, _error, action) => {
      if (action.kind === 'publish') onPublishEnd();
    },
  });
}

/** Downloads in each format and, for an analyst and a draft, publication after a confirmation. */
export function ReportActions({
  report,
  analyst,
  onPublished,
}: {
  report: Report;
  analyst: boolean;
  onPublished: (report: Report) => void;
}) {
  const t = useMessages(messages);
  const [confirming, setConfirming] = useState(false);
  const publishRef = useRef<HTMLButtonElement>(null);
  const action = useReportAction(report, onPublished, () => setConfirming(false));
  const failure = useFailure(action.error);
  const busy = action.isPending;
  const done = action.variables;
  const status =
    !done || action.isError || action.isIdle
      ? ''
      : done.kind === 'download'
        ? (busy ? t.downloading : t.downloaded)(FORMAT_NAMES[done.format])
        : busy
          ? t.publishing
          : t.publishedNow;
  const cancel = () => {
    setConfirming(false);
    publishRef.current?.focus();
  };
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{analyst && report.status === 'draft' ? t.downloadAndPublish : t.download}</h2>
      <div className="actions">
        {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
          <button
            key={format}
            type="button"
            disabled={busy}
            onClick={() => action.mutate({ kind: 'download', format })}
          >
            {t.downloadAs(FORMAT_NAMES[format])}
          </button>
        ))}
        {analyst && report.status === 'draft' && !confirming && (
          <button
            type="button"
            className="primary"
            ref={publishRef}
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t.publish}
          </button>
        )}
      </div>
      {confirming && (
        <PublishConfirm busy={busy} onPublish={() => action.mutate({ kind: 'publish' })} onCancel={cancel} />
      )}
      <p role="status" className="download-status">
        {status}
      </p>
      {failure && (
        <ReportProblem failure={failure} k={report.parameters.k} surveyId={analyst ? report.surveyId : undefined} />
      )}
    </section>
  );
}

/** The question before publishing: a report once published cannot be taken back. */
function PublishConfirm({ busy, onPublish, onCancel }: { busy: boolean; onPublish: () => void; onCancel: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <p id="confirm-title" className="confirm-title">
        {t.confirmTitle}
      </p>
      <p id="confirm-text">{t.confirmText}</p>
      <div className="actions">
        <button type="button" className="primary" ref={confirmRef} disabled={busy} onClick={onPublish}>
          {t.confirmPublish}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {c.cancel}
        </button>
      </div>
    </div>
  );
}
