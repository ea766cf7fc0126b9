import type { components } from '@survey/api-client';
import { LANGUAGES, isLanguage, validateQuestionnaire, type Language } from '@survey/questionnaire';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LoadState, ProblemMessage } from '../../components/ui';
import { SurveyTabs } from '../../components/SurveyTabs';
import { useFormat } from '../../lib/format';
import { useLocale, useMessages } from '../../lib/i18n';
import { $api, freshOnly, useFailure, useInvalidate } from '../../lib/query';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { EditorContext, type Editor } from './editor/context';
import {
  fieldId,
  formBlocker,
  keyOf,
  listOf,
  parentPath,
  plain,
  questionOfPath,
  sameJson,
  tidy,
  withKeys,
} from './editor/draft';
import { PreviewFrame } from './editor/PreviewFrame';
import { ProblemsList } from './editor/ProblemsList';
import { QuestionnaireForm } from './editor/QuestionnaireForm';
import { surveyMessages } from './messages';

type Survey = components['schemas']['SurveyDto'];

/** /surveys/:surveyId/edit: the questionnaire editor (form or JSON) with a live preview. */
export function SurveyEditorPage() {
  const { surveyId = '' } = useParams();
  const loaded = freshOnly($api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } }));
  return <LoadState loaded={loaded}>{(survey) => <QuestionnaireEditor key={survey.id} initial={survey} />}</LoadState>;
}

/**
 * Asks before leaving while there are unsaved changes: the browser's own question when the tab
 * is closed or reloaded, and a confirmation when a link inside the console is followed.
 */
function useLeaveGuard(active: boolean, question: string) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank') return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin || to.pathname === window.location.pathname) return;
      if (!window.confirm(question)) {
        // Before the router sees the click (this listener runs in the capture phase).
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [active, question]);
}

