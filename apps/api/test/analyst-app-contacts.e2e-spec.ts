import type { components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import type { Watched } from './utils/respondent-browser';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type CampaignTarget = components['schemas']['CampaignTargetDto'];
type CreateSurvey = components['schemas']['CreateSurveyDto'];
type SurveyDto = components['schemas']['SurveyDto'];

/** The filing platforms' extract (the same file as /work/shared/fixtures/contacts-extract.csv). */
const FIXTURE_PATH = join(__dirname, 'fixtures/contacts-extract.csv');
const FIXTURE = readFileSync(FIXTURE_PATH, 'utf8');
const HEADER = 'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language';
/** One good row (with a language the platform does not offer: a warning) and three refused ones. */
const BAD_ROWS = [
  HEADER,
  'Nora Lind,nora.lind@example.se,SE,holder,,Director,2014-02-02,Hague,sv',
  'Bad Country Two,bad.country2@example.com,XX,agent,,,2016-01-01,ePCT,en',
  'No Segment,no.segment@example.com,SE,,,,2016-01-01,ePCT,en',
  'Bad Date Two,bad.date2@example.com,SE,agent,,,2020-02-30,ePCT,en',
].join('\r\n');
/** Every e-mail address and name the two files hold: none may appear in a URL the page asked for. */
const PERSONAL_VALUES = [FIXTURE, BAD_ROWS].flatMap((csv) =>
  csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .flatMap((line) => {
      const email = /[^\s,"]+@[^\s,"]+/.exec(line)?.[0];
      const name = line.startsWith('"') ? line.slice(1, line.indexOf('",')) : line.slice(0, line.indexOf(','));
      return [email, name.trim()].filter((v): v is string => !!v && v.length > 3);
    }),
);

/** The text of each body row of a table, cell by cell. */
async function rowsOf(page: Page, testId: string): Promise<string[][]> {
  const rows = await page.getByTestId(testId).locator('tbody tr').allInnerTexts();
  // French groups digits and spaces percentages with narrow no-break spaces: compare as spaces.
  return rows.map((row) => row.split('\t').map((cell) => cell.replace(/[\u00a0\u202f]/g, ' ').trim()));
}

/** The value cell next to a row header, e.g. "Created" in the counts table. */
async function countIn(page: Page, testId: string, label: RegExp): Promise<string> {
  return (
    await page.getByTestId(testId).getByRole('row', { name: label }).getByRole('cell').first().innerText()
  ).trim();
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('the analyst app: contacts and campaigns', () => {
  let c: Console;
  let smtp: TestSmtp;
  let analyst: TestStaff;
  let token: string;
  let dataSource: DataSource;
  let w: Watched;
  let page: Page;
  let openSurvey: SurveyDto;
  let draftSurvey: SurveyDto;
  let campaignId: string;
  /** Every answer of 400 or more the page received: "METHOD /path status". */
  const refusals: string[] = [];

  const api = () => c.t.api({ staff: token });
  const campaignOf = (id: string) => api().GET('/api/v1/campaigns/{id}', { params: { path: { id } } });
  const auditEvents = (action: string): Promise<{ actor_id: string; purpose: string; resource_id: string | null }[]> =>
    dataSource.query('SELECT actor_id, purpose, resource_id FROM audit_events WHERE action = $1 ORDER BY seq DESC', [
      action,
    ]);

  async function newSurvey(name: string, publish: boolean): Promise<SurveyDto> {
    const questionnaire = sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'];
    const survey = await dataOf(api().POST('/api/v1/surveys', { body: { name, questionnaire } }), 201);
    if (!publish) return survey;
    return dataOf(api().POST('/api/v1/surveys/{id}/publish', { params: { path: { id: survey.id } } }));
  }

  const preview = (target: CampaignTarget) =>
    dataOf(
      api().POST('/api/v1/surveys/{id}/campaigns/preview', { params: { path: { id: openSurvey.id } }, body: target }),
    );

  async function liveCount(): Promise<string> {
    const count = page.getByTestId('live-count');
    await page.locator('[data-testid="live-count"][data-state="ready"]').waitFor();
    return (await count.innerText()).trim();
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    c = await startConsole({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_POLL_INTERVAL_MS: '300',
      MAIL_FROM: 'satisfaction@survey.example.org',
      PUBLIC_URL: 'https://surveys.example.org',
      MAX_REMINDERS: '2',
      // The minimum delay between mailings has its own browser test (analyst-app-reminders).
      REMINDER_MIN_DELAY_DAYS: '0',
    });
    dataSource = c.t.app.get(DataSource);
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
    openSurvey = await newSurvey('Filers 2027', true);
    draftSurvey = await newSurvey('Agents pilot', false);
    w = await desktopPage(c.browser);
    page = w.page;
    page.on('response', (response) => {
      if (response.status() >= 400) {
        refusals.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
      }
    });
    await signIn(page, c.origin, analyst, '/contacts');
  }, 60_000);

  afterAll(async () => {
    await w?.close();
    await c?.close();
    await smtp?.close();
  });

  it('uploads the platforms’ extract, follows its progress to the end, and shows the API’s counts and row report', async () => {
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.getByText('No import yet.').waitFor();
    await page.getByLabel('File to import').setInputFiles(FIXTURE_PATH);
    await page.getByText(/Chosen: contacts-extract\.csv/).waitFor();
    await page.getByRole('button', { name: 'Upload and import' }).click();

    await page.waitForURL(/\/contacts\/imports\/[0-9a-f-]{36}$/);
    const importId = page.url().split('/').pop()!;
    await page.getByTestId('import-status').filter({ hasText: 'Done: all 19 rows processed.' }).waitFor();
    expect(await page.getByTestId('import-progress').getAttribute('value')).toBe('100');

    const job = await dataOf(api().GET('/api/v1/contacts/imports/{id}', { params: { path: { id: importId } } }));
    // The fixture README: 10 created, row 10 updates row 2, rows 11–17 and 19 refused.
    expect(job).toMatchObject({ status: 'completed', totalRows: 19, created: 10, updated: 1, rejected: 8 });
    expect(await countIn(page, 'import-counts', /^Rows in the file/)).toBe(String(job.totalRows));
    expect(await countIn(page, 'import-counts', /^Created/)).toBe(String(job.created));
    expect(await countIn(page, 'import-counts', /^Updated/)).toBe(String(job.updated));
    expect(await countIn(page, 'import-counts', /^Rejected/)).toBe(String(job.rejected));
    expect(await countIn(page, 'import-counts', /^Warnings/)).toBe(String(job.warnings));

    const issues = await rowsOf(page, 'import-issues');
    const errorRows = issues.filter((row) => row[2] === 'Error').map((row) => Number(row[0]));
    expect([...new Set(errorRows)]).toEqual([11, 12, 13, 14, 15, 16, 17, 19]);
    expect(issues).toContainEqual(['11', 'email', 'Error', 'is required']);
    expect(issues.find((row) => row[0] === '13')?.[1]).toBe('country_code');
    // The report names the row, field and reason, never the refused value.
    const text = await page.locator('main').innerText();
    for (const refused of ['not-an-email', 'bad.country@example.com', '2017-13-45', '12ab', 'XXXXXXXXXX']) {
      expect(text).not.toContain(refused);
    }
    expect(await checkPage(page, 'contacts-import-report')).toEqual([]);
  });

  it('shows the API’s problem for a file it refuses, and the row report of a dropped file with bad rows', async () => {
    await page.getByRole('link', { name: 'Back to contacts' }).click();
    await page.getByLabel('File to import').setInputFiles({
      name: 'no-email-column.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('full_name,country_code,segment,platform\r\nA Person,FR,agent,ePCT\r\n'),
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/email/);
    expect(page.url()).toBe(`${c.origin}/contacts`);

    // Dropped on the page rather than chosen.
    const dropped = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(BAD_ROWS)}], 'bad-rows.csv', { type: 'text/csv' })); return dt; })()`,
    );
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByText(/Chosen: bad-rows\.csv/).waitFor();
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/contacts\/imports\/[0-9a-f-]{36}$/);
    await page.getByTestId('import-status').filter({ hasText: 'Done: all 4 rows processed.' }).waitFor();
    expect(await countIn(page, 'import-counts', /^Created/)).toBe('1');
    expect(await countIn(page, 'import-counts', /^Rejected/)).toBe('3');
    expect(await countIn(page, 'import-counts', /^Warnings/)).toBe('1');
    const issues = await rowsOf(page, 'import-issues');
    expect(issues.map((row) => [row[0], row[1], row[2]])).toEqual([
      ['2', 'preferred_language', 'Warning'],
      ['3', 'country_code', 'Error'],
      ['4', 'segment', 'Error'],
      ['5', 'customer_since', 'Error'],
    ]);
    await page.getByLabel('Show').selectOption('warning');
    await until('the warnings only', async () => (await rowsOf(page, 'import-issues')).length === 1);
    expect((await rowsOf(page, 'import-issues'))[0].slice(0, 3)).toEqual(['2', 'preferred_language', 'Warning']);

    await page.getByRole('link', { name: 'Back to contacts' }).click();
    await page.getByTestId('imports-table').waitFor();
    // The list shows what it held before while it refetches: wait for the new import to appear.
    await until('both imports listed', async () => (await rowsOf(page, 'imports-table')).length >= 2);
    const imports = await rowsOf(page, 'imports-table');
    expect(imports).toHaveLength(2);
    expect(imports.map((row) => row.slice(2, 8))).toEqual([
      ['Done', '4', '1', '0', '3', '1'],
      ['Done', '19', '10', '1', '8', '1'],
    ]);
  });

  it('shows the upload’s own progress on a slow connection, then a long row report page by page', async () => {
    // 3,000 rows whose segment no platform uses: every row is refused, nobody is created.
    const rows = Array.from({ length: 3000 }, (_, i) => `Filer ${i},filer${i}@example.net,SE,customer,,,,Hague,en`);
    const big = Buffer.from([HEADER, ...rows].join('\r\n'));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 48 * 1024,
    });
    try {
      await page.getByLabel('File to import').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
      await page.getByRole('button', { name: 'Upload and import' }).click();
      const bar = page.getByRole('progressbar', { name: 'Step 1 of 2: sending the file' });
      await until('the upload half-way', async () => {
        const value = Number((await bar.getAttribute('value').catch(() => null)) ?? 'NaN');
        return value > 0 && value < 1;
      });
      expect(await page.getByRole('button', { name: 'Sending the file…' }).isDisabled()).toBe(true);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    }
    await page.waitForURL(/\/contacts\/imports\/[0-9a-f-]{36}$/);
    await page.getByTestId('import-status').filter({ hasText: 'Done: all 3,000 rows processed.' }).waitFor();
    expect(await countIn(page, 'import-counts', /^Rejected/)).toBe('3,000');
    expect(await countIn(page, 'import-counts', /^Created/)).toBe('0');
    await page.getByText(/^Page 1 of 150 · 3,000 in all$/).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(/^Page 2 of 150 · 3,000 in all$/).waitFor();
    expect((await rowsOf(page, 'import-issues'))[0]).toEqual([
      '22',
      'segment',
      'Error',
      expect.stringMatching(/^must be one of/),
    ]);
    await page.getByRole('link', { name: 'Back to contacts' }).click();
  });

  it('lists contacts without personal fields, filters by country, and reads personal fields only for a chosen purpose', async () => {
    const directory = page.getByRole('region', { name: 'Directory' });
    await directory.getByText(/^Page 1 of 1 · 11 in all$/).waitFor();
    let main = await page.locator('main').innerText();
    expect(main).not.toMatch(/Amélie|amelie|Müller|Nora Lind/);

    // A code the API would refuse: checked before asking, its reason next to the field.
    await directory.getByLabel('Country (ISO code').fill('1X');
    await directory.getByRole('button', { name: 'Filter', exact: true }).click();
    await directory.getByText('This is not in the expected format.').first().waitFor();
    expect(await directory.getByLabel('Country (ISO code').getAttribute('aria-invalid')).toBe('true');

    await directory.getByLabel('Country (ISO code').fill('FR');
    await directory.getByRole('button', { name: 'Filter', exact: true }).click();
    await directory.getByText(/^Page 1 of 1 · 1 in all$/).waitFor();
    const rows = await rowsOf(page, 'contacts-in-directory');
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 5)).toEqual(['France (FR)', 'Applicant', 'Patent attorney', 'ePCT', 'French']);
    const listed = await dataOf(api().GET('/api/v1/contacts', { params: { query: { country: 'FR' } } }));
    expect(listed.meta.total).toBe(1);
    const contactId = listed.items[0].id;

    // No purpose chosen: nothing is read.
    const readsBefore = (await auditEvents('contact.read')).length;
    await directory.getByRole('button', { name: 'Show personal fields' }).click();
    await directory.getByRole('button', { name: 'Show personal fields' }).click();
    await directory.getByText('Choose why you need to read these fields.').waitFor();
    expect(w.requested.some((url) => url.endsWith(`/api/v1/contacts/${contactId}`))).toBe(false);
    expect(await checkPage(page, 'contacts-purpose-required')).toEqual([]);

    await directory.getByLabel('Purpose of this reading').selectOption('data-quality');
    await directory.getByRole('button', { name: 'Show personal fields' }).click();
    const personal = page.getByTestId('personal-fields');
    await personal.getByText('amelie.durand@example.fr').waitFor();
    // Row 10 of the extract (same address, other case) updated row 2's contact, name included.
    expect(await personal.innerText()).toContain('Duplicate Upper');
    expect(await personal.innerText()).toContain('Checking and correcting the quality of the data');
    const reads = await auditEvents('contact.read');
    expect(reads).toHaveLength(readsBefore + 1);
    // The contact is named by a reference under its own key, never by its id.
    expect(reads[0]).toEqual({
      actor_id: analyst.user.id,
      purpose: 'data-quality',
      resource_id: await c.t.app.get(AuditService).storedResourceId('contact', contactId),
    });
    expect(reads[0].resource_id).toMatch(/^sref_[\w-]{43}$/);
    expect(await checkPage(page, 'contacts-personal-fields')).toEqual([]);

    await personal.getByRole('button', { name: 'Hide personal fields' }).click();
    main = await page.locator('main').innerText();
    expect(main).not.toContain('amelie.durand@example.fr');
  });

  it('finds a person by whole e-mail address for a purpose, audited, showing them without personal fields', async () => {
    const search = page.getByRole('region', { name: 'Find a person by e-mail address' });
    const searchedBefore = (await auditEvents('contact.searched')).length;
    await search.getByLabel('E-mail address', { exact: true }).fill('LI.WEI@example.cn');
    await search.getByRole('button', { name: 'Find' }).click();
    await search.getByText('Choose why you need to read these fields.').waitFor();
    expect((await auditEvents('contact.searched')).length).toBe(searchedBefore);

    await search.getByLabel('Purpose of this reading').selectOption('survey-administration');
    await search.getByRole('button', { name: 'Find' }).click();
    await search.getByText('One contact has this address.').waitFor();
    const found = await search.getByTestId('contact-row').innerText();
    expect(found).toContain('China (CN)');
    expect(found).not.toMatch(/li\.wei|李伟/i);
    const [searched] = await auditEvents('contact.searched');
    expect(searched).toMatchObject({ actor_id: analyst.user.id, purpose: 'survey-administration' });
    const [match] = await auditEvents('contact.found');
    expect(match.purpose).toBe('survey-administration');
    expect(match.resource_id).toMatch(/^sref_[\w-]{43}$/);

    await search.getByLabel('E-mail address', { exact: true }).fill('li.wei');
    await search.getByRole('button', { name: 'Find' }).click();
    // Checked before sending: a part of an address is not searched for.
    await search.getByText('Enter an e-mail address, such as name@example.org.').first().waitFor();
    await search.getByLabel('E-mail address', { exact: true }).fill('nobody@example.org');
    await search.getByRole('button', { name: 'Find' }).click();
    await search.getByText('No contact has this address.').waitFor();
  });

  it('shows the API’s 409 when a campaign is sent for a survey that is not published', async () => {
    await page.goto(`${c.origin}/surveys/${draftSurvey.id}/campaigns`);
    await page.getByRole('heading', { level: 1, name: 'Campaigns: Agents pilot' }).waitFor();
    await page.getByTestId('survey-not-open').waitFor();
    await page.getByRole('navigation', { name: 'Survey sections' }).waitFor();
    await page.getByLabel('Campaign name').fill('Too early');
    await page.getByRole('button', { name: 'Send invitations…' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('The survey is draft; only an open survey can do this.');
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM campaigns'))[0].n)).toBe(0);
    expect(await checkPage(page, 'campaigns-draft-survey-409')).toEqual([]);
  });

  it('counts who a target invites as it changes, then sends the campaign and follows its funnel', async () => {
    await page.goto(`${c.origin}/surveys/${openSurvey.id}/campaigns`);
    await page.getByRole('heading', { level: 1, name: 'Campaigns: Filers 2027' }).waitFor();
    await page.getByText('No campaign yet.').waitFor();
    expect(await page.getByTestId('survey-not-open').count()).toBe(0);

    const everyone = await preview({});
    expect(everyone.toInvite).toBe(11);
    expect(await liveCount()).toContain(`${everyone.toInvite} contacts will be invited`);

    await page.getByLabel('Countries').fill('FR, cn');
    await page.getByTestId('chosen-countries').filter({ hasText: 'France (FR), China (CN)' }).waitFor();
    await until('the count of FR and CN', async () => (await liveCount()).includes('2 contacts will be invited'));
    expect((await preview({ countries: ['FR', 'CN'] })).toInvite).toBe(2);

    await page.getByRole('checkbox', { name: 'Holder' }).check();
    await until('the count of FR and CN holders', async () =>
      (await liveCount()).includes('One contact will be invited'),
    );
    expect((await preview({ countries: ['FR', 'CN'], segments: ['holder'] })).toInvite).toBe(1);
    await page.getByRole('checkbox', { name: 'Holder' }).uncheck();

    // Roles and platforms are ticked from what the directory holds, each shown with its count.
    const facets = await dataOf(api().GET('/api/v1/contacts/facets'));
    const platformBoxes = page.getByTestId('target-platforms').getByRole('checkbox');
    expect(await page.getByTestId('target-platforms').locator('label').allInnerTexts()).toEqual(
      facets.platforms.map((p) => `${p.value} (${p.count})`),
    );
    expect(await page.getByTestId('target-roles').getByRole('checkbox').count()).toBe(facets.roles.length);
    const shown = (n: number) =>
      n === 0 ? 'Nobody would be invited' : n === 1 ? 'One contact will be invited' : `${n} contacts will be invited`;
    expect(await platformBoxes.count()).toBe(facets.platforms.length);
    await page
      .getByTestId('target-platforms')
      .getByRole('checkbox', { name: /^ePCT \(/ })
      .check();
    const ePct = (await preview({ countries: ['FR', 'CN'], platforms: ['ePCT'] })).toInvite;
    await until('the count of FR and CN on ePCT', async () => (await liveCount()).includes(shown(ePct)));
    await page
      .getByTestId('target-platforms')
      .getByRole('checkbox', { name: /^ePCT \(/ })
      .uncheck();
    await until('the count of FR and CN again', async () => (await liveCount()).includes('2 contacts will be invited'));

    // A code the API refuses while counting: its reason next to the field.
    await page.getByLabel('Countries').fill('FRA');
    await page.getByText('This is not in the expected format.').first().waitFor();
    expect(await page.getByLabel('Countries').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Countries').fill('FR, CN, AE, CH');
    await until('the count of four countries', async () => (await liveCount()).includes('4 contacts will be invited'));

    // No name: the form says so next to the field and puts the focus there, without asking to send.
    const name = page.getByLabel('Campaign name');
    await page.getByRole('button', { name: 'Send invitations…' }).click();
    const nameError = page.locator('.field-error', { hasText: 'This field is required.' });
    await nameError.waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toContain(await nameError.getAttribute('id'));
    expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Send now' }).count()).toBe(0);

    // More reminders than this deployment allows (MAX_REMINDERS=2): the API refuses the field,
    // and its refusal is a sentence next to that field, not the API's words.
    const reminders = page.getByLabel('Reminders per invitee at most');
    await name.fill('Wave 1');
    await reminders.fill('5');
    await page.getByRole('button', { name: 'Send invitations…' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    const remindersError = page.locator('.field-error', { hasText: 'Enter a number of at most 2.' });
    await remindersError.waitFor();
    expect(await reminders.getAttribute('aria-invalid')).toBe('true');
    expect(await reminders.getAttribute('aria-describedby')).toContain(await remindersError.getAttribute('id'));
    expect(await reminders.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.locator('main').innerText()).not.toMatch(/Bad Request|must not exceed|MAX_REMINDERS/);
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM campaigns'))[0].n)).toBe(0);
    expect(await checkPage(page, 'campaigns-new-reminders-refused')).toEqual([]);
    await reminders.fill('');
    expect(await checkPage(page, 'campaigns-new-live-count')).toEqual([]);
    await page.getByRole('button', { name: 'Send invitations…' }).click();
    await page.getByText('Each of the 4 contacts will receive an e-mail inviting them to “Filers 2027”.').waitFor();
    await page.getByRole('button', { name: 'Send now' }).click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: 'Campaign: Wave 1' }).waitFor();
    const stage = (name: string) => page.locator(`[data-testid="funnel-table"] tr[data-stage="${name}"] td`).first();
    await until('4 invited', async () => (await stage('invited').innerText()) === '4');
    await until('4 delivered', async () => (await stage('delivered').innerText()) === '4');
    const campaign = await dataOf(campaignOf(campaignId));
    expect(campaign).toMatchObject({ status: 'completed', targetCount: 4, invitedCount: 4 });
    expect(campaign.funnel).toEqual({
      invited: 4,
      delivered: 4,
      bounced: 0,
      opened: 0,
      started: 0,
      completed: 0,
      optedOut: 0,
    });
    const table = await rowsOf(page, 'funnel-table');
    expect(table).toEqual([
      ['Invited', '4', '100.0%'],
      ['Delivered', '4', '100.0%'],
      ['Opened', '0', '0.0%'],
      ['Started', '0', '0.0%'],
      ['Completed', '0', '0.0%'],
      ['Opted out', '0', '0.0%'],
      ['Bounced', '0', '0.0%'],
    ]);
    expect(await page.getByTestId('funnel-chart').getAttribute('data-rendered')).toBe('true');
    expect(await page.getByTestId('funnel-chart').getAttribute('aria-label')).toMatch(/Funnel of the campaign Wave 1/);
    expect(smtp.inbox.map((d) => d.to).sort()).toEqual([
      'amelie.durand@example.fr',
      'li.wei@example.cn',
      'm.alali@example.ae',
      'padded@example.com',
    ]);
    expect(await checkPage(page, 'campaigns-funnel')).toEqual([]);

    await page.getByRole('link', { name: 'All campaigns of this survey' }).click();
    await page.getByTestId('campaigns-table').waitFor();
    const listed = await rowsOf(page, 'campaigns-table');
    expect(listed).toHaveLength(1);
    expect(listed[0][0]).toBe('Wave 1');
    expect(listed[0][3]).toBe('Countries: France (FR), China (CN), United Arab Emirates (AE), Switzerland (CH)');
    expect(listed[0].slice(4)).toEqual(['4', '0', '0.0%']);
  });

  it('sends reminders after a confirmation and shows the API’s answer, in English and in French', async () => {
    await page.goto(`${c.origin}/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Send reminders…' }).click();
    await page.getByText('Send a reminder now to every invitee who has not answered?').waitFor();
    await page.getByRole('button', { name: 'Send reminders now' }).click();
    await page.getByTestId('reminders-result').getByText('Reminder sent to 4 invitees; 0 left out').waitFor();
    const campaign = await dataOf(campaignOf(campaignId));
    expect(campaign.reminderRounds).toBe(1);
    await until('the reminders in the inbox', async () => smtp.inbox.length === 8);
    await page.getByText('1 (at most 2 per invitee)').waitFor();

    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Campagne : Wave 1' }).waitFor();
    expect(await rowsOf(page, 'funnel-table')).toContainEqual(['Invités', '4', '100,0 %']);
    await page.getByText('Rappel envoyé à 4 invités').waitFor();
    expect(await checkPage(page, 'campaigns-funnel-fr')).toEqual([]);

    await page.goto(`${c.origin}/contacts`);
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page
      .getByRole('region', { name: 'Répertoire' })
      .getByText(/^Page 1 sur 1 · 11 au total$/)
      .waitFor();
    expect(await checkPage(page, 'contacts-fr')).toEqual([]);
    await page.getByLabel('Langue').selectOption('en');
  });

  it('gives management no way to the contacts', async () => {
    const manager = await newStaff(c.t.app, StaffRole.Management);
    const other = await desktopPage(c.browser);
    try {
      await signIn(other.page, c.origin, manager, '/contacts');
      await other.page.getByText('Your role does not give access to this.').waitFor();
      expect(await other.page.getByRole('link', { name: 'Contacts' }).count()).toBe(0);
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('logged no console error, asked nothing of another origin, and put no personal value in a URL', () => {
    // Chromium logs each refused request; those are the bad inputs above, and nothing else is logged.
    const refused = w.consoleErrors.filter((e) => /^Failed to load resource: .* status of (400|409) /.test(e));
    expect(w.consoleErrors.filter((e) => !refused.includes(e))).toEqual([]);
    expect(refused).toHaveLength(refusals.length);
    expect(refusals.map((r) => r.replace(/[0-9a-f-]{36}/, ':id'))).toEqual([
      'POST /api/v1/contacts/imports 400',
      // (A bad country code and a partial address are refused by the forms themselves, before any request.)
      'POST /api/v1/surveys/:id/campaigns 409',
      'POST /api/v1/surveys/:id/campaigns/preview 400',
      // More reminders than the deployment allows: the form allows up to 10, the API refuses.
      'POST /api/v1/surveys/:id/campaigns 400',
    ]);
    expect(w.requested.length).toBeGreaterThan(0);
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    expect(PERSONAL_VALUES).toContain('amelie.durand@example.fr');
    const urls = w.requested.map((url) => decodeURIComponent(url).toLowerCase());
    for (const value of PERSONAL_VALUES) {
      expect(urls.filter((url) => url.includes(value.toLowerCase()))).toEqual([]);
    }
    // The look-up sends the address in its body.
    expect(w.requested.filter((url) => url.includes('/api/v1/contacts/search'))).not.toEqual([]);
  });
});
