import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS } from './audit-actions';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const NAME = /'([a-z_]+\.[a-z_]+)'/g;

/**
 * The actions the sources record: the literals of each `action:` and `const action =` expression,
 * and the `<resource>.read` / `<resource>.write` events of each personal-data route.
 */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, expression] of text.matchAll(/\baction:\s*([^,}\n]+(?:\n\s*[?:][^,}\n]+)*)/g)) {
      for (const [, name] of expression.matchAll(NAME)) found.add(name);
    }
    for (const [, expression] of text.matchAll(/const action =([\s\S]*?);/g)) {
      for (const [, name] of expression.matchAll(NAME)) found.add(name);
    }
    for (const [, rule] of text.matchAll(/personalData:\s*\{([^}]*)\}/g)) {
      const resource = /resource:\s*'([a-z_]+)'/.exec(rule)?.[1];
      if (resource && !/action:/.test(rule)) ['read', 'write'].forEach((verb) => found.add(`${resource}.${verb}`));
    }
  }
  return found;
}

describe('the list of audit actions', () => {
  it('names every action the sources record, and nothing they do not', () => {
    const recorded = [...recordedActions()].sort();
    expect(recorded.filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
    expect(AUDIT_ACTIONS.filter((action) => !recorded.includes(action))).toEqual([]);
  });

  it('is sorted and has no duplicates', () => {
    expect([...AUDIT_ACTIONS]).toEqual([...new Set(AUDIT_ACTIONS)].sort());
  });
});
