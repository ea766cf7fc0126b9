import { createApiClient, type components } from '@survey/api-client';
import { useEffect, useState } from 'react';
import { Layout } from '../components/Layout';
import { useI18n } from '../i18n';

type Notice = components['schemas']['PrivacyNoticeDto'];

/**
 * The full privacy notice, as the API renders it from the live configuration, in the page's
 * language. Used by `/r/privacy` and, inside the survey, by the notice panel.
 */
export function NoticeContent({ headingLevel }: { headingLevel: 1 | 2 }) {
  const { t, language } = useI18n();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setFailed(false);
    createApiClient()
      .GET('/api/v1/privacy-notice', { params: { query: { lang: language } }, signal: controller.signal })
      .then(({ data }) => (data ? setNotice(data) : setFailed(true)))
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [language, attempt]);

  if (!notice || (failed && notice.language !== language)) {
    return (
      <div role="status">
        {failed ? (
          <>
            <p>{t.noticeFailed}</p>
            <button type="button" className="button secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t.tryAgain}
            </button>
          </>
        ) : (
          <p>{t.loading}</p>
        )}
      </div>
    );
  }
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  const Section = headingLevel === 1 ? 'h2' : 'h3';
  return (
    <div className="notice" lang={notice.language} dir={notice.direction} data-testid="privacy-notice">
      <Title>{notice.title}</Title>
      {notice.sections.map((section) => (
        <section key={section.id} aria-labelledby={`notice-${section.id}`}>
          <Section id={`notice-${section.id}`}>{section.heading}</Section>
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
    </div>
  );
}

/** `/r/privacy`: the full notice, in the language of the link (`?lang=`), the person's choice or the browser's. */
export function PrivacyNotice() {
  return (
    <Layout links={{ request: true }}>
      <NoticeContent headingLevel={1} />
    </Layout>
  );
}
