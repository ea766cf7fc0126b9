import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { ProbeModule } from './utils/probe.module';

const root = join(__dirname, '../../..');
const SCRIPT = `export const greeting = ${JSON.stringify('bonjour '.repeat(600))};\nconsole.log(greeting);\n`;
const HTML = `<!doctype html><html><head><title>respondent app</title></head><body>${'<p>respondent app</p>'.repeat(80)}</body></html>`;

/** A built app as the Vite build leaves it: each text file with its .br and .gz copies. */
function builtFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spa-compressed-'));
  const write = (path: string, text: string, compressed = true) => {
    writeFileSync(path, text);
    if (!compressed) return;
    writeFileSync(`${path}.br`, brotliCompressSync(Buffer.from(text)));
    writeFileSync(`${path}.gz`, gzipSync(Buffer.from(text)));
  };
  for (const app of ['analyst', 'respondent']) {
    mkdirSync(join(dir, app, 'assets'), { recursive: true });
    write(join(dir, app, 'index.html'), HTML.replace(/respondent/g, app));
    write(join(dir, app, 'assets', 'index-Ab12Cd_3.js'), SCRIPT);
    write(join(dir, app, 'assets', 'font-Zz99Yy00.woff2'), 'binary font, not compressed again', false);
    write(join(dir, app, 'robots.txt'), 'User-agent: *\nDisallow: /\n'.repeat(50));
  }
  return dir;
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The bytes as sent: fetch and supertest would decode them before the test could look. */
function rawRequest(origin: string, path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const varies = (headers: IncomingHttpHeaders) => String(headers.vary ?? '').toLowerCase();

describe('compressed answers', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let origin: string;
  const get = (path: string, acceptEncoding?: string) =>
    rawRequest(origin, path, acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding });

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({ databaseUrl: db.url, env: { STATIC_DIR: builtFixture() }, imports: [ProbeModule] });
    await subject.app.listen(0, '127.0.0.1');
    origin = (await subject.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  it('serves a hashed asset as brotli, gzip or as it is, by Accept-Encoding, cached for good, varying on it', async () => {
    const br = await get('/r/assets/index-Ab12Cd_3.js', 'gzip, deflate, br, zstd');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(varies(br.headers)).toContain('accept-encoding');
    expect(br.body.length).toBeLessThan(SCRIPT.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);

    const gzip = await get('/r/assets/index-Ab12Cd_3.js', 'br;q=0, gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    expect(varies(gzip.headers)).toContain('accept-encoding');

    for (const plain of [
      await get('/r/assets/index-Ab12Cd_3.js'),
      await get('/assets/index-Ab12Cd_3.js', 'identity'),
    ]) {
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(SCRIPT);
      expect(varies(plain.headers)).toContain('accept-encoding');
      expect(plain.headers['cache-control']).toContain('immutable');
    }
  });

  it('serves each app’s index.html compressed but revalidated, also for client-side routes', async () => {
    for (const [path, app] of [
      ['/r/', 'respondent'],
      ['/r/opt-out', 'respondent'],
      ['/', 'analyst'],
      ['/surveys/42', 'analyst'],
    ]) {
      const answer = await get(path, 'br');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(varies(answer.headers)).toContain('accept-encoding');
      expect(brotliDecompressSync(answer.body).toString()).toContain(`${app} app`);
    }
  });

  it('keeps long-lived caching to hashed assets: other files are revalidated', async () => {
    const robots = await get('/r/robots.txt', 'gzip');
    expect(robots.status).toBe(200);
    expect(robots.headers['cache-control']).toBe('no-cache');
    expect(robots.headers['content-encoding']).toBe('gzip');
  });

  it('sends a file without compressed copies as it is, without Vary', async () => {
    const font = await get('/r/assets/font-Zz99Yy00.woff2', 'br, gzip');
    expect(font.status).toBe(200);
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers.vary ?? '').not.toMatch(/accept-encoding/i);
    expect(font.body.toString()).toBe('binary font, not compressed again');
  });

  it('answers 404 for a missing asset and serves nothing outside the built apps', async () => {
    expect((await get('/r/assets/missing-Ab12Cd_3.js', 'br')).status).toBe(404);
    for (const path of ['/r/assets/..%2f..%2fanalyst%2findex.html.br', '/r/%2e%2e/analyst/robots.txt', '/r/.hidden']) {
      const answer = await get(path, 'br');
      expect(answer.body.toString()).not.toContain('analyst app');
    }
  });

  it('sends the security headers with every built file, compressed or not', async () => {
    for (const [path, encoding] of [
      ['/r/assets/index-Ab12Cd_3.js', 'br'],
      ['/r/assets/font-Zz99Yy00.woff2', 'br'],
      ['/r/opt-out', 'gzip'],
      ['/surveys/42', undefined],
    ] as const) {
      const answer = await get(path, encoding);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['permissions-policy']).toBeDefined();
    }
  });

  it('answers HEAD with the headers of GET and no body, and a revalidation with 304', async () => {
    const head = await get('/r/assets/index-Ab12Cd_3.js', 'br');
    const answer = await rawRequest(origin, '/r/assets/index-Ab12Cd_3.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-length']).toBe(head.headers['content-length']);
    expect(answer.headers.etag).toBe(head.headers.etag);

    const index = await get('/r/', 'br');
    expect(index.headers.etag).toBeDefined();
    const again = await rawRequest(origin, '/r/', { 'Accept-Encoding': 'br', 'If-None-Match': index.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('treats a folder or an undecodable path as a client-side route, and an undecodable asset as missing', async () => {
    for (const path of ['/r/assets', '/assets', '/r/%E0%A4%A', '/surveys/%zz']) {
      const answer = await get(path, 'gzip');
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(gunzipSync(answer.body).toString()).toContain(path.startsWith('/r') ? 'respondent app' : 'analyst app');
    }
    const asset = await get('/r/assets/%E0%A4%A.js', 'gzip');
    expect(asset.status).toBe(404);
    expect(asset.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a missing asset with the API’s 404 problem, never with index.html, in either app', async () => {
    for (const path of ['/r/assets/missing-Ab12Cd_3.js', '/assets/missing-Ab12Cd_3.css']) {
      const answer = await get(path, 'br, gzip');
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(answer.body.toString()).status).toBe(404);
    }
  });

  it('leaves other methods to the API, and sends /r to /r/', async () => {
    const post = await rawRequest(origin, '/r/opt-out', { 'Content-Type': 'application/json' }, 'POST', '{}');
    expect(post.status).toBe(404);
    expect(post.body.toString()).not.toContain('respondent app');
    const bare = await get('/r', 'br');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/r/');
  });

  it('compresses large JSON answers to GET, with Vary, and leaves small ones as they are', async () => {
    const spec = await get('/api/docs-json', 'br');
    expect(spec.headers['content-encoding']).toBe('br');
    expect(varies(spec.headers)).toContain('accept-encoding');
    const document = JSON.parse(brotliDecompressSync(spec.body).toString()) as { openapi: string };
    expect(document.openapi).toBe('3.1.0');

    const gzip = await get('/api/docs-json', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(document);

    const small = await get('/api/v1/no-such-route', 'br, gzip');
    expect(small.status).toBe(404);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString()).status).toBe(404);
  });

  it('never compresses the answer to a POST (where secrets are issued), however large', async () => {
    const answers = Array.from({ length: 120 }, () => ({ questionId: 'q1', score: 5 }));
    const large = JSON.stringify({ email: 'someone@example.org', answers });
    const answer = await rawRequest(
      origin,
      '/api/v1/probe/echo',
      { 'Accept-Encoding': 'br, gzip', 'Content-Type': 'application/json' },
      'POST',
      large,
    );
    expect(answer.status).toBe(201);
    expect(answer.body.length).toBeGreaterThan(1500);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(answer.body.toString()).received.answers).toHaveLength(120);
  });
});

describe('the build', () => {
  it('writes a brotli and a gzip copy of every script, stylesheet and page, each decoding to the original', () => {
    for (const app of ['respondent', 'analyst']) {
      const dir = join(root, 'dist/apps', app);
      if (!existsSync(join(dir, 'index.html'))) throw new Error('The apps are not built: run npm run build:spa.');
      const files = ['index.html', ...readdirSync(join(dir, 'assets')).map((name) => `assets/${name}`)].filter((file) =>
        /\.(?:html|js|css)$/.test(file),
      );
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const original = readFileSync(join(dir, file));
        // A tiny file may have no copy when compression would not make it smaller.
        if (original.length < 200) continue;
        expect(brotliDecompressSync(readFileSync(join(dir, `${file}.br`))).equals(original)).toBe(true);
        expect(gunzipSync(readFileSync(join(dir, `${file}.gz`))).equals(original)).toBe(true);
      }
    }
  });
});
