/**
 * Whether an author's `regex` validator is safe to run on respondents' answers.
 *
 * JavaScript's engine backtracks: a pattern such as `(a+)+$` takes exponential time on a short
 * hostile answer, and one such as `\d*\d*\d*x` polynomial time. Answers are capped at 1000
 * characters, which bounds polynomial patterns somewhat but not exponential ones, so a length cap
 * alone is not enough. Patterns are therefore checked when the questionnaire is validated with
 * redos-detector (pure TypeScript, no native code, maintained), which counts the ways an input
 * could be matched and refuses a pattern whose worst case backtracks more than a fixed score.
 * Its search is bounded in steps and time; a pattern it cannot clear in that budget is refused,
 * so the check errs on the side of refusal. A linear-time engine (RE2) was the alternative, but
 * its Node build is native and its WebAssembly build is unmaintained, and the browser must run
 * the same pattern with the same engine as the server so that both accept the same answers.
 */
import { isSafePattern } from 'redos-detector';

export type RegexVerdict = 'safe' | 'invalid' | 'unsafe';

const verdicts = new Map<string, RegexVerdict>();
/** Verdicts kept: the editor validates the whole draft on each keystroke. */
const REMEMBERED = 200;

/** Search budget per pattern: enough for every ordinary pattern, small enough to run on a request. */
const CHECK = { maxScore: 50, maxSteps: 20000, timeout: 500 } as const;

export function regexVerdict(pattern: string): RegexVerdict {
  const known = verdicts.get(pattern);
  if (known) return known;
  const verdict = judge(pattern);
  if (verdicts.size >= REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(pattern, verdict);
  return verdict;
}

function judge(pattern: string): RegexVerdict {
  try {
    new RegExp(pattern);
  } catch {
    return 'invalid';
  }
  try {
    return isSafePattern(pattern, { ...CHECK, downgradePattern: true }).safe ? 'safe' : 'unsafe';
  } catch {
    // A construct the checker does not model: not proven safe.
    return 'unsafe';
  }
}
