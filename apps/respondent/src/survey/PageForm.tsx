import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n';
import { PageFields, type PageFieldsProps } from './PageFields';

export interface PageFormProps extends PageFieldsProps {
  /** Said under the survey's title (the preview's word on missing translations). */
  notice?: ReactNode;
  /** Said between the questions and the buttons (why sending failed). */
  children?: ReactNode;
  /** Shown under the form (the survey's save status). */
  footer?: ReactNode;
  isLast: boolean;
  /** The answers are being sent: the button says so and does nothing meanwhile. */
  sending?: boolean;
  onSubmit(event: FormEvent): void;
  onPrevious(): void;
}

/**
 * One page of the questionnaire as a form, under the survey's title: its questions, and the
 * buttons to go back, on, or send on the last page. The survey and the editor's preview both draw it.
 */
export function PageForm({
  notice,
  children,
  footer,
  isLast,
  sending,
  onSubmit,
  onPrevious,
  ...fields
}: PageFormProps) {
  const { t } = useI18n();
  return (
    <div className="survey">
      <h1 className="survey-title">{fields.surveyTitle}</h1>
      {notice}
      <form
        noValidate
        onSubmit={onSubmit}
        aria-labelledby="page-title"
        data-testid="survey-page"
        data-page={fields.page.name}
      >
        <PageFields {...fields} />
        {children}
        <div className="nav">
          {fields.position > 0 && (
            <button type="button" className="button secondary" onClick={onPrevious}>
              {t.previous}
            </button>
          )}
          <button type="submit" className="button" aria-disabled={sending || undefined}>
            {isLast ? (sending ? t.submitting : t.submit) : t.next}
          </button>
        </div>
      </form>
      {footer}
    </div>
  );
}
