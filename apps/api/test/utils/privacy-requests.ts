import type { components, Problem } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../../src/auth/roles';
import { Clock } from '../../src/common/clock';
import { KeystoreService } from '../../src/crypto/keystore.service';
import { waitUntil } from '../../src/jobs/wait-until';
import { MailSender } from '../../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './app';
import { answered, dataOf } from './client';
import { createTestDatabase, TestDatabase } from './database';
import { Invitee, surveyWithInvitees } from './respondents';
import { startSmtp, TestSmtp } from './smtp';
import { newStaff, sessionFor, TestStaff } from './staff';

type NewPrivacyRequest = components['schemas']['CreatePrivacyRequestDto'];
type Fulfilment = components['schemas']['FulfilPrivacyRequestDto'];
type AccessPackageProgress = components['schemas']['AccessPackageProgressDto'];

export const VERIFY_LINK = /https:\/\/surveys\.example\.org\/r\/verify-request#([A-Za-z0-9_-]{43})/;
export const DOWNLOAD_LINK = /https:\/\/surveys\.example\.org\/r\/download#([A-Za-z0-9_-]{43})/;
/** The purpose header of the privacy office's reads, as the typed client's `params.header`. */
export const PURPOSE = { 'X-Purpose': 'privacy-request' };
export const DAY = 86_400_000;
export const UNKNOWN_TOKEN = 'A'.repeat(43);

/** The fields a problem names, each once. */
export const fieldsOf = (problem: Problem) => [...new Set((problem.errors ?? []).map((e) => e.field))];

/**
 * The app the privacy-request suites share: a real SMTP server, the fixture's contacts invited to
 * an open survey, an analyst, a privacy officer and an administrator, and public routes trusting
 * X-Forwarded-For so each call can come from its own address. Its helpers are arrow functions, so
 * a suite may take them out of the object.
 */
export class PrivacyRequestsApp {
  db!: TestDatabase;
  t!: TestApp;
  smtp!: TestSmtp;
  dataSource!: DataSource;
  analyst!: string;
  officerStaff!: TestStaff;
  officer!: string;
  admin!: TestStaff;
  surveyId!: string;
  invitees!: Invitee[];
  private ipCounter = 0;

  /** Starts everything before the suite and stops it after; call once at the top of a describe. */
  static forSuite(): PrivacyRequestsApp {
    const app = new PrivacyRequestsApp();
    beforeAll(() => app.start());
    afterAll(() => app.stop());
    afterEach(() => jest.restoreAllMocks());
    return app;
  }

