/**
 * Whether an author's `regex` validator is safe to run on respondents' answers.
 *
 * JavaScript's engine backtracks: a pattern such as `(a+)+$` takes exponential time on a short
 * hostile answer, and one such as `\d*\d*\d*x` polynomial time. Answers are capped at 1000
 * characters, which bounds polynomial patterns somewhat but not exponential ones, so a length cap
 * alone is not enough: patterns are checked when the questionnaire is validated.
 *
 * The thorough check is a `RegexSafetyCheck` the caller passes in. The API passes one built on
 * redos-detector (apps/api/src/surveys/regex-safety.ts), which counts the ways an input could be
 * matched and refuses a pattern whose worst case could backtrack beyond a fixed score. It is not
 * bundled here because it is large (some 50 KB gzip) and the browsers do not need it: the editor
 * shows the API's verdict with the draft's problems, and respondents only ever receive
 * questionnaires the API published. Without a check, this module falls back to a conservative
 * syntactic rule that refuses the classic shapes (a quantified group holding a quantifier or an
 * alternation, such as `(a+)+` or `(a|b)*`).
 */
export type RegexVerdict = 'safe' | 'invalid' | 'unsafe';

/** True when the pattern cannot backtrack catastrophically. */
export type RegexSafetyCheck = (pattern: string) => boolean;

/** A group (possibly non-capturing) that holds a quantifier or an alternation, itself quantified. */
const NESTED_REPETITION = /\((?:\?:)?[^()]*(?:[*+?}|])[^()]*\)(?:[*+]|\{\d+,\d*\})/;

function syntacticCheck(pattern: string): boolean {
  return !NESTED_REPETITION.test(pattern) && !/\\[1-9]/.test(pattern);
}

export function regexVerdict(pattern: string, check: RegexSafetyCheck = syntacticCheck): RegexVerdict {
  try {
    new RegExp(pattern);
  } catch {
    return 'invalid';
  }
  try {
    return check(pattern) ? 'safe' : 'unsafe';
  } catch {
    // A construct the checker does not model: not proven safe.
    return 'unsafe';
  }
}
