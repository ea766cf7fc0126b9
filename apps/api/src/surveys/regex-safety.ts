import type { RegexSafetyCheck } from '@survey/questionnaire';
import { isSafePattern } from 'redos-detector';

/**
 * The ReDoS check of `regex` validators (libs/questionnaire regex-safety.ts says why), with
 * redos-detector: pure TypeScript, maintained, no native code. It counts the ways an input could
 * match and refuses a pattern whose worst case backtracks beyond a small score. Its search is
 * bounded in steps and time; a pattern it cannot clear within that budget is refused, so it errs
 * on the side of refusal. A linear-time engine (RE2) was the alternative, but its Node build is
 * native, its WebAssembly build unmaintained, and the browser must run the same engine as the
 * server so that both accept the same answers.
 */
const CHECK = { maxScore: 50, maxSteps: 20000, timeout: 500 } as const;

const verdicts = new Map<string, boolean>();
/** Verdicts kept, so a questionnaire saved again does not pay for its patterns twice. */
const REMEMBERED = 500;

export const redosSafetyCheck: RegexSafetyCheck = (pattern) => {
  const known = verdicts.get(pattern);
  if (known !== undefined) return known;
  let safe: boolean;
  try {
    safe = isSafePattern(pattern, { ...CHECK, downgradePattern: true }).safe;
  } catch {
    safe = false;
  }
  if (verdicts.size >= REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(pattern, safe);
  return safe;
};
