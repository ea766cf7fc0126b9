import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cleanups, runBenchmark } from './harness';
import { bootOnFreshDatabase, listen } from './in-process';

/**
 * What a browser downloads to show the first screen of each SPA: the page, and every script,
 * stylesheet and font it loads on first render (API calls are left out), counted by Chromium
 * itself (CDP `Network.loadingFinished` encodedDataLength: the bytes on the wire, headers
 * included). Measured twice on the same built app: with `Accept-Encoding: identity` (what every
 * load cost before the build precompressed the files) and as Chromium asks by default (brotli).
 *
 *   npm run build && npm run bench:first-load
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGES = ['/r/', '/'];
const FIRST_RENDER_TYPES = new Set(['Document', 'Script', 'Stylesheet', 'Font']);
const AIM_RESPONDENT_BYTES = 100 * 1024;

interface Resource {
  url: string;
  type: string;
  encoding: string;
  /** On the wire, headers included. */
  transferred: number;
  /** The body once decoded. */
  decoded: number;
}

async function firstLoad(browser: Browser, url: string, compressed: boolean): Promise<Resource[]> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (!compressed) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    const seen = new Map<string, Partial<Resource>>();
    cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      seen.set(requestId, {
        url: response.url,
        type,
        encoding: String(headers['content-encoding'] ?? 'none'),
        decoded: 0,
      });
    });
    cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
      const resource = seen.get(requestId);
      if (resource) resource.decoded = (resource.decoded ?? 0) + dataLength;
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const resource = seen.get(requestId);
      if (resource) resource.transferred = encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    return [...seen.values()]
      .filter((r): r is Resource => r.transferred !== undefined && FIRST_RENDER_TYPES.has(r.type ?? ''))
      .sort((a, b) => b.transferred - a.transferred);
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (resources: Resource[], key: 'transferred' | 'decoded') =>
  resources.reduce((sum, resource) => sum + resource[key], 0);

async function main(): Promise<void> {
  const dist = join(process.cwd(), 'dist/apps');
  for (const app of ['respondent', 'analyst']) {
    if (!existsSync(join(dist, app, 'index.html')))
      throw new Error(`dist/apps/${app} is missing: npm run build first.`);
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.`);
  const app = await bootOnFreshDatabase(`bench_first_load_${Date.now()}`);
  const port = await listen(app.getHttpServer() as Server);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  cleanups.push(() => browser.close());

  console.log('first load: the page plus every script, stylesheet and font of its first render\n');
  let respondentCompressed = 0;
  for (const path of PAGES) {
    const url = `http://127.0.0.1:${port}${path}`;
    const plain = await firstLoad(browser, url, false);
    const packed = await firstLoad(browser, url, true);
    for (const load of [plain, packed]) {
      if (!load.some((r) => r.type === 'Document') || !load.some((r) => r.type === 'Script')) {
        throw new Error(`${path}: the first load fetched no page or no script (${load.length} files)`);
      }
    }
    const before = total(plain, 'transferred');
    const after = total(packed, 'transferred');
    if (path === '/r/') respondentCompressed = after;
    console.log(`${path}  ${packed.length} files, ${kb(total(packed, 'decoded'))} decoded`);
    console.log(`  uncompressed (Accept-Encoding: identity)  ${kb(before)} transferred`);
    console.log(
      `  compressed (Chromium's default)           ${kb(after)} transferred  (${((after / before) * 100).toFixed(0)}%)`,
    );
    for (const resource of packed) {
      const name = new URL(resource.url).pathname;
      console.log(
        `    ${name.padEnd(52)} ${resource.type.padEnd(10)} ${resource.encoding.padEnd(5)} ${kb(resource.transferred)}`,
      );
    }
    console.log('');
  }
  const verdict = respondentCompressed < AIM_RESPONDENT_BYTES ? 'met' : 'NOT met';
  console.log(`aim: /r/ under ${kb(AIM_RESPONDENT_BYTES)} compressed: ${verdict} (${kb(respondentCompressed)})`);
}

runBenchmark(main, Number(process.env.BENCH_TIMEOUT_SECONDS ?? 300));
