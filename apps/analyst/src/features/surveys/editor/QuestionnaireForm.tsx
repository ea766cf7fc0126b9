import { QUESTION_TYPES, type QuestionType } from '@survey/questionnaire';
import { useId, useState } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import {
  fieldId,
  freshName,
  keyOf,
  listOf,
  moveItem,
  moveQuestion,
  newPage,
  newQuestion,
  questionNames,
  removeItem,
  setIn,
  type JsonObject,
} from './draft';
import { QuestionEditor } from './QuestionEditor';
import { TextsGrid } from './TextsGrid';

/** The form view: the questionnaire's texts, then each page with its questions. */
export function QuestionnaireForm() {
  const t = useMessages(surveyMessages);
  const { draft, update, readOnly } = useEditor();
  const pages = listOf(draft, 'pages');
  const total = pages.reduce((sum, page) => sum + listOf(page, 'elements').length, 0);
  let numbered = 0;

  function addPage() {
    update((current) => {
      const pages = listOf(current, 'pages');
      const name = freshName(
        'page',
        pages.map((page) => String(page.name ?? '')),
      );
      return setIn(current, ['pages'], [...pages, newPage(name)]);
    });
  }

  return (
    <div className="questionnaire-form">
      <section className="panel" aria-labelledby="qe-questionnaire-heading">
        <h2 id="qe-questionnaire-heading">{t.questionnaireSection}</h2>
        <TextsGrid
          caption={t.textsCaption(t.theQuestionnaire)}
          rows={[
            { label: t.titleRow, path: ['title'] },
            { label: t.descriptionRow, path: ['description'], optional: true },
          ]}
        />
      </section>
      {pages.map((page, index) => {
        const first = numbered + 1;
        numbered += listOf(page, 'elements').length;
        return (
          <PageEditor
            key={index}
            page={page}
            index={index}
            pageCount={pages.length}
            firstNumber={first}
            questionCount={total}
          />
        );
      })}
      {!readOnly && (
        <button type="button" onClick={addPage}>
          {t.addPage}
        </button>
      )}
    </div>
  );
}

function PageEditor({
  page,
  index,
  pageCount,
  firstNumber,
  questionCount,
}: {
  page: JsonObject;
  index: number;
  pageCount: number;
  firstNumber: number;
  questionCount: number;
}) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const { draft, update, confirm, setExpanded, readOnly } = useEditor();
  const [newType, setNewType] = useState<QuestionType>('radiogroup');
  const path = ['pages', index] as const;
  const questions = listOf(page, 'elements');
  const name = typeof page.name === 'string' ? page.name : '';
  const number = index + 1;
  const setPages = (change: (pages: JsonObject[]) => JsonObject[]) =>
    update((current) => setIn(current, ['pages'], change(listOf(current, 'pages'))));

  function addQuestion() {
    const question = newQuestion(newType, freshName('question', questionNames(draft)));
    setExpanded(keyOf(question), true);
    update((current) =>
      setIn(current, [...path, 'elements'], [...listOf(listOf(current, 'pages')[index], 'elements'), question]),
    );
  }

  return (
    <section className="panel page-editor" aria-labelledby={`${id}-heading`} id={fieldId(path)} tabIndex={-1}>
      <div className="question-head">
        <h2 id={`${id}-heading`}>{t.pageHeading(number, name)}</h2>
        {!readOnly && (
          <div className="question-actions">
            <button
              type="button"
              className="icon-button"
              aria-label={t.movePageUp(number)}
              title={t.movePageUp(number)}
              disabled={index === 0}
              onClick={() => setPages((pages) => moveItem(pages, index, index - 1))}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t.movePageDown(number)}
              title={t.movePageDown(number)}
              disabled={index === pageCount - 1}
              onClick={() => setPages((pages) => moveItem(pages, index, index + 1))}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={t.removePage(number)}
              title={t.removePage(number)}
              onClick={() =>
                confirm({
                  title: t.removePageTitle(number),
                  body: <p>{t.removePageBody(questions.length)}</p>,
                  confirmLabel: t.remove,
                  danger: true,
                  onConfirm: () => setPages((pages) => removeItem(pages, index)),
                })
              }
            >
              ✕
            </button>
          </div>
        )}
      </div>
      <label htmlFor={fieldId([...path, 'name'])}>{t.pageName}</label>
      <input
        id={fieldId([...path, 'name'])}
        disabled={readOnly}
        value={name}
        onChange={(event) => {
          const value = event.target.value;
          update((current) => setIn(current, [...path, 'name'], value));
        }}
      />
      <TextsGrid
        caption={t.textsCaption(t.pageLabel(number))}
        rows={[{ label: t.pageTitleRow, path: [...path, 'title'], optional: true }]}
      />
      {questions.length === 0 && <p className="hint">{t.emptyPage}</p>}
      {questions.map((question, questionIndex) => {
        const questionNumber = firstNumber + questionIndex;
        return (
          <QuestionEditor
            key={keyOf(question)}
            question={question}
            path={[...path, 'elements', questionIndex]}
            position={{
              number: questionNumber,
              isFirst: questionNumber === 1,
              isLast: questionNumber === questionCount,
              onMove: (direction) =>
                update((current) => moveQuestion(current, { page: index, index: questionIndex }, direction)),
              onRemove: () =>
                confirm({
                  title: t.removeQuestionTitle(questionNumber),
                  body: <p>{t.removeBody}</p>,
                  confirmLabel: t.remove,
                  danger: true,
                  onConfirm: () =>
                    update((current) =>
                      setIn(
                        current,
                        [...path, 'elements'],
                        removeItem(listOf(listOf(current, 'pages')[index], 'elements'), questionIndex),
                      ),
                    ),
                }),
            }}
          />
        );
      })}
      {!readOnly && (
        <div className="form-row add-question">
          <div>
            <label htmlFor={`${id}-type`}>{t.newQuestionType}</label>
            <select
              id={`${id}-type`}
              value={newType}
              onChange={(event) => setNewType(event.target.value as QuestionType)}
            >
              {QUESTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t.typeNames[type]}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={addQuestion}>
            {t.addQuestion}
          </button>
        </div>
      )}
    </section>
  );
}
