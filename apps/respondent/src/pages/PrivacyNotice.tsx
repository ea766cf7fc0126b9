import { createApiClient, type components } from '@survey/api-client';
import { useEffect, useState } from 'react';

type Notice = components['schemas']['PrivacyNoticeDto'];
type Language = NonNullable<Notice['language']>;
const LANGUAGES: readonly string[] = ['en', 'fr', 'es', 'ar', 'zh', 'ru'];

/** The browser's first language the notice is written in, else English. */
function preferredLanguage(): Language {
  const found = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find((l) => LANGUAGES.includes(l));
  return (found ?? 'en') as Language;
}

/** `/r/privacy`: the full privacy notice, as the API renders it from the live configuration. */
export function PrivacyNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    createApiClient()
      .GET('/api/v1/privacy-notice', { params: { query: { lang: preferredLanguage() } }, signal: controller.signal })
      .then(({ data }) => (data ? setNotice(data) : setFailed(true)))
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, []);

  if (!notice) {
    return (
      <main className="page">
        <p role="status">{failed ? 'The privacy notice could not be loaded. Please try again.' : 'Loading…'}</p>
      </main>
    );
  }
  return (
    <main className="page" lang={notice.language} dir={notice.direction} data-testid="privacy-notice">
      <h1>{notice.title}</h1>
      {notice.sections.map((section) => (
        <section key={section.id} aria-labelledby={`notice-${section.id}`}>
          <h2 id={`notice-${section.id}`}>{section.heading}</h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          {section.items.length > 0 && (
            <ul>
              {section.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </main>
  );
}
