import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const KB = 1024;

interface Chunk {
  file: string;
  gzip: number;
}
interface Sizes {
  firstLoad: { total: number; js: number; css: number; files: Chunk[] };
  onDemand: Chunk[];
}

/** What scripts/bundle-size.mjs measures on the built app (the README's figures come from it). */
function sizesOf(app: 'respondent' | 'analyst'): Sizes {
  const output = execFileSync(process.execPath, [join(root, 'scripts/bundle-size.mjs'), app, '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as Sizes;
}

const largest = (chunks: Chunk[]) => Math.max(...chunks.map((chunk) => chunk.gzip));

/** The download sizes the README states, as bounds a change that grows them must face. */
describe('what the browser downloads (gzip, as the README states)', () => {
  beforeAll(() => {
    for (const app of ['respondent', 'analyst']) {
      if (!existsSync(join(root, 'dist/apps', app, 'index.html'))) {
        throw new Error('The apps are not built: npm test builds them first (or npm run build:spa).');
      }
    }
  });

  it('the respondent app: under 100 KB to open a survey link, CSS under 4 KB, each later chunk under 12 KB', () => {
    const { firstLoad, onDemand } = sizesOf('respondent');
    expect(firstLoad.total).toBeLessThan(100 * KB);
    expect(firstLoad.css).toBeLessThan(4 * KB);
    // The preview page carries the whole questionnaire validator (number/date inputs, validators, Other/None items).
    expect(largest(onDemand)).toBeLessThan(12 * KB);
    // Other languages' strings and the preview page are not in the first download.
    const first = firstLoad.files.map((chunk) => chunk.file).join(' ');
    expect(first).not.toMatch(/assets\/(fr|es|ar|zh|ru)-|PreviewPage/);
    expect(onDemand.map((chunk) => chunk.file).join(' ')).toMatch(/PreviewPage/);
  });

  it('the analyst console: JavaScript under 110 KB and CSS under 4 KB at first, charts (under 200 KB) and each part (under 32 KB) later', () => {
    const { firstLoad, onDemand } = sizesOf('analyst');
    expect(firstLoad.js).toBeLessThan(110 * KB);
    expect(firstLoad.css).toBeLessThan(4 * KB);
    const charts = onDemand.filter((chunk) => /^assets\/Chart-/.test(chunk.file));
    expect(charts).toHaveLength(1);
    expect(charts[0].gzip).toBeLessThan(200 * KB);
    expect(firstLoad.files.map((chunk) => chunk.file).join(' ')).not.toMatch(/Chart-/);
    expect(largest(onDemand.filter((chunk) => !charts.includes(chunk)))).toBeLessThan(32 * KB);
  });
});
