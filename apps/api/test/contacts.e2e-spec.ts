import type { components } from '@survey/api-client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { contactIdByEmail, HEADER, importFinished, PURPOSE, readContact } from './utils/contacts';
import { createTestDatabase, TestDatabase } from './utils/database';
import { importContacts } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Segment = components['schemas']['Segment'];
type UpdateContact = components['schemas']['UpdateContactDto'];

const FIXTURE = readFileSync(join(__dirname, 'fixtures/contacts-extract.csv'));

describe('Contact directory: reading, listing, finding and rectifying contacts', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;

  const as = (token: string) => t.api({ staff: token });
  const byId = (id: string) => ({ params: { path: { id } } });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { CONTACT_IMPORT_MAX_BYTES: '64kb' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    // The fixture's 10 contacts (its import is checked in contacts-import.e2e-spec.ts).
    expect(await importFinished(t, as(analyst), FIXTURE)).toMatchObject({ status: 'completed', created: 10 });
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
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

    const id = await contactIdByEmail(t, as(analyst), 'amelie.durand@example.fr');
    expect(id).toBeDefined();
    const { data: amelie, response } = await answered(readContact(as(analyst), id!), 200);
    // Row 10 (same address, other case) updated row 2's contact.
    expect(amelie).toMatchObject({
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
    expect(response.headers.get('cache-control')).toBe('no-store');

    const all = await Promise.all(
      (await dataSource.query('SELECT id FROM contacts')).map(({ id }: { id: string }) =>
        dataOf(readContact(as(analyst), id)),
      ),
    );
    const byEmail = new Map(all.map((contact) => [contact.email, contact]));
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
    const refused = await problemOf(as(analyst).GET('/api/v1/contacts/{id}', byId(id)), 400);
    expect(refused.errors?.[0].field).toBe('purpose');
    await answered(readContact(as(analyst), id), 200);
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

  it('lists contacts without identifying fields, filtered by country and segment', async () => {
    const list = (token: string, query: { country?: string; segment?: Segment; limit?: number } = {}) =>
      as(token).GET('/api/v1/contacts', { params: { query } });
    const page = await dataOf(list(analyst, { country: 'fr', segment: 'applicant' }));
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
    const all = await dataOf(list(analyst, { limit: 100 }));
    expect(all.meta.total).toBe(10);
    await answered(list(analyst, { segment: 'customer' as Segment }), 400);
    await answered(list(management), 403);
    await answered(importContacts(as(management), 'x'), 403);
  });

  it('lists the values a campaign can target, with their counts, computed from the directory', async () => {
    const facets = await dataOf(as(analyst).GET('/api/v1/contacts/facets'));
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
    await answered(as(management).GET('/api/v1/contacts/facets'), 403);
  });

  it('finds a contact by exact address through the blind index, for a stated purpose, audited, without identifying fields', async () => {
    const search = (email: string, purpose: { 'X-Purpose'?: string } = PURPOSE, token = analyst) =>
      as(token).POST('/api/v1/contacts/search', { params: { header: purpose }, body: { email } });
    const countEvents = async (action: string) =>
      Number((await dataSource.query('SELECT count(*) AS n FROM audit_events WHERE action = $1', [action]))[0].n);
    const searchedBefore = await countEvents('contact.searched');

    // Trimmed and case-insensitive, as imports compare addresses.
    const { data: found, response } = await answered(search('  Amelie.Durand@EXAMPLE.fr '), 200);
    const matches = found!.items;
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ country: 'FR', segment: 'applicant', platform: 'ePCT' });
    expect(JSON.stringify(found)).not.toMatch(/amelie|Durand/i);
    expect(response.headers.get('cache-control')).toContain('no-store');

    // No partial search, and an unknown address finds nobody (still audited).
    expect((await problemOf(search('amelie'), 400)).errors?.[0].field).toBe('email');
    expect(await dataOf(search('amelie.durand@example'))).toEqual({ items: [] });
    expect(await dataOf(search('nobody@example.org'))).toEqual({ items: [] });

    // A purpose is required, and management may not look anyone up.
    const refused = await problemOf(search('amelie.durand@example.fr', {}), 400);
    expect(refused.errors?.[0].field).toBe('purpose');
    await answered(search('amelie.durand@example.fr', PURPOSE, management), 403);

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

  describe('rectification', () => {
    it('validates like an import, applies, and audits the field names only', async () => {
      const id = (await contactIdByEmail(t, as(analyst), 'li.wei@example.cn'))!;
      const rectify = (body: UpdateContact) =>
        as(analyst).PATCH('/api/v1/contacts/{id}', { params: { path: { id }, header: PURPOSE }, body });
      const bad = await problemOf(rectify({ country: 'XX', registrationNumbers: ['12'] }), 400);
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['country', 'registrationNumbers']);

      await answered(rectify({ email: 'J.Mueller@example.de' }), 409);

      const ok = await dataOf(rectify({ name: 'Li Wei', email: 'Li.Wei@Example.com', role: null }));
      expect(ok).toMatchObject({ name: 'Li Wei', email: 'li.wei@example.com', role: null, country: 'CN' });
      const [event] = await dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'contact.rectified' AND resource_id = $1`,
        [await t.app.get(AuditService).storedResourceId('contact', id)],
      );
      expect(event.details).toEqual({ fields: ['name', 'email', 'role'] });
      expect(JSON.stringify(event)).not.toMatch(/Li Wei|example\.com/);
      // The new address finds the contact on the next import instead of creating another.
      const job = await importFinished(
        t,
        as(analyst),
        `${HEADER}\r\nLi Wei,li.wei@example.com,CN,holder,,,,Madrid,zh\r\n`,
      );
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
