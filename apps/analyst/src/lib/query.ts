import { isProblem } from '@survey/api-client';
import { keepPreviousData, QueryClient, useQueryClient } from '@tanstack/react-query';
import createClient from 'openapi-react-query';
import { useMemo } from 'react';
import { useLocale } from './i18n';
import { failureOf, wordedFailure, type Failure } from './problem';
import { sentenceOf, VALIDATION_MESSAGES } from './validation-messages';
import { api } from './session';

/** Queries and mutations over the console's one API client: `$api.useQuery('get', path, init)`. */
export const $api = createClient(api);

/** A refusal (4xx) is the answer, not a hiccup: only server errors and network failures are retried, once. */
function retry(failureCount: number, error: unknown): boolean {
  if (isProblem(error) && error.status < 500) return false;
  return failureCount < 1;
}

/**
 * The console's cache. Data is refetched when a page opens (staleTime 0) and after each mutation
 * that changes it, not when the window regains focus: staff screens hold forms, and a refetch
 * under them would only move things about. While a new query runs (another page, other filters),
 * the last data stays visible, so lists and polling do not flicker.
 */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry, refetchOnWindowFocus: false, placeholderData: keepPreviousData },
      mutations: { retry: false },
    },
  });
}

/** The failure of a query or mutation, as the console shows it; the same object while the error is. */
export function useFailure(error: unknown): Failure | undefined {
  const texts = VALIDATION_MESSAGES[useLocale().locale];
  return useMemo(
    () =>
      error === null || error === undefined
        ? undefined
        : wordedFailure(failureOf(error), (refusal) => sentenceOf(texts, refusal)),
    [error, texts],
  );
}

/**
 * The query with its data held back until fetched since the page opened: for forms that start
 * from the data, which must not start from a cached copy that may be out of date.
 */
export function freshOnly<Q extends { data: unknown; isFetchedAfterMount: boolean }>(query: Q): Q {
  return query.isFetchedAfterMount ? query : { ...query, data: undefined };
}

/** Marks the GET queries of these paths (with any parameters) out of date: open pages refetch them. */
export function useInvalidate(): (...paths: string[]) => Promise<void> {
  const queryClient = useQueryClient();
  return async (...paths) => {
    await Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })));
  };
}
