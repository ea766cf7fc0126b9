import { execFile, type ExecFileException } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaffRole } from '../src/auth/roles';
import { answeredSurvey } from './utils/answered-survey';
import { createTestApp, type TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { createTestDatabase, type TestDatabase } from './utils/database';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

const root = join(__dirname, '../../..');
const PACKAGE = join(root, 'libs/api-client');
const VERSION_CLI = join(root, 'scripts/api-client-version.mjs');
const TSC = join(root, 'node_modules/typescript/bin/tsc');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without blocking this process (the server under test answers from it), with a
 * environment of its own: nothing of the repository leaks into the scratch project but PATH.
 */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error: ExecFileException | null, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

async function succeeded(pending: Promise<Run>): Promise<string> {
  const result = await pending;
  if (result.code !== 0) throw new Error(`exit ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The usage example of the package's README (its only `js` block), as a user would copy it. */
function readmeScript(): string {
  const blocks = [...readFileSync(join(PACKAGE, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)];
  expect(blocks).toHaveLength(1);
  return blocks[0][1];
}

describe('the API client as an installable package', () => {
  let db: TestDatabase;
  let t: TestApp;
  let baseUrl: string;
  let analyst: TestStaff;
  let surveyId: string;
  const scratch: string[] = [];
  let project: string;
  let tarball: string;

  function scratchDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    scratch.push(dir);
    return dir;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    analyst = await newStaff(t.app, StaffRole.Analyst);
    ({ surveyId } = await answeredSurvey(t.app, await sessionFor(t.app, analyst)));

    // The package as `npm pack` makes it (its prepack builds dist/), and its dependency tree taken
    // from the repository's own node_modules, so that the install needs no network.
    const packs = scratchDir('api-client-packs-');
    const packOutput = await succeeded(run('npm', ['pack', '--json', '--pack-destination', packs], PACKAGE));
    // What the prepack build prints comes first; npm's JSON report is the rest.
    const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = join(packs, packed[0].filename);
    expect(packed[0].files.map((file) => file.path).sort()).toEqual([
      'README.md',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/problem-types.d.ts',
      'dist/problem-types.js',
      'dist/schema.d.ts',
      'package.json',
    ]);
    await succeeded(
      run(
        'npm',
        [
          'pack',
          '--ignore-scripts',
          '--pack-destination',
          packs,
          join(root, 'node_modules/openapi-fetch'),
          join(root, 'node_modules/openapi-typescript-helpers'),
        ],
        root,
      ),
    );

    // A project of a user's own, outside the repository, with an empty npm cache of its own.
    project = scratchDir('api-client-user-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'stats', private: true, type: 'module' }));
    const packages = ['openapi-fetch-', 'openapi-typescript-helpers-'].map((prefix) => {
      const name = readdirSync(packs).find((file) => file.startsWith(prefix));
      if (!name) throw new Error(`npm pack wrote no ${prefix}*.tgz`);
      return join(packs, name);
    });
    await succeeded(
      run(
        'npm',
        ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...packages],
        project,
        { npm_config_cache: scratchDir('api-client-npm-cache-') },
      ),
    );
    writeFileSync(join(project, 'stats.mjs'), readmeScript());
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('depends on openapi-fetch alone, at the monorepo’s version, and is versioned by the API', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      type: string;
      dependencies: Record<string, string>;
    };
    const monorepo = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const spec = JSON.parse(readFileSync(join(root, 'openapi/openapi.json'), 'utf8')) as { info: { version: string } };
    expect(pkg.name).toBe('@survey/api-client');
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': monorepo.dependencies['openapi-fetch'] });
    expect(pkg.version.split('.').slice(0, 2)).toEqual(spec.info.version.split('.').slice(0, 2));
    expect(tarball).toMatch(new RegExp(`survey-api-client-${pkg.version.replace(/\./g, '\\.')}\\.tgz$`));
  });

  it('runs the README’s script in a project outside the repository: signs in, reads the statistics', async () => {
    const statistics = await dataOf(
      t.api({ staff: await sessionFor(t.app, analyst) }).GET('/api/v1/surveys/{id}/statistics', {
        params: { path: { id: surveyId } },
      }),
    );
    const output = await succeeded(
      run(process.execPath, ['stats.mjs'], project, {
        SURVEY_API_URL: baseUrl,
        SURVEY_EMAIL: analyst.email,
        SURVEY_PASSWORD: analyst.password,
        SURVEY_ID: surveyId,
      }),
    );
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe(`${statistics.surveyTitle}: 45 responses (k = 5)`);
    expect(lines.slice(1)).toEqual(
      statistics.items.map((item) => `  ${item.name}: n = ${item.overall.n ?? 'suppressed'}`),
    );
    expect(lines.length).toBeGreaterThan(3);
  });

  it('hands the script the API’s problem when sign-in or a request is refused', async () => {
    const wrongPassword = await run(process.execPath, ['stats.mjs'], project, {
      SURVEY_API_URL: baseUrl,
      SURVEY_EMAIL: analyst.email,
      SURVEY_PASSWORD: 'not the password',
      SURVEY_ID: surveyId,
    });
    // The exit code comes from the package's ProblemType constant matching the problem's type.
    expect(wrongPassword.code).toBe(2);
    expect(wrongPassword.stderr).toMatch(/^Signing in failed \(401\): /);
    expect(wrongPassword.stderr).not.toContain('not the password');

    const unknownSurvey = await run(process.execPath, ['stats.mjs'], project, {
      SURVEY_API_URL: baseUrl,
      SURVEY_EMAIL: analyst.email,
      SURVEY_PASSWORD: analyst.password,
      SURVEY_ID: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownSurvey.code).toBe(1);
    expect(unknownSurvey.stderr).toMatch(/^Reading the statistics failed \(404\): /);
  });

  it('types the API for TypeScript users of the package (Node ESM resolution)', async () => {
    writeFileSync(
      join(project, 'typed.mts'),
      [
        "import { createApiClient, ProblemType, type components } from '@survey/api-client';",
        "type Statistics = components['schemas']['SurveyStatisticsDto'];",
        "const api = createApiClient({ baseUrl: 'http://localhost:3000', apiKey: 'key' });",
        'export async function k(id: string): Promise<Statistics["k"] | undefined> {',
        "  const { data } = await api.GET('/api/v1/surveys/{id}/statistics', { params: { path: { id } } });",
        '  return data?.k;',
        '}',
        'export const refused: ProblemType = ProblemType.InvalidCredentials;',
        // Each of these must be a type error, or the declarations typed nothing.
        '// @ts-expect-error: the API has no such route',
        "void api.GET('/api/v1/no-such-route');",
        '// @ts-expect-error: the statistics route needs the survey id',
        "void api.GET('/api/v1/surveys/{id}/statistics', {});",
        '// @ts-expect-error: not a problem type of the API',
        "export const unknown: ProblemType = 'urn:survey:problem:made-up';",
        '',
      ].join('\n'),
    );
    const typeRoots = join(root, 'node_modules/@types');
    const check = await run(
      process.execPath,
      [
        TSC,
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        // A Node project without the DOM's types, checking the package's declarations too.
        '--lib',
        'es2023',
        '--skipLibCheck',
        'false',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--typeRoots',
        typeRoots,
        '--types',
        'node',
        'typed.mts',
      ],
      project,
    );
    expect(check.stdout + check.stderr).toBe('');
    expect(check.code).toBe(0);
  }, 120_000);
});

describe('the API client’s version follows the spec (scripts/api-client-version.mjs)', () => {
  let dir: string;
  const spec = (version: string, title: string) =>
    JSON.stringify({ openapi: '3.1.0', info: { title, version }, paths: {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-client-version-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function files(pkg: object, specText: string): { pkg: string; spec: string } {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(join(dir, 'openapi.json'), specText);
    return { pkg: join(dir, 'package.json'), spec: join(dir, 'openapi.json') };
  }
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  const cli = (command: string, f: { pkg: string; spec: string }) =>
    run(process.execPath, [VERSION_CLI, command, f.pkg, f.spec], dir);

  it('fails the check when the spec changed but the version did not, until the change is recorded', async () => {
    const f = files({ name: '@survey/api-client', version: '0.1.0' }, spec('0.1.0', 'first'));
    expect((await cli('record', f)).code).toBe(0);
    expect(version(f.pkg)).toBe('0.1.1');
    expect((await cli('check', f)).code).toBe(0);

    writeFileSync(f.spec, spec('0.1.0', 'second'));
    const stale = await cli('check', f);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/version 0\.1\.1 was made for another openapi\.json.*Run npm run openapi/);

    expect((await cli('record', f)).code).toBe(0);
    expect(version(f.pkg)).toBe('0.1.2');
    expect((await cli('check', f)).code).toBe(0);
  });

  it('keeps the version while the spec is unchanged, byte for byte', async () => {
    const f = files({ version: '0.1.0' }, spec('0.1.0', 'same'));
    await cli('record', f);
    const recorded = readFileSync(f.pkg, 'utf8');
    expect((await cli('record', f)).stdout).toMatch(/spec unchanged/);
    expect(readFileSync(f.pkg, 'utf8')).toBe(recorded);
  });

  it('starts a new patch line when the API’s major or minor version changes', async () => {
    const f = files({ version: '0.1.7' }, spec('0.1.0', 'api'));
    await cli('record', f);
    expect(version(f.pkg)).toBe('0.1.8');
    writeFileSync(f.spec, spec('0.2.0', 'api'));
    expect((await cli('check', f)).stderr).toMatch(/another openapi\.json/);
    await cli('record', f);
    expect(version(f.pkg)).toBe('0.2.0');
    expect((await cli('check', f)).code).toBe(0);
  });

  it('refuses a version recorded by hand that does not follow the API', async () => {
    const f = files({ version: '0.1.0' }, spec('1.0.0', 'api'));
    await cli('record', f);
    const pkg = JSON.parse(readFileSync(f.pkg, 'utf8')) as { version: string };
    writeFileSync(f.pkg, JSON.stringify({ ...pkg, version: '0.9.3' }));
    const check = await cli('check', f);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/version 0\.9\.3 does not follow the API's version 1\.0\.0/);
    writeFileSync(f.pkg, JSON.stringify({ ...pkg, version: 'next' }));
    expect((await cli('check', f)).stderr).toMatch(/"next" is not major\.minor\.patch/);
  });
});
