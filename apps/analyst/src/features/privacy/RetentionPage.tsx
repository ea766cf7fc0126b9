import type { components } from '@survey/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { useFormCheck } from '../../lib/form-check';
import { $api, useFailure } from '../../lib/query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PREVIEW_RULES, retentionRuleMessages } from './retention-rules';
import { privacyMessages } from './messages';
import { useKindName } from './parts';
import { useRetentionRun } from './retention/useRetentionRun';

type Policy = components['schemas']['RetentionPolicyDto'];
type Preview = components['schemas']['RetentionPreviewDto'];
type Run = components['schemas']['RetentionRunDto'];
type KindCount = components['schemas']['RetentionKindCountDto'];

const RUNS_PER_PAGE = 10;

/** The retention policy, what it will delete soon, runs started here, and their receipts. */
export function RetentionPage() {
  const t = useMessages(privacyMessages);
  const queryClient = useQueryClient();
  const policy = $api.useQuery('get', '/api/v1/retention/policy');
  const [runsPage, setRunsPage] = useState(1);
  const runs = $api.useQuery('get', '/api/v1/retention/runs', {
    params: { query: { page: runsPage, limit: RUNS_PER_PAGE } },
  });
  const [receiptId, setReceiptId] = useState<string>();

  return (
    <>
      <h1>{t.retention.title}</h1>
      <p>{t.retention.intro}</p>
      <LoadState loaded={policy}>{(data) => <PolicyView policy={data} />}</LoadState>
      <PreviewPanel />
      <RunPanel
        kinds={policy.data?.kinds.map((k) => k.kind) ?? []}
        latest={runs.data?.items[0]}
        onFinished={(run) => {
          void queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/retention/runs'] });
          setReceiptId(run.id);
        }}
      />
      <section className="panel" aria-labelledby="retention-history">
        <h2 id="retention-history">{t.retention.history}</h2>
        <LoadState loaded={runs}>
          {(data) => (
            <>
              <RunHistory runs={data.items} onReceipt={setReceiptId} />
              <Pagination meta={data.meta} onPage={setRunsPage} />
            </>
          )}
        </LoadState>
      </section>
      {receiptId && <Receipt key={receiptId} id={receiptId} onClose={() => setReceiptId(undefined)} />}
    </>
  );
}

