#!/usr/bin/env node
// Builds the installable package: ESM and type declarations in dist/ (run by `npm pack` through
// `prepack`). The sources import each other without extensions, as the monorepo's tools expect;
// Node's ESM loader needs them, so the emitted files get `.js` added to every relative import.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const here = import.meta.dirname;
const dist = join(here, 'dist');
// TypeScript is a tool of the repository, not of the package: found from here upwards.
const tsc = createRequire(join(here, 'package.json')).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.package.json')], { stdio: 'inherit' });
// tsc never copies a declaration file it reads: the generated schema types are copied as they are.
copyFileSync(join(here, 'src/schema.d.ts'), join(dist, 'schema.d.ts'));

const RELATIVE = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+?)\2/g;
for (const name of readdirSync(dist)) {
  if (!name.endsWith('.js') && !name.endsWith('.d.ts')) continue;
  const file = join(dist, name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(RELATIVE, (whole, keyword, quote, specifier) =>
    /\.(js|json)$/.test(specifier) ? whole : `${keyword}${quote}${specifier}.js${quote}`,
  );
  if (fixed !== text) writeFileSync(file, fixed);
}
process.stdout.write(`built ${dist}\n`);
