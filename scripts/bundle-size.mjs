// What a browser downloads to open each single-page app: its index.html, the entry script with
// every chunk it imports statically, and the stylesheets, gzip-compressed (level 9). Chunks
// loaded on demand (other pages, charts, other languages) are listed apart. Run after
// `npm run build:spa`:
//
//   node scripts/bundle-size.mjs [respondent|analyst] [--json]
//
// apps/api/test/bundle-size.e2e-spec.ts runs it and holds both apps to the sizes the README gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const APPS = { respondent: '/r/', analyst: '/' };

/** Gzip sizes in bytes of the app's first load and of each chunk loaded on demand. */
export function measure(app) {
  const base = APPS[app];
  if (!base) throw new Error(`unknown app ${app}: one of ${Object.keys(APPS).join(', ')}`);
  const dir = join(import.meta.dirname, '../dist/apps', app);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  const initial = new Set(['index.html']);
  const escaped = base.replace(/\//g, '\\/');
  const queue = [...html.matchAll(new RegExp(`(?:src|href)="${escaped}(assets/[^"]+\\.(?:js|css))"`, 'g'))].map(
    (m) => m[1],
  );
  while (queue.length > 0) {
    const file = queue.shift();
    if (initial.has(file)) continue;
    initial.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dir, file), 'utf8');
    // Static imports only (`import … from "./x.js"` / `import "./x.js"`), not import("./x.js").
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'`()]*?from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g)) {
      queue.push(`assets/${m[1]}`);
    }
  }
  const files = [...initial].map((file) => ({ file, gzip: gz(file) }));
  const sum = (list) => list.reduce((total, { gzip }) => total + gzip, 0);
  const onDemand = readdirSync(join(dir, 'assets'))
    .filter((name) => !/\.(?:br|gz)$/.test(name)) // the precompressed copies of each file
    .map((name) => `assets/${name}`)
    .filter((file) => !initial.has(file))
    .map((file) => ({ file, gzip: gz(file) }));
  return {
    app,
    firstLoad: {
      total: sum(files),
      js: sum(files.filter(({ file }) => file.endsWith('.js'))),
      css: sum(files.filter(({ file }) => file.endsWith('.css'))),
      files,
    },
    onDemand,
  };
}

export function report(app, json = false) {
  const sizes = measure(app);
  if (json) {
    console.log(JSON.stringify(sizes));
    return;
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const { firstLoad } = sizes;
  console.log(
    `${app} first load: ${kb(firstLoad.total)} gzip (${kb(firstLoad.js)} JavaScript, ${kb(firstLoad.css)} CSS)`,
  );
  for (const { file, gzip } of firstLoad.files) console.log(`  ${file.padEnd(48)} ${kb(gzip)}`);
  console.log('loaded on demand:');
  for (const { file, gzip } of sizes.onDemand) console.log(`  ${file.padEnd(48)} ${kb(gzip)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  report(args.find((arg) => !arg.startsWith('--')) ?? 'respondent', args.includes('--json'));
}
