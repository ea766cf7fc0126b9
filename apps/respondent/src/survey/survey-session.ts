import type { Answers } from '@survey/questionnaire';

/**
 * What the survey page keeps in this tab's sessionStorage (never sent anywhere, gone when the tab
 * closes): the link's token, so a reload finds the survey again once the address bar no longer
 * shows it; the page the person was on; the seed of the order randomised questions and choices
 * are shown in; and answers not yet saved on the server, so that
 * nothing typed is lost while the connection is down. Unsaved answers are removed as soon as the
 * server has them, and everything is removed when the link can no longer be used.
 */
interface Stored {
  token: string;
  page?: number;
  pending?: Answers;
  /** Draws the order of randomised questions and choices, so a reload shows the same order. */
  orderSeed?: number;
}

const KEY = 'respondent.survey';

function read(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as Stored) : null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function write(stored: Stored): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Storage full or disabled: the page still works, it just cannot survive a reload.
  }
}

export const surveySession = {
  /** The token of the link this tab was opened with: a new link replaces what was kept. */
  start(fromLink: string | null): string | null {
    const stored = read();
    if (fromLink && stored?.token !== fromLink) write({ token: fromLink });
    return fromLink ?? stored?.token ?? null;
  },
  page(): number | undefined {
    return read()?.page;
  },
  pending(): Answers | undefined {
    return read()?.pending;
  },
  /** The seed of this tab's display order: drawn once, kept with the link. */
  orderSeed(): number {
    const kept = read()?.orderSeed;
    if (typeof kept === 'number') return kept;
    const seed = crypto.getRandomValues(new Uint32Array(1))[0];
    this.update({ orderSeed: seed });
    return seed;
  },
  update(change: Partial<Omit<Stored, 'token'>>): void {
    const stored = read();
    if (stored) write({ ...stored, ...change });
  },
  clear(): void {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // Nothing was kept.
    }
  },
};
