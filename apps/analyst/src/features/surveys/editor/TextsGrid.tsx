import { textDirection, type Language } from '@survey/questionnaire';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import { fieldId, getIn, pathText, textsOf, updateIn, withText, type Path } from './draft';

/** The head of a grid with one column per questionnaire language, then the given last columns. */
export function LanguageHead({ first, last }: { first: string; last?: string }) {
  const t = useMessages(surveyMessages);
  const { languages } = useEditor();
  return (
    <thead>
      <tr>
        <th scope="col" className="source-column">
          {first}
        </th>
        {languages.map((language) => (
          <th scope="col" key={language} className="language-column">
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
  const { draft, update, readOnly, problemsAt } = useEditor();
  const value = textsOf(getIn(draft, path))[language] ?? '';
  const id = fieldId([...path, language]);
  const problems = problemsAt(pathText([...path, language]));
  return (
    <>
      <textarea
        id={id}
        className="text-input"
        rows={1}
        lang={language}
        dir={textDirection(language)}
        aria-label={t.inLanguage(label, t.languageNames[language])}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={problems.length > 0 ? `${id}-problem` : undefined}
        value={value}
        disabled={readOnly}
        onChange={(event) => {
          // A text is one line: a pasted line break becomes a space.
          const text = event.target.value.replace(/[\r\n]+/g, ' ');
          update((current) => updateIn(current, path, (old) => withText(old, language, text, optional)));
        }}
      />
      {problems.length > 0 && (
        <p className="field-problem" id={`${id}-problem`}>
          {problems.join(' ')}
        </p>
      )}
    </>
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
  const { languages } = useEditor();
  return (
    <div className="table-wrap">
      <table className="texts-grid">
        <caption className="visually-hidden">{caption}</caption>
        <LanguageHead first={t.textColumn} />
        <tbody>
          {rows.map((row) => (
            <tr key={pathText(row.path)}>
              <th scope="row" className="source-column">
                {row.label}
                {row.optional && <span className="optional"> {t.optional}</span>}
              </th>
              {languages.map((language) => (
                <td key={language} className="language-column">
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
