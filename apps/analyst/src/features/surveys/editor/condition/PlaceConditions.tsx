import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { setIn, type JsonObject, type Path } from '../draft';
import { ConditionField } from './ConditionField';
import { conditionMessages } from './condition-messages';
import { subjectsBeforePage, subjectsBeforeQuestion } from './subjects';
import { useSubjects } from './useSubjects';

function conditionText(owner: JsonObject): string {
  return typeof owner.visibleIf === 'string' ? owner.visibleIf : '';
}

/** A question's `visibleIf`, on the questions before it. `path` is `pages[p].elements[q]`. */
export function QuestionCondition({ path, question }: { path: Path; question: JsonObject }) {
  const t = useMessages(surveyMessages);
  const { update } = useEditor();
  const all = useSubjects();
  const [, page, , position] = path;
  const subjects = subjectsBeforeQuestion(all, Number(page), Number(position));
  return (
    <ConditionField
      path={[...path, 'visibleIf']}
      label={t.visibleIf}
      hint={t.visibleIfHint}
      value={conditionText(question)}
      subjects={subjects}
      canBeEmpty
      onChange={(text) => update((current) => setIn(current, [...path, 'visibleIf'], text))}
    />
  );
}

/** A page's `visibleIf`, on the questions of earlier pages. */
export function PageCondition({ index, page }: { index: number; page: JsonObject }) {
  const m = useMessages(conditionMessages);
  const { update } = useEditor();
  const subjects = subjectsBeforePage(useSubjects(), index);
  // The first page has nothing before it: a condition there can only be kept as it is.
  if (index === 0 && conditionText(page) === '') return null;
  return (
    <ConditionField
      path={['pages', index, 'visibleIf']}
      label={m.pageVisibleIf}
      hint={m.pageVisibleIfHint}
      value={conditionText(page)}
      subjects={subjects}
      canBeEmpty
      onChange={(text) => update((current) => setIn(current, ['pages', index, 'visibleIf'], text))}
    />
  );
}
