import { isPlainObject } from '@survey/questionnaire';

/** One rule of the questionnaire's flow, as the editor lists it. */
export type FlowLine =
  | { kind: 'page'; page: string; condition: string }
  | { kind: 'skip'; condition: string; question: string; page: string | null }
  | { kind: 'complete'; condition: string };

/** A condition as people read it: ≤, ≥ and ≠ for <=, >= and !=. */
export function readableCondition(condition: string): string {
  return condition.replace(/<=/g, '≤').replace(/>=/g, '≥').replace(/!=/g, '≠').trim();
}

/**
 * The flow of a draft (which may not be valid yet) as a list: page conditions, then triggers in
 * their order. Entries that are not strings are left out; the validator reports them.
 */
export function flowLines(draft: unknown): FlowLine[] {
  if (!isPlainObject(draft)) return [];
  const pages = Array.isArray(draft.pages) ? draft.pages.filter(isPlainObject) : [];
  const pageOf = new Map<string, string>();
  const lines: FlowLine[] = [];
  for (const page of pages) {
    const name = typeof page.name === 'string' ? page.name : '';
    for (const element of Array.isArray(page.elements) ? page.elements.filter(isPlainObject) : []) {
      if (typeof element.name === 'string') pageOf.set(element.name, name);
    }
    if (typeof page.visibleIf === 'string' && page.visibleIf.trim() !== '') {
      lines.push({ kind: 'page', page: name, condition: readableCondition(page.visibleIf) });
    }
  }
  const triggers = Array.isArray(draft.triggers) ? draft.triggers.filter(isPlainObject) : [];
  for (const trigger of triggers) {
    if (typeof trigger.expression !== 'string') continue;
    const condition = readableCondition(trigger.expression);
    if (trigger.type === 'complete') lines.push({ kind: 'complete', condition });
    else if (trigger.type === 'skip' && typeof trigger.gotoName === 'string') {
      lines.push({ kind: 'skip', condition, question: trigger.gotoName, page: pageOf.get(trigger.gotoName) ?? null });
    }
  }
  return lines;
}
