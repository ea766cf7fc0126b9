import { createApiClient, isProblem, ProblemType, type components } from '@survey/api-client';
import type { Answers, Language } from '@survey/questionnaire';

export type RespondentSurvey = components['schemas']['RespondentSurveyDto'];
type FieldError = components['schemas']['FieldErrorDto'];

/** Why a link cannot be used (now): each has its own page. */
export type LinkProblem = 'invalid' | 'opted-out' | 'closed' | 'expired' | 'throttled' | 'offline' | 'unexpected';

export type Failure =
  /** The link is dead or refused: the survey cannot go on with it. */
  | { kind: 'link'; problem: Exclude<LinkProblem, 'offline' | 'unexpected'>; retryAfterMs?: number }
  | { kind: 'already-submitted' }
  /** A new questionnaire version was published meanwhile: reload it. */
  | { kind: 'questionnaire-changed' }
  | { kind: 'invalid-answers'; errors: FieldError[] }
  /** No answer from the server at all (offline, connection lost). */
  | { kind: 'network' }
  /** The server answered but could not do it now (5xx, a concurrent change): retry later. */
  | { kind: 'server'; retryAfterMs?: number };

export type Outcome<T> = { ok: true; data: T } | ({ ok: false } & Failure);

const GONE_TYPES: Record<string, 'opted-out' | 'closed' | 'expired'> = {
  [ProblemType.OptedOut]: 'opted-out',
  [ProblemType.SurveyClosed]: 'closed',
  [ProblemType.LinkExpired]: 'expired',
};

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Reads what a respondent route answered as one of the outcomes the app acts on. */
function outcomeOf<T>(response: Response, data: T | undefined, error: unknown): Outcome<T> {
  if (response.ok && data !== undefined) return { ok: true, data };
  const problem = isProblem(error) ? error : undefined;
  const type = problem?.type ?? '';
  switch (response.status) {
    case 400: {
      const answerErrors = (problem?.errors ?? []).filter((e) => e.field.startsWith('answers'));
      if (answerErrors.length > 0) return { ok: false, kind: 'invalid-answers', errors: answerErrors };
      // No token, or a token the server cannot read: the link is broken.
      return { ok: false, kind: 'link', problem: 'invalid' };
    }
    case 404:
      return { ok: false, kind: 'link', problem: 'invalid' };
    case 409:
      if (type === ProblemType.AlreadySubmitted) return { ok: false, kind: 'already-submitted' };
      if (type === ProblemType.QuestionnaireChanged) return { ok: false, kind: 'questionnaire-changed' };
      return { ok: false, kind: 'server' };
    case 410:
      return { ok: false, kind: 'link', problem: GONE_TYPES[type] ?? 'expired' };
    case 429:
      return { ok: false, kind: 'link', problem: 'throttled', retryAfterMs: retryAfterMs(response) };
    default:
      return { ok: false, kind: 'server', retryAfterMs: retryAfterMs(response) };
  }
}

async function attempt<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call();
    return outcomeOf(response, data, error);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, kind: 'network' };
  }
}

export interface AnswersBody {
  answers: Answers;
  questionnaireVersion: number;
  language: Language;
  displayOrder?: Record<string, unknown>;
}

/** The respondent routes, with the link's token sent only in the X-Invitation-Token header. */
export function respondentApi(token: string) {
  const client = createApiClient({ invitationToken: () => token });
  return {
    open: (language: Language | null, signal?: AbortSignal) =>
      attempt(() => client.GET('/api/v1/respond', { params: { query: language ? { lang: language } : {} }, signal })),
    saveDraft: (body: AnswersBody) => attempt(() => client.PUT('/api/v1/respond/draft', { body })),
    submit: (body: AnswersBody) => attempt(() => client.POST('/api/v1/respond/submit', { body })),
    optOut: () => attempt(() => client.POST('/api/v1/respond/opt-out')),
  };
}

export type RespondentApi = ReturnType<typeof respondentApi>;
