import type { components } from '@survey/api-client';
import { textDirection, type Language } from '@survey/questionnaire';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { fieldAria, FieldMessages, ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { useFormCheck } from '../../lib/form-check';
import { $api, useFailure } from '../../lib/query';
import { surveyLanguages } from '../surveys/survey-languages';
import { campaignsMessages } from './messages';

type Survey = components['schemas']['SurveyDto'];
type Kind = 'invitation' | 'reminder';

/** The longest subject and body the API accepts (MAIL_TEXT_LIMITS). */
const MAIL_TEXT_LIMITS = { subject: 200, body: 5000 } as const;
type Texts = Partial<Record<Kind, Partial<Record<Language, { subject: string; body: string }>>>>;

const KINDS: Kind[] = ['invitation', 'reminder'];

/** Drops the empty entries: a kind and language left blank uses the platform's text. */
function written(texts: Texts): Texts {
  const result: Texts = {};
  for (const kind of KINDS) {
    const entries = Object.entries(texts[kind] ?? {}).filter(
      ([, text]) => text && (text.subject.trim() !== '' || text.body.trim() !== ''),
    );
    if (entries.length > 0) result[kind] = Object.fromEntries(entries);
  }
  return result;
}

/**
 * The survey's own invitation and reminder e-mails, per language of the survey: subject and
 * body with placeholders, saved as a new version (campaigns keep the version they started
 * with), previewed as the server renders it, and sent as a test to the analyst's own address.
 */
export function MailTexts({ survey }: { survey: Survey }) {
  const t = useMessages(campaignsMessages);
  const id = useId();
  const { languages } = surveyLanguages(survey);
  const path = { params: { path: { id: survey.id } } };
  const loaded = $api.useQuery('get', '/api/v1/surveys/{id}/mail-texts', path);
  const [texts, setTexts] = useState<Texts>({});
  const [kind, setKind] = useState<Kind>('invitation');
  const [language, setLanguage] = useState<Language>(languages[0]);
  useEffect(() => {
    if (loaded.data) setTexts(loaded.data.texts as Texts);
  }, [loaded.data]);
  const saving = $api.useMutation('put', '/api/v1/surveys/{id}/mail-texts', { onSuccess: () => void loaded.refetch() });
  const previewing = $api.useMutation('post', '/api/v1/surveys/{id}/mail-texts/preview');
  const testing = $api.useMutation('post', '/api/v1/surveys/{id}/mail-texts/test-send');
  const failure = useFailure(saving.error ?? previewing.error);
  const testFailure = useFailure(testing.error);
  const current = texts[kind]?.[language] ?? { subject: '', body: '' };
  const field = `texts.${kind}.${language}`;
  const set = (change: Partial<{ subject: string; body: string }>) =>
    setTexts({ ...texts, [kind]: { ...texts[kind], [language]: { ...current, ...change } } });

  // The API's rules for the text shown (mail-texts.ts): once either part is written, both are,
  // within their lengths, the subject on one line and the body with {link}.
  const started = current.subject.trim() !== '' || current.body.trim() !== '';
  const form = useFormCheck(
    {
      subject: {
        required: started,
        maxLength: MAIL_TEXT_LIMITS.subject,
        pattern: /^[^\n]*$/,
        patternReason: 'oneLine',
      },
      body: { required: started, maxLength: MAIL_TEXT_LIMITS.body, pattern: /\{link\}/, patternReason: 'needsLink' },
    },
    failure,
  );

  function save(event: FormEvent) {
    event.preventDefault();
    if (!form.check(current)) return;
    saving.mutate({ ...path, body: { texts: written(texts) } });
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="mail-texts">
      <h2 id={`${id}-title`}>{t.mailTextsTitle}</h2>
      <p className="hint">{t.mailTextsHelp}</p>
      <p className="hint">{t.mailTextsVersion(loaded.data?.version ?? null)}</p>
      <form noValidate onSubmit={save} className="mail-texts" ref={form.ref}>
        <div className="form-row">
          <label>
            {t.mailKind}{' '}
            <select value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.mailKinds[k]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.mailLanguage}{' '}
            <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {t.languageNames[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <MailTextFields
          language={language}
          value={current}
          onChange={set}
          subjectErrors={form.errorsOf('subject', `${field}.subject`)}
          bodyErrors={form.errorsOf('body', `${field}.body`)}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={saving.isPending}>
            {t.mailSave}
          </button>
          <button
            type="button"
            onClick={() => previewing.mutate({ ...path, body: { kind, language, texts: written(texts) } })}
          >
            {t.mailPreview}
          </button>
          <button type="button" onClick={() => testing.mutate({ ...path, body: { kind, language } })}>
            {t.mailTestSend}
          </button>
        </div>
      </form>
      <div role="status">
        {saving.isSuccess && <p className="notice">{t.mailSaved(saving.data.version ?? 0)}</p>}
        {testing.isSuccess && <p className="notice">{t.mailTestSent}</p>}
      </div>
      {failure && <ProblemMessage failure={failure} />}
      {testFailure && <ProblemMessage failure={testFailure} />}
      {previewing.data && (
        <figure className="mail-preview" data-testid="mail-preview" lang={previewing.data.language}>
          <figcaption>{t.mailPreviewOf(previewing.data.subject)}</figcaption>
          <pre dir={textDirection(previewing.data.language as Language)}>{previewing.data.text}</pre>
        </figure>
      )}
    </section>
  );
}

/** The subject and text of one e-mail in one language, with the API's refusals on each. */
function MailTextFields({
  language,
  value,
  onChange,
  subjectErrors,
  bodyErrors,
}: {
  language: Language;
  value: { subject: string; body: string };
  onChange: (change: Partial<{ subject: string; body: string }>) => void;
  subjectErrors: string[];
  bodyErrors: string[];
}) {
  const t = useMessages(campaignsMessages);
  const id = useId();
  const current = value;
  const set = onChange;
  return (
    <>
      <label htmlFor={`${id}-subject`}>{t.mailSubject}</label>
      <input
        id={`${id}-subject`}
        className="wide-input"
        lang={language}
        dir={textDirection(language)}
        value={current.subject}
        {...fieldAria(subjectErrors, `${id}-subject-error`)}
        onChange={(event) => set({ subject: event.target.value })}
      />
      <FieldMessages id={`${id}-subject-error`} messages={subjectErrors} />
      <label htmlFor={`${id}-body`}>{t.mailBody}</label>
      <textarea
        id={`${id}-body`}
        className="wide-input"
        rows={8}
        lang={language}
        dir={textDirection(language)}
        value={current.body}
        {...fieldAria(bodyErrors, `${id}-body-error`, `${id}-body-hint`)}
        onChange={(event) => set({ body: event.target.value })}
      />
      <p className="hint" id={`${id}-body-hint`}>
        {t.mailPlaceholders}
      </p>
      <FieldMessages id={`${id}-body-error`} messages={bodyErrors} />
    </>
  );
}
