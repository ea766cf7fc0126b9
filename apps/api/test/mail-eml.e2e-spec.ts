import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailOutboxMessage, MailStatus } from '../src/mail/mail-outbox.entity';
import { MailOutboxService, OutgoingMail } from '../src/mail/mail-outbox.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { MailModule } from '../src/mail/mail.module';
import { until } from './utils/wait';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { startSmtp, type TestSmtp } from './utils/smtp';

const FROM = 'surveys@example.org';
const SHARED_SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(32).toString('base64url'),
};
const ARABIC_TEXT = 'مرحباً، نود معرفة رأيك في خدماتنا. شكراً لك!';
const CHINESE_SUBJECT = '客户满意度调查邀请 🌏';

describe('the mail outbox without SMTP_URL, and its background sender', () => {
  let smtp: TestSmtp;
  let smtpUrl: string;
  let emlDb: TestDatabase;
  let emlDataDir: string;
  let emlApp: TestApp;
  /** Every recipient used; none may reach a log. */
  const addresses: string[] = [];

  const address = (label: string): string => {
    const value = `${label}.${randomBytes(4).toString('hex')}@recipients.example.com`;
    addresses.push(value);
    return value;
  };
  const sentTo = (to: string) => smtp.inbox.filter((delivered) => delivered.to.toLowerCase() === to.toLowerCase());

  function queue(mails: OutgoingMail[], service: MailOutboxService, source: DataSource): Promise<string[]> {
    return source.transaction((manager) => service.enqueue(manager, mails));
  }

  function row(id: string, source: DataSource): Promise<MailOutboxMessage> {
    return source.getRepository(MailOutboxMessage).findOneByOrFail({ id });
  }

  function assertNoAddresses(text: string): void {
    for (const value of addresses) expect(text).not.toContain(value);
    for (const value of [CHINESE_SUBJECT, ARABIC_TEXT]) expect(text).not.toContain(value);
    expect(text).not.toContain('recipients.example.com');
  }

  beforeAll(async () => {
    // An SMTP server only for the instance that has one; the first app has no SMTP_URL.
    smtp = await startSmtp();
    smtpUrl = `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`;
    emlDb = await createTestDatabase();
    emlDataDir = mkdtempSync(join(tmpdir(), 'survey-mail-eml-'));
    emlApp = await createTestApp({
      databaseUrl: emlDb.url,
      env: { ...SHARED_SECRETS, DATA_DIR: emlDataDir, MAIL_FROM: FROM },
      imports: [MailModule],
    });
  });

  afterAll(async () => {
    await emlApp?.close();
    await emlDb?.drop();
    await smtp?.close();
    if (emlDataDir) rmSync(emlDataDir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file, readable only by its owner', async () => {
    const source = emlApp.app.get(DataSource);
    const service = emlApp.app.get(MailOutboxService);
    const subjectId = randomUUID();
    await source.transaction((manager) => emlApp.app.get(KeystoreService).create([subjectId], manager));
    const to = address('eml');
    const html = `<p dir="rtl">${ARABIC_TEXT}</p>`;
    const [id] = await queue(
      [{ subjectId, kind: 'invitation', to, subject: CHINESE_SUBJECT, text: ARABIC_TEXT, html }],
      service,
      source,
    );
    const outboxDir = emlApp.config.mail.outboxDir;
    expect(outboxDir).toBe(join(emlDataDir, 'outbox'));

    expect(await emlApp.app.get(MailSender).runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(readdirSync(outboxDir)).toEqual([`${id}.eml`]);
    expect(statSync(outboxDir).mode & 0o777).toBe(0o700);
    const file = join(outboxDir, `${id}.eml`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = readFileSync(file);
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(CHINESE_SUBJECT);
    expect(parsed.text?.trim()).toBe(ARABIC_TEXT);
    expect(parsed.html).toBe(html);
    expect(parsed.to).toMatchObject({ value: [{ address: to }] });
    expect(parsed.from?.value).toEqual([{ address: FROM, name: '' }]);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.messageId).toBe(`<${id}@example.org>`);
    expect(await row(id, source)).toMatchObject({ status: MailStatus.Sent, messageCiphertext: null, attempts: 1 });
    expect(sentTo(to)).toHaveLength(0);
  });

  it('sends in the background soon after the queuing transaction commits, and stops cleanly', async () => {
    // A second instance on the same database, with the loop on and SMTP configured; its
    // poll interval is long, so only the kick after commit can explain a quick delivery.
    const runs = jest.spyOn(MailSender.prototype, 'runOnce');
    const looping = await createTestApp({
      databaseUrl: emlDb.url,
      migrate: false,
      env: {
        ...SHARED_SECRETS,
        DATA_DIR: emlDataDir,
        MAIL_FROM: FROM,
        SMTP_URL: smtpUrl,
        MAIL_POLL_INTERVAL_MS: '600000',
      },
      imports: [MailModule],
    });
    try {
      // Let the first run (at start-up) finish: it finds nothing.
      const sender = looping.app.get(MailSender);
      await until('the start-up run', () => runs.mock.contexts.includes(sender));
      await expect(runs.mock.results[runs.mock.contexts.indexOf(sender)].value).resolves.toMatchObject({ sent: 0 });
      runs.mockRestore();
      const source = looping.app.get(DataSource);
      const subjectId = randomUUID();
      await source.transaction((manager) => looping.app.get(KeystoreService).create([subjectId], manager));
      const to = address('background');
      const started = Date.now();
      const [id] = await queue(
        [{ subjectId, kind: 'invitation', to, subject: 'Background', text: 'Hello', html: '<p>Hello</p>' }],
        looping.app.get(MailOutboxService),
        source,
      );
      await until('the mail to arrive', () => sentTo(to).length > 0, { timeoutMs: 10_000 });
      expect(sentTo(to)).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      await until('the mail to be recorded as sent', async () => (await row(id, source)).status === MailStatus.Sent);
      expect(looping.log.lines.some((line) => line.msg === 'mail sender started')).toBe(true);
    } finally {
      await looping.close();
    }
    assertNoAddresses(looping.log.text);
  });

  it('logs no recipient address', () => {
    assertNoAddresses(emlApp.log.text);
  });
});
