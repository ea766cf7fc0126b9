import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../src/common/clock';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailOutboxMessage, MailStatus } from '../src/mail/mail-outbox.entity';
import { MailOutboxService, MailOutcome, OutgoingMail } from '../src/mail/mail-outbox.service';
import { describeSendError, MailSender } from '../src/mail/mail-sender.service';
import { MailModule } from '../src/mail/mail.module';
import { until } from './utils/wait';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { TestSmtpServer, type Received } from './utils/scripted-smtp';

const FROM = 'surveys@example.org';
const SHARED_SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(32).toString('base64url'),
};
const RETRY_BASE_SECONDS = 30;
const MAX_ATTEMPTS = 3;

const ARABIC_SUBJECT = 'دعوة للمشاركة في استطلاع رضا العملاء';
const ARABIC_TEXT = 'مرحباً، نود معرفة رأيك في خدماتنا. شكراً لك!';
const CHINESE_SUBJECT = '客户满意度调查邀请 🌏';
const CHINESE_TEXT = '您好，我们诚邀您参加本次调查。谢谢！';

describe('the mail outbox, sending through SMTP', () => {
  let smtp: TestSmtpServer;
  let smtpUrl: string;
  let db: TestDatabase;
  let dataDir: string;
  let subject: TestApp;
  let second: TestApp;
  let dataSource: DataSource;
  let keystore: KeystoreService;
  let outbox: MailOutboxService;
  let sender: MailSender;
  let otherSender: MailSender;
  const outcomes: MailOutcome[] = [];
  /** Every recipient used; none may reach a log. */
  const addresses: string[] = [];
  /** The one "now" both apps see; tests move it forward. */
  let now = new Date(Math.floor(Date.now() / 1000) * 1000);

  const address = (label: string): string => {
    const value = `${label}.${randomBytes(4).toString('hex')}@recipients.example.com`;
    addresses.push(value);
    return value;
  };

  async function newSubjectId(): Promise<string> {
    const id = randomUUID();
    await dataSource.transaction((manager) => keystore.create([id], manager));
    return id;
  }

  async function mailTo(to: string, extra: Partial<OutgoingMail> = {}): Promise<OutgoingMail> {
    return {
      subjectId: extra.subjectId ?? (await newSubjectId()),
      kind: 'invitation',
      invitationId: null,
      to,
      subject: 'Your survey invitation',
      text: 'Please take part.',
      html: '<p>Please take part.</p>',
      ...extra,
    };
  }

  function queue(mails: OutgoingMail[], service = outbox, source = dataSource): Promise<string[]> {
    return source.transaction((manager) => service.enqueue(manager, mails));
  }

  function row(id: string, source = dataSource): Promise<MailOutboxMessage> {
    return source.getRepository(MailOutboxMessage).findOneByOrFail({ id });
  }

  async function rejection(promise: Promise<unknown>): Promise<Error> {
    const outcome = await promise.then(
      () => null,
      (err: unknown) => err,
    );
    if (!(outcome instanceof Error)) throw new Error('expected a rejection with an Error');
    return outcome;
  }

  function advance(seconds: number): void {
    now = new Date(now.getTime() + seconds * 1000);
  }

  function parse(mail: Received): Promise<ParsedMail> {
    return simpleParser(mail.raw);
  }

  beforeAll(async () => {
    smtp = new TestSmtpServer();
    // A plain local server: no STARTTLS (its certificate is self-signed).
    smtpUrl = `smtp://127.0.0.1:${await smtp.start()}?ignoreTLS=true`;
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'survey-mail-'));
    const env = {
      ...SHARED_SECRETS,
      SMTP_URL: smtpUrl,
      MAIL_FROM: FROM,
      MAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      MAIL_RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS),
      DATA_DIR: dataDir,
    };
    // app.module.ts imports MailModule too; passing it again is harmless (Nest keeps one instance).
    subject = await createTestApp({ databaseUrl: db.url, env, imports: [MailModule] });
    second = await createTestApp({ databaseUrl: db.url, env, migrate: false, imports: [MailModule] });
    for (const app of [subject, second]) jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    dataSource = subject.app.get(DataSource);
    keystore = subject.app.get(KeystoreService);
    outbox = subject.app.get(MailOutboxService);
    sender = subject.app.get(MailSender);
    otherSender = second.app.get(MailSender);
    outbox.onOutcome(async (outcome, manager) => {
      expect(manager.queryRunner?.isTransactionActive).toBe(true);
      outcomes.push(outcome);
    });
  });

  afterAll(async () => {
    await second?.close();
    await subject?.close();
    await db?.drop();
    await smtp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // Every test leaves its messages finished, so the next one starts from an idle outbox.
    const [{ open }] = (await dataSource.query(
      `SELECT count(*)::int AS open FROM mail_outbox WHERE status IN ('pending', 'sending')`,
    )) as { open: number }[];
    expect(open).toBe(0);
  });

  it('queues nothing when the transaction rolls back, and only inside a transaction', async () => {
    const to = address('rollback');
    const mail = await mailTo(to);
    await expect(
      dataSource.transaction(async (manager) => {
        const ids = await outbox.enqueue(manager, [mail]);
        expect(ids).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await dataSource.getRepository(MailOutboxMessage).countBy({ subjectId: mail.subjectId })).toBe(0);
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, cancelled: 0 });
    expect(smtp.to(to)).toHaveLength(0);

    await expect(outbox.enqueue(dataSource.manager, [mail])).rejects.toThrow('inside the transaction');
    expect(await dataSource.getRepository(MailOutboxMessage).countBy({ subjectId: mail.subjectId })).toBe(0);
  });

  it('refuses anything but one plain address, without repeating it', async () => {
    const list = `${address('one')}, ${address('two')}`;
    const error = await rejection(queue([await mailTo(list)]));
    expect(error.message).toContain('one plain e-mail address');
    expect(error.message).not.toContain('@');
    const header = await rejection(queue([await mailTo(address('header'), { headers: { Bcc: 'x@example.com' } })]));
    expect(header.message).toContain('may not be set');
  });

  it('delivers Arabic and Chinese mail intact to the right recipient, then forgets it', async () => {
    const arabic = address('arabic');
    const chinese = address('chinese');
    const invitationId = randomUUID();
    const arabicHtml = `<p dir="rtl">${ARABIC_TEXT}</p>`;
    const chineseHtml = `<p>${CHINESE_TEXT}</p>`;
    const ids = await queue([
      await mailTo(arabic, { subject: ARABIC_SUBJECT, text: ARABIC_TEXT, html: arabicHtml, invitationId }),
      await mailTo(chinese, {
        subject: CHINESE_SUBJECT,
        text: CHINESE_TEXT,
        html: chineseHtml,
        kind: 'reminder',
        headers: { 'List-Unsubscribe': '<https://surveys.example.org/r/opt-out>' },
      }),
    ]);

    // Before sending: nothing readable in the row, the ciphertext included.
    for (const [id, to, subjectLine] of [
      [ids[0], arabic, ARABIC_SUBJECT],
      [ids[1], chinese, CHINESE_SUBJECT],
    ]) {
      const queued = await row(id);
      expect(queued.status).toBe(MailStatus.Pending);
      expect(queued.attempts).toBe(0);
      expect(queued.nextAttemptAt.getTime()).toBe(now.getTime());
      expect(queued.messageCiphertext).toBeInstanceOf(Buffer);
      expect(queued.messageCiphertext!.includes(Buffer.from(to))).toBe(false);
      expect(queued.messageCiphertext!.includes(Buffer.from(to.split('@')[0]))).toBe(false);
      expect(queued.messageCiphertext!.includes(Buffer.from(subjectLine))).toBe(false);
      const [{ text }] = (await dataSource.query('SELECT m::text AS text FROM mail_outbox m WHERE id = $1', [id])) as {
        text: string;
      }[];
      expect(text).not.toContain(to);
      expect(text).not.toContain(Buffer.from(to).toString('hex'));
    }

    expect(await sender.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0, cancelled: 0 });

    const [arabicMail] = smtp.to(arabic);
    const [chineseMail] = smtp.to(chinese);
    expect(smtp.to(arabic)).toHaveLength(1);
    expect(smtp.to(chinese)).toHaveLength(1);
    expect(arabicMail.rcptTo).toEqual([arabic.toLowerCase()]);
    expect(arabicMail.mailFrom).toBe(FROM);
    const parsedArabic = await parse(arabicMail);
    expect(parsedArabic.subject).toBe(ARABIC_SUBJECT);
    expect(parsedArabic.text?.trim()).toBe(ARABIC_TEXT);
    expect(parsedArabic.html).toBe(arabicHtml);
    expect(parsedArabic.from?.value).toEqual([{ address: FROM, name: '' }]);
    expect(parsedArabic.to).toMatchObject({ value: [{ address: arabic }] });
    expect(parsedArabic.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsedArabic.messageId).toBe(`<${ids[0]}@example.org>`);
    const parsedChinese = await parse(chineseMail);
    expect(parsedChinese.subject).toBe(CHINESE_SUBJECT);
    expect(parsedChinese.text?.trim()).toBe(CHINESE_TEXT);
    expect(parsedChinese.html).toBe(chineseHtml);
    expect(parsedChinese.to).toMatchObject({ value: [{ address: chinese }] });
    expect(parsedChinese.headerLines).toContainEqual({
      key: 'list-unsubscribe',
      line: 'List-Unsubscribe: <https://surveys.example.org/r/opt-out>',
    });

    for (const id of ids) {
      const sent = await row(id);
      expect(sent).toMatchObject({ status: MailStatus.Sent, messageCiphertext: null, lastError: null, attempts: 1 });
      expect(sent.sentAt?.getTime()).toBe(now.getTime());
      expect(sent.lockedUntil).toBeNull();
    }
    expect(outcomes).toContainEqual({
      messageId: ids[0],
      invitationId,
      kind: 'invitation',
      status: 'sent',
      bounced: false,
    });
    expect(outcomes).toContainEqual({
      messageId: ids[1],
      invitationId: null,
      kind: 'reminder',
      status: 'sent',
      bounced: false,
    });
    expect(await outbox.counts()).toMatchObject({ sent: 2, pending: 0, sending: 0 });
  });

  it('retries a temporary failure after the documented backoff, then delivers', async () => {
    const to = address('deferred');
    smtp.rules.set(to.toLowerCase(), (attempt) =>
      attempt === 0 ? { code: 451, text: `Mailbox ${to} is busy, try later` } : null,
    );
    const [id] = await queue([await mailTo(to)]);

    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, cancelled: 0 });
    const deferred = await row(id);
    expect(deferred).toMatchObject({
      status: MailStatus.Pending,
      attempts: 1,
      lastError: 'SMTP 451: deferred temporarily',
    });
    expect(deferred.nextAttemptAt.getTime()).toBe(now.getTime() + RETRY_BASE_SECONDS * 1000);
    expect(deferred.messageCiphertext).not.toBeNull();
    expect(deferred.lockedUntil).toBeNull();
    expect(smtp.to(to)).toHaveLength(0);

    // Not due yet.
    advance(RETRY_BASE_SECONDS - 1);
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, cancelled: 0 });

    advance(1);
    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(await row(id)).toMatchObject({
      status: MailStatus.Sent,
      attempts: 2,
      messageCiphertext: null,
      lastError: null,
    });
    expect(smtp.to(to)).toHaveLength(1);
    expect(smtp.attemptsFor(to)).toBe(2);
  });

  it('fails a permanent rejection at once, reports the bounce and keeps the address out of last_error', async () => {
    const to = address('bounce');
    smtp.rules.set(to.toLowerCase(), () => ({ code: 550, text: `No such user here: <${to}>` }));
    const invitationId = randomUUID();
    const [id] = await queue([await mailTo(to, { invitationId })]);

    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, cancelled: 0 });
    const failed = await row(id);
    expect(failed).toMatchObject({
      status: MailStatus.Failed,
      attempts: 1,
      messageCiphertext: null,
      lastError: 'SMTP 550: rejected permanently',
    });
    expect(failed.lastError).not.toContain(to);
    expect(failed.lastError).not.toContain('@');
    expect(outcomes).toContainEqual({
      messageId: id,
      invitationId,
      kind: 'invitation',
      status: 'failed',
      bounced: true,
    });
    expect(smtp.to(to)).toHaveLength(0);
  });

  it('gives up after the configured number of attempts, backing off exponentially', async () => {
    const to = address('always-busy');
    smtp.rules.set(to.toLowerCase(), () => ({ code: 450, text: `Mailbox ${to} unavailable` }));
    const [id] = await queue([await mailTo(to)]);

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await sender.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, cancelled: 0 });
      const waiting = await row(id);
      const backoffSeconds = RETRY_BASE_SECONDS * 2 ** (attempt - 1);
      expect(waiting).toMatchObject({ status: MailStatus.Pending, attempts: attempt });
      expect(waiting.nextAttemptAt.getTime()).toBe(now.getTime() + backoffSeconds * 1000);
      advance(backoffSeconds);
    }
    expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, cancelled: 0 });
    expect(await row(id)).toMatchObject({
      status: MailStatus.Failed,
      attempts: MAX_ATTEMPTS,
      messageCiphertext: null,
      lastError: 'SMTP 450: deferred temporarily',
    });
    expect(outcomes).toContainEqual({
      messageId: id,
      invitationId: null,
      kind: 'invitation',
      status: 'failed',
      bounced: false,
    });
    expect(smtp.attemptsFor(to)).toBe(MAX_ATTEMPTS);
    expect(smtp.to(to)).toHaveLength(0);
  });

  it('delivers every message exactly once when senders of two app instances run at the same time', async () => {
    const recipients = Array.from({ length: 30 }, (_, i) => address(`parallel${i}`));
    const mails = await Promise.all(recipients.map((to) => mailTo(to)));
    const ids = await queue(mails);

    const runs = await Promise.all([
      sender.runOnce(8),
      sender.runOnce(8),
      otherSender.runOnce(8),
      otherSender.runOnce(8),
    ]);
    const total = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    for (const run of runs) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += run[key];
    expect(total).toEqual({ sent: 30, retried: 0, failed: 0, cancelled: 0 });
    // Both instances took part.
    expect(runs[0].sent + runs[1].sent).toBeGreaterThan(0);
    expect(runs[2].sent + runs[3].sent).toBeGreaterThan(0);
    for (const to of recipients) expect(smtp.to(to)).toHaveLength(1);
    const statuses = (await dataSource.query(
      'SELECT status, attempts, count(*)::int AS n FROM mail_outbox WHERE id = ANY($1::uuid[]) GROUP BY status, attempts',
      [ids],
    )) as unknown[];
    expect(statuses).toEqual([{ status: 'sent', attempts: 1, n: 30 }]);
  });

  it('reclaims a message whose sender died (lease expired), and leaves a live claim alone', async () => {
    const orphan = address('orphan');
    const busy = address('busy');
    const [orphanId, busyId] = await queue([await mailTo(orphan), await mailTo(busy)]);
    await dataSource.query(`UPDATE mail_outbox SET status = 'sending', attempts = 1, locked_until = $2 WHERE id = $1`, [
      orphanId,
      new Date(now.getTime() - 1000),
    ]);
    await dataSource.query(`UPDATE mail_outbox SET status = 'sending', attempts = 1, locked_until = $2 WHERE id = $1`, [
      busyId,
      new Date(now.getTime() + 60_000),
    ]);

    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(await row(orphanId)).toMatchObject({ status: MailStatus.Sent, attempts: 2, messageCiphertext: null });
    expect(smtp.to(orphan)).toHaveLength(1);
    expect(await row(busyId)).toMatchObject({ status: MailStatus.Sending, attempts: 1 });
    expect(smtp.to(busy)).toHaveLength(0);

    // Its sender dies too: once the lease is over, it is sent.
    advance(61);
    expect(await otherSender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(await row(busyId)).toMatchObject({ status: MailStatus.Sent, attempts: 2 });
    expect(smtp.to(busy)).toHaveLength(1);
  });

  it('keeps a message claimed by a sender that stalled mid-send for two minutes, then another sender sends it once', async () => {
    const to = address('stalled');
    smtp.holding.add(to.toLowerCase());
    const [id] = await queue([await mailTo(to)]);
    // A real claim: the first sender is talking to the mail server and gets no answer.
    const stalled = sender.runOnce();
    await until('the first sender to be mid-send', () => smtp.held.has(to.toLowerCase()));
    expect(await row(id)).toMatchObject({ status: MailStatus.Sending, attempts: 1 });
    smtp.holding.delete(to.toLowerCase());

    // A second before the two minutes are over, the claim is still the first sender's.
    advance(119);
    expect(await otherSender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, cancelled: 0 });
    expect(smtp.to(to)).toHaveLength(0);
    // A second after, the first sender counts as dead: another one sends the message.
    advance(2);
    expect(await otherSender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(await row(id)).toMatchObject({ status: MailStatus.Sent, attempts: 2 });

    // The stalled sender hears back at last; its late outcome does not overwrite the newer one.
    smtp.held.get(to.toLowerCase())!();
    await stalled;
    expect(await row(id)).toMatchObject({ status: MailStatus.Sent, attempts: 2 });
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('cancels, and never sends, mail of a person whose key was shredded', async () => {
    const erased = address('erased');
    const kept = address('kept');
    const erasedMail = await mailTo(erased, { invitationId: randomUUID() });
    const [erasedId, keptId] = await queue([erasedMail, await mailTo(kept)]);
    await dataSource.transaction((manager) => keystore.shred([erasedMail.subjectId], manager));

    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 1 });
    const cancelled = await row(erasedId);
    expect(cancelled).toMatchObject({ status: MailStatus.Cancelled, messageCiphertext: null, sentAt: null });
    expect(cancelled.lastError).not.toContain('@');
    expect(smtp.to(erased)).toHaveLength(0);
    expect(smtp.attemptsFor(erased)).toBe(0);
    expect(await row(keptId)).toMatchObject({ status: MailStatus.Sent });
    expect(outcomes).toContainEqual({
      messageId: erasedId,
      invitationId: erasedMail.invitationId,
      kind: 'invitation',
      status: 'cancelled',
      bounced: false,
    });
  });

  it('does not send the queued mail of an invitation cancelled by an opt-out', async () => {
    const optedOut = address('opted-out');
    const other = address('other');
    const invitationId = randomUUID();
    const subjectId = await newSubjectId();
    const [invitationMail, reminderMail, otherMail] = await queue([
      await mailTo(optedOut, { subjectId, invitationId }),
      await mailTo(optedOut, { subjectId, invitationId, kind: 'reminder' }),
      await mailTo(other, { invitationId: randomUUID() }),
    ]);

    const cancelled = await dataSource.transaction((manager: EntityManager) =>
      outbox.cancelForInvitation(manager, invitationId),
    );
    expect(cancelled).toBe(2);
    for (const id of [invitationMail, reminderMail]) {
      expect(await row(id)).toMatchObject({ status: MailStatus.Cancelled, messageCiphertext: null });
    }
    expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(await row(otherMail)).toMatchObject({ status: MailStatus.Sent });
    expect(smtp.to(optedOut)).toHaveLength(0);
    // Nothing left to cancel.
    expect(await dataSource.transaction((manager) => outbox.cancelForInvitation(manager, invitationId))).toBe(0);
  });

  it('records the outcome (and does not send again) when a listener fails', async () => {
    const to = address('listener');
    const remove = outbox.onOutcome(() => Promise.reject(new Error(`listener broke on ${to}`)));
    try {
      const [id] = await queue([await mailTo(to)]);
      expect(await sender.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, cancelled: 0 });
      expect(await row(id)).toMatchObject({ status: MailStatus.Sent, messageCiphertext: null });
      advance(3600);
      expect(await sender.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, cancelled: 0 });
      expect(smtp.to(to)).toHaveLength(1);
    } finally {
      remove();
    }
  });

  it('describes transport errors by code only', () => {
    expect(describeSendError(Object.assign(new Error('x@y.z'), { code: 'ECONNECTION' }))).toEqual({
      permanent: false,
      error: 'connection failed',
    });
    expect(describeSendError(Object.assign(new Error('x@y.z'), { code: 'ETIMEDOUT' }))).toEqual({
      permanent: false,
      error: 'timed out',
    });
    expect(describeSendError(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 552 }))).toEqual({
      permanent: true,
      error: 'SMTP 552: rejected permanently',
    });
    expect(describeSendError(new Error('x@y.z'))).toEqual({ permanent: false, error: 'send failed' });
  });

  function assertNoAddresses(text: string): void {
    for (const value of addresses) expect(text).not.toContain(value);
    for (const value of [ARABIC_SUBJECT, CHINESE_SUBJECT, ARABIC_TEXT]) expect(text).not.toContain(value);
    expect(text).not.toContain('recipients.example.com');
  }

  it('logs counts and message ids, never a recipient address or subject', () => {
    const log = subject.log.text + second.log.text;
    expect(subject.log.lines.some((line) => line.msg === 'mail run finished' && typeof line.sent === 'number')).toBe(
      true,
    );
    expect(
      subject.log.lines.some(
        (line) => line.msg === 'mail failed' && line.lastError === 'SMTP 550: rejected permanently',
      ),
    ).toBe(true);
    expect(
      subject.log.lines.some((line) => line.msg === 'mail outcome listener failed; outcome recorded without it'),
    ).toBe(true);
    assertNoAddresses(log);
  });
});
