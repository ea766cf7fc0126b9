import type { Answers } from '@survey/questionnaire';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { DraftSaver } from './draft-saver';
import type { AnswersBody, RespondentApi } from './respondent-api';
import type { SurveyEnd } from './survey-view';
import type { SubmitError } from './use-survey-pages';

export interface SubmissionOptions {
  api: RespondentApi;
  body(answers: Answers): AnswersBody;
  answersRef: RefObject<Answers>;
  saverRef: RefObject<DraftSaver | null>;
  onEnd(end: SurveyEnd): void;
  /** Checks the answers before they go, showing what stops them; true when nothing does. */
  readyToSend(): boolean;
  /** Shows the server's objections to the answers. */
  showErrors(errors: { field: string }[]): void;
  submitError: SubmitError;
  setSubmitError(error: SubmitError): void;
}

/**
 * Sends the answers, once at a time, with draft saving held meanwhile. A refusal of the answers
 * is shown on their questions; a failed attempt is said on the page, and one that failed for want
 * of a connection goes again when the connection returns.
 */
export function useSubmission(options: SubmissionOptions) {
  const { api, body, answersRef, saverRef, onEnd, readyToSend, showErrors, submitError, setSubmitError } = options;
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);

  async function submit() {
    if (submittingRef.current) return;
    if (!readyToSend()) return;
    submittingRef.current = true;
    setSubmitting(true);
    setSubmitError(null);
    saverRef.current?.pause();
    const outcome = await api.submit(body(answersRef.current));
    submittingRef.current = false;
    setSubmitting(false);
    if (outcome.ok) {
      saverRef.current?.dispose();
      onEnd({ kind: 'thanks', submittedAt: outcome.data.submittedAt });
      return;
    }
    saverRef.current?.resume();
    switch (outcome.kind) {
      case 'invalid-answers':
        showErrors(outcome.errors);
        return;
      case 'network':
        setSubmitError('offline');
        return;
      case 'server':
        setSubmitError('failed');
        return;
      default:
        // Too many requests from this address: the answers stay on the page for a later try.
        if (outcome.kind === 'link' && outcome.problem === 'throttled') setSubmitError('failed');
        else onEnd(outcome);
    }
  }

  // A submission that failed for want of a connection goes again when the connection returns.
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    if (submitError !== 'offline') return;
    const again = () => void submitRef.current();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [submitError]);

  return { submitting, submit };
}