function PolicyView({ policy }: { policy: Policy }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const kindName = useKindName();
  const rules = useMessages(retentionRuleMessages);
  const months = f.number(policy.retentionMonths);
  return (
    <section className="panel" aria-labelledby="retention-policy">
      <h2 id="retention-policy">{t.retention.policy}</h2>
      <dl className="facts" data-testid="retention-limits">
        <dt>{t.retention.limit}</dt>
        <dd>
          {t.retention.months(f.number(policy.retentionMonths))}
          <span className="hint"> {t.retention.limitHelp}</span>
        </dd>
        <dt>{t.retention.schedule}</dt>
        <dd>
          {policy.schedule.enabled
            ? t.retention.scheduleOn(String(policy.schedule.hourUtc).padStart(2, '0'))
            : t.retention.scheduleOff}
          <span className="hint"> {t.retention.scheduleHelp}</span>
        </dd>
        <dt>{t.retention.batchSize}</dt>
        <dd>
          {f.number(policy.batchSize)}
          <span className="hint"> {t.retention.batchSizeHelp}</span>
        </dd>
      </dl>
      <h3>{t.retention.kinds}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.retention.kind}</th>
              <th scope="col">{t.retention.rule}</th>
            </tr>
          </thead>
          <tbody>
            {policy.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{kindName(k.kind)}</th>
                <td>{rules[k.kind]?.(months) ?? f.missing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t.retention.surveys}</h3>
      {policy.surveys.length === 0 ? (
        <p>{t.retention.noSurveys}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="retention-surveys">
            <thead>
              <tr>
                <th scope="col">{t.retention.survey}</th>
                <th scope="col">{t.retention.surveyStatus}</th>
                <th scope="col" className="number">
                  {t.retention.surveyMonths}
                </th>
                <th scope="col">{t.retention.anonymise}</th>
                <th scope="col">{t.retention.closedAt}</th>
                <th scope="col">{t.retention.firstExpiry}</th>
                <th scope="col">{t.retention.lastExpiry}</th>
              </tr>
            </thead>
            <tbody>
              {policy.surveys.map((s) => (
                <tr key={s.surveyId}>
                  <th scope="row">{s.name}</th>
                  <td>{t.retention.surveyStatuses[s.status]}</td>
                  <td className="number">{t.retention.months(f.number(s.retentionMonths))}</td>
                  <td>{s.anonymiseAtClose ? t.yes : t.no}</td>
                  <td>{s.closedAt ? f.date(s.closedAt) : f.missing}</td>
                  <td>{s.firstExpiryAt ? f.date(s.firstExpiryAt) : t.retention.noResponses}</td>
                  <td>{s.lastExpiryAt ? f.date(s.lastExpiryAt) : t.retention.noResponses}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Records per kind, with their total. */
function CountsTable({ counts, testId }: { counts: KindCount[]; testId?: string }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const kindName = useKindName();
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <div className="table-wrap">
      <table data-testid={testId} className="counts">
        <thead>
          <tr>
            <th scope="col">{t.retention.kind}</th>
            <th scope="col" className="number">
              {t.retention.count}
            </th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.kind} data-kind={c.kind}>
              <th scope="row">{kindName(c.kind)}</th>
              <td className="number">{f.number(c.count)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.retention.total}</th>
            <td className="number">{f.number(total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function PreviewPanel() {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const id = useId();
  const [days, setDays] = useState('30');
  // The first preview is for the default horizon; later ones for the horizon the officer asks about.
  const [asked, setAsked] = useState(days);
  const previewQuery = $api.useQuery('get', '/api/v1/retention/preview', {
    params: { query: { days: asked.trim() === '' ? undefined : Number(asked) } },
  });
  const busy = previewQuery.isFetching;
  const failure = useFailure(previewQuery.error);
  const form = useFormCheck(PREVIEW_RULES, failure);
  const preview: Preview | undefined = failure ? undefined : previewQuery.data;

  function load(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ days })) return;
    if (days === asked) void previewQuery.refetch();
    else setAsked(days);
  }

  const errors = form.errorsOf('days');
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.retention.preview}</h2>
      <p>{t.retention.previewIntro}</p>
      <form className="form-row" onSubmit={load} noValidate ref={form.ref}>
        <div>
          <label htmlFor={`${id}-days`}>{t.retention.days}</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={0}
            max={730}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            {...form.aria('days', `${id}-days-error`)}
          />
          <FieldMessages id={`${id}-days-error`} messages={errors} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t.retention.previewDo}
          </button>
        </div>
      </form>
      {failure && <ProblemMessage failure={failure} />}
      {preview && (
        <div role="status" aria-live="polite">
          <p>{t.retention.previewAt(f.dateTime(preview.at))}</p>
          <CountsTable counts={preview.counts} testId="retention-preview" />
        </div>
      )}
    </section>
  );
}

/** Starting a run and following it until it ends. A run already going (started elsewhere) is followed too. */
function RunPanel({
  kinds,
  latest,
  onFinished,
}: {
  kinds: string[];
  latest: Run | undefined;
  onFinished: (run: Run) => void;
}) {
  const t = useMessages(privacyMessages);
  const [asking, setAsking] = useState(false);
  const { run, following, start, busy, failure } = useRetentionRun(latest, onFinished, () => setAsking(false));

  return (
    <section className="panel" aria-labelledby="retention-run">
      <h2 id="retention-run">{t.retention.run}</h2>
      <p>{t.retention.runIntro}</p>
      <div className="actions">
        <button type="button" className="danger" disabled={busy || following} onClick={() => setAsking(true)}>
          {t.retention.runDo}
        </button>
      </div>
      {failure && <ProblemMessage failure={failure} />}
      {run && <RunProgress run={run} kinds={kinds} />}
      {asking && (
        <ConfirmDialog
          title={t.retention.runConfirmTitle}
          confirmLabel={t.retention.runStart}
          danger
          busy={busy}
          onConfirm={start}
          onCancel={() => setAsking(false)}
        >
          <p>{t.retention.runConfirm}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** How far the run has got: the kind being deleted, a progress bar over the kinds, the counts so far. */
function RunProgress({ run, kinds }: { run: Run; kinds: string[] }) {
  const t = useMessages(privacyMessages);
  const kindName = useKindName();
  const position = run.currentKind ? kinds.indexOf(run.currentKind) : -1;
  const done = run.status === 'running' ? Math.max(0, position) : kinds.length;
  return (
    <div data-testid="retention-run-progress">
      <p role="status">
        {run.status === 'running'
          ? run.currentKind
            ? t.retention.running(kindName(run.currentKind))
            : t.retention.runningStarting
          : t.retention.runFinished(t.retention.runStatuses[run.status])}
      </p>
      {kinds.length > 0 && (
        <progress value={done} max={kinds.length} aria-label={t.retention.progress}>
          {done} / {kinds.length}
        </progress>
      )}
      {run.counts.length > 0 && <CountsTable counts={run.counts} />}
    </div>
  );
}

function RunStatus({ status }: { status: Run['status'] }) {
  const t = useMessages(privacyMessages);
  const tone = status === 'completed' ? 'ok' : status === 'failed' ? 'failed' : 'running';
  return <span className={`badge ${tone}`}>{t.retention.runStatuses[status]}</span>;
}

function RunHistory({ runs, onReceipt }: { runs: Run[]; onReceipt: (id: string) => void }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const kindName = useKindName();
  if (runs.length === 0) return <p>{t.retention.noRuns}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="retention-runs">
        <thead>
          <tr>
            <th scope="col">{t.retention.startedAt}</th>
            <th scope="col">{t.retention.trigger}</th>
            <th scope="col">{t.retention.status}</th>
            <th scope="col" className="number">
              {t.retention.deleted}
            </th>
            <th scope="col">{t.retention.failedKinds}</th>
            <th scope="col">{t.retention.finishedAt}</th>
            <th scope="col">{t.retention.receipt}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <th scope="row">{f.dateTime(run.startedAt)}</th>
              <td>{t.retention.triggers[run.trigger]}</td>
              <td>
                <RunStatus status={run.status} />
              </td>
              <td className="number">{f.number(run.counts.reduce((sum, c) => sum + c.count, 0))}</td>
              <td>{run.errors.length ? run.errors.map((e) => kindName(e.kind)).join(', ') : t.retention.noErrors}</td>
              <td>{run.finishedAt ? f.dateTime(run.finishedAt) : f.missing}</td>
              <td>
                <button type="button" className="link-button" onClick={() => onReceipt(run.id)}>
                  {t.retention.showReceipt(f.dateTime(run.startedAt))}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Receipt({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const kindName = useKindName();
  const run = $api.useQuery('get', '/api/v1/retention/runs/{id}', { params: { path: { id } } });
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = run.isSuccess && !run.isPlaceholderData;
  useEffect(() => {
    // Opened from the history or at the end of a run: take the reader there.
    if (shown) heading.current?.focus();
  }, [shown]);
  return (
    <section className="panel receipt" aria-labelledby="retention-receipt" data-testid="retention-receipt">
      <LoadState loaded={run}>
        {(r) => (
          <>
            <h2 id="retention-receipt" tabIndex={-1} ref={heading}>
              {t.retention.receiptTitle(f.dateTime(r.startedAt))}
            </h2>
            <dl className="facts">
              <dt>{t.retention.receiptId}</dt>
              <dd>
                <code>{r.id}</code>
              </dd>
              <dt>{t.retention.status}</dt>
              <dd>
                <RunStatus status={r.status} />
              </dd>
              <dt>{t.retention.trigger}</dt>
              <dd>{t.retention.triggers[r.trigger]}</dd>
              <dt>{t.retention.startedAt}</dt>
              <dd>{f.dateTime(r.startedAt)}</dd>
              <dt>{t.retention.finishedAt}</dt>
              <dd>{r.finishedAt ? f.dateTime(r.finishedAt) : f.missing}</dd>
              <dt>{t.retention.dueAt}</dt>
              <dd>{f.dateTime(r.dueAt)}</dd>
              <dt>{t.retention.policyUsed}</dt>
              <dd>
                {t.retention.policyUsedText(
                  f.number(r.policy.retentionMonths),
                  f.number(r.policy.batchSize),
                  f.number(r.policy.surveys.length),
                  r.policy.surveys.length,
                )}
              </dd>
            </dl>
            <h3>{t.retention.deleted}</h3>
            <CountsTable counts={r.counts} testId="retention-receipt-counts" />
            <h3>{t.retention.errors}</h3>
            {r.errors.length === 0 ? (
              <p>{t.retention.noErrors}</p>
            ) : (
              <ul>
                {r.errors.map((e) => (
                  <li key={e.kind}>{t.retention.errorOf(kindName(e.kind), e.error)}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadState>
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t.retention.closeReceipt}
        </button>
      </div>
    </section>
  );
}
