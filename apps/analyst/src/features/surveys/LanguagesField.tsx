import { LANGUAGES, type Language } from '@survey/questionnaire';
import { useId } from 'react';
import { fieldAria, FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { surveyMessages } from './messages';

export interface LanguageValues {
  languages: Language[];
  defaultLanguage: Language;
}

/**
 * The languages a survey is offered in (at least one) and its default language, which invitees
 * whose own language is not offered get. Unticking the default moves it to another language.
 */
export function LanguagesField({
  value,
  onChange,
  messages,
}: {
  value: LanguageValues;
  onChange: (value: LanguageValues) => void;
  messages: string[];
}) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const toggle = (language: Language, on: boolean) => {
    const languages = LANGUAGES.filter((l) => (l === language ? on : value.languages.includes(l)));
    if (languages.length === 0) return;
    const defaultLanguage = languages.includes(value.defaultLanguage)
      ? value.defaultLanguage
      : languages.includes('en')
        ? 'en'
        : languages[0];
    onChange({ languages, defaultLanguage });
  };
  return (
    <fieldset
      className="languages-field"
      aria-describedby={messages.length > 0 ? `${id}-hint ${id}-error` : `${id}-hint`}
      data-invalid={messages.length > 0 || undefined}
      data-testid="survey-languages"
    >
      <legend>{t.languagesLabel}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t.languagesHint}
      </p>
      <div className="language-choices">
        {LANGUAGES.map((language) => (
          <label className="checkbox" key={language}>
            <input
              type="checkbox"
              checked={value.languages.includes(language)}
              // The last language cannot be unticked: a survey needs one.
              disabled={value.languages.length === 1 && value.languages.includes(language)}
              onChange={(event) => toggle(language, event.target.checked)}
            />
            {t.languageNames[language]}
          </label>
        ))}
      </div>
      <label htmlFor={`${id}-default`}>{t.defaultLanguageLabel}</label>
      <select
        id={`${id}-default`}
        value={value.defaultLanguage}
        {...fieldAria(messages, `${id}-error`, `${id}-default-hint`)}
        onChange={(event) => onChange({ ...value, defaultLanguage: event.target.value as Language })}
      >
        {value.languages.map((language) => (
          <option key={language} value={language}>
            {t.languageNames[language]}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-default-hint`}>
        {t.defaultLanguageHint}
      </p>
      <FieldMessages id={`${id}-error`} messages={messages} />
    </fieldset>
  );
}
