#!/usr/bin/env node
// Regenerates openapi/openapi.json from the built API and libs/api-client/src/schema.d.ts from it.
// `--check` writes both to a temporary folder instead and fails if they differ from the
// committed files. Run `npm run build:api` first (`npm run openapi` does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const SPEC = join(root, 'openapi/openapi.json');
const SCHEMA = join(root, 'libs/api-client/src/schema.d.ts');
const CLI = join(root, 'dist/apps/api/apps/api/src/openapi/openapi-cli.js');
const check = process.argv.includes('--check');

function generate(specOut, schemaOut) {
  execFileSync(process.execPath, [CLI, specOut], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/openapi-typescript/bin/cli.js'), specOut, '--output', schemaOut, '--silent'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

if (!check) {
  generate(SPEC, SCHEMA);
  console.log('wrote openapi/openapi.json and libs/api-client/src/schema.d.ts');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-check-'));
  try {
    const spec = join(dir, 'openapi.json');
    const schema = join(dir, 'schema.d.ts');
    generate(spec, schema);
    const drifted = [
      [SPEC, spec],
      [SCHEMA, schema],
    ].filter(([committed, fresh]) => readFileSync(committed, 'utf8') !== readFileSync(fresh, 'utf8'));
    if (drifted.length > 0) {
      console.error(
        `Out of date: ${drifted.map(([f]) => f.slice(root.length + 1)).join(', ')}. Run npm run openapi and commit.`,
      );
      process.exit(1);
    }
    console.log('openapi/openapi.json and libs/api-client are up to date');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
