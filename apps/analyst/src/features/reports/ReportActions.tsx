import { useEffect, useRef, useState } from 'react';
import { common } from '../../lib/common-messages';
import { fileNameOf, saveBlob } from '../../lib/download';
import { useMessages } from '../../lib/i18n';
import { failureOf, unwrap, type Failure } from '../../lib/problem';
import { api } from '../../lib/session';
import { messages } from './messages';
import { ReportProblem } from './ReportProblem';
import type { ExportFormat, Report } from './report-types';

type ActionState =
  | { status: 'idle' }
  | { status: 'downloading'; format: ExportFormat }
  | { status: 'downloaded'; format: ExportFormat }
  | { status: 'publishing' }
  | { status: 'published' }
  | { status: 'failed'; failure: Failure };

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF' };

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
  const c = useMessages(common);
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const publishRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const download = async (format: ExportFormat) => {
    setState({ status: 'downloading', format });
    try {
      const blob = unwrap(
        await api.GET('/api/v1/reports/{id}/export', {
          params: { path: { id: report.id }, query: { format } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, fileNameOf(report.title, format));
      setState({ status: 'downloaded', format });
    } catch (error) {
      setState({ status: 'failed', failure: failureOf(error) });
    }
  };

  const publish = async () => {
    setState({ status: 'publishing' });
    try {
      const done = unwrap(await api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }));
      setConfirming(false);
      onPublished(done);
      setState({ status: 'published' });
    } catch (error) {
      setConfirming(false);
      setState({ status: 'failed', failure: failureOf(error) });
    }
  };

  const cancel = () => {
    setConfirming(false);
    publishRef.current?.focus();
  };

  const busy = state.status === 'downloading' || state.status === 'publishing';
  const status =
    state.status === 'downloading'
      ? t.downloading(FORMAT_NAMES[state.format])
      : state.status === 'downloaded'
        ? t.downloaded(FORMAT_NAMES[state.format])
        : state.status === 'publishing'
          ? t.publishing
          : state.status === 'published'
            ? t.publishedNow
            : '';
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{analyst && report.status === 'draft' ? t.downloadAndPublish : t.download}</h2>
      <div className="actions">
        {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
          <button key={format} type="button" disabled={busy} onClick={() => void download(format)}>
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
        <div className="confirm" role="group" aria-labelledby="confirm-title" aria-describedby="confirm-text">
          <p id="confirm-title" className="confirm-title">
            {t.confirmTitle}
          </p>
          <p id="confirm-text">{t.confirmText}</p>
          <div className="actions">
            <button type="button" className="primary" ref={confirmRef} disabled={busy} onClick={() => void publish()}>
              {t.confirmPublish}
            </button>
            <button type="button" onClick={cancel} disabled={busy}>
              {c.cancel}
            </button>
          </div>
        </div>
      )}
      <p role="status" className="download-status">
        {status}
      </p>
      {state.status === 'failed' && (
        <ReportProblem
          failure={state.failure}
          k={report.parameters.k}
          surveyId={analyst ? report.surveyId : undefined}
        />
      )}
    </section>
  );
}
