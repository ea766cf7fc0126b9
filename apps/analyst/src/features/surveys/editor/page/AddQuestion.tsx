import { QUESTION_TYPES, type QuestionType } from '@survey/questionnaire';
import { useId, useState } from 'react';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { freshName, keyOf, listOf, newQuestion, questionNames, setIn } from '../draft';

/** Adds a question of the chosen type at the end of the page, opened for editing. */
export function AddQuestion({ pageIndex }: { pageIndex: number }) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const { draft, update, setExpanded } = useEditor();
  const [newType, setNewType] = useState<QuestionType>('radiogroup');

  function addQuestion() {
    const question = newQuestion(newType, freshName('question', questionNames(draft)));
    setExpanded(keyOf(question), true);
    update((current) =>
      setIn(
        current,
        ['pages', pageIndex, 'elements'],
        [...listOf(listOf(current, 'pages')[pageIndex], 'elements'), question],
      ),
    );
  }

  return (
    <div className="form-row add-question">
      <div>
        <label htmlFor={`${id}-type`}>{t.newQuestionType}</label>
        <select id={`${id}-type`} value={newType} onChange={(event) => setNewType(event.target.value as QuestionType)}>
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
  );
}
