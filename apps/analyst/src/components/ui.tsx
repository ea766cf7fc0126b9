import { ProblemType } from '@survey/api-client';
import { useEffect, useRef, type ReactNode } from 'react';
import { common } from '../lib/common-messages';
import { useFormat } from '../lib/format';
import { useLocale, useMessages } from '../lib/i18n';
import { wordedFailure, type Failure } from '../lib/problem';
import { useFailure } from '../lib/query';
import { sentenceOf, VALIDATION_MESSAGES } from '../lib/validation-messages';

/** A field's path as words ("newPassword" → "New password", "filters.to" → "Filters to"), for the summary. */
function fieldName(path: string): string {
  const words = path
    .replace(/\[(\d+)\]/g, ' $1 ')
    .replace(/[._]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A failed call, said plainly: the API's title and detail, and each field it refused. */
export function ProblemMessage({ failure: given, onRetry }: { failure: Failure; onRetry?: () => void }) {
  const t = useMessages(common);
  const texts = VALIDATION_MESSAGES[useLocale().locale];
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [given]);
  // Worded here too, so that a failure no hook has worded never shows the API's English.
  const failure = wordedFailure(given, (refusal) => sentenceOf(texts, refusal));
  // A refusal of fields is said next to each field; here only that there is one, in words. A
  // problem of its own kind (an import refused, a wrong password) is said by its detail, written
  // for people, rather than by the fields, whose rules the console may not know.
  const invalidFields =
    (failure.type === ProblemType.Validation || failure.status === 400) && failure.fieldErrors.length > 0;
  const ownKind =
    failure.type !== undefined && failure.type !== 'about:blank' && failure.type !== ProblemType.Validation;
  const title =
    failure.status === 0
      ? t.network
      : invalidFields && ownKind
        ? t.refused
        : invalidFields
          ? t.fieldProblems
          : failure.status === 404
            ? t.notFound
            : failure.status === 403 && !failure.detail
              ? t.forbidden
              : failure.title;
  return (
    <div className="problem" role="alert" tabIndex={-1} ref={ref} data-testid="problem">
      <p className="problem-title">{title}</p>
      {failure.detail && failure.status !== 0 && (!invalidFields || ownKind) && <p>{failure.detail}</p>}
      {failure.fieldErrors.length > 0 && !ownKind && (
        <ul>
          {failure.fieldErrors.map((e) => (
            <li key={e.field}>
              {fieldName(e.field)}: {e.messages.join(' ')}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

/** What `LoadState` and `QueryProblem` read of a query (`$api.useQuery`, `useQuery`). */
export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  refetch: () => unknown;
}

/** The failure of a query, with a button that runs it again; nothing while it has not failed. */
export function QueryProblem({ query }: { query: QueryState<unknown> }) {
  const failure = useFailure(query.error);
  return failure ? <ProblemMessage failure={failure} onRetry={() => void query.refetch()} /> : null;
}

/**
 * Shows the loading state or the failure of a query, else renders `children(data)`. Data from the
 * last success stays shown under a failure.
 */
export function LoadState<T>({ loaded, children }: { loaded: QueryState<T>; children: (data: T) => ReactNode }) {
  const t = useMessages(common);
  if (loaded.error) {
    return (
      <>
        <QueryProblem query={loaded} />
        {loaded.data !== undefined && children(loaded.data)}
      </>
    );
  }
  if (loaded.data === undefined) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }
  return <>{children(loaded.data)}</>;
}

export interface PageMeta {
  page: number;
  limit: number;
  total: number;
  hasNextPage: boolean;
}

/** Previous/next for a paginated list, with where one is. */
export function Pagination({ meta, onPage }: { meta: PageMeta; onPage: (page: number) => void }) {
  const t = useMessages(common);
  const f = useFormat();
  const pages = Math.max(1, Math.ceil(meta.total / meta.limit));
  return (
    <nav className="pagination" aria-label={t.pageOf(meta.page, pages)}>
      <button type="button" disabled={meta.page <= 1} onClick={() => onPage(meta.page - 1)}>
        {t.previous}
      </button>
      <span>
        {t.pageOf(meta.page, pages)} · {t.totalItems(f.number(meta.total))}
      </span>
      <button type="button" disabled={!meta.hasNextPage} onClick={() => onPage(meta.page + 1)}>
        {t.next}
      </button>
    </nav>
  );
}

/** Why disclosure control hid a figure (the API's `suppressed` reasons). */
export type SuppressionReason = 'primary' | 'complementary' | 'composition';

/**
 * A value that disclosure control hid: marked as such, never a blank or a zero. A figure withheld
 * because of reports published before (composition) says so with its own word, with the same weight.
 */
export function Suppressed({ reason }: { reason?: SuppressionReason | null }) {
  const t = useMessages(common);
  const composition = reason === 'composition';
  return (
    <span
      className={composition ? 'suppressed composition' : 'suppressed'}
      title={composition ? t.withheldHelp : t.suppressedHelp}
      data-suppressed="true"
      data-reason={reason ?? undefined}
    >
      {composition ? t.withheld : t.suppressed}
    </span>
  );
}

/**
 * `aria-invalid` and `aria-describedby` for a form field: it is described by its hint (when it
 * has one) and by its error message (when there is one), as `FieldMessages` renders it.
 */
export function fieldAria(
  messages: string[],
  errorId: string,
  hintId?: string,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const ids = [hintId, messages.length > 0 ? errorId : undefined].filter(Boolean);
  return {
    'aria-invalid': messages.length > 0 || undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  };
}

/** The reasons the API gave for one form field, tied to the input by id for screen readers. */
export function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      {messages.join('; ')}
    </p>
  );
}
