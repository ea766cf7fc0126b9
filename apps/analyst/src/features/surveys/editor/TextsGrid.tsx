import { LANGUAGES, textDirection, type Language } from '@survey/questionnaire';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import { fieldId, getIn, pathText, textsOf, updateIn, withText, type Path } from './draft';

/** The head of a grid with one column per questionnaire language, then the given last columns. */
export function LanguageHead({ first, last }: { first: string; last?: string }) {
  const t = useMessages(surveyMessages);
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {LANGUAGES.map((language) => (
          <th scope="col" key={language}>
            {t.languageNames[language]} <code>{language}</code>
          </th>
        ))}
        {last && <th scope="col">{last}</th>}
      </tr>
    </thead>
  );
}

/** One text in one language: an input whose language and direction are those of the text. */
export function TextInput({
  path,
  language,
  label,
  optional,
}: {
  path: Path;
  language: Language;
  label: string;
  optional: boolean;
}) {
  const t = useMessages(surveyMessages);
  const { draft, update, readOnly } = useEditor();
  const value = textsOf(getIn(draft, path))[language] ?? '';
  return (
    <input
      id={fieldId([...path, language])}
      className="text-input"
      lang={language}
      dir={textDirection(language)}
      aria-label={t.inLanguage(label, t.languageNames[language])}
      value={value}
      disabled={readOnly}
      onChange={(event) => {
        const text = event.target.value;
        update((current) => updateIn(current, path, (old) => withText(old, language, text, optional)));
      }}
    />
  );
}

export interface TextRow {
  label: string;
  path: Path;
  optional?: boolean;
}

/** Several texts (title, description…), each a row with its six languages side by side. */
export function TextsGrid({ caption, rows }: { caption: string; rows: TextRow[] }) {
  const t = useMessages(surveyMessages);
  return (
    <div className="table-wrap">
      <table className="texts-grid">
        <caption className="visually-hidden">{caption}</caption>
        <LanguageHead first={t.textColumn} />
        <tbody>
          {rows.map((row) => (
            <tr key={pathText(row.path)}>
              <th scope="row">
                {row.label}
                {row.optional && <span className="optional"> {t.optional}</span>}
              </th>
              {LANGUAGES.map((language) => (
                <td key={language}>
                  <TextInput path={row.path} language={language} label={row.label} optional={!!row.optional} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