function QuestionnaireEditor({ initial }: { initial: Survey }) {
  const t = useMessages(surveyMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<unknown>(() => withKeys(tidy(initial.questionnaire)));
  const [view, setView] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const [viewMessage, setViewMessage] = useState<string | null>(null);
  const [expanded, setExpandedKeys] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const saveMutation = $api.useMutation('patch', '/api/v1/surveys/{id}', {
    onSuccess: (updated) => {
      setSaved(updated);
      const time = f.dateTime(updated.updatedAt);
      const count = updated.questionnaireProblems.length;
      setSavedNote(count === 0 ? t.savedAt(time) : t.savedWithProblems(time, count));
      void invalidate('/api/v1/surveys', '/api/v1/surveys/{id}');
    },
  });
  const saving = saveMutation.isPending;
  const failure = useFailure(saveMutation.error);
  const [previewLanguage, setPreviewLanguage] = useState<Language>(locale);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [showPreview, setShowPreview] = useState(true);

  const closed = saved.status === 'closed';
  const dirty = parseError !== null || !sameJson(draft, saved.questionnaire);
  const problems = useMemo(() => {
    const result = validateQuestionnaire(draft);
    return result.ok ? [] : result.errors;
  }, [draft]);
  const blocker = useMemo(() => formBlocker(draft), [draft]);

  useLeaveGuard(dirty && !closed, t.leaveConfirm);

  const update = useCallback((change: (current: unknown) => unknown) => {
    setDraft((current: unknown) => change(current));
    setSavedNote(null);
  }, []);
  const setExpanded = useCallback((key: string, open: boolean) => {
    setExpandedKeys((keys) => {
      const next = new Set(keys);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const editor = useMemo<Editor>(
    () => ({
      draft,
      update,
      readOnly: closed,
      confirm: setConfirming,
      isExpanded: (key) => expanded.has(key),
      setExpanded,
    }),
    [draft, update, closed, expanded, setExpanded],
  );

  // A problem's "show" button: open its question, then focus the closest field that exists.
  useEffect(() => {
    if (focusTarget === null) return;
    setFocusTarget(null);
    for (let path = focusTarget; path !== ''; path = parentPath(path)) {
      const element = document.getElementById(fieldId(`${path}.en`)) ?? document.getElementById(fieldId(path));
      if (element) {
        element.scrollIntoView({ block: 'center' });
        element.focus();
        return;
      }
    }
  }, [focusTarget]);

  function goTo(field: string) {
    const at = questionOfPath(field);
    const question = at && listOf(listOf(draft, 'pages')[at.page], 'elements')[at.index];
    if (question) setExpanded(keyOf(question), true);
    setFocusTarget(field);
  }

  function showJson() {
    setJsonText(JSON.stringify(plain(draft), null, 2) ?? '');
    setViewMessage(null);
    setView('json');
  }

  function showForm() {
    if (parseError !== null) {
      setViewMessage(t.fixJsonFirst);
      return;
    }
    setViewMessage(null);
    setView('form');
  }

  function editJson(text: string) {
    setJsonText(text);
    setSavedNote(null);
    try {
      const parsed: unknown = JSON.parse(text);
      setDraft(withKeys(parsed));
      setParseError(null);
      setViewMessage(null);
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
    }
  }

  function save() {
    saveMutation.mutate({
      params: { path: { id: saved.id } },
      body: { questionnaire: plain(draft) as Record<string, unknown> },
    });
  }

  const banner =
    saved.status === 'draft'
      ? t.draftBanner
      : saved.status === 'open'
        ? t.openBanner(saved.publishedVersion ?? 1)
        : t.closedBanner;

  return (
    <>
      <h1>{t.editorTitle(saved.name)}</h1>
      <SurveyTabs surveyId={saved.id} />
      <p className={saved.status === 'draft' ? 'notice' : 'notice warning'}>
        {banner} <Link to={`/surveys/${saved.id}`}>{t.toOverview}</Link>
      </p>
      <div className="editor-toolbar">
        <div role="group" aria-label={t.viewLabel} className="view-switch">
          <span aria-hidden="true">{t.viewLabel}</span>
          <button type="button" aria-pressed={view === 'form'} onClick={showForm}>
            {t.formView}
          </button>
          <button type="button" aria-pressed={view === 'json'} onClick={showJson}>
            {t.jsonView}
          </button>
        </div>
        <button type="button" aria-pressed={showPreview} onClick={() => setShowPreview(!showPreview)}>
          {t.previewTitle}
        </button>
        {!closed && (
          <button
            type="button"
            className="primary"
            disabled={!dirty || saving || parseError !== null}
            onClick={() => void save()}
          >
            {saving ? t.saving : t.save}
          </button>
        )}
        <p role="status" className="save-state" data-dirty={dirty}>
          {dirty ? t.unsaved : (savedNote ?? t.allSaved)}
        </p>
      </div>
      {viewMessage && (
        <p className="field-error" role="alert">
          {viewMessage}
        </p>
      )}
      {failure && <ProblemMessage failure={failure} />}
      <div className={showPreview ? 'survey-editor' : 'survey-editor without-preview'}>
        <div className="editor-main">
          <ProblemsList problems={problems} onGoTo={view === 'form' && blocker === null ? goTo : undefined} />
          <EditorContext.Provider value={editor}>
            {view === 'json' ? (
              <JsonView text={jsonText} error={parseError} readOnly={closed} onChange={editJson} />
            ) : blocker !== null ? (
              <p className="problem">{t.formBlocked(blocker)}</p>
            ) : (
              <QuestionnaireForm />
            )}
          </EditorContext.Provider>
        </div>
        <section className="preview-pane" aria-labelledby="qe-preview-heading" hidden={!showPreview}>
          <h2 id="qe-preview-heading">{t.previewTitle}</h2>
          <label htmlFor="qe-preview-language">{t.previewLanguage}</label>
          <select
            id="qe-preview-language"
            value={previewLanguage}
            onChange={(event) => isLanguage(event.target.value) && setPreviewLanguage(event.target.value)}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t.languageNames[language]} ({language})
              </option>
            ))}
          </select>
          <p className="hint">{t.previewNote}</p>
          <PreviewFrame questionnaire={draft} language={previewLanguage} title={t.previewFrame} />
        </section>
      </div>
      <ConfirmDialog request={confirming} onDone={() => setConfirming(null)} />
    </>
  );
}

function JsonView({
  text,
  error,
  readOnly,
  onChange,
}: {
  text: string;
  error: string | null;
  readOnly: boolean;
  onChange: (text: string) => void;
}) {
  const t = useMessages(surveyMessages);
  return (
    <div className="json-view">
      <label htmlFor="qe-json">{t.jsonLabel}</label>
      <p className="hint" id="qe-json-hint">
        {t.jsonHint}
      </p>
      <textarea
        id="qe-json"
        className="json-input"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={text}
        readOnly={readOnly}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? 'qe-json-hint qe-json-error' : 'qe-json-hint'}
        onChange={(event) => onChange(event.target.value)}
      />
      <p className="field-error" id="qe-json-error" role="status">
        {error !== null && t.jsonInvalid(error)}
      </p>
    </div>
  );
}
