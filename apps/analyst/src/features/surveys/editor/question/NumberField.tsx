import { useEditor } from '../context';
import { fieldId, getIn, setIn, type Path } from '../draft';

/** The number typed in an input, or undefined (the property is then left out) when empty. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A whole-number property of the question; empty leaves it out. */
export function NumberField({ path, label, min, max }: { path: Path; label: string; min?: number; max?: number }) {
  const { draft, update, readOnly } = useEditor();
  const id = fieldId(path);
  const value = getIn(draft, path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={1}
        min={min}
        max={max}
        className="number-input"
        disabled={readOnly}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => {
          const next = numberOf(event.target.value);
          update((current) => setIn(current, path, next));
        }}
      />
    </div>
  );
}
