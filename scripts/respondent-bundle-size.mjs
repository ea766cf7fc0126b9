// What a phone downloads to open a survey link: the respondent app's index.html, the entry
// script with every chunk it imports statically, and the stylesheet, gzip-compressed (level 9).
// Chunks loaded on demand (other pages, the full notice, non-English interface strings) are
// listed apart. Run after `npm run build:spa`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '../dist/apps/respondent');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const initial = new Set(['index.html']);
const queue = [...html.matchAll(/(?:src|href)="\/r\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
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
const total = [...initial].reduce((sum, file) => sum + gz(file), 0);
console.log(`survey route (first load): ${kb(total)} gzip`);
for (const file of initial) console.log(`  ${file.padEnd(48)} ${kb(gz(file))}`);
const lazy = readdirSync(join(dir, 'assets'))
  .map((name) => `assets/${name}`)
  .filter((file) => !initial.has(file));
console.log('loaded on demand:');
for (const file of lazy) console.log(`  ${file.padEnd(48)} ${kb(gz(file))}`);
