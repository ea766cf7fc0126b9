import { useId, useState } from 'react';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';

/** What the box says; a key's texts unless another secret (a webhook's) gives its own. */
export interface SecretTexts {
  secretTitle: string;
  secretWarning: string;
  secretLabel: (name: string) => string;
  copy: string;
  copied: string;
  copyFailed: string;
  stored: string;
}

/** A new secret (a key's, a webhook's), this once, with a copy button and a plain warning. */
export function SecretShownOnce({
  name,
  secret,
  onHide,
  texts,
  testId = 'api-key-secret',
}: {
  name: string;
  secret: string;
  onHide: () => void;
  texts?: SecretTexts;
  testId?: string;
}) {
  const keyTexts = useMessages(adminMessages).keys;
  const t = { keys: texts ?? keyTexts };
  const id = useId();
  const [copy, setCopy] = useState<'copied' | 'failed'>();
  return (
    <div className="secret-once" role="region" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h3 id={`${id}-title`}>{t.keys.secretTitle}</h3>
      <p className="notice warning" role="alert">
        {t.keys.secretWarning}
      </p>
      <label htmlFor={`${id}-secret`}>{t.keys.secretLabel(name)}</label>
      <input
        id={`${id}-secret`}
        className="secret-value"
        readOnly
        value={secret}
        spellCheck={false}
        autoComplete="off"
        onFocus={(e) => e.target.select()}
      />
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopy('copied'),
              () => setCopy('failed'),
            )
          }
        >
          {t.keys.copy}
        </button>
        <button type="button" onClick={onHide}>
          {t.keys.stored}
        </button>
      </div>
      <p role="status">{copy === 'copied' ? t.keys.copied : copy === 'failed' ? t.keys.copyFailed : ''}</p>
    </div>
  );
}
