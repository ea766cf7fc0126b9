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
  response_rollups: 'ingestion',
  response_rollup_pending: 'ingestion',
  response_rollup_totals: 'ingestion',
};

/** `<file relative to apps/api/src>#<place> <table>` for each table in `tables`, with the same reason. */
function allow(file: string, tables: string[], why: string): Record<string, string> {
  return Object.fromEntries(tables.map((table) => [`${file} ${table}`, why]));
}

/**
 * Statements that touch another module's table, named by their place (the method, function or
 * constant holding the SQL), each with why: statements that must be one
 * statement for atomicity, or for one round trip on a hot path. Anything else asks the owner's
 * exported service; the test fails on any new pair, and on a pair no longer needed.
 */
const ALLOWED: Record<string, string> = {
  ...allow(
    'ingestion/responses.repository.ts#ResponsesRepository.insertAndStampInvitations',
    ['invitations', 'surveys'],
    'exactly-once submission: the response insert checks its survey is open and stamps its invitation in the same statement',
  ),
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.lookupByToken',
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
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.inviteesByTokenHash',
    ['invitation_tokens', 'invitations', 'contacts'],
    "a provider batch resolves its respondents with their contact's snapshot in one statement per kind of reference, in the batch's transaction",
  ),
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.inviteesByContactId',
    ['invitations', 'contacts'],
    "a provider batch resolves its respondents with their contact's snapshot in one statement per kind of reference, in the batch's transaction",
  ),
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.inviteesByEmailIndex',
    ['invitations', 'contacts'],
    "a provider batch resolves its respondents with their contact's snapshot in one statement per kind of reference, in the batch's transaction",
  ),
  ...allow(
    'ingestion/respondents.repository.ts#INVITEE_KEY',
    ['subject_keys'],
    "the join of the provider batch's respondent statements that brings each contact's key",
  ),
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.countDraftsOfClosedSurveys',
    ['invitations', 'surveys'],
    'retention of drafts: the drafts of closed surveys are chosen and wiped set-wise, batch by batch (SKIP LOCKED), by their survey’s closing date',
  ),
  ...allow(
    'ingestion/respondents.repository.ts#RespondentsRepository.wipeDraftsOfClosedSurveys',
    ['invitations', 'surveys'],
    'retention of drafts: the drafts of closed surveys are chosen and wiped set-wise, batch by batch (SKIP LOCKED), by their survey’s closing date',
  ),
  ...allow(
    'ingestion/responses.repository.ts#ResponsesRepository.countExpired',
    ['surveys'],
    "retention: expired responses are chosen set-wise by their survey's retention period",
  ),
  ...allow(
    'ingestion/responses.repository.ts#ResponsesRepository.deleteExpired',
    ['surveys'],
    "retention: expired responses are chosen and deleted set-wise, batch by batch, by their survey's retention period",
  ),
  ...allow(
    'ingestion/responses.repository.ts#ResponsesRepository.countLinkedOfAnonymisableSurveys',
    ['surveys'],
    'anonymisation at close: the linked responses of closed surveys are chosen set-wise by their survey’s closing and setting',
  ),
  ...allow(
    'ingestion/responses.repository.ts#ResponsesRepository.lockLinkedOfAnonymisableSurveys',
    ['invitations', 'surveys'],
    "anonymisation at close: the batch locks the linked responses with their survey's settings and their invitation's contact (whose key seals the free text), in one statement",
  ),
  ...allow(
    'delivery/invitations.repository.ts#InvitationsRepository.countTarget',
    ['contacts'],
    'choosing whom to invite reads the contacts matching the target in the same statement that counts or inserts the invitations',
  ),
  ...allow(
    'delivery/invitations.repository.ts#InvitationsRepository.inviteNextBatch',
    ['contacts'],
    'choosing whom to invite and inserting the invitations is one statement (ON CONFLICT), so a campaign resumed after a crash never invites twice',
  ),
  ...allow(
    'delivery/invitations.repository.ts#InvitationsRepository.lockReminderBatch',
    ['contacts'],
    "reminders lock the invitation and its contact's row together, so an erasure cannot interleave with the mail",
  ),
  ...allow(
    'delivery/invitations.repository.ts#EXPIRED',
    ['responses'],
    'invitation expiry: an invitation expires only once no response is linked to it, in the expiry condition itself',
  ),
  ...allow(
    'delivery/invitations.repository.ts#InvitationsRepository.countExpired',
    ['surveys'],
    "invitation expiry: the expiry condition (by the survey's retention period) and FOR UPDATE SKIP LOCKED in one statement",
  ),
  ...allow(
    'delivery/invitations.repository.ts#InvitationsRepository.lockExpired',
    ['surveys'],
    "invitation expiry: the expiry condition (by the survey's retention period) and FOR UPDATE SKIP LOCKED in one statement",
  ),
  ...allow(
    'contacts/contacts.repository.ts#ContactsRepository.unlinkResponses',
    ['responses', 'invitations'],
    "a contact's deletion unlinks the responses given through their invitations in one statement, before the invitations go (ingestion depends on contacts, so contacts cannot ask it)",
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

/**
 * The function, method or top-level constant a node belongs to (`Class.method`, `function`,
 * `CONSTANT`): allowed exceptions name the statement's place, so a new statement in the same file
 * is not covered by an older one's reason.
 */
function placeOf(node: ts.Node): string {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if ((ts.isMethodDeclaration(at) || ts.isGetAccessorDeclaration(at)) && at.name) {
      const owner = ts.isClassDeclaration(at.parent) && at.parent.name ? `${at.parent.name.text}.` : '';
      return owner + at.name.getText();
    }
    if (ts.isFunctionDeclaration(at) && at.name) return at.name.text;
    if (ts.isVariableDeclaration(at) && ts.isSourceFile(at.parent.parent.parent)) return at.name.getText();
  }
  return '(module)';
}

