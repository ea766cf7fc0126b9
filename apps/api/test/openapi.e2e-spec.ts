import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const built = join(root, 'dist/apps/api/apps/api/src/openapi/openapi-cli.js');

interface Operation {
  operationId?: string;
  security?: unknown[];
  summary?: string;
}

describe('the committed OpenAPI spec and client', () => {
  beforeAll(() => {
    if (!existsSync(built)) {
      throw new Error('The API is not built: npm test builds it first (or run npm run build:api).');
    }
  });

  it('match what the code produces (npm run openapi regenerates them)', () => {
    const output = execFileSync(process.execPath, [join(root, 'scripts/openapi.mjs'), '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toContain('up to date');
  });

  it('state a security requirement and a unique operationId for every operation', () => {
    const spec = JSON.parse(readFileSync(join(root, 'openapi/openapi.json'), 'utf8')) as {
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
    };
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect(Array.isArray(operation.security)).toBe(true);
      expect(operation.summary).toBeTruthy();
    }
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
