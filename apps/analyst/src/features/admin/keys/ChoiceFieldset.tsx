import type { ReactNode } from 'react';
import { FieldMessages } from '../../../components/ui';

/** Checkboxes for a list the key may hold (scopes, surveys), with the API's refusal below them. */
export function ChoiceFieldset<T extends string>({
  legend,
  options,
  labelOf,
  chosen,
  onChosen,
  errorId,
  errors,
  describedBy,
  empty,
}: {
  legend: string;
  options: readonly T[];
  labelOf: (option: T) => string;
  chosen: T[];
  onChosen: (change: (list: T[]) => T[]) => void;
  errorId: string;
  errors: string[];
  describedBy: string | undefined;
  /** Shown instead of the checkboxes when there is nothing to choose. */
  empty?: ReactNode;
}) {
  const toggle = (list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  return (
    <fieldset className="choices" aria-describedby={describedBy} data-invalid={errors.length > 0 || undefined}>
      <legend>{legend}</legend>
      {options.length === 0 && empty}
      {options.map((option) => (
        <label key={option} className="checkbox">
          <input
            type="checkbox"
            value={option}
            checked={chosen.includes(option)}
            onChange={(e) => onChosen((list) => toggle(list, option, e.target.checked))}
          />
          {labelOf(option)}
        </label>
      ))}
      <FieldMessages id={errorId} messages={errors} />
    </fieldset>
  );
}
