import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { failureOf, type Failure } from './problem';

export type Loaded<T> =
  | { status: 'loading'; data?: T; reload: () => void }
  | { status: 'ready'; data: T; reload: () => void }
  | { status: 'failed'; failure: Failure; data?: T; reload: () => void };

/**
 * Runs `load` when the dependencies change (and on `reload()`), aborting the previous call.
 * `load` should throw (e.g. via `unwrap`) on failure. Data from the last success stays visible
 * while a reload runs, so polling does not flicker.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ status: 'failed', failure: failureOf(error), data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  return { ...state, reload } as Loaded<T>;
}

/** Calls `tick` every `ms` while `active`, e.g. to follow an import or a campaign. */
export function useInterval(tick: () => void, ms: number, active: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => tickRef.current(), ms);
    return () => clearInterval(timer);
  }, [ms, active]);
}
