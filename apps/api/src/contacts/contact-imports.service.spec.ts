import { Readable } from 'node:stream';
import { PageQueryDto } from '../common/pagination';
import { ProblemType } from '../common/problem-types';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { contactRow, importFile, newContacts, newStaffUser, pageQuery } from '../../test/utils/factories';
import { extractCsv } from '../../test/utils/respondents';
import { ImportIssueSeverity, ImportStatus } from './contact-import.entity';
import { ContactImportsService } from './contact-imports.service';
import { ContactsService } from './contacts.service';

const HEADER = 'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n', 'utf8');

/** Contact imports: rows checked one by one, good ones written, bad ones reported (never their values). */
describe('ContactImportsService', () => {
  let t: MediumTest;
  let imports: ContactImportsService;
  let analyst: string;

  const issuesOf = async (id: string) =>
    (await imports.issues(id, pageQuery(PageQueryDto, { limit: 100 }))).items.map(
      ({ row, field, severity, reason }) => ({
        row,
        field,
        severity,
        reason,
      }),
    );
  const start = (file: Buffer, contentType = 'text/csv') =>
    imports.start(analyst, Readable.from([file]), contentType, String(file.length));

  beforeAll(async () => {
    t = await createMediumTest({ now: new Date('2026-03-15T12:00:00Z') });
    imports = t.get(ContactImportsService);
    analyst = (await newStaffUser(t)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes the valid rows, rejects the others, and records each issue by row and field', async () => {
    const { job } = await importFile(
      t,
      csv(
        'Ada Lovelace,ada@example.org,GB,applicant,1234567,Inventor,2015-03-01,ePCT,en',
        ',no.name@example.org,FR,agent,,,,ePCT,fr',
        'Bad Mail,not-an-address,FR,agent,,,,ePCT,fr',
        'Bad Country,bad.country@example.org,XX,agent,,,,ePCT,fr',
        'Future,future@example.org,DE,holder,,,2027-01-01,Madrid,de',
        'Odd Language,odd.language@example.org,ES,holder,12,,,Hague,tlh',
      ),
      'text/csv',
      { actorId: analyst },
    );
    expect(job).toMatchObject({
      status: ImportStatus.Completed,
      totalRows: 6,
      processedRows: 6,
      created: 1,
      updated: 0,
      rejected: 5,
      createdBy: analyst,
    });
    expect(await issuesOf(job.id)).toEqual(
      expect.arrayContaining([
        { row: 3, field: 'full_name', severity: ImportIssueSeverity.Error, reason: 'is required' },
        { row: 4, field: 'email', severity: ImportIssueSeverity.Error, reason: 'must be a valid e-mail address' },
        {
          row: 5,
          field: 'country_code',
          severity: ImportIssueSeverity.Error,
          reason: 'must be an ISO 3166-1 alpha-2 country code',
        },
        { row: 6, field: 'customer_since', severity: ImportIssueSeverity.Error, reason: 'must not be in the future' },
        {
          row: 7,
          field: 'ir_numbers',
          severity: ImportIssueSeverity.Error,
          reason: 'each registration number must be 6 to 8 digits, separated by ";"',
        },
      ]),
    );
    // The report says where and why, never the value.
    expect(JSON.stringify(await issuesOf(job.id))).not.toMatch(/not-an-address|XX|2027-01-01|Bad Mail/);
    const contacts = t.get(ContactsService);
    expect(await contacts.findByEmail('ada@example.org')).toHaveLength(1);
    for (const email of ['no.name@example.org', 'not-an-address', 'bad.country@example.org', 'future@example.org']) {
      expect(await contacts.findByEmail(email)).toEqual([]);
    }
    const events = await t.query<{ action: string; details: Record<string, number> }>(
      'SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY seq',
      [job.id],
    );
    expect(events.map((e) => e.action)).toEqual(['contact_import.started', 'contact_import.completed']);
    expect(events[1].details).toMatchObject({ rows: 6, created: 1, rejected: 5 });
  });

  it('keeps a row with only a warning, and says what it did instead', async () => {
    const row = contactRow({ language: 'tlh' });
    const { job } = await importFile(t, extractCsv([row]), 'text/csv', { actorId: analyst });
    expect(job).toMatchObject({ status: ImportStatus.Completed, created: 1, rejected: 0, warnings: 1 });
    expect(await issuesOf(job.id)).toEqual([
      expect.objectContaining({ row: 2, field: 'preferred_language', severity: ImportIssueSeverity.Warning }),
    ]);
    const [contact] = await t.get(ContactsService).findByEmail(row.email);
    expect(contact.language).toBe('en');
  });

  it('updates a contact already known by its address instead of adding it twice', async () => {
    const { contactIds } = await newContacts(t, [{ email: 'known@example.org', country: 'FR' }], { actorId: analyst });
    const again = await newContacts(t, [{ email: 'known@example.org', country: 'DE' }], { actorId: analyst });
    expect(again.job).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    expect(again.contactIds).toEqual(contactIds);
    const { contact } = await t.get(ContactsService).get(contactIds[0]);
    expect(contact.country).toBe('DE');
  });

  it('notes the columns it does not know as warnings on the header row', async () => {
    const file = Buffer.from(`${HEADER},favourite_colour\r\nZed,zed@example.org,FR,agent,,,,ePCT,fr,blue\r\n`, 'utf8');
    const { job } = await importFile(t, file, 'text/csv', { actorId: analyst });
    expect(job).toMatchObject({ status: ImportStatus.Completed, created: 1, warnings: 1 });
    expect(await issuesOf(job.id)).toEqual([
      {
        row: 1,
        field: 'favourite_colour',
        severity: ImportIssueSeverity.Warning,
        reason: 'is not a contact field; the column was not imported',
      },
    ]);
  });

  it('imports the same contacts from JSON', async () => {
    const rows = [
      {
        full_name: 'Jason Row',
        email: 'jason.row@example.org',
        country_code: 'IT',
        segment: 'holder',
        platform: 'Hague',
      },
    ];
    const { job } = await importFile(t, Buffer.from(JSON.stringify(rows)), 'application/json', { actorId: analyst });
    expect(job).toMatchObject({ status: ImportStatus.Completed, format: 'json', created: 1, rejected: 0 });
  });

  describe('refuses a file it cannot read at all, before any import exists', () => {
    const importsCount = async () =>
      (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM contact_imports'))[0].n;

    it.each([
      ['a header without a required column', Buffer.from('full_name,email\r\nA,a@example.org\r\n'), 'text/csv', 400],
      ['a header only', csv(), 'text/csv', 400],
      ['JSON that is not an array', Buffer.from('{"email":"x@example.org"}'), 'application/json', 400],
      ['bytes that are not UTF-8', Buffer.from([0x66, 0x75, 0x6c, 0xff, 0xfe, 0x0a]), 'text/csv', 400],
      ['a format it does not take', csv('A,a@example.org,FR,agent,,,,ePCT,fr'), 'text/plain', 415],
    ])('%s', async (_what, file, contentType, status) => {
      const before = await importsCount();
      const refused = await refusalOf(start(file, contentType));
      expect(refused).toMatchObject({ status, type: ProblemType.ContactImportRejected });
      expect(refused.fields.length).toBeGreaterThan(0);
      expect(await importsCount()).toBe(before);
    });

    it('names the header when a required column is missing', async () => {
      const refused = await refusalOf(start(Buffer.from('full_name,email\r\nA,a@example.org\r\n')));
      expect(refused.fields).toEqual(['header']);
      expect(refused.detail).toContain('country_code');
    });
  });

  it('answers not found for an import that does not exist', async () => {
    expect((await refusalOf(imports.get('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect(
      (await refusalOf(imports.issues('00000000-0000-4000-8000-000000000000', pageQuery(PageQueryDto)))).status,
    ).toBe(404);
  });
});
