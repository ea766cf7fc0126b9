import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import type { ListKind } from './ChoiceTable';
import { useEditor } from './context';
import { choiceValueOf, fieldId, moveItem, removeItem, setIn, type JsonObject, type Path } from './draft';
import { TextInput } from './TextsGrid';

/** One choice (or row, or column): its value, its text in each language, and the buttons that move or remove it. */
export function ChoiceRow({
  item,
  index,
  count,
  kind,
  listPath,
  label,
  hintId,
  change,
}: {
  item: JsonObject;
  index: number;
  count: number;
  kind: ListKind;
  listPath: Path;
  /** "Choice 2": names the entry in the labels of its fields and buttons. */
  label: string;
  hintId: string;
  change: (next: (list: JsonObject[]) => JsonObject[]) => void;
}) {
  const t = useMessages(surveyMessages);
  const { update, readOnly, languages } = useEditor();
  const value = item.value;
  return (
    <tr>
      <td className="source-column">
        <input
          id={fieldId([...listPath, index, 'value'])}
          className="value-input"
          aria-label={t.valueOf(label)}
          aria-describedby={hintId}
          disabled={readOnly}
          value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
          onChange={(event) => {
            const typed = choiceValueOf(event.target.value, kind === 'rows');
            update((current) => setIn(current, [...listPath, index, 'value'], typed));
          }}
        />
      </td>
      {languages.map((language) => (
        <td key={language} className="language-column">
          <TextInput path={[...listPath, index, 'text']} language={language} label={t.textOf(label)} optional={false} />
        </td>
      ))}
      {!readOnly && (
        <td className="row-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t.moveUp(label)}
            title={t.moveUp(label)}
            disabled={index === 0}
            onClick={() => change((list) => moveItem(list, index, index - 1))}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t.moveDown(label)}
            title={t.moveDown(label)}
            disabled={index === count - 1}
            onClick={() => change((list) => moveItem(list, index, index + 1))}
          >
            ↓
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t.removeItem(label)}
            title={t.removeItem(label)}
            onClick={() => change((list) => removeItem(list, index))}
          >
            ✕
          </button>
        </td>
      )}
    </tr>
  );
}
