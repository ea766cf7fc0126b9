import { isLanguage, type Language } from '@survey/questionnaire';
import { useState } from 'react';
import { useLocale, useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { PreviewFrame } from './PreviewFrame';

/**
 * The live preview beside the editor, in one of the survey's languages chosen here (the
 * console's own at first when the survey has it, else the survey's default).
 */
export function PreviewPane({
  draft,
  hidden,
  languages,
  defaultLanguage,
}: {
  draft: unknown;
  hidden: boolean;
  languages: readonly Language[];
  defaultLanguage: Language;
}) {
  const t = useMessages(surveyMessages);
  const { locale } = useLocale();
  const [chosen, setLanguage] = useState<Language>(locale);
  const language = languages.includes(chosen) ? chosen : defaultLanguage;
  return (
    <section className="preview-pane" aria-labelledby="qe-preview-heading" hidden={hidden}>
      <h2 id="qe-preview-heading">{t.previewTitle}</h2>
      <label htmlFor="qe-preview-language">{t.previewLanguage}</label>
      <select
        id="qe-preview-language"
        value={language}
        onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
      >
        {languages.map((option) => (
          <option key={option} value={option}>
            {t.languageNames[option]} ({option})
          </option>
        ))}
      </select>
      <p className="hint">{t.previewNote}</p>
      <PreviewFrame questionnaire={draft} language={language} title={t.previewFrame} />
    </section>
  );
}