  async start(): Promise<void> {
    this.smtp = await startSmtp();
    this.db = await createTestDatabase();
    this.t = await createTestApp({
      databaseUrl: this.db.url,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${this.smtp.port}`,
        PUBLIC_URL: 'https://surveys.example.org',
        TRUST_PROXY: 'true',
        REMINDER_MIN_DELAY_DAYS: '0',
        ORGANISATION_NAME: 'Example IP Office',
        PRIVACY_CONTACT_EMAIL: 'dpo@office.example.org',
        PRIVACY_REQUESTS_PER_IP_PER_HOUR: '4',
        PRIVACY_REQUESTS_PER_EMAIL_PER_DAY: '3',
        PRIVACY_TOKEN_MAX_FAILURES: '5',
        RESPOND_MAX_INVALID_TOKENS: '1000',
        PROVIDER_REQUESTS_PER_MINUTE: '5',
      },
    });
    this.dataSource = this.t.app.get(DataSource);
    this.analyst = await sessionFor(this.t.app, await newStaff(this.t.app, StaffRole.Analyst));
    this.officerStaff = await newStaff(this.t.app, StaffRole.PrivacyOfficer);
    this.officer = await sessionFor(this.t.app, this.officerStaff);
    this.admin = await newStaff(this.t.app, StaffRole.Admin);
    ({ surveyId: this.surveyId, invitees: this.invitees } = await surveyWithInvitees(this.t.app, this.analyst));
    await this.send(); // the invitations
  }

  async stop(): Promise<void> {
    await this.t?.close();
    await this.db?.drop();
    await this.smtp?.close();
  }

  /** Each call from its own address unless one is given: the per-IP budget is tested on its own. */
  nextIp = () => `198.51.100.${++this.ipCounter}`;
  as = (token: string) => this.t.api({ staff: token });
  file = (body: NewPrivacyRequest, ip = this.nextIp()) =>
    this.t.api().POST('/api/v1/privacy-requests', { body, headers: { 'X-Forwarded-For': ip } });
  verify = (token: string, ip = this.nextIp()) =>
    this.t.api().POST('/api/v1/privacy-requests/verify', { body: { token }, headers: { 'X-Forwarded-For': ip } });
  send = () => this.t.app.get(MailSender).runOnce(500);
  lastMailTo = (address: string) => this.smtp.inbox.filter((d) => d.to === address).at(-1)!;
  /** The token of the last link of this kind mailed to the address. */
  mailedToken = (address: string, link: RegExp) => link.exec(this.lastMailTo(address).mail.text ?? '')![1];
  count = async (sql: string, params: unknown[] = []) =>
    Number((await this.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);
  contactIdOf = async (email: string) =>
    (
      (await this.dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
        this.t.app.get(KeystoreService).emailIndex(email),
      ])) as { id: string }[]
    )[0]?.id;
  inviteeOf = async (email: string) => {
    const contactId = await this.contactIdOf(email);
    return this.invitees.find((i) => i.contactId === contactId)!;
  };
  readRequest = (id: string) =>
    this.as(this.officer).GET('/api/v1/privacy-requests/{id}', { params: { path: { id }, header: PURPOSE } });
  getRequest = (id: string) => dataOf(this.readRequest(id));
  fulfil = (id: string, body: Fulfilment = {}) =>
    this.as(this.officer).POST('/api/v1/privacy-requests/{id}/fulfil', {
      params: { path: { id }, header: PURPOSE },
      body,
    });
  packageProgress = (id: string, token = this.officer) =>
    this.as(token).GET('/api/v1/privacy-requests/{id}/access-package', { params: { path: { id } } });
  /** Polls an access request's package as a client would, until it is made (or failed). */
  packageFinished = async (id: string): Promise<AccessPackageProgress> => {
    let last: AccessPackageProgress | undefined;
    await waitUntil(
      async () => {
        last = await dataOf(this.packageProgress(id));
        return last.status !== 'queued' && last.status !== 'running';
      },
      { everyMs: 100, timeoutMs: 60_000 },
    );
    return last!;
  };
  /** Fulfils an access request (202) and waits until its package is made and its link mailed. */
  fulfilAccess = async (id: string): Promise<AccessPackageProgress> => {
    const accepted = await answered(this.fulfil(id), 202);
    expect(accepted.response.headers.get('location')).toBe(`/api/v1/privacy-requests/${id}/access-package`);
    return this.packageFinished(id);
  };
  latestRequestId = async () =>
    (
      (await this.dataSource.query(
        'SELECT id FROM privacy_requests ORDER BY created_at DESC, received_at DESC LIMIT 1',
      )) as { id: string }[]
    )[0].id;
  moveClock = (ms: number) => {
    const real = Date.now;
    return jest.spyOn(this.t.app.get(Clock), 'now').mockImplementation(() => new Date(real() + ms));
  };

  /** Files a request, sends its verification mail and opens the link: the request's id. */
  verifiedRequest = async (
    type: NewPrivacyRequest['type'],
    email: string,
    extra: Partial<NewPrivacyRequest> = {},
  ): Promise<string> => {
    await answered(this.file({ type, email, ...extra }), 202);
    const id = await this.latestRequestId();
    await this.send();
    await answered(this.verify(this.mailedToken(email, VERIFY_LINK)), 200);
    return id;
  };
}
