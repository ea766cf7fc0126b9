import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Each module owns its tables: only the module whose folder defines a table's entity (or, for the
 * few tables without one, the module named below) may name that table in SQL or use its entity in
 * TypeORM calls. Another module asks the owner's exported service or repository. This reads every
 * source file of apps/api/src (not tests, not migrations), finds the tables its SQL text names
 * (after FROM, JOIN, INTO, UPDATE, DELETE FROM, TRUNCATE, TABLE) and the entities its calls pass,
 * and fails on any module touching a table it does not own, unless the pair is in ALLOWED below
 * with the reason.
 */

const SRC = __dirname;

/** Tables defined by migrations only, without an entity. */
const OWNERS_WITHOUT_ENTITY: Record<string, string> = {
  rate_limits: 'common',
};

/** `<file relative to apps/api/src> <table>` for each table in `tables`, with the same reason. */
function allow(file: string, tables: string[], why: string): Record<string, string> {
  return Object.fromEntries(tables.map((table) => [`${file} ${table}`, why]));
}

/**
 * Statements that touch another module's table, each with why: statements that must be one
 * statement for atomicity, or for one round trip on a hot path. Anything else asks the owner's
 * exported service; the test fails on any new pair, and on a pair no longer needed.
 */
const ALLOWED: Record<string, string> = {
  ...allow(
    'ingestion/responses.repository.ts',
    ['invitations', 'surveys'],
    'exactly-once submission: the response insert stamps its invitation in the same statement',
  ),
  ...allow(
    'delivery/invitations.repository.ts',
    ['contacts'],
    'choosing whom to invite and inserting the invitations is one statement (ON CONFLICT); reminders lock invitation and contact rows together',
  ),
  ...allow(
    'delivery/invitations.repository.ts',
    ['responses', 'surveys', 'mail_outbox'],
    "invitation expiry: the expiry condition and FOR UPDATE SKIP LOCKED in one statement; the invitations' queued mail goes in their deletion transaction",
  ),
  ...allow(
    'contacts/contacts.repository.ts',
    ['responses', 'invitations'],
    "a contact's deletion unlinks their responses in the same transaction",
  ),
  ...allow(
    'ingestion/respondents.repository.ts',
    [
      'invitation_tokens',
      'invitations',
      'surveys',
      'questionnaire_versions',
      'contacts',
      'subject_keys',
      'rate_limits',
    ],
    "the respondent's link is resolved in one round trip on the hottest path (token, invitation, survey, questionnaire, contact key, throttle)",
  ),
};

/**
 * Folders whose files may name any table: schema management and the database tooling, and the
 * demo data, which fills every module's tables of an empty demonstration database.
 */
const UNRESTRICTED = ['database', 'demo'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

function moduleOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '(root)';
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

interface Entity {
  className: string;
  table: string;
  owner: string;
}

/** Every `@Entity({ name: '...' }) class X` of the sources, with the module that defines it. */
function entities(files: string[]): Entity[] {
  const found: Entity[] = [];
  for (const file of files) {
    visit(parse(file), (node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const decorator of ts.getDecorators(node) ?? []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || call.expression.getText() !== 'Entity') continue;
        const options = call.arguments[0];
        if (!options || !ts.isObjectLiteralExpression(options)) continue;
        const name = options.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'name',
        );
        if (name && ts.isStringLiteral(name.initializer)) {
          found.push({ className: node.name.text, table: name.initializer.text, owner: moduleOf(file) });
        }
      }
    });
  }
  return found;
}

/** The text of string and template literals; a template's placeholders become a space. */
function literalTexts(source: ts.SourceFile): string[] {
  const texts: string[] = [];
  visit(source, (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      texts.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
    }
  });
  return texts;
}

const TABLE_REFERENCE =
  /\b(?:FROM|JOIN|INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|TABLE)\s+(?:ONLY\s+)?"?([a-z_]+)"?(?:\."?([a-z_]+)"?)?/gi;

/** Known tables named as statement targets in `text` (CTE names and functions are not tables). */
export function tablesNamedIn(text: string, known: ReadonlySet<string>): string[] {
  const tables = new Set<string>();
  for (const match of text.matchAll(TABLE_REFERENCE)) {
    const name = (match[2] ?? match[1]).toLowerCase();
    if (known.has(name)) tables.add(name);
  }
  return [...tables];
}

/** Entity classes passed as arguments to calls (`manager.find(Contact, …)`, `getRepository(Contact)`). */
function entitiesUsed(source: ts.SourceFile, classes: ReadonlySet<string>): string[] {
  const used = new Set<string>();
  visit(source, (node) => {
    if (!ts.isCallExpression(node) && !ts.isDecorator(node)) return;
    const args = ts.isCallExpression(node) ? node.arguments : [];
    for (const arg of args) if (ts.isIdentifier(arg) && classes.has(arg.text)) used.add(arg.text);
  });
  return [...used];
}

interface Access {
  file: string;
  table: string;
  owner: string;
}

function crossModuleAccesses(): Access[] {
  const files = sourceFiles(SRC);
  const all = entities(files);
  const ownerOf = new Map<string, string>([
    ...all.map((e) => [e.table, e.owner] as const),
    ...Object.entries(OWNERS_WITHOUT_ENTITY),
  ]);
  const tableOfClass = new Map(all.map((e) => [e.className, e.table]));
  const known = new Set(ownerOf.keys());
  const accesses: Access[] = [];
  for (const file of files) {
    const module = moduleOf(file);
    if (UNRESTRICTED.includes(module)) continue;
    const source = parse(file);
    const tables = new Set([
      ...literalTexts(source).flatMap((text) => tablesNamedIn(text, known)),
      ...entitiesUsed(source, new Set(tableOfClass.keys())).map((name) => tableOfClass.get(name)!),
    ]);
    for (const table of tables) {
      const owner = ownerOf.get(table)!;
      if (owner !== module) accesses.push({ file: relative(SRC, file), table, owner });
    }
  }
  return accesses;
}

describe('table ownership', () => {
  it('finds tables named in SQL text, and ignores CTEs, functions and column names', () => {
    const known = new Set(['responses', 'invitations', 'contacts']);
    expect(
      tablesNamedIn(
        `WITH picked AS (SELECT id FROM responses WHERE x) UPDATE invitations i SET completed_at = now()
           FROM picked WHERE extract(epoch FROM now()) > 0 AND i.id IN (SELECT * FROM unnest($1::uuid[]))`,
        known,
      ).sort(),
    ).toEqual(['invitations', 'responses']);
    expect(tablesNamedIn('INSERT INTO "contacts" (id) VALUES ($1)', known)).toEqual(['contacts']);
    expect(tablesNamedIn('DELETE FROM keystore.subject_keys WHERE id = $1', new Set(['subject_keys']))).toEqual([
      'subject_keys',
    ]);
    expect(tablesNamedIn('SELECT contacts_count FROM stats', known)).toEqual([]);
  });

  it('no module names a table another module owns, except the statements allowed with a reason', () => {
    const unexpected = crossModuleAccesses()
      .filter((access) => !ALLOWED[`${access.file} ${access.table}`])
      .map((access) => `${access.file} touches ${access.table} (owned by ${access.owner})`);
    expect(unexpected).toEqual([]);
  });

  it('every allowed exception is still needed', () => {
    const needed = new Set(crossModuleAccesses().map((access) => `${access.file} ${access.table}`));
    expect(Object.keys(ALLOWED).filter((key) => !needed.has(key))).toEqual([]);
  });
});
