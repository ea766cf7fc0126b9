import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { ProblemMessage } from '../../../components/ui';
import { fileNameOf, saveBlob } from '../../../lib/download';
import { useMessages } from '../../../lib/i18n';
import { failureOf, unwrap, type Failure } from '../../../lib/problem';
import { useFailure, useInvalidate } from '../../../lib/query';
import { api } from '../../../lib/session';
import { surveyMessages } from '../messages';

type Survey = components['schemas']['SurveyDto'];
type Checked = components['schemas']['SurveyJsImportDto'];

/** The API's body limit: a larger file would only be refused after the upload. */
const MAX_BYTES = 1024 * 1024;

interface Pending {
  fileName: string;
  json: Record<string, unknown>;
  checked: Checked;
}

function counts(questionnaire: Record<string, unknown>): { pages: number; questions: number } {
  const pages = Array.isArray(questionnaire.pages) ? (questionnaire.pages as { elements?: unknown[] }[]) : [];
  return { pages: pages.length, questions: pages.reduce((sum, page) => sum + (page.elements?.length ?? 0), 0) };
}

/**
 * Export of the saved questionnaire as SurveyJS JSON, and import of a SurveyJS file in two steps:
 * the API checks it (a dry run) and lists every problem with its place in the file, or says what
 * would be imported; only a confirmation then replaces the edited questionnaire.
 */
export function SurveyJsTransfer({
  survey,
  dirty,
  onImported,
}: {
  survey: Survey;
  dirty: boolean;
  onImported: (survey: Survey, note: string) => void;
}) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const invalidate = useInvalidate();
  const input = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const canImport = survey.status !== 'closed';

  const exporting = useMutation({
    mutationFn: async () => {
      const blob = unwrap(
        await api.GET('/api/v1/surveys/{id}/questionnaire/surveyjs', {
          params: { path: { id: survey.id } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, fileNameOf(survey.name, 'surveyjs.json'));
    },
  });

  const checking = useMutation({
    mutationFn: async ({ fileName, json }: { fileName: string; json: Record<string, unknown> }) => {
      const checked = unwrap(
        await api.POST('/api/v1/surveys/{id}/questionnaire/surveyjs', {
          params: { path: { id: survey.id }, query: { dryRun: true } },
          body: json,
        }),
      );
      return { fileName, json, checked };
    },
    onSuccess: setPending,
  });

  const applying = useMutation({
    mutationFn: async ({ json }: Pending) =>
      unwrap(
        await api.POST('/api/v1/surveys/{id}/questionnaire/surveyjs', {
          params: { path: { id: survey.id } },
          body: json,
        }),
      ),
    onSuccess: (result, { fileName }) => {
      setPending(null);
      void invalidate('/api/v1/surveys', '/api/v1/surveys/{id}');
      // The editor starts again from the imported questionnaire, and says so.
      onImported(result.survey, t.surveyJsImported(fileName));
    },
  });

  const exportFailure = useFailure(exporting.error);
  const applyFailure = useFailure(applying.error);
  const checkFailure: Failure | undefined = checking.error ? failureOf(checking.error) : undefined;
  // A 400 lists the file's problems; any other refusal (closed survey, too big…) is shown as usual.
  const problems = checkFailure?.status === 400 ? checkFailure.fieldErrors : [];
  const otherCheckFailure = useFailure(checkFailure && checkFailure.status !== 400 ? checking.error : undefined);

  async function choose(file: File | undefined) {
    if (input.current) input.current.value = '';
    if (!file) return;
    setPending(null);
    setFileError(null);
    checking.reset();
    applying.reset();
    if (file.size > MAX_BYTES) {
      setFileError(t.surveyJsTooBig);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setFileError(t.surveyJsNotJson);
      return;
    }
    // The API words what is wrong with anything that is not an object, at the file's root.
    checking.mutate({ fileName: file.name, json: json as Record<string, unknown> });
  }

  const ready = pending ? counts(pending.checked.questionnaire) : null;

  return (
    <section className="panel surveyjs-transfer" aria-labelledby={`${id}-heading`} data-testid="surveyjs-transfer">
      <h2 id={`${id}-heading`}>{t.surveyJsTitle}</h2>
      <div className="actions">
        <button type="button" disabled={exporting.isPending} onClick={() => exporting.mutate()}>
          {exporting.isPending ? t.surveyJsExporting : t.surveyJsExport}
        </button>
        {canImport && (
          <>
            <button
              type="button"
              disabled={checking.isPending || applying.isPending}
              onClick={() => input.current?.click()}
            >
              {checking.isPending ? t.surveyJsChecking : t.surveyJsImport}
            </button>
            <input
              ref={input}
              id={`${id}-file`}
              data-testid="surveyjs-file"
              type="file"
              accept=".json,application/json"
              hidden
              onChange={(event) => void choose(event.target.files?.[0])}
            />
          </>
        )}
      </div>
      <p className="hint">
        {t.surveyJsExportHint} {canImport && t.surveyJsImportHint}
      </p>
      {exportFailure && <ProblemMessage failure={exportFailure} />}
      {fileError && (
        <p className="field-error" role="alert">
          {fileError}
        </p>
      )}
      {otherCheckFailure && <ProblemMessage failure={otherCheckFailure} />}
      {problems.length > 0 && (
        <div role="alert" data-testid="surveyjs-problems">
          <h3>{t.surveyJsProblemsTitle(problems.length)}</h3>
          <p className="hint">{t.surveyJsProblemsNote}</p>
          <ul className="problem-list">
            {problems.map((problem, index) => (
              <li key={`${problem.field}-${index}`}>
                {problem.field && (
                  <>
                    <code>{problem.field}</code>{' '}
                  </>
                )}
                {problem.messages.join(' ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {pending && ready && (
        <div role="status" data-testid="surveyjs-ready">
          <p>{t.surveyJsReady(ready.pages, ready.questions)}</p>
          <p>{dirty ? t.surveyJsReplacesUnsaved : t.surveyJsReplaces}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={applying.isPending}
              onClick={() => applying.mutate(pending)}
            >
              {applying.isPending ? t.surveyJsApplying : t.surveyJsApply}
            </button>
            <button type="button" disabled={applying.isPending} onClick={() => setPending(null)}>
              {t.surveyJsCancel}
            </button>
          </div>
        </div>
      )}
      {applyFailure && <ProblemMessage failure={applyFailure} />}
    </section>
  );
}
