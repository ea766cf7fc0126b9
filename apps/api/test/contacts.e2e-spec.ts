import type { components } from '@survey/api-client';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { StaffRole } from '../src/auth/roles';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';
import { until } from './utils/wait';

type ContactImportDto = components['schemas']['ContactImportDto'];
type IssueDto = components['schemas']['ContactImportIssueDto'];
type ContactDto = components['schemas']['ContactDto'];
type ContactSummaryDto = components['schemas']['ContactSummaryDto'];
type Problem = components['schemas']['ProblemDto'];
interface Page<T> {
  items: T[];
  meta: components['schemas']['PageMetaDto'];
}

const FIXTURE = readFileSync(join(__dirname, 'fixtures/contacts-extract.csv'));
const IMPORTS = '/api/v1/contacts/imports';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const PURPOSE = { 'X-Purpose': 'survey-administration' };
const HEADER = 'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language';

describe('Contact import and directory', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { CONTACT_IMPORT_MAX_BYTES: '64kb' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function upload(body: Buffer | string, contentType = 'text/csv; charset=utf-8') {
    return request(t.app.getHttpServer())
      .post(IMPORTS)
      .set(bearer(analyst))
      .set('Content-Type', contentType)
      .send(body);
  }

  /** Uploads, waits for the background job, and returns the finished import. */
  async function importFile(body: Buffer | string, contentType?: string): Promise<ContactImportDto> {
    const res = await upload(body, contentType);
    expect(res.status).toBe(202);
    const job = res.body as ContactImportDto;
    expect(res.headers.location).toBe(`${IMPORTS}/${job.id}`);
    await t.app.get(ContactImportsService).settled(job.id);
    const done = await request(t.app.getHttpServer()).get(`${IMPORTS}/${job.id}`).set(bearer(analyst)).expect(200);
    return done.body as ContactImportDto;
  }

  async function issuesOf(id: string): Promise<IssueDto[]> {
    const res = await request(t.app.getHttpServer())
      .get(`${IMPORTS}/${id}/issues?limit=100`)
      .set(bearer(analyst))
      .expect(200);
    return (res.body as Page<IssueDto>).items;
  }

  const countContacts = async () => Number((await dataSource.query('SELECT count(*) AS n FROM contacts'))[0].n);
  const countImports = async () => Number((await dataSource.query('SELECT count(*) AS n FROM contact_imports'))[0].n);

  async function contactIdByEmail(email: string): Promise<string | undefined> {
    const rows: { id: string }[] = await dataSource.query('SELECT id FROM contacts ORDER BY created_at, id');
    for (const { id } of rows) {
      const res = await request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).set(PURPOSE);
      if ((res.body as ContactDto).email === email) return id;
    }
    return undefined;
  }

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

  it('stores name, e-mail and registration numbers only encrypted, and reads them back for a stated purpose', async () => {
    const raw = await dataSource.query(
      `SELECT c.*, k.wrapped_key FROM contacts c JOIN keystore.subject_keys k ON k.subject_id = c.id`,
    );
    expect(raw).toHaveLength(10);
    const dump =
      JSON.stringify(raw) + raw.map((r: Record<string, Buffer>) => r.name_ciphertext.toString('latin1')).join();
    for (const plain of ['Amélie', 'amelie.durand', 'Müller', '1234567', '李伟', 'محمد', 'Иван', 'HYPERLINK']) {
      expect(dump).not.toContain(plain);
    }

    const id = await contactIdByEmail('amelie.durand@example.fr');
    expect(id).toBeDefined();
    const res = await request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).set(PURPOSE);
    // Row 10 (same address, other case) updated row 2's contact.
    expect(res.body).toMatchObject({
      name: 'Duplicate Upper',
      email: 'amelie.durand@example.fr',
      country: 'FR',
      segment: 'applicant',
      registrationNumbers: [],
      role: 'Patent attorney',
      relationshipSince: '2015-03-01',
      platform: 'ePCT',
      language: 'fr',
    });
    expect(res.headers['cache-control']).toBe('no-store');

    const all = await Promise.all(
      (await dataSource.query('SELECT id FROM contacts')).map(({ id }: { id: string }) =>
        request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).set(PURPOSE),
      ),
    );
    const byEmail = new Map(all.map((r) => [(r.body as ContactDto).email, r.body as ContactDto]));
    expect(byEmail.get('j.mueller@example.de')).toMatchObject({
      name: 'Jürgen Müller',
      registrationNumbers: ['1234567', '1234568'],
    });
    expect(byEmail.get('li.wei@example.cn')).toMatchObject({ name: '李伟', language: 'zh', segment: 'holder' });
    expect(byEmail.get('m.alali@example.ae')).toMatchObject({ name: 'محمد العلي', language: 'ar' });
    expect(byEmail.get('sean.obrien@example.ie')).toMatchObject({
      name: "O'Brien, Seán",
      registrationNumbers: ['1600002', '1600003', '1600004'],
      relationshipSince: '2020-02-29',
    });
    expect(byEmail.get('padded@example.com')).toMatchObject({
      name: 'Padded Name',
      country: 'CH',
      segment: 'agent',
      language: 'fr',
    });
    expect(byEmail.get('formula@example.com')).toMatchObject({
      name: '=HYPERLINK("http://evil.example","click")',
      role: '@SUM(1+1)',
    });
    expect(byEmail.get('kim.minjun@example.kr')).toMatchObject({ language: 'en', country: 'KR' });
  });

  it('audits every read of identifying fields with its purpose, and refuses a read without one', async () => {
    const [{ id }] = await dataSource.query('SELECT id FROM contacts LIMIT 1');
    const before = Number(
      (await dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'contact.read'`))[0].n,
    );
    const refused = await request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).expect(400);
    expect((refused.body as Problem).errors?.[0].field).toBe('purpose');
    await request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).set(PURPOSE).expect(200);
    const events = await dataSource.query(
      `SELECT purpose, resource_id FROM audit_events WHERE action = 'contact.read' ORDER BY seq DESC`,
    );
    expect(events).toHaveLength(before + 1);
    // The contact is named by a reference under its own key, never by its id.
    expect(events[0]).toEqual({
      purpose: 'survey-administration',
      resource_id: await t.app.get(AuditService).storedResourceId('contact', id),
    });
    expect(events[0].resource_id).toMatch(/^sref_[\w-]{43}$/);
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

  it('lists contacts without identifying fields, filtered by country and segment', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/api/v1/contacts?country=fr&segment=applicant')
      .set(bearer(analyst))
      .expect(200);
    const page = res.body as Page<ContactSummaryDto>;
    expect(page.meta.total).toBe(1);
    expect(Object.keys(page.items[0]).sort()).toEqual([
      'collectedAt',
      'country',
      'createdAt',
      'id',
      'language',
      'platform',
      'relationshipSince',
      'role',
      'segment',
      'updatedAt',
    ]);
    const all = await request(t.app.getHttpServer()).get('/api/v1/contacts?limit=100').set(bearer(analyst)).expect(200);
    expect((all.body as Page<ContactSummaryDto>).meta.total).toBe(10);
    await request(t.app.getHttpServer()).get('/api/v1/contacts?segment=customer').set(bearer(analyst)).expect(400);
    await request(t.app.getHttpServer()).get('/api/v1/contacts').set(bearer(management)).expect(403);
    await request(t.app.getHttpServer())
      .post(IMPORTS)
      .set(bearer(management))
      .set('Content-Type', 'text/csv')
      .send('x')
      .expect(403);
  });

  it('lists the values a campaign can target, with their counts, computed from the directory', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/v1/contacts/facets').set(bearer(analyst)).expect(200);
    const facets = res.body as {
      countries: { value: string; count: number }[];
      segments: { value: string; count: number }[];
      roles: { value: string; count: number }[];
      platforms: { value: string; count: number }[];
      truncated: boolean;
    };
    // The same figures, counted another way: each value's count is the directory's total for it.
    const expected = async (column: string) =>
      (
        (await dataSource.query(
          `SELECT ${column} AS value, count(*)::int AS count FROM contacts WHERE ${column} IS NOT NULL
           GROUP BY 1 ORDER BY 2 DESC, 1`,
        )) as { value: string; count: number }[]
      ).map((row) => ({ value: row.value, count: row.count }));
    expect(facets.countries).toEqual(await expected('country'));
    expect(facets.segments).toEqual(await expected('segment'));
    expect(facets.roles).toEqual(await expected('role'));
    expect(facets.platforms).toEqual(await expected('platform'));
    expect(facets.countries.reduce((sum, c) => sum + c.count, 0)).toBe(10);
    expect(facets.roles.length).toBeGreaterThan(0);
    expect(facets.truncated).toBe(false);
    expect(JSON.stringify(facets)).not.toMatch(/[\w.]+@[\w.]+\.[a-z]|Durand/i);
    await request(t.app.getHttpServer()).get('/api/v1/contacts/facets').set(bearer(management)).expect(403);
  });

  it('finds a contact by exact address through the blind index, for a stated purpose, audited, without identifying fields', async () => {
    const search = (body: object, purpose: Record<string, string> = PURPOSE) =>
      request(t.app.getHttpServer()).post('/api/v1/contacts/search').set(bearer(analyst)).set(purpose).send(body);
    const countEvents = async (action: string) =>
      Number((await dataSource.query('SELECT count(*) AS n FROM audit_events WHERE action = $1', [action]))[0].n);
    const searchedBefore = await countEvents('contact.searched');

    // Trimmed and case-insensitive, as imports compare addresses.
    const found = await search({ email: '  Amelie.Durand@EXAMPLE.fr ' }).expect(200);
    const matches = (found.body as { items: ContactSummaryDto[] }).items;
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ country: 'FR', segment: 'applicant', platform: 'ePCT' });
    expect(JSON.stringify(found.body)).not.toMatch(/amelie|Durand/i);
    expect(found.headers['cache-control']).toContain('no-store');

    // No partial search, and an unknown address finds nobody (still audited).
    expect(((await search({ email: 'amelie' }).expect(400)).body as Problem).errors?.[0].field).toBe('email');
    await search({ email: 'amelie.durand@example' }).expect(200, { items: [] });
    await search({ email: 'nobody@example.org' }).expect(200, { items: [] });

    // A purpose is required, and management may not look anyone up.
    const refused = await search({ email: 'amelie.durand@example.fr' }, {}).expect(400);
    expect((refused.body as Problem).errors?.[0].field).toBe('purpose');
    await request(t.app.getHttpServer())
      .post('/api/v1/contacts/search')
      .set(bearer(management))
      .set(PURPOSE)
      .send({ email: 'amelie.durand@example.fr' })
      .expect(403);

    expect((await countEvents('contact.searched')) - searchedBefore).toBe(3);
    const [foundEvent] = await dataSource.query(
      `SELECT purpose, resource_id, details FROM audit_events WHERE action = 'contact.found' ORDER BY seq DESC LIMIT 1`,
    );
    expect(foundEvent).toMatchObject({
      purpose: 'survey-administration',
      resource_id: await t.app.get(AuditService).storedResourceId('contact', matches[0].id),
    });
    const everything = JSON.stringify(await dataSource.query('SELECT * FROM audit_events'));
    expect(everything).not.toMatch(/amelie|nobody@/i);
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
    const id = await contactIdByEmail('ana@example.pt');
    const ana = (await request(t.app.getHttpServer()).get(`/api/v1/contacts/${id}`).set(bearer(analyst)).set(PURPOSE))
      .body as ContactDto;
    expect(Number(ana.relationshipSince?.slice(0, 4))).toBe(new Date().getUTCFullYear() - 4);
  });

  describe('refuses a whole file with a 4xx and writes nothing', () => {
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

  // A server killed mid-import is covered with real processes in faults.e2e-spec.ts; this covers
  // the rules: an unfinished import is taken for interrupted once its owner's session no longer
  // holds the import's lock, or once its lease has run out, and never while both still hold.
  it("marks an unfinished import failed once its owner's session is gone or its lease has run out", async () => {
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    try {
      const insert = async (lease: string) =>
        (
          await dataSource.query(
            `INSERT INTO contact_imports (format, status, size_bytes, total_rows, processed_rows, owner_id, lease_expires_at)
             VALUES ('csv', 'running', 100, 10, 3, 'another-server', now() + $1::interval) RETURNING id`,
            [lease],
          )
        )[0].id as string;
      const held = await insert('30 seconds');
      const expired = await insert('-1 second');
      await owner.query("SELECT pg_advisory_lock(x'696d7072'::int, hashtext($1))", [held]);
      const imports = t.app.get(ContactImportsService);
      expect(await imports.failInterrupted()).toEqual([expired]);
      const status = async (id: string) =>
        (await request(t.app.getHttpServer()).get(`${IMPORTS}/${id}`).set(bearer(analyst)).expect(200))
          .body as ContactImportDto;
      expect(await status(held)).toMatchObject({ status: 'running' });
      expect(await status(expired)).toMatchObject({ status: 'failed', processedRows: 3, percent: 30 });

      await owner.end();
      expect(await imports.failInterrupted()).toEqual([held]);
      const job = await status(held);
      expect(job).toMatchObject({ status: 'failed', processedRows: 3 });
      expect(job.failureReason).toMatch(/interrupted/);
    } finally {
      await owner.end().catch(() => undefined);
    }
  });

  it('drops an upload the client abandons half-way, writing nothing and logging no server error', async () => {
    const imports = await countImports();
    const server = (t.app.getHttpServer() as Server).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
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

  describe('rectification', () => {
    it('validates like an import, applies, and audits the field names only', async () => {
      const id = await contactIdByEmail('li.wei@example.cn');
      const bad = await request(t.app.getHttpServer())
        .patch(`/api/v1/contacts/${id}`)
        .set(bearer(analyst))
        .set(PURPOSE)
        .send({ country: 'XX', registrationNumbers: ['12'] })
        .expect(400);
      expect((bad.body as Problem).errors?.map((e) => e.field).sort()).toEqual(['country', 'registrationNumbers']);

      const taken = await request(t.app.getHttpServer())
        .patch(`/api/v1/contacts/${id}`)
        .set(bearer(analyst))
        .set(PURPOSE)
        .send({ email: 'J.Mueller@example.de' });
      expect(taken.status).toBe(409);

      const ok = await request(t.app.getHttpServer())
        .patch(`/api/v1/contacts/${id}`)
        .set(bearer(analyst))
        .set(PURPOSE)
        .send({ name: 'Li Wei', email: 'Li.Wei@Example.com', role: null })
        .expect(200);
      expect(ok.body).toMatchObject({ name: 'Li Wei', email: 'li.wei@example.com', role: null, country: 'CN' });
      const [event] = await dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'contact.rectified' AND resource_id = $1`,
        [await t.app.get(AuditService).storedResourceId('contact', id!)],
      );
      expect(event.details).toEqual({ fields: ['name', 'email', 'role'] });
      expect(JSON.stringify(event)).not.toMatch(/Li Wei|example\.com/);
      // The new address finds the contact on the next import instead of creating another.
      const job = await importFile(`${HEADER}\r\nLi Wei,li.wei@example.com,CN,holder,,,,Madrid,zh\r\n`);
      expect(job).toMatchObject({ created: 0, updated: 1 });
    });
  });

  it('never writes a personal value into the log', () => {
    for (const value of [
      'amelie.durand',
      'Amelie.Durand',
      'nobody@example.org',
      'Müller',
      '李伟',
      'HYPERLINK',
      'li.wei',
    ]) {
      expect(t.log.text).not.toContain(value);
    }
  });
});
