import type { Problem } from '@survey/api-client';

interface Answer {
  response: Response;
  data?: unknown;
  error?: unknown;
}

/**
 * The typed client's answer once its status is `status`; otherwise fails the test with the status
 * and the problem the API gave, so a failure says why rather than only "expected 201".
 */
export async function answered<T extends Answer>(call: Promise<T>, status: number): Promise<T> {
  const answer = await call;
  if (answer.response.status !== status) {
    throw new Error(
      `${answer.response.url.replace(/^https?:\/\/[^/]+/, '')} answered ${answer.response.status}, ` +
        `expected ${status}: ${JSON.stringify(answer.error ?? answer.data ?? null)}`,
    );
  }
  return answer;
}

/** The body of a successful answer with `status`. */
export async function dataOf<T extends Answer>(call: Promise<T>, status = 200): Promise<NonNullable<T['data']>> {
  return (await answered(call, status)).data as NonNullable<T['data']>;
}

/** The problem document of a refused answer with `status`. */
export async function problemOf(call: Promise<Answer>, status: number): Promise<Problem> {
  return (await answered(call, status)).error as Problem;
}
