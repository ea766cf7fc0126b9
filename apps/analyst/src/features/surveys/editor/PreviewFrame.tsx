import type { Language } from '@survey/questionnaire';
import { useCallback, useEffect, useRef } from 'react';
import { plain } from './draft';

/**
 * The message protocol of the respondent app's preview page (apps/respondent/src/preview): it
 * says it is ready, then takes `{ type, questionnaire, language }`. Both sides accept messages
 * only from this origin and only from the window they expect.
 */
export const PREVIEW_PATH = '/r/preview';
export const PREVIEW_MESSAGE = 'survey-preview:questionnaire';
export const PREVIEW_READY = 'survey-preview:ready';

/** Waits this long after the last change before redrawing the preview, so typing stays smooth. */
const DEBOUNCE_MS = 300;

/**
 * The respondent app in a frame, showing the draft as respondents would see it. The draft is
 * posted after each pause in editing, and again whenever the frame (re)loads and says it is ready.
 */
export function PreviewFrame({
  questionnaire,
  language,
  title,
}: {
  questionnaire: unknown;
  language: Language;
  title: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const latest = useRef({ questionnaire, language });
  latest.current = { questionnaire, language };

  const post = useCallback(() => {
    const target = frame.current?.contentWindow;
    if (!target) return;
    const { questionnaire: shown, language: spoken } = latest.current;
    target.postMessage(
      { type: PREVIEW_MESSAGE, questionnaire: plain(shown), language: spoken },
      window.location.origin,
    );
  }, []);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== frame.current?.contentWindow) return;
      const data: unknown = event.data;
      if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === PREVIEW_READY) post();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [post]);

  useEffect(() => {
    const timer = setTimeout(post, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [questionnaire, language, post]);

  // Same origin, so the frame runs the respondent app's scripts; the sandbox still keeps it from
  // navigating this page or opening windows.
  return (
    <iframe
      ref={frame}
      className="preview-frame"
      src={PREVIEW_PATH}
      title={title}
      sandbox="allow-scripts allow-same-origin allow-forms"
      referrerPolicy="no-referrer"
    />
  );
}
