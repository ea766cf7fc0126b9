/**
 * Answers that departed from the OpenAPI spec since the last check, recorded by the test app's
 * answer watcher (openapi-answers.ts) and turned into a test failure by spec-drift-setup.ts.
 * Kept free of imports so that loading it costs unit tests nothing.
 */
const drifts: string[] = [];

export function recordSpecDrift(problems: string[]): void {
  drifts.push(...problems);
}

/** The drifts recorded so far, emptying the list. */
export function takeSpecDrifts(): string[] {
  return drifts.splice(0, drifts.length);
}