interface Literal {
  text: string;
  place: string;
}

/** The text of string and template literals (a template's placeholders become a space), with their place. */
export function literalTexts(source: ts.SourceFile): Literal[] {
  const texts: Literal[] = [];
  visit(source, (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      texts.push({ text: node.text, place: placeOf(node) });
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      texts.push({ text, place: placeOf(node) });
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

/** Entity classes passed as arguments to calls (`manager.find(Contact, …)`, `getRepository(Contact)`), with their place. */
function entitiesUsed(source: ts.SourceFile, classes: ReadonlySet<string>): { name: string; place: string }[] {
  const used: { name: string; place: string }[] = [];
  visit(source, (node) => {
    if (!ts.isCallExpression(node)) return;
    for (const arg of node.arguments) {
      if (ts.isIdentifier(arg) && classes.has(arg.text)) used.push({ name: arg.text, place: placeOf(node) });
    }
  });
  return used;
}

interface Access {
  /** `<file relative to apps/api/src>#<place>`, the key of ALLOWED. */
  at: string;
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
  const accesses = new Map<string, Access>();
  for (const file of files) {
    const module = moduleOf(file);
    if (UNRESTRICTED.includes(module)) continue;
    const source = parse(file);
    const named = [
      ...literalTexts(source).flatMap(({ text, place }) =>
        tablesNamedIn(text, known).map((table) => ({ table, place })),
      ),
      ...entitiesUsed(source, new Set(tableOfClass.keys())).map(({ name, place }) => ({
        table: tableOfClass.get(name)!,
        place,
      })),
    ];
    for (const { table, place } of named) {
      const owner = ownerOf.get(table)!;
      const at = `${relative(SRC, file)}#${place}`;
      if (owner !== module) accesses.set(`${at} ${table}`, { at, table, owner });
    }
  }
  return [...accesses.values()];
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

  it('names each statement by the method, function or top-level constant holding it', () => {
    const source = ts.createSourceFile(
      'x.ts',
      `const JOINED = 'JOIN invitations i ON true';
       class Repo { async find() { return q('SELECT 1 FROM contacts'); } }
       function purge() { const inner = () => 'DELETE FROM responses'; return inner; }`,
      ts.ScriptTarget.Latest,
      true,
    );
    expect(literalTexts(source).map(({ place }) => place)).toEqual(['JOINED', 'Repo.find', 'purge']);
  });

  it('no module names a table another module owns, except the statements allowed with a reason', () => {
    const unexpected = crossModuleAccesses()
      .filter((access) => !ALLOWED[`${access.at} ${access.table}`])
      .map((access) => `${access.at} touches ${access.table} (owned by ${access.owner})`);
    expect(unexpected).toEqual([]);
  });

  it('every allowed exception is still needed', () => {
    const needed = new Set(crossModuleAccesses().map((access) => `${access.at} ${access.table}`));
    expect(Object.keys(ALLOWED).filter((key) => !needed.has(key))).toEqual([]);
  });
});
