import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { MailSender } from '../src/mail/mail-sender.service';
import { waitUntil } from '../src/jobs/wait-until';
import { createTestApp, TestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import {
  focused,
  horizontalOverflow,
  phonePage,
  screenshot,
  seriousAxeViolations,
  type Watched,
} from './utils/respondent-browser';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

/*
 * The respondent app's privacy-request pages against the real intake routes:
 * - POST /api/v1/privacy-requests {type, email, details?, language?} → 202 {status:'received', message}
 * - POST /api/v1/privacy-requests/verify {token} → 200 {status:'verified', type, dueAt}; 404 unknown/expired
 * - GET /api/v1/privacy-requests/package?format=json|html with X-Download-Token → the file; 404 unknown/expired
 */

const root = join(__dirname, '../../..');
const PUBLIC_URL = 'https://surveys.example.org';
const VERIFY_LINK = /\/r\/verify-request#([A-Za-z0-9_-]+)/;
const DOWNLOAD_LINK = /\/r\/download#([A-Za-z0-9_-]+)/;
const KNOWN_EMAIL = 'amelie.durand@example.fr';

describe('the respondent app’s privacy-request pages in Chromium', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let smtp: TestSmtp | undefined;

  const send = () => t.app.get(MailSender).runOnce(500);
  const linkTo = (address: string, pattern: RegExp) =>
    smtp!.inbox
      .filter((d) => d.to === address)
      .map((d) => pattern.exec(`${d.mail.text ?? ''} ${d.mail.html || ''}`)?.[1])
      .filter((token): token is string => !!token)
      .at(-1);

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/respondent/index.html'))) {
      throw new Error('The respondent app is not built: npm test builds it first (or npm run build:spa).');
    }
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL },
    });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    // Contacts (the fixture) with an invitation each, so the address below is known.
    await surveyWithInvitees(t.app, analyst);
    await send();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  async function checkState(page: Page, name: string) {
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  function expectClean(w: Watched, secrets: string[]) {
    expect(w.requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    for (const secret of secrets) expect(w.requested.filter((url) => url.includes(secret))).toEqual([]);
    expect(w.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }

  it('files a request from the form, confirms it from the mailed link, and downloads the access package', async () => {
    const w = await phonePage(browser, { locale: 'fr-FR' });
    const { page } = w;
    const bodies: unknown[] = [];
    page.on('request', (req) => {
      if (req.url() === `${origin}/api/v1/privacy-requests`) bodies.push(req.postDataJSON());
    });
    await page.goto(`${origin}/r/privacy-request`);
    await page.getByRole('heading', { name: 'Faire une demande sur vos données' }).waitFor();
    await page.getByLabel('Consulter mes données (accès)').check();
    await page.getByLabel('Votre adresse électronique').fill(KNOWN_EMAIL);
    await page.getByLabel('Précisions (facultatif)').fill('Je voudrais une copie.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('heading', { name: 'Demande reçue' }).waitFor();
    expect(bodies).toEqual([{ type: 'access', email: KNOWN_EMAIL, details: 'Je voudrais une copie.', language: 'fr' }]);
    await checkState(page, 'privacy-request-received-fr');

    await send();
    const verifyToken = linkTo(KNOWN_EMAIL, VERIFY_LINK);
    expect(verifyToken).toBeDefined();
    await page.goto(`${origin}/r/verify-request#${verifyToken}`);
    await page.getByRole('button', { name: 'Confirmer ma demande' }).waitFor();
    expect(page.url()).toBe(`${origin}/r/verify-request`);
    await checkState(page, 'privacy-request-verify-fr');
    await page.getByRole('button', { name: 'Confirmer ma demande' }).click();
    await page.getByRole('heading', { name: 'Votre demande est confirmée' }).waitFor();
    await page.getByText(/Nous répondrons à votre demande d’accès au plus tard le/).waitFor();
    await checkState(page, 'privacy-request-verified-fr');

    // The privacy officer fulfils the access request; the package link is mailed.
    const officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    const asOfficer = t.api({ staff: officer });
    const [filed] = (await dataOf(asOfficer.GET('/api/v1/privacy-requests'))).items;
    await answered(
      asOfficer.POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { path: { id: filed.id }, header: { 'X-Purpose': 'privacy-request' } },
        body: {},
      }),
      202,
    );
    // A job makes the package, then mails the link.
    await waitUntil(
      async () =>
        (
          await dataOf(
            asOfficer.GET('/api/v1/privacy-requests/{id}/access-package', { params: { path: { id: filed.id } } }),
          )
        ).status === 'ready',
      { everyMs: 100, timeoutMs: 60_000 },
    );
    await send();
    const downloadToken = linkTo(KNOWN_EMAIL, DOWNLOAD_LINK);
    expect(downloadToken).toBeDefined();

    const downloads: string[] = [];
    await page.goto(`${origin}/r/download#${downloadToken}`);
    // The app takes the token when it first renders, which may come just after the load event.
    await page.waitForURL(`${origin}/r/download`);
    expect(page.url()).toBe(`${origin}/r/download`);
    await checkState(page, 'privacy-download-fr');
    for (const [label, extension] of [
      ['Télécharger sous forme de page web (à lire)', 'html'],
      ['Télécharger au format JSON (pour ordinateur)', 'json'],
    ]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`my-survey-data.${extension}`);
      const path = await download.path();
      downloads.push(readFileSync(path, 'utf8'));
    }
    expect(downloads[0]).toContain('<');
    expect(() => JSON.parse(downloads[1])).not.toThrow();
    expect(downloads.join('\n')).toContain(KNOWN_EMAIL);
    expectClean(w, [verifyToken!, downloadToken!]);
    await w.close();
  });

  it('answers an unknown address exactly as a known one', async () => {
    const w = await phonePage(browser);
    const { page } = w;
    await page.goto(`${origin}/r/privacy-request`);
    await page.getByLabel('Erase my data (erasure)').check();
    await page.getByLabel('Your e-mail address').fill('nobody@example.net');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('heading', { name: 'Request received' }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h1' });
    expectClean(w, []);
    await w.close();
  });

  it('says when a confirmation or download link is unknown or expired', async () => {
    const unknown = 'A'.repeat(43);
    const w = await phonePage(browser);
    const { page } = w;
    await page.goto(`${origin}/r/verify-request#${unknown}`);
    await page.getByRole('button', { name: 'Confirm my request' }).click();
    await page.getByText('This confirmation link is unknown or has expired.').waitFor();
    await checkState(page, 'privacy-request-verify-unknown');

    await page.goto(`${origin}/r/download#${unknown}`);
    await page.getByRole('button', { name: 'Download as JSON (for computers)' }).click();
    await page.getByText('This download link is unknown or has expired.').waitFor();
    await checkState(page, 'privacy-download-unknown');
    expectClean(w, [unknown]);
    await w.close();
  });
});
