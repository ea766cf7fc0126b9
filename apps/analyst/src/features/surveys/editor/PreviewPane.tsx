import { LANGUAGES, isLanguage, type Language } from '@survey/questionnaire';
import { useState } from 'react';
import { useLocale, useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { PreviewFrame } from './PreviewFrame';

/** The live preview beside the editor, in a language chosen here (the console's own at first). */
export function PreviewPane({ draft, hidden }: { draft: unknown; hidden: boolean }) {
  const t = useMessages(surveyMessages);
  const { locale } = useLocale();
  const [language, setLanguage] = useState<Language>(locale);
  return (
    <section className="preview-pane" aria-labelledby="qe-preview-heading" hidden={hidden}>
      <h2 id="qe-preview-heading">{t.previewTitle}</h2>
      <label htmlFor="qe-preview-language">{t.previewLanguage}</label>
      <select
        id="qe-preview-language"
        value={language}
        onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
      >
        {LANGUAGES.map((option) => (
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
