import type { InputHTMLAttributes } from 'react';
import { FieldMessages } from '../../../components/ui';

/** A labelled input with its hint above it and the API's refusal below it. */
export function HintedInput({
  id,
  label,
  hint,
  errors,
  describedBy,
  ...input
}: {
  id: string;
  label: string;
  hint: string;
  errors: string[];
  describedBy: string | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input id={id} {...input} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy} />
      <FieldMessages id={`${id}-error`} messages={errors} />
    </>
  );
}
