import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { keyOf, listOf, moveQuestion, removeItem, setIn, type JsonObject } from '../draft';
import { QuestionEditor } from '../QuestionEditor';

/** The page's questions, numbered through the whole questionnaire; removing one asks first. */
export function PageQuestions({
  questions,
  pageIndex,
  firstNumber,
  questionCount,
}: {
  questions: JsonObject[];
  pageIndex: number;
  firstNumber: number;
  questionCount: number;
}) {
  const t = useMessages(surveyMessages);
  const { update, confirm } = useEditor();
  const path = ['pages', pageIndex] as const;
  return questions.map((question, questionIndex) => {
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
            update((current) => moveQuestion(current, { page: pageIndex, index: questionIndex }, direction)),
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
                    removeItem(listOf(listOf(current, 'pages')[pageIndex], 'elements'), questionIndex),
                  ),
                ),
            }),
        }}
      />
    );
  });
}
