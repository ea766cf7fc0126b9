import { useId, useState } from 'react';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';

/** The new key's secret, this once, with a copy button and a plain warning. */
export function SecretShownOnce({ name, secret, onHide }: { name: string; secret: string; onHide: () => void }) {
  const t = useMessages(adminMessages);
  const id = useId();
  const [copy, setCopy] = useState<'copied' | 'failed'>();
  return (
    <div className="secret-once" role="region" aria-labelledby={`${id}-title`} data-testid="api-key-secret">
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
