import type { Problem } from '@survey/api-client';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { contactIdByEmail, HEADER, importFinished, readContact } from './utils/contacts';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';
import { until } from './utils/wait';

const FIXTURE = readFileSync(join(__dirname, 'fixtures/contacts-extract.csv'));
const IMPORTS = '/api/v1/contacts/imports';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Contact import', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { CONTACT_IMPORT_MAX_BYTES: '64kb' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const as = () => t.api({ staff: analyst });
  /** Uploads, waits for the background job, and returns the finished import. */
  const importFile = (body: Buffer | string, contentType = 'text/csv; charset=utf-8') =>
    importFinished(t, as(), body, contentType);
  const issuesOf = async (id: string) =>
    (
      await dataOf(
        as().GET('/api/v1/contacts/imports/{id}/issues', { params: { path: { id }, query: { limit: 100 } } }),
      )
    ).items;

  const countContacts = async () => Number((await dataSource.query('SELECT count(*) AS n FROM contacts'))[0].n);
  const countImports = async () => Number((await dataSource.query('SELECT count(*) AS n FROM contact_imports'))[0].n);

  it('imports the platforms’ extract as the fixture README says: 10 created, 1 update, 8 rows refused', async () => {
    const job = await importFile(FIXTURE);
    expect(job).toMatchObject({
      status: 'completed',
      format: 'csv',
      totalRows: 19,
      processedRows: 19,
      percent: 100,
      created: 10,
      updated: 1,
      rejected: 8,
      warnings: 1,
      failureReason: null,
    });
    expect(await countContacts()).toBe(10);

    const issues = await issuesOf(job.id);
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [11, 'email'],
      [12, 'email'],
      [13, 'country_code'],
      [14, 'segment'],
      [15, 'customer_since'],
      [16, 'customer_since'],
      [17, 'ir_numbers'],
      [19, 'full_name'],
    ]);
    expect(errors[0].reason).toBe('is required');
    expect(errors[4].reason).toMatch(/real date/);
    expect(errors[5].reason).toMatch(/future/);
    expect(errors[7].reason).toMatch(/at most 200 characters/);
    expect(issues.filter((i) => i.severity === 'warning')).toEqual([
      { row: 20, field: 'preferred_language', severity: 'warning', reason: expect.stringMatching(/en is used/) },
    ]);
    // The report says what is wrong, never the value.
    const report = JSON.stringify(issues.map((i) => i.reason));
    for (const value of ['not-an-email', 'XX', 'customer', '2017-13-45', '2999-01-01', '12ab', 'ko']) {
      expect(report).not.toContain(value);
    }
  });

  it('re-importing the same file creates nothing new', async () => {
    const job = await importFile(FIXTURE);
    expect(job).toMatchObject({ status: 'completed', created: 0, updated: 11, rejected: 8 });
    expect(await countContacts()).toBe(10);
  });

  it('two imports of overlapping files at once create each address once', async () => {
    const rows = (from: number, to: number) =>
      Array.from(
        { length: to - from },
        (_, i) => `Filer ${from + i},filer${from + i}@example.net,SE,holder,,,,Hague,en`,
      );
    const before = await countContacts();
    const [a, b] = await Promise.all([
      importFile([HEADER, ...rows(0, 900)].join('\r\n')),
      importFile([HEADER, ...rows(600, 1500)].join('\r\n')),
    ]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    expect(a.created + b.created).toBe(1500);
    expect(a.updated + b.updated).toBe(300);
    expect((await countContacts()) - before).toBe(1500);
    await dataSource.query(`DELETE FROM contacts WHERE country = 'SE'`);
  });

  it('refuses a row whose field count differs from the header, and reads quoted line breaks as text', async () => {
    const job = await importFile(
      [
        HEADER,
        'Short Row,short@example.org,FR,agent',
        'Long Row,long@example.org,FR,agent,,,,ePCT,fr,extra',
        '"Line\nBreak",line.break@example.org,FR,agent,,,,ePCT,fr',
        'Unknown Column Kept Out,uc@example.org,FR,agent,,,,ePCT,fr',
      ].join('\n'),
    );
    expect(job).toMatchObject({ status: 'completed', totalRows: 4, created: 2, rejected: 2 });
    const issues = await issuesOf(job.id);
    expect(issues.map((i) => [i.row, i.field, i.reason])).toEqual([
      [2, 'row', 'has 4 fields where the header has 9'],
      [3, 'row', 'has 10 fields where the header has 9'],
    ]);
    const extra = await importFile(
      `${HEADER},favourite_colour\r\nColour Fan,colour@example.org,FR,agent,,,,ePCT,fr,blue\r\n`,
    );
    expect(extra).toMatchObject({ created: 1, warnings: 1 });
    expect(await issuesOf(extra.id)).toEqual([
      { row: 1, field: 'favourite_colour', severity: 'warning', reason: expect.stringMatching(/not imported/) },
    ]);
    await dataSource.query(`DELETE FROM contacts WHERE last_import_id = ANY($1::uuid[])`, [[job.id, extra.id]]);
  });

  it('imports JSON with the same rules and row numbers counting items from 1', async () => {
    const job = await importFile(
      JSON.stringify([
        {
          full_name: 'Chen Jing',
          email: 'chen.jing@example.cn',
          country_code: 'cn',
          segment: 'Holder',
          platform: 'Hague',
          ir_numbers: ['1700001'],
        },
        { full_name: 'No Platform', email: 'np@example.org', country_code: 'US', segment: 'agent' },
        'not an object',
        {
          full_name: 'Ana Sousa',
          email: 'ana@example.pt',
          country_code: 'PT',
          segment: 'agent',
          platform: 'Madrid',
          relationship_years: 4,
        },
      ]),
      'application/json',
    );
    expect(job).toMatchObject({ status: 'completed', format: 'json', totalRows: 4, created: 2, rejected: 2 });
    const issues = await issuesOf(job.id);
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [2, 'platform'],
      [3, 'row'],
    ]);
    const id = await contactIdByEmail(t, as(), 'ana@example.pt');
    const ana = (await readContact(as(), id!)).data!;
    expect(Number(ana.relationshipSince?.slice(0, 4))).toBe(new Date().getUTCFullYear() - 4);
  });

  // Raw HTTP: these are files the route must refuse (wrong content types, bytes that are not
  // UTF-8, broken quoting or JSON, a body streamed without a length), sent as they are.
  describe('refuses a whole file with a 4xx and writes nothing', () => {
    const upload = (body: Buffer | string, contentType = 'text/csv; charset=utf-8') =>
      request(t.app.getHttpServer()).post(IMPORTS).set(bearer(analyst)).set('Content-Type', contentType).send(body);
    const cases: [string, () => Promise<request.Response>, number, string][] = [
      ['not CSV or JSON', () => upload('a,b', 'application/vnd.ms-excel'), 415, 'Content-Type'],
      [
        'a missing required column',
        () => upload('full_name,email,segment,platform\r\nA,a@example.org,agent,ePCT\r\n'),
        400,
        'header',
      ],
      ['a column named twice', () => upload(`${HEADER},email\r\n`), 400, 'header'],
      ['too large (declared)', () => upload(`${HEADER}\r\n` + 'x'.repeat(70 * 1024)), 413, 'file'],
      [
        'not UTF-8',
        () =>
          upload(
            Buffer.concat([
              Buffer.from(`${HEADER}\r\n`),
              Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0d, 0x0a]),
            ]),
          ),
        400,
        'file',
      ],
      [
        'broken CSV quoting',
        () => upload(`${HEADER}\r\n"unterminated,a@example.org,FR,agent,,,,ePCT,fr\r\n`),
        400,
        'file',
      ],
      ['an empty file', () => upload(''), 400, 'header'],
      ['a header and no rows', () => upload(`${HEADER}\r\n`), 400, 'file'],
      ['malformed JSON', () => upload('[{"full_name": "A",', 'application/json'), 400, 'file'],
      ['JSON that is not a list', () => upload('{"full_name": "A"}', 'application/json'), 400, 'file'],
      [
        'JSON lacking a required field everywhere',
        () =>
          upload('[{"full_name":"A","email":"a@example.org","segment":"agent","platform":"x"}]', 'application/json'),
        400,
        'header',
      ],
    ];
    it.each(cases)('%s', async (_name, send, status, field) => {
      const [contacts, imports] = [await countContacts(), await countImports()];
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((res.body as Problem).errors?.[0].field).toBe(field);
      expect(JSON.stringify(res.body)).not.toMatch(/a@example\.org|unterminated|Müller/);
      expect([await countContacts(), await countImports()]).toEqual([contacts, imports]);
    });

    it('too large without a declared length (chunked upload)', async () => {
      const imports = await countImports();
      const req = request(t.app.getHttpServer()).post(IMPORTS).set(bearer(analyst)).set('Content-Type', 'text/csv');
      req.write(`${HEADER}\r\n`);
      for (let i = 0; i < 40; i++) req.write(`Name ${i},n${i}@example.org,FR,agent,,,,ePCT,fr\r\n`.repeat(40));
      const res = await req;
      expect(res.status).toBe(413);
      expect(await countImports()).toBe(imports);
    });
  });

  // A worker killed mid-import is covered with real processes in faults.e2e-spec.ts; this covers
  // where the upload waits for its worker: encrypted in the database, gone once the import is done.
  it('keeps the staged upload encrypted in the database only until the import has finished', async () => {
    const csv = `${HEADER}\r\nStaged Person,staged.person@example.org,FR,agent,,,,ePCT,fr\r\n`;
    const job = await importFinished(t, as(), csv);
    expect(job.status).toBe('completed');
    const left = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM contact_import_chunks WHERE import_id = $1) AS chunks,
              file_key_wrapped IS NULL AND file_key_ciphertext IS NULL AND file_iv IS NULL AS shredded
         FROM contact_imports WHERE id = $1`,
      [job.id],
    );
    expect(left).toEqual([{ chunks: 0, shredded: true }]);
  });

  // Raw HTTP: the client must be able to stop sending half-way through the body.
  it('drops an upload the client abandons half-way, writing nothing and logging no server error', async () => {
    const imports = await countImports();
    // The typed client's calls may have started the server listening already.
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const serverErrors = () => t.log.lines.filter((line) => line.level === 'error' || line.level === 'fatal').length;
    const errorsBefore = serverErrors();
    const root = join(t.config.dataDir, 'tmp', 'imports');
    const staged = () => (existsSync(root) ? readdirSync(root).flatMap((dir) => readdirSync(join(root, dir))) : []);
    expect(staged()).toEqual([]);
    let answer: ServerResponse | undefined;
    const onRequest = (_req: IncomingMessage, res: ServerResponse) => (answer = res);
    server.on('request', onRequest);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: IMPORTS,
      headers: { ...bearer(analyst), 'Content-Type': 'text/csv', 'Content-Length': '50000' },
    });
    req.on('error', () => undefined);
    const closed = new Promise((resolve) => req.on('close', resolve));
    req.write(`${HEADER}\r\nHalf Way,half@example.org,FR,agent,,,,ePCT,fr\r\n`);
    // Half-way: the server is staging the file when the client goes.
    await until('the server to start staging the upload', () => staged().length === 1);
    req.destroy();
    await closed;
    // The server noticed: it removed what it had staged.
    await until('the staged part to be removed', () => staged().length === 0);
    // And it is done with the request: its answer, to nobody, is ended.
    await until('the server to finish with the abandoned request', () => answer?.writableEnded === true);
    server.off('request', onRequest);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(await countImports()).toBe(imports);
    expect(serverErrors()).toBe(errorsBefore);
  });

  it('keeps no staged copy of a file once its import is done', async () => {
    await importFile(`${HEADER}\r\nZoe Roe,zoe@example.org,GB,agent,,,,ePCT,en\r\n`);
    const root = join(t.config.dataDir, 'tmp', 'imports');
    const staged = existsSync(root) ? readdirSync(root).flatMap((dir) => readdirSync(join(root, dir))) : [];
    expect(staged).toEqual([]);
  });

  it('never writes a personal value into the log', () => {
    for (const value of ['amelie.durand', 'Amelie.Durand', 'Müller', '李伟', 'HYPERLINK', 'li.wei', 'ana@example.pt']) {
      expect(t.log.text).not.toContain(value);
    }
  });
});
