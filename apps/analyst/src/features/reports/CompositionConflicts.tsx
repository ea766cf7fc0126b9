import { useId } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import type { PublicationConflict } from '../../lib/problem';
import { messages } from './messages';

/** Conflicts listed at once; the rest open on request. */
const CONFLICTS_SHOWN = 10;

/** Links to the earlier reports a conflict names, in a sentence. */
function ReportLinks({ publications }: { publications: PublicationConflict['publications'] }) {
  return (
    <>
      {publications.map((publication, index) => (
        <span key={publication.id}>
          {index > 0 && ', '}
          <Link to={`/reports/${publication.id}`}>{publication.title}</Link>
        </span>
      ))}
    </>
  );
}

function ConflictItem({ conflict, k }: { conflict: PublicationConflict; k: string }) {
  const t = useMessages(messages);
  const kinds = t.conflictKinds;
  const kind =
    conflict.kind === 'small'
      ? kinds.small(k)
      : conflict.kind === 'hiddenTooFew'
        ? kinds.hiddenTooFew(k)
        : kinds[conflict.kind];
  return (
    <li data-kind={conflict.kind} data-part={conflict.part}>
      <strong>{conflict.figure}</strong>: {kind}, {t.conflictParts[conflict.part]}{' '}
      <ReportLinks publications={conflict.publications} />.
    </li>
  );
}

/**
 * Why the publication check refused a report: each figure at stake in words (never its number),
 * what is wrong with it, where its respondents are and which earlier reports it clashes with;
 * then what to change.
 */
export function CompositionConflicts({
  conflicts,
  k,
  surveyId,
}: {
  conflicts: PublicationConflict[];
  k?: number;
  surveyId?: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const kText = k === undefined ? 'k' : f.number(k);
  const earlier = [...new Map(conflicts.flatMap((c) => c.publications).map((p) => [p.id, p] as const)).values()];
  const shown = conflicts.slice(0, CONFLICTS_SHOWN);
  const more = conflicts.slice(CONFLICTS_SHOWN);
  const key = (c: PublicationConflict, i: number) => `${i}:${c.kind}:${c.part}:${c.figure}`;
  return (
    <section className="notice warning conflicts" aria-labelledby={id} data-testid="composition-conflicts">
      <h3 id={id}>{t.conflictsHeading}</h3>
      {conflicts.length > 0 && (
        <>
          <p>{t.conflictsIntro(f.number(conflicts.length))}</p>
          <ul data-testid="conflict-list">
            {shown.map((conflict, i) => (
              <ConflictItem key={key(conflict, i)} conflict={conflict} k={kText} />
            ))}
          </ul>
          {more.length > 0 && (
            <details>
              <summary>{t.moreConflicts(f.number(more.length))}</summary>
              <ul>
                {more.map((conflict, i) => (
                  <ConflictItem key={key(conflict, i + CONFLICTS_SHOWN)} conflict={conflict} k={kText} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <h4>{t.whatToChange}</h4>
      <ul data-testid="conflict-remedies">
        <li>
          {t.sameFilters} <ReportLinks publications={earlier} />
          {t.sameFiltersEnd}
        </li>
        <li>{t.otherPeriod}</li>
        <li>{t.fewerBreakdowns}</li>
      </ul>
      {surveyId && (
        <p>
          <Link to={`/reports?survey=${surveyId}`}>{t.newReport}</Link>
        </p>
      )}
    </section>
  );
}
