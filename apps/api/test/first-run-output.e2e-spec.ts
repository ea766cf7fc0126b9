import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './utils/database';
import { freePort } from './utils/ports';
import { BUILT_MAIN, start, waitUntilReady, type Started } from './utils/server';

const RULE = /^={78}$/;

/** Waits until the start-up summary (printed after readiness) has been written. */
async function summaryOf(started: Started): Promise<string> {
  for (let i = 0; i < 100 && !started.output().includes('Survey platform is running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The summary is one write; give the pipe a moment to deliver all of it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return started.output();
}

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await started.exited;
}

/*
 * The built server's start-up output on first start: the generated password of the first
 * administrator is printed once, in a plain-text block framed by rules, apart from the JSON log
 * lines; a restart prints no block and no password.
 */
describe('the first start prints the sign-in details once, apart from the log', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN))
      throw new Error('The API is not built: npm test builds it first (or npm run build:api).');
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'first-run-'));
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('frames the generated password in one block, never in a log line, and not again on restart', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, PORT: String(port), DATA_DIR: dataDir };
    const first = start(env);
    let output: string;
    try {
      await waitUntilReady(port, first);
      output = await summaryOf(first);
    } finally {
      await stop(first);
    }
    const lines = output.split('\n');
    const rules = lines.flatMap((line, index) => (RULE.test(line) ? [index] : []));
    expect(rules).toHaveLength(3);
    const block = lines.slice(rules[0], rules[2] + 1);
    expect(lines[rules[0] - 1]).toBe('');
    expect(lines[rules[2] + 1]).toBe('');
    expect(block[1]).toContain('shown this once');
    const password = /^ {2}Generated password: +(\S+)$/.exec(block.find((l) => l.includes('Generated password'))!)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(16);
    expect(block.join('\n')).toContain('admin@localhost');
    // Once in all the output, and in no JSON log line.
    expect(output.split(password!).length - 1).toBe(1);
    const logLines = lines.filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(logLines.some((line) => line.includes('first administrator created'))).toBe(true);

    const second = start(env);
    try {
      await waitUntilReady(port, second);
      const again = await summaryOf(second);
      expect(again).toContain('Staff login:');
      expect(again.split('\n').filter((line) => RULE.test(line))).toEqual([]);
      expect(again).not.toContain(password!);
      expect(again).not.toContain('Generated password');
    } finally {
      await stop(second);
    }
  }, 120_000);
});
