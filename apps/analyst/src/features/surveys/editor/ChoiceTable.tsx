import { useId } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import { ChoiceRow } from './ChoiceRow';
import { freshName, getIn, listOf, updateIn, type JsonObject, type Path } from './draft';

export type ListKind = 'choices' | 'rows' | 'columns';

/** A value no entry has yet: the next number when every value is a number, else a fresh code. */
function nextValue(items: JsonObject[], kind: ListKind): string | number {
  const values = items.map((item) => item.value);
  if (kind !== 'rows' && values.length > 0 && values.every((v) => typeof v === 'number')) {
    return Math.max(...(values as number[])) + 1;
  }
  const base = kind === 'rows' ? 'row' : kind === 'columns' ? 'column' : 'choice';
  return freshName(
    base,
    values.map((v) => String(v)),
  );
}

/**
 * The choices of a question (or the rows or columns of a matrix): for each, its value and its
 * text in the six languages side by side, with buttons to reorder and remove; then "add".
 */
export function ChoiceTable({ path, kind, owner }: { path: Path; kind: ListKind; owner: string }) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const { draft, update, readOnly, languages } = useEditor();
  const listPath = [...path, kind];
  const items = listOf(getIn(draft, path), kind);
  const heading = { choices: t.choices, rows: t.rows, columns: t.columns }[kind];
  const itemLabel = { choices: t.choiceItem, rows: t.rowItem, columns: t.columnItem }[kind];
  const add = { choices: t.addChoice, rows: t.addRow, columns: t.addColumn }[kind];
  const change = (next: (list: JsonObject[]) => JsonObject[]) =>
    update((current) => updateIn(current, listPath, (list) => next(Array.isArray(list) ? (list as JsonObject[]) : [])));

  return (
    <div className="choice-list">
      <h4 id={`${id}-heading`}>{heading}</h4>
      <p className="hint" id={`${id}-hint`}>
        {kind === 'rows' ? t.rowValueHint : t.valueHint}
      </p>
      <div className="table-wrap">
        <table className="texts-grid">
          <caption className="visually-hidden">{t.listCaptionOf(heading, owner)}</caption>
          <thead>
            <tr>
              <th scope="col" className="source-column">
                {t.valueColumn}
              </th>
              {languages.map((language) => (
                <th scope="col" key={language} className="language-column">
                  {t.languageNames[language]} <code>{language}</code>
                </th>
              ))}
              {!readOnly && <th scope="col">{t.actionsColumn}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <ChoiceRow
                key={index}
                item={item}
                index={index}
                count={items.length}
                kind={kind}
                listPath={listPath}
                label={itemLabel(index + 1)}
                hintId={`${id}-hint`}
                change={change}
              />
            ))}
          </tbody>
        </table>
      </div>
      {!readOnly && (
        <button
          type="button"
          onClick={() => change((list) => [...list, { value: nextValue(list.filter(Boolean), kind), text: {} }])}
        >
          {add}
        </button>
      )}
    </div>
  );
}
