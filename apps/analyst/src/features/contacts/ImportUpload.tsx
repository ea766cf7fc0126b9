import { uploadWithProgress } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FieldMessages, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { useFailure } from '../../lib/query';
import { freshAccessToken } from '../../lib/session';
import { contactsMessages } from './messages';

/** A JSON file by its name or type; anything else is sent as CSV, which the API checks. */
function contentTypeOf(file: File): string {
  return file.type === 'application/json' || file.name.toLowerCase().endsWith('.json')
    ? 'application/json'
    : 'text/csv; charset=utf-8';
}

/**
 * The upload as a mutation, with its progress (0 to 1) while it runs. It is given up when the
 * form goes away. On success the import page follows the processing.
 */
function useImportUpload() {
  const navigate = useNavigate();
  const [sent, setSent] = useState(0);
  const controller = useRef<AbortController>(undefined);
  useEffect(() => () => controller.current?.abort(), []);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      controller.current = new AbortController();
      // The upload does not go through the fetch client, so it asks for a token that will last;
      // when renewal fails the session is over and the console says so.
      const accessToken = await freshAccessToken();
      if (!accessToken) return undefined;
      return unwrap(
        await uploadWithProgress({
          path: '/api/v1/contacts/imports',
          body: file,
          contentType: contentTypeOf(file),
          accessToken,
          signal: controller.current.signal,
          onProgress: ({ loaded, total }) => setSent(total > 0 ? loaded / total : 1),
        }),
      );
    },
    onMutate: () => setSent(0),
    onSuccess: (job) => {
      if (job) navigate(`/contacts/imports/${job.id}`);
    },
  });
  return { upload, progress: upload.isPending ? sent : undefined };
}

/**
 * Step 1 of an import: the file goes up with a progress bar (XMLHttpRequest reports upload
 * progress, fetch does not); once the API accepts it, the import page follows the processing.
 */
export function ImportUpload() {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const [file, setFile] = useState<File>();
  const [dragging, setDragging] = useState(false);
  const { upload, progress } = useImportUpload();
  const failure = useFailure(upload.error);
  // The API takes one file (the request's body); nothing else is chosen here.
  const form = useFormCheck({ file: { required: true, says: t.noFileChosen } }, undefined);

  function choose(chosen: File | undefined) {
    setFile(chosen);
    // A file dropped while one is going up leaves that upload alone; only a refusal is cleared.
    if (upload.isError) upload.reset();
    form.clear();
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (form.check({ file: file?.name ?? '' }) && file) upload.mutate(file);
  }

  const uploading = upload.isPending;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.importTitle}</h2>
      <p className="hint">{t.importHelp}</p>
      <form onSubmit={submit} noValidate ref={form.ref}>
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
            {...form.aria('file', `${id}-file-error`)}
            disabled={uploading}
          />
          <p className="hint">{t.dropHere}</p>
          {file && <p>{t.chosenFile(file.name, t.kilobytes(f.number(file.size / 1024, 1)))}</p>}
          <FieldMessages id={`${id}-file-error`} messages={form.errorsOf('file')} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={uploading}>
            {uploading ? t.uploading : t.upload}
          </button>
        </div>
      </form>
      {progress !== undefined && <UploadProgress sent={progress} />}
      {failure && <ProblemMessage failure={failure} />}
    </section>
  );
}

/** How much of the file has gone up, as a bar and as words for screen readers. */
function UploadProgress({ sent }: { sent: number }) {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  return (
    <div className="upload-progress">
      <label htmlFor={`${id}-progress`}>{t.uploadStep}</label>
      <progress id={`${id}-progress`} max={1} value={sent}>
        {f.percent(sent, 0)}
      </progress>
      <p role="status">{t.uploadProgress(f.percent(sent, 0))}</p>
    </div>
  );
}
