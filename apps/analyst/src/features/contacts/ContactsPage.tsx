import { uploadWithProgress, type components } from '@survey/api-client';
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { failureOf, fieldMessages, unwrap, type Failure } from '../../lib/problem';
import { freshAccessToken } from '../../lib/session';
import { $api, useFailure } from '../../lib/query';
import { ContactTable, type ContactSummary } from './ContactTable';
import { contactsMessages } from './messages';
import { PurposeSelect } from '../../components/PurposeSelect';
import type { Purpose } from '../../lib/purposes';

type Segment = components['schemas']['Segment'];
const SEGMENTS: Segment[] = ['agent', 'applicant', 'holder', 'representative'];

export function ContactsPage() {
  const t = useMessages(contactsMessages);
  return (
    <>
      <h1>{t.title}</h1>
      <p className="hint">{t.intro}</p>
      <ImportUpload />
      <PastImports />
      <FindByEmail />
      <Directory />
    </>
  );
}

/** A JSON file by its name or type; anything else is sent as CSV, which the API checks. */
function contentTypeOf(file: File): string {
  return file.type === 'application/json' || file.name.toLowerCase().endsWith('.json')
    ? 'application/json'
    : 'text/csv; charset=utf-8';
}

/**
 * Step 1 of an import: the file goes up with a progress bar (XMLHttpRequest reports upload
 * progress, fetch does not); once the API accepts it, the import page follows the processing.
 */
