import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';

/** The JSON view: the questionnaire as text, with the parser's complaint while it does not parse. */
export function JsonView({
  text,
  error,
  readOnly,
  onChange,
}: {
  text: string;
  error: string | null;
  readOnly: boolean;
  onChange: (text: string) => void;
}) {
  const t = useMessages(surveyMessages);
  return (
    <div className="json-view">
      <label htmlFor="qe-json">{t.jsonLabel}</label>
      <p className="hint" id="qe-json-hint">
        {t.jsonHint}
      </p>
      <textarea
        id="qe-json"
        className="json-input"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={text}
        readOnly={readOnly}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? 'qe-json-hint qe-json-error' : 'qe-json-hint'}
        onChange={(event) => onChange(event.target.value)}
      />
      <p className="field-error" id="qe-json-error" role="status">
        {error !== null && t.jsonInvalid(error)}
      </p>
    </div>
  );
}
