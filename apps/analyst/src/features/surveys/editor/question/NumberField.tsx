import { useEditor } from '../context';
import { fieldId, getIn, setIn, type Path } from '../draft';

/** The number typed in an input, or undefined (the property is then left out) when empty. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A number property of the question (whole unless `step` says otherwise); empty leaves it out. */
export function NumberField({
  path,
  label,
  min,
  max,
  step = 1,
  describedBy,
}: {
  path: Path;
  label: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  describedBy?: string;
}) {
  const { draft, update, readOnly } = useEditor();
  const id = fieldId(path);
  const value = getIn(draft, path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={step === 1 ? 'numeric' : 'decimal'}
        step={step}
        aria-describedby={describedBy}
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
