import { isLanguage } from '@survey/questionnaire';
import { useCallback } from 'react';
import { chosenLanguage, useI18n } from '../i18n';
import type { RespondentApi } from './respondent-api';

/**
 * Pages reached from an invitation link (opt-out, expired link, closed survey…) speak the
 * invitation's language, not the browser's: the API tells it from the token, sent in its header
 * (never in the URL). A language the person picked with the switcher still wins. Resolves once
 * the strings are in place; a failure leaves the page as it is.
 */
export function useInvitationLanguage(api: RespondentApi | null): (signal?: AbortSignal) => Promise<void> {
  const { setLanguage } = useI18n();
  return useCallback(
    async (signal?: AbortSignal) => {
      if (!api || chosenLanguage()) return;
      const outcome = await api.link(signal).catch(() => null);
      if (outcome?.ok && isLanguage(outcome.data.language) && !signal?.aborted)
        await setLanguage(outcome.data.language);
    },
    [api, setLanguage],
  );
}
