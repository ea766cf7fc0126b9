import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { listOf, moveItem, removeItem, setIn, type JsonObject } from '../draft';

/** Moving a page up or down, and removing it (after asking, saying how many questions go with it). */
export function PageActions({
  index,
  pageCount,
  questionCount,
}: {
  index: number;
  pageCount: number;
  questionCount: number;
}) {
  const t = useMessages(surveyMessages);
  const { update, confirm } = useEditor();
  const number = index + 1;
  const setPages = (change: (pages: JsonObject[]) => JsonObject[]) =>
    update((current) => setIn(current, ['pages'], change(listOf(current, 'pages'))));
  return (
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
            body: <p>{t.removePageBody(questionCount)}</p>,
            confirmLabel: t.remove,
            danger: true,
            onConfirm: () => setPages((pages) => removeItem(pages, index)),
          })
        }
      >
        ✕
      </button>
    </div>
  );
}
