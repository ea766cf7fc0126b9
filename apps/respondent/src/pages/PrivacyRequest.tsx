import { useState } from 'react';
import { FocusHeading, Layout, StateView } from '../components/Layout';
import { useI18n } from '../i18n';
import { PrivacyRequestForm } from './PrivacyRequestForm';

/**
 * `/r/privacy-request`: access, rectification, erasure or objection, filed with an e-mail
 * address. The answer is the same whether or not the address is known; the request goes ahead
 * only once the person confirms it from the link mailed to that address.
 */
export function PrivacyRequest() {
  const { t } = useI18n();
  const [received, setReceived] = useState(false);
  return (
    <Layout links={{ notice: true }}>
      {received ? (
        <StateView state="request-received" title={t.requestReceivedTitle}>
          <p>{t.requestReceivedBody}</p>
        </StateView>
      ) : (
        <>
          <FocusHeading>{t.requestTitle}</FocusHeading>
          <p>{t.requestIntro}</p>
          <PrivacyRequestForm onReceived={() => setReceived(true)} />
        </>
      )}
    </Layout>
  );
}
