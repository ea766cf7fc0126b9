import { lazy, Suspense } from 'react';
import { FocusHeading } from '../components/Layout';
import { useI18n } from '../i18n';

// The full notice is read by few: its code loads only when asked for.
const NoticeContent = lazy(() => import('../pages/PrivacyNotice').then((m) => ({ default: m.NoticeContent })));

/** The full privacy notice, opened over the survey from its footer. */
export function NoticePanel({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <section id="notice-panel" className="panel" aria-labelledby="notice-panel-title">
      <div className="panel-head">
        <FocusHeading level={2} id="notice-panel-title">
          {t.privacyNotice}
        </FocusHeading>
        <button type="button" className="button secondary" onClick={onClose}>
          {t.close}
        </button>
      </div>
      <Suspense fallback={<p role="status">{t.loading}</p>}>
        <NoticeContent headingLevel={2} />
      </Suspense>
    </section>
  );
}
