import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReportScript } from '../../../scripts/examples/report';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey } from './utils/answered-survey';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newApiKey, newStaff, sessionFor, type TestStaff } from './utils/staff';

describe('scripts/examples/report.ts against a running server', () => {
  let db: TestDatabase;
  let t: TestApp;
  let baseUrl: string;
  let analyst: TestStaff;
  let surveyId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    analyst = await newStaff(t.app, StaffRole.Analyst);
    ({ surveyId } = await answeredSurvey(t.app, await sessionFor(t.app, analyst)));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('signs in, generates and publishes a report, and downloads its PDF and XLSX', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'example-report-'));
    const lines: string[] = [];
    const result = await runReportScript({
      baseUrl,
      email: analyst.email,
      password: analyst.password,
      title: 'Scripted report',
      outDir,
      log: (line) => lines.push(line),
    });
    expect(result.files).toHaveLength(2);
    expect(readFileSync(result.files[0]).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(result.files[1]).subarray(0, 2).toString()).toBe('PK');
    expect(lines.join('\n')).toMatch(/45 responses, k = 5/);
    const management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    const report = await dataOf(
      t.api({ staff: management }).GET('/api/v1/reports/{id}', { params: { path: { id: result.reportId! } } }),
    );
    expect(report).toMatchObject({ title: 'Scripted report', status: 'published', surveyId });
  });

  it('reads the latest published report’s headline figures with a provider key', async () => {
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyId]);
    const lines: string[] = [];
    const result = await runReportScript({
      baseUrl,
      apiKey: key.secret,
      surveyId,
      outDir: tmpdir(),
      log: (l) => lines.push(l),
    });
    expect(result.files).toEqual([]);
    // The report the first test published: a key with statistics:read alone reads published reports.
    expect(lines[0]).toMatch(/^Scripted report .*45 responses \(k = 5\)/);
    expect(lines.some((line) => /nps: n = 45(, mean \d+\.\d\d, NPS -?\d+\.\d)?$/.test(line))).toBe(true);
    // Live figures are for keys that may read the raw responses anyway.
    await answered(
      t.api({ apiKey: key.secret }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }),
      403,
    );
  });

  it('says what went wrong, in the API’s words, without internals', async () => {
    await expect(
      runReportScript({ baseUrl, email: analyst.email, password: 'not the password', outDir: tmpdir(), log: () => {} }),
    ).rejects.toThrow(/^Signing in failed \(401/);
    await expect(
      runReportScript({
        baseUrl,
        email: analyst.email,
        password: analyst.password,
        surveyId: '00000000-0000-4000-8000-000000000000',
        outDir: tmpdir(),
        log: () => {},
      }),
    ).rejects.toThrow(/^Generating the report failed \(404/);
    // The same population as the report already published: allowed. One response fewer would not be.
    await expect(
      runReportScript({
        baseUrl,
        email: analyst.email,
        password: analyst.password,
        surveyId,
        outDir: tmpdir(),
        log: () => {},
      }),
    ).resolves.toMatchObject({ files: expect.any(Array) });
  });
});
