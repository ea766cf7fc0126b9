import type { components } from '@survey/api-client';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { answered, dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { completeAnswers, surveyWithInvitees, type Invitee } from './utils/respondents';
import type { Watched } from './utils/respondent-browser';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

/*
 * The privacy officer's and the administrator's pages of the staff console, against the real API:
 * - GET /privacy-requests (queue), GET /privacy-requests/{id} with X-Purpose, POST …/start, …/fulfil,
 *   POST /privacy-requests/register; GET /retention/policy, /retention/preview, POST /retention/runs,
 *   GET /retention/runs(/{id}); GET /audit-events, /audit-events/verify;
 * - GET/POST/PATCH /users, GET/POST /api-keys, POST /api-keys/{id}/revoke.
 */

const VERIFY_LINK = /\/r\/verify-request#([A-Za-z0-9_-]{43})/;
/** In the fixture extract: the person who asks to be erased, and two others who file requests. */
const ERASED = 'sean.obrien@example.ie';
const OBJECTOR = 'j.mueller@example.de';
const ASKER = 'li.wei@example.cn';
/** In the fixture too: a contact whose retention has run out (made so in SQL). */
const EXPIRED = 'm.alali@example.ae';
/** Not in the fixture: a person who wrote a letter asking for a rectification. */
const LETTER_WRITER = 'unknown.writer@example.org';
const NEW_STAFF_EMAIL = 'new.analyst@staff.example.org';

type PrivacyRequestType = components['schemas']['CreatePrivacyRequestDto']['type'];

/** The date as the console shows it to this test's browser (en-GB, Europe/Paris). */
const shownDate = (value: Date) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(value);

describe('the staff console for privacy officers and administrators in Chromium', () => {
  let c: Console;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  /** One privacy officer per test: a one-time code is accepted once, and tests follow each other quickly. */
  let officers: TestStaff[];
  let admin: TestStaff;
  let surveyId: string;
  let erasedContactId: string;
  let expiredContactId: string;
  const ids: Record<'erasure' | 'overdue' | 'dueSoon', string> = { erasure: '', overdue: '', dueSoon: '' };

  const send = () => c.t.app.get(MailSender).runOnce(500);
  const contactIdOf = async (email: string) =>
    (
      (await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
        c.t.app.get(KeystoreService).emailIndex(email),
      ])) as { id: string }[]
    )[0]?.id;

  /** Files a request on the public form and confirms it from the mailed link, as the person would. */
  async function confirmedRequest(type: PrivacyRequestType, email: string, details: string): Promise<string> {
    await answered(c.t.api().POST('/api/v1/privacy-requests', { body: { type, email, details } }), 202);
    await send();
    const mail = smtp.inbox.filter((d) => d.to === email).at(-1)!;
    const token = VERIFY_LINK.exec(mail.mail.text ?? '')![1];
    await answered(c.t.api().POST('/api/v1/privacy-requests/verify', { body: { token } }), 200);
    const [{ id }] = await dataSource.query('SELECT id FROM privacy_requests ORDER BY received_at DESC LIMIT 1');
    return id as string;
  }

  /** Nothing left the origin, no address or secret went into a URL, and the console logged no error. */
  function expectClean(w: Watched, secrets: string[], expectedStatuses: number[] = []) {
    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    expect(w.requested.filter((url) => /[^/?&=#]+@[^/?&=#]+\.[a-z]/i.test(decodeURIComponent(url)))).toEqual([]);
    for (const secret of secrets) expect(w.requested.filter((url) => url.includes(secret))).toEqual([]);
    // Chromium logs each refused fetch. Signing in sends password and code together, so it is never
    // refused; the only refusals are those the test provoked.
    const provoked = new RegExp(`status of (${expectedStatuses.join('|') || 'none'})\\b`);
    expect(w.consoleErrors.filter((e) => !provoked.test(e))).toEqual([]);
  }

  async function expectAccessible(page: Page, name: string) {
    expect(await checkPage(page, name)).toEqual([]);
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    c = await startConsole({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'https://surveys.example.org' });
    dataSource = c.t.app.get(DataSource);
    officers = [];
    for (let i = 0; i < 4; i++) officers.push(await newStaff(c.t.app, StaffRole.PrivacyOfficer));
    admin = await newStaff(c.t.app, StaffRole.Admin);
    const analyst = await sessionFor(c.t.app, await newStaff(c.t.app, StaffRole.Analyst));
    const survey = await surveyWithInvitees(c.t.app, analyst, { name: 'Filers satisfaction 2026' });
    surveyId = survey.surveyId;
    await send();
    erasedContactId = await contactIdOf(ERASED);
    expiredContactId = await contactIdOf(EXPIRED);
    // The person to be erased answered the survey.
    const person = survey.invitees.find((i: Invitee) => i.contactId === erasedContactId)!;
    const answers = completeAnswers({ suggestions: 'Please keep the Madrid forms simple.' });
    await answered(c.t.api({ invitation: person.token }).POST('/api/v1/respond/submit', { body: { answers } }), 200);
    expect(
      (await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [surveyId]))[0].n,
    ).toBe(1);

    ids.erasure = await confirmedRequest('erasure', ERASED, 'Please erase everything you hold about me.');
    ids.overdue = await confirmedRequest('objection', OBJECTOR, 'Stop writing to me.');
    ids.dueSoon = await confirmedRequest('access', ASKER, 'What do you hold?');
    await dataSource.query(`UPDATE privacy_requests SET due_at = now() - interval '3 days' WHERE id = $1`, [
      ids.overdue,
    ]);
    await dataSource.query(`UPDATE privacy_requests SET due_at = now() + interval '2 days' WHERE id = $1`, [
      ids.dueSoon,
    ]);
    // One contact whose data were collected longer ago than the retention limit allows.
    await dataSource.query(`UPDATE contacts SET collected_at = now() - interval '25 months' WHERE id = $1`, [
      expiredContactId,
    ]);
  });

  afterAll(async () => {
    await c?.close();
    await smtp?.close();
  });

  it('a privacy officer sees the queue with due dates and flags, and erases a person end to end', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, officers[0]);
    await page.waitForURL(`${c.origin}/privacy/requests`);
    await page.getByRole('heading', { level: 1, name: 'Privacy requests' }).waitFor();

    // The queue: soonest due first, with the due date and the flags in words.
    const row = (id: string) => page.locator(`tr[data-request-id="${id}"]`);
    const [{ due_at: erasureDue }] = await dataSource.query('SELECT due_at FROM privacy_requests WHERE id = $1', [
      ids.erasure,
    ]);
    await row(ids.erasure).waitFor();
    await expect(row(ids.erasure).locator('td.due').textContent()).resolves.toContain(shownDate(erasureDue));
    await expect(row(ids.overdue).textContent()).resolves.toContain('Overdue');
    await expect(row(ids.dueSoon).textContent()).resolves.toContain('Due soon');
    await expect(row(ids.erasure).textContent()).resolves.not.toMatch(/Overdue|Due soon/);
    const order = await page
      .locator('tr[data-request-id]')
      .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { requestId: string } }).dataset.requestId));
    expect(order).toEqual([ids.overdue, ids.dueSoon, ids.erasure]);
    // The queue never shows who asked.
    await expect(page.locator('main').textContent()).resolves.not.toContain(ERASED);
    await expectAccessible(page, 'privacy-queue');

    // Filter: overdue only.
    await page.getByLabel('Due date').selectOption('overdue');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/flag=overdue/);
    await row(ids.erasure).waitFor({ state: 'detached' });
    await expect(page.locator('tr[data-request-id]').count()).resolves.toBe(1);
    await expect(row(ids.overdue).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await row(ids.erasure).waitFor();

    // The request: nothing personal before a purpose is stated.
    await page.getByRole('link', { name: `Erasure request ${ids.erasure.slice(0, 8)}` }).click();
    await page.waitForURL(`${c.origin}/privacy/requests/${ids.erasure}`);
    await page.getByRole('heading', { name: 'State why you open this personal data' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toContain(ERASED);
    // Handling the request is the purpose chosen for the officer; emptying it is refused.
    await expect(page.getByLabel('Purpose').inputValue()).resolves.toBe('privacy-request');
    await page.getByLabel('Purpose').selectOption('');
    await page.getByRole('button', { name: 'Show the request' }).click();
    await page.getByText('Choose a purpose first.').waitFor();
    await expectAccessible(page, 'privacy-request-purpose');
    await page.getByLabel('Purpose').selectOption('privacy-request');
    await page.getByRole('button', { name: 'Show the request' }).click();
    await page.getByText(ERASED).waitFor();
    await page.getByText('Please erase everything you hold about me.').waitFor();
    const steps = page.getByTestId('request-steps');
    await expect(steps.locator('[data-step="verified"]').getAttribute('data-state')).resolves.toBe('done');
    await expect(steps.locator('[aria-current="step"]').getAttribute('data-step')).resolves.toBe('started');
    await expectAccessible(page, 'privacy-request-verified');

    // Start, then erase with a strong confirmation.
    await page.getByRole('button', { name: 'Start working on it' }).click();
    await page.getByText('The request is in progress.').waitFor();
    await expect(steps.locator('[aria-current="step"]').getAttribute('data-step')).resolves.toBe('closed');
    await page.getByRole('button', { name: 'Erase the person’s data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this person’s data for good?' });
    await dialog.waitFor();
    const eraseForGood = dialog.getByRole('button', { name: 'Erase for good' });
    await expect(eraseForGood.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('erase');
    await expect(eraseForGood.isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'privacy-request-erase-confirm');
    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    await eraseForGood.click();
    await page.getByText('The data were erased and the person told.').waitFor();
    await expect(page.locator('.badge.status-completed').first().textContent()).resolves.toBe('Completed');
    await expect(steps.locator('[data-step="closed"]').getAttribute('data-state')).resolves.toBe('done');
    const outcome = page.getByTestId('request-outcome');
    await expect(outcome.getByRole('row', { name: /^Contacts/ }).textContent()).resolves.toBe('Contacts1');
    await expect(outcome.getByRole('row', { name: /^Responses/ }).textContent()).resolves.toBe('Responses1');
    await expectAccessible(page, 'privacy-request-erased');

    // The contact, their invitation and their response are gone from the database.
    expect(await dataSource.query('SELECT 1 FROM contacts WHERE id = $1', [erasedContactId])).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM invitations WHERE contact_id = $1', [erasedContactId])).toEqual([]);
    expect(
      (await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [surveyId]))[0].n,
    ).toBe(0);
    expect(await dataSource.query('SELECT status FROM privacy_requests WHERE id = $1', [ids.erasure])).toEqual([
      { status: 'completed' },
    ]);

    // Another role's page is refused in words.
    await page.goto(`${c.origin}/admin/users`);
    await page.getByText('Your role does not give access to this.').waitFor();

    expectClean(w, []);
    await w.close();
  });

  it('a privacy officer registers a letter, and the API’s refusals are shown plainly', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, officers[1]);
    await page.getByRole('heading', { level: 1, name: 'Privacy requests' }).waitFor();
    await page.getByRole('button', { name: 'Register a request…' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Register the request' }) });
    await form.getByLabel('Type').selectOption('rectification');
    await form.getByLabel('Received by').selectOption('letter');
    await form.getByLabel('How their identity was checked').selectOption('other');
    await form.getByLabel('Purpose').selectOption('privacy-request');
    // No address and no note on an "other" check: the form names both fields before sending.
    await form.getByRole('button', { name: 'Register the request' }).click();
    const emailInput = form.getByLabel('Their e-mail address (the data the request is about)');
    await form.locator('.field-error', { hasText: 'This field is required.' }).first().waitFor();
    await expect(emailInput.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(emailInput.evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    const note = form.getByLabel('What was checked');
    await expect(note.getAttribute('aria-invalid')).resolves.toBe('true');
    await emailInput.fill('not an address');
    await form.getByRole('button', { name: 'Register the request' }).click();
    await form.locator('.field-error', { hasText: 'Enter an e-mail address, such as name@example.org.' }).waitFor();
    await emailInput.fill(LETTER_WRITER);
    await form.getByLabel('What they asked (optional)').fill('My name is misspelt in your records.');
    await form.getByRole('button', { name: 'Register the request' }).click();
    await form.locator('.field-error', { hasText: 'This field is required.' }).waitFor();
    await expect(note.evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await note.fill('Signature compared with the one on file.');
    await expectAccessible(page, 'privacy-register-errors');
    await form.getByRole('button', { name: 'Register the request' }).click();
    await page.getByText('The request was registered and is verified.').waitFor();

    // The new request: its rectification finds no contact for the address, and the 409 says why.
    await page.getByRole('link', { name: 'Open it' }).click();
    await page.getByLabel('Purpose').selectOption('privacy-request');
    await page.getByRole('button', { name: 'Show the request' }).click();
    await page.getByText(LETTER_WRITER).waitFor();
    await page.getByText('No contact holds this address, so there is nothing to rectify.', { exact: false }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Corrected Name');
    await page.getByRole('button', { name: 'Apply the corrections…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page
      .getByTestId('problem')
      .getByText('No contact holds the address of this request, so there is nothing to rectify', { exact: false })
      .waitFor();
    await expectAccessible(page, 'privacy-request-conflict');

    // The overdue objection gets more time, once, with a reason.
    const openRequest = async (id: string, name: string) => {
      await page.getByRole('link', { name: 'Back to the queue' }).click();
      await page.getByRole('link', { name: `${name} request ${id.slice(0, 8)}` }).click();
      await page.getByLabel('Purpose').selectOption('privacy-request');
      await page.getByRole('button', { name: 'Show the request' }).click();
      await page.getByTestId('request-steps').waitFor();
    };
    await openRequest(ids.overdue, 'Objection');
    await expect(page.getByTestId('request-due').textContent()).resolves.toContain('Overdue');
    const inTwentyDays = new Date(Date.now() + 20 * 86_400_000);
    await page.getByLabel('New due date').fill(inTwentyDays.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }));
    await page.getByLabel('Reason (sent to the person)').fill('We need to check the records of two platforms.');
    await page.getByRole('button', { name: 'Extend the due date' }).click();
    await page.getByText('The due date was extended and the person told.').waitFor();
    await expect(page.getByTestId('request-due').textContent()).resolves.toContain(shownDate(inTwentyDays));
    await expect(page.getByTestId('request-due').textContent()).resolves.not.toContain('Overdue');
    await expect(
      page.getByTestId('request-steps').locator('[data-step="extended"]').getAttribute('data-state'),
    ).resolves.toBe('done');
    await page.getByText('it cannot be extended again', { exact: false }).waitFor();
    const [{ extended_at }] = await dataSource.query('SELECT extended_at FROM privacy_requests WHERE id = $1', [
      ids.overdue,
    ]);
    expect(extended_at).not.toBeNull();

    // The access request is rejected; "other" needs a note to the person, as the API says.
    await openRequest(ids.dueSoon, 'Access');
    await page.getByLabel('Reason', { exact: true }).selectOption('other');
    // Checked before asking: "other" needs a note to the person.
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page.locator('.field-error', { hasText: 'This field is required.' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect(page.getByLabel('Note to the person').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Note to the person').fill('We already answered this request last week.');
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reject the request' }).click();
    await page.getByText('The request was rejected and the person told.').waitFor();
    await expect(
      page.getByTestId('request-steps').locator('[data-step="rejected"]').getAttribute('data-state'),
    ).resolves.toBe('done');
    expect(
      await dataSource.query('SELECT status, rejection_reason FROM privacy_requests WHERE id = $1', [ids.dueSoon]),
    ).toEqual([{ status: 'rejected', rejection_reason: 'other' }]);

    expectClean(w, [], [400, 409]);
    await w.close();
  });

  it('a privacy officer previews deletions, runs retention with a receipt, and reads a verified audit log', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    // The letter registered earlier is now past its due date.
    const [{ id: letterId }] = await dataSource.query(`SELECT id FROM privacy_requests WHERE channel = 'letter'`);
    await dataSource.query(`UPDATE privacy_requests SET due_at = now() - interval '1 day' WHERE id = $1`, [letterId]);
    await signIn(page, c.origin, officers[2]);
    await page.getByRole('link', { name: 'Retention' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
    await page.getByTestId('retention-surveys').getByText('Filers satisfaction 2026').waitFor();
    // Settings and rules in words, not the names of environment variables.
    await page.getByText(/A contact is deleted 24 months after their data was last collected/).waitFor();
    await page.getByText(/Every day at this hour, everything past its expiry is deleted/).waitFor();
    await expect(page.locator('main').innerText()).resolves.not.toMatch(/\b[A-Z]+_[A-Z_]+\b|retentionMonths/);

    // What is due now: the one contact past its retention.
    await page.getByLabel('Days ahead').fill('0');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('retention-preview');
    await expect(preview.locator('tr[data-kind="contacts"] td').textContent()).resolves.toBe('1');
    // A horizon the API refuses: its reason next to the field.
    await page.getByLabel('Days ahead').fill('9999');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Enter a number of at most 730.').first().waitFor();
    await expect(page.getByLabel('Days ahead').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Days ahead').fill('0');
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.waitFor();

    // A run, followed to its end, and its receipt.
    await page.getByRole('button', { name: 'Start a run…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start the run' }).click();
    await page.getByText('The run finished: Completed.').waitFor({ timeout: 30_000 });
    const receipt = page.getByTestId('retention-receipt');
    await receipt.getByRole('heading', { name: /Receipt of the run started/ }).waitFor();
    await expect(
      receipt.getByTestId('retention-receipt-counts').locator('tr[data-kind="contacts"] td').textContent(),
    ).resolves.toBe('1');
    const runs = page.getByTestId('retention-runs');
    await expect(runs.locator('tbody tr').count()).resolves.toBe(1);
    await expect(runs.locator('tbody tr').first().textContent()).resolves.toContain('Completed');
    expect(await dataSource.query('SELECT 1 FROM contacts WHERE id = $1', [expiredContactId])).toEqual([]);
    const [{ counts }] = await dataSource.query('SELECT counts FROM retention_runs');
    expect(counts.contacts).toBe(1);
    await expectAccessible(page, 'privacy-retention');

    // The audit log: chain verified, the request's steps recorded with the purpose stated.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const chain = page.getByTestId('audit-chain');
    await chain.getByText(/Verified: the chain is intact/).waitFor();
    // Actions are chosen from a list of readable labels, and rows name the staff member.
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Privacy request confirmed by the person' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=privacy_request.verified/);
    const events = page.getByTestId('audit-events');
    await events
      .locator('tbody tr:not([data-action="privacy_request.verified"])')
      .first()
      .waitFor({ state: 'detached' });
    await expect(events.locator('tbody tr').count()).resolves.toBe(3);
    await page.getByLabel('Action', { exact: true }).selectOption('privacy_request.read');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=privacy_request.read/);
    await events.locator('tbody tr:not([data-action="privacy_request.read"])').first().waitFor({ state: 'detached' });
    const read = events.locator('tbody tr', { hasText: 'Handling a privacy request' }).first();
    await read.waitFor();
    await expect(read.innerText()).resolves.toContain('Privacy request read');
    await expect(read.innerText()).resolves.toContain(officers[0].user.displayName);
    await expect(events.innerText()).resolves.not.toContain('privacy_request.read');
    await expectAccessible(page, 'privacy-audit');

    // In French.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Language').selectOption('fr');
    await chain.getByText(/Vérifié : la chaîne est intacte/).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    await expectAccessible(page, 'privacy-audit-fr');
    await page.getByRole('link', { name: 'Demandes des personnes' }).click();
    await page.locator(`tr[data-request-id="${letterId}"]`).getByText('En retard').waitFor();
    await expectAccessible(page, 'privacy-queue-fr');

    expectClean(w, [], [400]);
    await w.close();
  });

  it('an administrator creates a staff user and an API key (secret shown once), then revokes the key', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.origin });
    await signIn(page, c.origin, admin);
    await page.waitForURL(`${c.origin}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Staff users' }).waitFor();
    const users = page.getByTestId('staff-users');
    await users.getByText(officers[0].email).waitFor();
    await expectAccessible(page, 'admin-users');

    // A new analyst: a short password is refused beside its field, then the account is made.
    const create = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Add a staff member' }) });
    await create.getByLabel('E-mail address').fill(NEW_STAFF_EMAIL);
    await create.getByLabel('Display name').fill('Nora Analyst');
    await create.getByLabel('Role').selectOption('analyst');
    await create.getByLabel('Initial password').fill('too short');
    await create.getByRole('button', { name: 'Add the staff member' }).click();
    await create.getByText('Enter between 12 and 256 characters.').first().waitFor();
    await expect(create.getByLabel('Initial password').getAttribute('aria-invalid')).resolves.toBe('true');
    await create.getByLabel('Initial password').fill('a long enough initial password');
    await create.getByRole('button', { name: 'Add the staff member' }).click();
    await create.getByText('Nora Analyst was added.', { exact: false }).waitFor();
    await users.getByText(NEW_STAFF_EMAIL).waitFor();

    // Their role changes to management and the account is deactivated.
    await page.getByRole('button', { name: 'Manage Nora Analyst' }).click();
    const manage = page.getByTestId('manage-user');
    await manage.getByLabel('Role').selectOption('management');
    await manage.getByLabel(/Account active/).uncheck();
    await manage.getByRole('button', { name: 'Save changes' }).click();
    await manage.getByText('The changes were saved.').waitFor();
    const newRow = users.locator('tr', { hasText: NEW_STAFF_EMAIL });
    await newRow.getByText('Management').waitFor();
    await newRow.getByText('Deactivated').waitFor();
    expect(await dataSource.query('SELECT role, active FROM staff_users WHERE email = $1', [NEW_STAFF_EMAIL])).toEqual([
      { role: 'management', active: false },
    ]);
    // A new password: too short is refused beside the field, then it is set.
    await manage.getByLabel('New password', { exact: true }).fill('short');
    await manage.getByRole('button', { name: 'Set the password' }).click();
    await manage.locator('.field-error', { hasText: 'Enter between 12 and 256 characters.' }).waitFor();
    await manage.getByLabel('New password', { exact: true }).fill('another long enough password');
    await manage.getByRole('button', { name: 'Set the password' }).click();
    await manage.getByText('The password was set and their sessions ended.', { exact: false }).waitFor();
    await manage.getByRole('button', { name: 'Close' }).click();

    // A privacy officer who lost their device: their second factor is reset after a confirmation.
    const lost = officers[0];
    await users
      .locator(`tr[data-user-id="${lost.user.id}"]`)
      .getByRole('button', { name: /^Manage/ })
      .click();
    await manage.getByRole('button', { name: 'Reset the second factor…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset the second factor' }).click();
    await manage.getByText('The second factor was removed', { exact: false }).waitFor();
    await users.locator(`tr[data-user-id="${lost.user.id}"]`).getByText('Required, not set up yet').waitFor();
    expect(await dataSource.query('SELECT totp_enabled FROM staff_users WHERE id = $1', [lost.user.id])).toEqual([
      { totp_enabled: false },
    ]);

    // An API key: scopes and surveys are required, then the secret is shown once.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Provider upload, spring wave');
    // The form asks for a scope itself; the API then refuses a key bound to no survey, beside that field.
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.locator('[id$="-scopes-error"]', { hasText: 'Choose at least 1.' }).waitFor();
    await page.getByLabel('Send responses it collected (responses:write)').check();
    await page.getByLabel('Read statistics (statistics:read)').check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.getByTestId('problem').waitFor();
    await page.locator('[id$="-surveyIds-error"]').waitFor();
    await expect(page.locator('main').innerText()).resolves.not.toMatch(/must contain|Bad Request/);
    await page.getByLabel('Filers satisfaction 2026').check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    const secretPanel = page.getByTestId('api-key-secret');
    await secretPanel.getByText('This is the only time the secret is shown.', { exact: false }).waitFor();
    const secret = await secretPanel.getByLabel(/Secret of the key/).inputValue();
    expect(secret).toMatch(/^svk_[a-z0-9]{12}_/);
    await secretPanel.getByRole('button', { name: 'Copy the secret' }).click();
    await secretPanel.getByText('The secret was copied to the clipboard.').waitFor();
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(secret);
    const keys = page.getByTestId('api-keys');
    const keyRow = keys.locator('tr', { hasText: 'Provider upload, spring wave' });
    await keyRow.getByText('Active').waitFor();
    await keyRow.getByText('Filers satisfaction 2026').waitFor();
    await expectAccessible(page, 'admin-api-key-secret');
    // The key works against the API, for the survey it is bound to.
    const asKey = c.t.api({ apiKey: secret });
    const survey = { params: { path: { id: surveyId } } };
    await answered(asKey.GET('/api/v1/provider/surveys/{id}/responses', survey), 403);
    await answered(asKey.GET('/api/v1/surveys/{id}/response-rates', survey), 200);

    // After a reload the secret is gone for good: not on the page, not in the browser's storage.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await keyRow.waitFor();
    await expect(page.getByTestId('api-key-secret').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(secret);
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(stored).not.toContain(secret);

    // Revoked after a confirmation; it stops working at once.
    await keyRow.getByRole('button', { name: 'Revoke… “Provider upload, spring wave”' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke the key “Provider upload, spring wave”?' });
    await expectAccessible(page, 'admin-api-key-revoke');
    await revoke.getByRole('button', { name: 'Revoke the key' }).click();
    await page.getByText('The key “Provider upload, spring wave” was revoked.').waitFor();
    await keyRow.getByText('Revoked').waitFor();
    await expect(keyRow.getByRole('button').count()).resolves.toBe(0);
    await answered(asKey.GET('/api/v1/surveys/{id}/response-rates', survey), 401);
    await expectAccessible(page, 'admin-api-keys');

    // The admin sees retention and the audit log, not the request queue.
    await page.goto(`${c.origin}/privacy/requests`);
    await page.getByText('Your role does not give access to this.').waitFor();

    expectClean(w, [secret], [400]);
    await w.close();
  });

  it('a privacy officer fulfils an access request, a rectification and an objection', async () => {
    const accessId = await confirmedRequest('access', 'amelie.durand@example.fr', 'Send me what you hold.');
    const rectifyId = await confirmedRequest('rectification', 'ivan.petrov@example.ru', 'My name is misspelt.');
    const objectionId = await confirmedRequest('objection', 'mj.garcia@example.es', 'No more surveys, please.');
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, officers[3]);
    await page.getByRole('heading', { level: 1, name: 'Privacy requests' }).waitFor();

    /** Opens a request from the queue, states the purpose and starts it. */
    const startRequest = async (id: string, name: string) => {
      await page.goto(`${c.origin}/privacy/requests`);
      await page.getByRole('link', { name: `${name} request ${id.slice(0, 8)}` }).click();
      await page.getByLabel('Purpose').selectOption('privacy-request');
      await page.getByRole('button', { name: 'Show the request' }).click();
      await page.getByRole('button', { name: 'Start working on it' }).click();
      await page.getByText('The request is in progress.').waitFor();
    };
    const statusOf = async (id: string) =>
      ((await dataSource.query('SELECT status FROM privacy_requests WHERE id = $1', [id])) as { status: string }[])[0]
        .status;

    // Access: the package is made in the background (the page follows it), then the person is
    // mailed a download link.
    await startRequest(accessId, 'Access');
    await page.getByRole('button', { name: 'Make the package and send the link…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('The access package was made.', { exact: false }).waitFor();
    await expect(
      page.getByTestId('request-steps').locator('[data-step="closed"]').getAttribute('data-state'),
    ).resolves.toBe('done');
    expect(await statusOf(accessId)).toBe('completed');
    await send();
    const packageMail = smtp.inbox.filter((d) => d.to === 'amelie.durand@example.fr').at(-1)!;
    expect(packageMail.mail.text).toMatch(/\/r\/download#[A-Za-z0-9_-]{43}/);
    await expectAccessible(page, 'privacy-request-access-done');

    // Rectification: the contact holds the corrected name and keeps its address.
    await startRequest(rectifyId, 'Rectification');
    await page.getByLabel('Name', { exact: true }).fill('Ivan Petrovich Petrov');
    await page.getByRole('button', { name: 'Apply the corrections…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('The corrections were applied and the person told.').waitFor();
    expect(await statusOf(rectifyId)).toBe('completed');
    const token = await sessionFor(c.t.app, await newStaff(c.t.app, StaffRole.Analyst));
    const contact = await dataOf(
      c.t.api({ staff: token }).GET('/api/v1/contacts/{id}', {
        params: { path: { id: await contactIdOf('ivan.petrov@example.ru') }, header: { 'X-Purpose': 'data-quality' } },
      }),
    );
    expect(contact).toMatchObject({ name: 'Ivan Petrovich Petrov', email: 'ivan.petrov@example.ru' });

    // Objection: the person is marked and never contacted again.
    await startRequest(objectionId, 'Objection');
    await page.getByRole('button', { name: 'Stop all contact…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('The person will not be contacted again, and has been told.').waitFor();
    expect(await statusOf(objectionId)).toBe('completed');
    const [{ objected_at }] = await dataSource.query('SELECT objected_at FROM contacts WHERE id = $1', [
      await contactIdOf('mj.garcia@example.es'),
    ]);
    expect(objected_at).not.toBeNull();

    expectClean(w, []);
    await w.close();
  });
});
