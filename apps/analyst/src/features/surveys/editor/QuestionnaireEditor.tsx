import type { components } from '@survey/api-client';
import { validateQuestionnaire } from '@survey/questionnaire';
import { surveyLanguages } from '../survey-languages';
import { useProblemSentences } from './problem-sentences';
import { useCallback, useMemo, useState } from 'react';
import { ProblemMessage } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog';
import { surveyMessages } from '../messages';
import { EditorContext, type Editor } from './context';
import { formBlocker, sameJson } from './draft';
import { EditorHeading } from './EditorHeading';
import { EditorToolbar } from './EditorToolbar';
import { FlowSummary } from './FlowSummary';
import { JsonView } from './JsonView';
import { PreviewPane } from './PreviewPane';
import { ProblemsList } from './ProblemsList';
import { QuestionnaireForm } from './QuestionnaireForm';
import { SurveyJsTransfer } from './SurveyJsTransfer';
import { useDraft } from './useDraft';
import { useLeaveGuard } from './useLeaveGuard';
import { useQuestionFocus } from './useQuestionFocus';
import { useSaveQuestionnaire } from './useSaveQuestionnaire';

type Survey = components['schemas']['SurveyDto'];

/** The questionnaire editor (form or JSON) with its problems and a live preview. */
export function QuestionnaireEditor({
  initial,
  initialNote = null,
  onImported,
}: {
  initial: Survey;
  /** What the note beside the save button says at first (after an import, that it happened). */
  initialNote?: string | null;
  onImported?: (survey: Survey, note: string) => void;
}) {
  const t = useMessages(surveyMessages);
  const { saved, save, saving, failure, savedNote, setSavedNote } = useSaveQuestionnaire(initial, initialNote);
  const clearNote = useCallback(() => setSavedNote(null), [setSavedNote]);
  const edit = useDraft(initial.questionnaire, clearNote);
  const { draft, update, view, parseError } = edit;
  const { expanded, setExpanded, goTo } = useQuestionFocus(draft);
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);
  const [showPreview, setShowPreview] = useState(true);

  const closed = saved.status === 'closed';
  const dirty = parseError !== null || !sameJson(draft, saved.questionnaire);
  const { languages, defaultLanguage } = surveyLanguages(saved);
  const languageKey = `${languages.join(',')}:${defaultLanguage}`;
  const problems = useMemo(() => {
    // Patterns of regex validators are only compiled here: the API's ReDoS check (too large to
    // ship to browsers) judges them when the draft is saved and refuses unsafe ones at publishing.
    const result = validateQuestionnaire(draft, { languages, defaultLanguage, regexSafety: () => true });
    return result.ok ? [] : result.errors;
    // The languages are compared by value: a new array with the same languages changes nothing.
  }, [draft, languageKey]);
  const sentences = useProblemSentences(draft, problems);
  const blocker = useMemo(() => formBlocker(draft), [draft]);

  useLeaveGuard(dirty && !closed, t.leaveConfirm);

  const editor = useMemo<Editor>(
    () => ({
      draft,
      update,
      readOnly: closed,
      languages,
      problemsAt: (field) => sentences.byField.get(field) ?? [],
      confirm: setConfirming,
      isExpanded: (key) => expanded.has(key),
      setExpanded,
    }),
    [draft, update, closed, expanded, setExpanded, languageKey, sentences],
  );

  return (
    <>
      <EditorHeading saved={saved} />
      <EditorToolbar
        view={view}
        onForm={edit.showForm}
        onJson={edit.showJson}
        showPreview={showPreview}
        onTogglePreview={() => setShowPreview(!showPreview)}
        canSave={!closed}
        saving={saving}
        onSave={!dirty || saving || parseError !== null ? undefined : () => save(draft)}
        dirty={dirty}
        savedNote={savedNote}
      />
      {edit.viewMessage && (
        <p className="field-error" role="alert">
          {edit.viewMessage}
        </p>
      )}
      {failure && <ProblemMessage failure={failure} />}
      {onImported && <SurveyJsTransfer survey={saved} dirty={dirty} onImported={onImported} />}
      <div className={showPreview ? 'survey-editor' : 'survey-editor without-preview'}>
        <div className="editor-main">
          <ProblemsList problems={sentences.list} onGoTo={view === 'form' && blocker === null ? goTo : undefined} />
          <FlowSummary draft={draft} />
          <EditorContext.Provider value={editor}>
            {view === 'json' ? (
              <JsonView text={edit.jsonText} error={parseError} readOnly={closed} onChange={edit.editJson} />
            ) : blocker !== null ? (
              <p className="problem">{t.formBlocked(blocker)}</p>
            ) : (
              <QuestionnaireForm />
            )}
          </EditorContext.Provider>
        </div>
        <PreviewPane draft={draft} hidden={!showPreview} languages={languages} defaultLanguage={defaultLanguage} />
      </div>
      <ConfirmDialog request={confirming} onDone={() => setConfirming(null)} />
    </>
  );
}
