import { useId } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import { fieldId, listOf, setIn, type JsonObject } from './draft';
import { PageCondition } from './condition/PlaceConditions';
import { AddQuestion } from './page/AddQuestion';
import { PageActions } from './page/PageActions';
import { PageQuestions } from './page/PageQuestions';
import { TextsGrid } from './TextsGrid';

/** One page: its name and title, its questions, and adding one. */
export function PageEditor({
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
  const { update, readOnly } = useEditor();
  const path = ['pages', index] as const;
  const questions = listOf(page, 'elements');
  const name = typeof page.name === 'string' ? page.name : '';
  const number = index + 1;

  return (
    <section className="panel page-editor" aria-labelledby={`${id}-heading`} id={fieldId(path)} tabIndex={-1}>
      <div className="question-head">
        <h2 id={`${id}-heading`}>{t.pageHeading(number, name)}</h2>
        {!readOnly && <PageActions index={index} pageCount={pageCount} questionCount={questions.length} />}
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
      <PageCondition index={index} page={page} />
      {questions.length === 0 && <p className="hint">{t.emptyPage}</p>}
      <PageQuestions questions={questions} pageIndex={index} firstNumber={firstNumber} questionCount={questionCount} />
      {!readOnly && <AddQuestion pageIndex={index} />}
    </section>
  );
}