function ImportUpload() {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const navigate = useNavigate();
  const [file, setFile] = useState<File>();
  const [dragging, setDragging] = useState(false);
  const [sent, setSent] = useState<number>();
  const [failure, setFailure] = useState<Failure>();
  const [missingFile, setMissingFile] = useState(false);
  const upload = useRef<AbortController>(undefined);

  useEffect(() => () => upload.current?.abort(), []);

  function choose(chosen: File | undefined) {
    setFile(chosen);
    setFailure(undefined);
    setMissingFile(false);
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    setFailure(undefined);
    setSent(0);
    const controller = new AbortController();
    upload.current = controller;
    try {
      // The upload does not go through the fetch client, so it asks for a token that will last;
      // when renewal fails the session is over and the console says so.
      const accessToken = await freshAccessToken();
      if (!accessToken) return;
      const job = unwrap(
        await uploadWithProgress({
          path: '/api/v1/contacts/imports',
          body: file,
          contentType: contentTypeOf(file),
          accessToken,
          signal: controller.signal,
          onProgress: ({ loaded, total }) => setSent(total > 0 ? loaded / total : 1),
        }),
      );
      navigate(`/contacts/imports/${job.id}`);
    } catch (error) {
      if (!controller.signal.aborted) setFailure(failureOf(error));
    } finally {
      if (!controller.signal.aborted) setSent(undefined);
    }
  }

  const uploading = sent !== undefined;
  const fileError = missingFile ? [t.noFileChosen] : [];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.importTitle}</h2>
      <p className="hint">{t.importHelp}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div
          className={dragging ? 'dropzone dragging' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          data-testid="dropzone"
        >
          <label htmlFor={`${id}-file`}>{t.chooseFile}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => choose(e.target.files?.[0])}
            aria-invalid={missingFile || undefined}
            aria-describedby={missingFile ? `${id}-file-error` : undefined}
            disabled={uploading}
          />
          <p className="hint">{t.dropHere}</p>
          {file && <p>{t.chosenFile(file.name, t.kilobytes(f.number(file.size / 1024, 1)))}</p>}
          <FieldMessages id={`${id}-file-error`} messages={fileError} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={uploading}>
            {uploading ? t.uploading : t.upload}
          </button>
        </div>
      </form>
      {sent !== undefined && (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`}>{t.uploadStep}</label>
          <progress id={`${id}-progress`} max={1} value={sent}>
            {f.percent(sent, 0)}
          </progress>
          <p role="status">{t.uploadProgress(f.percent(sent, 0))}</p>
        </div>
      )}
      {failure && <ProblemMessage failure={failure} />}
    </section>
  );
}

function PastImports() {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const [page, setPage] = useState(1);
  const loaded = $api.useQuery('get', '/api/v1/contacts/imports', { params: { query: { page, limit: 10 } } });
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.pastImports}</h2>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p>{t.noImports}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="imports-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.importedAt}</th>
                      <th scope="col">{t.format}</th>
                      <th scope="col">{t.status}</th>
                      <th scope="col" className="number">
                        {t.rows}
                      </th>
                      <th scope="col" className="number">
                        {t.created}
                      </th>
                      <th scope="col" className="number">
                        {t.updated}
                      </th>
                      <th scope="col" className="number">
                        {t.rejected}
                      </th>
                      <th scope="col" className="number">
                        {t.warnings}
                      </th>
                      <th scope="col">{t.report}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((job) => (
                      <tr key={job.id}>
                        <td>{f.dateTime(job.createdAt)}</td>
                        <td>{job.format.toUpperCase()}</td>
                        <td>
                          <span className={`badge ${job.status === 'failed' ? 'failed' : ''}`}>
                            {t.statuses[job.status]}
                          </span>
                        </td>
                        <td className="number">{f.number(job.totalRows)}</td>
                        <td className="number">{f.number(job.created)}</td>
                        <td className="number">{f.number(job.updated)}</td>
                        <td className="number">{f.number(job.rejected)}</td>
                        <td className="number">{f.number(job.warnings)}</td>
                        <td>
                          <Link to={`/contacts/imports/${job.id}`} aria-label={t.openReport(f.dateTime(job.createdAt))}>
                            {t.report}
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination meta={meta} onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </section>
  );
}

/** Exact address look-up: the address goes in the request body, with the stated purpose. */
function FindByEmail() {
  const t = useMessages(contactsMessages);
  const id = useId();
  const [email, setEmail] = useState('');
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [purposeMissing, setPurposeMissing] = useState(false);
  // An audited look-up for a stated purpose: a mutation, so that nothing of it is cached.
  const search = $api.useMutation('post', '/api/v1/contacts/search');
  const searching = search.isPending;
  const failure = useFailure(search.error);
  const found: ContactSummary[] | undefined = search.data?.items;

  function submit(event: FormEvent) {
    event.preventDefault();
    search.reset();
    setPurposeMissing(!purpose);
    if (!purpose) return;
    search.mutate({ body: { email }, params: { header: { 'X-Purpose': purpose } } });
  }

  const emailErrors = fieldMessages(failure, 'email');
  const purposeErrors = [...(purposeMissing ? [t.purposeRequired] : []), ...fieldMessages(failure, 'purpose')];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.searchTitle}</h2>
      <p className="hint">{t.searchHelp}</p>
      <form className="form-row" onSubmit={submit} noValidate>
        <div>
          <label htmlFor={`${id}-email`}>{t.email}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            size={32}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailErrors.length > 0 || undefined}
            aria-describedby={emailErrors.length > 0 ? `${id}-email-error` : undefined}
          />
          <FieldMessages id={`${id}-email-error`} messages={emailErrors} />
        </div>
        <PurposeSelect
          id={`${id}-purpose`}
          label={t.purpose}
          value={purpose}
          onChange={setPurpose}
          errors={purposeErrors}
        />
        <div>
          <button type="submit" disabled={searching}>
            {searching ? t.finding : t.find}
          </button>
        </div>
      </form>
      {failure && <ProblemMessage failure={failure} />}
      <div role="status">{found && <p>{found.length === 0 ? t.notFound : t.foundOne}</p>}</div>
      {found && found.length > 0 && <ContactTable items={found} caption={t.searchTitle} testId="contacts-found" />}
    </section>
  );
}

interface Filters {
  country: string;
  segment: '' | Segment;
  platform: string;
  role: string;
}

const NO_FILTERS: Filters = { country: '', segment: '', platform: '', role: '' };

function Directory() {
  const t = useMessages(contactsMessages);
  const id = useId();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const loaded = $api.useQuery('get', '/api/v1/contacts', {
    params: {
      query: {
        page,
        limit: 20,
        ...(applied.country.trim() ? { country: applied.country.trim() } : {}),
        ...(applied.segment ? { segment: applied.segment } : {}),
        ...(applied.platform.trim() ? { platform: applied.platform.trim() } : {}),
        ...(applied.role.trim() ? { role: applied.role.trim() } : {}),
      },
    },
  });
  const failure = useFailure(loaded.error);

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
    setPage(1);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setPage(1);
  }

  const text = (field: 'country' | 'platform' | 'role', label: string, extra: { size: number; maxLength?: number }) => {
    const errors = fieldMessages(failure, field);
    return (
      <div>
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          value={draft[field]}
          onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errors.length > 0 ? `${id}-${field}-error` : undefined}
          {...extra}
        />
        <FieldMessages id={`${id}-${field}-error`} messages={errors} />
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.directoryTitle}</h2>
      <form className="form-row filters" onSubmit={apply} noValidate>
        {text('country', t.countryCode, { size: 4, maxLength: 2 })}
        <div>
          <label htmlFor={`${id}-segment`}>{t.segment}</label>
          <select
            id={`${id}-segment`}
            value={draft.segment}
            onChange={(e) => setDraft({ ...draft, segment: e.target.value as Filters['segment'] })}
          >
            <option value="">{t.any}</option>
            {SEGMENTS.map((segment) => (
              <option key={segment} value={segment}>
                {t.segments[segment]}
              </option>
            ))}
          </select>
        </div>
        {text('platform', t.platform, { size: 12 })}
        {text('role', t.role, { size: 16 })}
        <div className="actions">
          <button type="submit">{t.filter}</button>
          <button type="button" onClick={clear}>
            {t.clearFilters}
          </button>
        </div>
      </form>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p role="status">{t.noContacts}</p>
          ) : (
            <>
              <ContactTable items={items} caption={t.contactsTable} testId="contacts-in-directory" />
              <Pagination meta={meta} onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </section>
  );
}
