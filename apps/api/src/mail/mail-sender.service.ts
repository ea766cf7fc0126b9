import { BeforeApplicationShutdown, Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { FieldCryptoError, ShreddedKeyError, SubjectKey, WrongMasterKeyError } from '@survey/field-crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ROOT_LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { JobContext, JobQueue } from '../jobs/job-queue';
import { MailStatus } from './mail-outbox.entity';
import {
  MAIL_MESSAGE_CONTEXT,
  MAIL_SEND_TASK,
  MailContent,
  MailOutboxService,
  MailOutcome,
} from './mail-outbox.service';
import { MailMetrics } from './mail-metrics';
import { ClaimedMessage, MailOutboxRepository } from './mail.repository';

export interface SendRunResult {
  sent: number;
  /** Failed for now, back to pending with a later next_attempt_at. */
  retried: number;
  failed: number;
  /** The recipient's key was shredded: nothing was sent. */
  cancelled: number;
}

/** A claimed message is this long ours; after that another sender may take it (we died). */
export const CLAIM_LEASE_MS = 2 * 60 * 1000;
/** Nothing is handed to the transport later than this after the claim, so leases never overlap. */
const SEND_WINDOW_MS = CLAIM_LEASE_MS - 30 * 1000;
const SEND_CONCURRENCY = 4;
const LOOP_BATCH = 50;
/** The send job also runs every minute, for retries that fall due and claims whose sender died. */
const SEND_SWEEP_CRON = '* * * * *';

type Claimed = ClaimedMessage;

type KeyOrError = SubjectKey | FieldCryptoError;

type Verdict =
  | { status: 'sent' }
  | { status: 'retry'; error: string }
  | { status: 'failed'; error: string; bounced: boolean }
  | { status: 'cancelled'; error: string };

interface SendFailure {
  permanent: boolean;
  /** The SMTP code and a fixed phrase; never the server's text, which often quotes the address. */
  error: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

/** A safe description of a transport error: built from codes only, never from its message. */
export function describeSendError(err: unknown): SendFailure {
  const { responseCode, code } = (err ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number' && Number.isInteger(responseCode) && responseCode >= 400 && responseCode < 600) {
    return responseCode >= 500
      ? { permanent: true, error: `SMTP ${responseCode}: rejected permanently` }
      : { permanent: false, error: `SMTP ${responseCode}: deferred temporarily` };
  }
  if (typeof code === 'string') {
    if (CONNECTION_CODES.has(code)) return { permanent: false, error: 'connection failed' };
    if (code === 'ETIMEDOUT') return { permanent: false, error: 'timed out' };
    if (code === 'ETLS') return { permanent: false, error: 'TLS failed' };
    if (code === 'EAUTH' || code === 'ENOAUTH') return { permanent: false, error: 'authentication failed' };
    if (code === 'EENVELOPE') return { permanent: false, error: 'envelope not accepted' };
  }
  return { permanent: false, error: 'send failed' };
}

/** Name and code of an error, never its message (drivers and servers quote values in it). */
function errorName(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? `${err.name} ${code}` : err.name;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : 'localhost';
}

/**
 * Sends what the outbox holds, as the `mail.send` job on the queue: queued with the mail, and
 * every minute for retries that fall due. Each message keeps its own state (attempts, back-off,
 * bounce, opt-out cancellation), so the job claims due messages with FOR UPDATE SKIP LOCKED and a
 * lease: two workers running the job at once never send one message twice, and a message whose
 * worker died while sending it is claimed again once its lease has run out. Sending happens
 * outside any transaction and each outcome is recorded in its own. Without SMTP_URL, messages are
 * written as .eml files under the outbox folder.
 */
@Injectable()
export class MailSender implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private transport: Transporter | null = null;
  private outboxDirReady: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly messages: MailOutboxRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly mailMetrics: MailMetrics,
    private readonly jobs: JobQueue,
  ) {
    this.logger = rootLogger.child({ component: 'mail-sender' });
  }

  /** Sending is on unless MAIL_POLL_INTERVAL_MS is 0 (tests send by hand with `runOnce`). */
  onModuleInit(): void {
    if (this.config.mail.pollIntervalMs <= 0) return;
    this.jobs.register(MAIL_SEND_TASK, (_payload, job) => this.sendDue(job));
    this.jobs.schedule(MAIL_SEND_TASK, SEND_SWEEP_CRON);
    this.logger.info({ transport: this.config.mail.smtpUrl ? 'smtp' : 'eml-files' }, 'mail sender started');
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Lets a send job in progress finish (the queue stops first), then closes the transport. Idempotent. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.jobs.stop();
    this.transport?.close();
    this.transport = null;
  }

  /** The send job: runs batches until fewer than a batch were due, or the worker stops. */
  private async sendDue(job: JobContext): Promise<void> {
    for (;;) {
      if (job.stopping || this.stopping) return;
      const result = await this.runOnce(LOOP_BATCH);
      if (result.sent + result.retried + result.failed + result.cancelled < LOOP_BATCH) return;
    }
  }

  /**
   * Claims up to `limit` due messages (pending and due, or left in 'sending' by a sender whose
   * lease ran out), sends them and records each outcome.
   */
  async runOnce(limit = 50): Promise<SendRunResult> {
    const result: SendRunResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
    const claimed = await this.claim(limit);
    if (claimed.length === 0) return result;
    const deadline = performance.now() + SEND_WINDOW_MS;
    let keys: Map<string, KeyOrError>;
    try {
      keys = await this.loadKeys(claimed);
    } catch (err) {
      await this.release(claimed).catch(() => undefined);
      throw err;
    }
    const unsent: Claimed[] = [];

    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < claimed.length) {
        const message = claimed[next++];
        if (performance.now() > deadline) {
          unsent.push(message);
          continue;
        }
        let verdict: Verdict;
        try {
          verdict = await this.deliver(message, keys.get(message.subjectId));
          if (!(await this.record(message, verdict))) continue;
        } catch (err) {
          // Left in 'sending': it is claimed again once the lease runs out.
          this.logger.error({ messageId: message.id, error: errorName(err) }, 'mail could not be processed');
          continue;
        }
        this.mailMetrics.count(message.kind, verdict.status);
        if (verdict.status === 'sent') result.sent++;
        else if (verdict.status === 'retry') result.retried++;
        else if (verdict.status === 'failed') result.failed++;
        else result.cancelled++;
        if (verdict.status === 'failed') {
          this.logger.warn(
            { messageId: message.id, attempts: message.attempts, lastError: verdict.error },
            'mail failed',
          );
        } else if (verdict.status === 'retry') {
          this.logger.info(
            { messageId: message.id, attempts: message.attempts, lastError: verdict.error },
            'mail deferred',
          );
        }
      }
    };
    const concurrency = this.config.mail.smtpUrl ? SEND_CONCURRENCY : 1;
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    if (unsent.length > 0) await this.release(unsent);

    this.logger.info({ claimed: claimed.length, released: unsent.length, ...result }, 'mail run finished');
    return result;
  }

  /** One short statement: the claim commits before anything is sent. */
  private async claim(limit: number): Promise<Claimed[]> {
    const now = this.clock.now();
    const leaseEnd = new Date(now.getTime() + CLAIM_LEASE_MS);
    return this.messages.claim(now, leaseEnd, limit);
  }

  /**
   * The keys of the claimed messages' subjects, loaded together; a subject whose key is shredded
   * or unusable maps to the error, so one bad key cannot hold up the others.
   */
  private async loadKeys(claimed: Claimed[]): Promise<Map<string, KeyOrError>> {
    const found = new Map<string, KeyOrError>();
    let ids = [...new Set(claimed.map((message) => message.subjectId))];
    while (ids.length > 0) {
      try {
        for (const [id, key] of await this.keystore.keysFor(ids)) found.set(id, key);
        return found;
      } catch (err) {
        if (err instanceof ShreddedKeyError) {
          const shredded = new Set(err.subjectIds);
          for (const id of shredded) found.set(id, err);
          ids = ids.filter((id) => !shredded.has(id));
        } else if (err instanceof FieldCryptoError) {
          // One of them is unusable: find out which, one by one.
          for (const id of ids) {
            try {
              found.set(id, await this.keystore.keyFor(id));
            } catch (single) {
              if (!(single instanceof FieldCryptoError)) throw single;
              found.set(id, single);
            }
          }
          return found;
        } else {
          throw err;
        }
      }
    }
    return found;
  }

  private async deliver(message: Claimed, key: KeyOrError | undefined): Promise<Verdict> {
    if (key instanceof ShreddedKeyError) return { status: 'cancelled', error: 'cancelled: recipient key shredded' };
    if (message.attempts > this.config.mail.maxAttempts) {
      // Claimed again and again by senders that died while sending it.
      return { status: 'failed', error: 'too many attempts', bounced: false };
    }
    if (key instanceof WrongMasterKeyError) return this.retryOrFail(message, 'wrong master key');
    if (!key || key instanceof FieldCryptoError)
      return { status: 'failed', error: 'key cannot be used', bounced: false };
    if (!message.ciphertext) return { status: 'failed', error: 'message content missing', bounced: false };
    let content: MailContent;
    try {
      content = JSON.parse(this.keystore.crypto.decrypt(key, message.ciphertext, MAIL_MESSAGE_CONTEXT)) as MailContent;
    } catch (err) {
      if (err instanceof FieldCryptoError || err instanceof SyntaxError) {
        return { status: 'failed', error: 'message cannot be decrypted', bounced: false };
      }
      throw err;
    }
    if (message.renderer !== null) {
      // Queued as ingredients: the message is built now (the secret link is in them, encrypted).
      let rendered: MailContent | null;
      try {
        rendered = await this.outbox.render(message.renderer, {
          id: message.id,
          subjectId: message.subjectId,
          kind: message.kind,
          invitationId: message.invitationId,
          ingredients: content as unknown as Record<string, unknown>,
          key,
        });
      } catch (err) {
        // Its name only: a renderer's message could quote what it was rendering.
        this.logger.error({ messageId: message.id, error: errorName(err) }, 'mail could not be rendered');
        return this.retryOrFail(message, 'rendering failed');
      }
      if (rendered === null) return { status: 'cancelled', error: 'cancelled: nothing to send any more' };
      content = rendered;
    }
    try {
      await this.send(message.id, content);
      return { status: 'sent' };
    } catch (err) {
      const failure = this.config.mail.smtpUrl
        ? describeSendError(err)
        : { permanent: false, error: 'outbox write failed' };
      if (failure.permanent) return { status: 'failed', error: failure.error, bounced: true };
      return this.retryOrFail(message, failure.error);
    }
  }

  private retryOrFail(message: Claimed, error: string): Verdict {
    return message.attempts >= this.config.mail.maxAttempts
      ? { status: 'failed', error, bounced: false }
      : { status: 'retry', error };
  }

  private async send(messageId: string, content: MailContent): Promise<void> {
    const { from } = this.config.mail;
    const mail: SendMailOptions = {
      from,
      to: content.to,
      envelope: { from, to: [content.to] },
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: `<${messageId}@${domainOf(from)}>`,
      date: this.clock.now(),
      headers: { ...content.headers, 'Auto-Submitted': 'auto-generated' },
    };
    if (this.config.mail.smtpUrl) {
      await this.smtp().sendMail(mail);
      return;
    }
    const info = (await this.emlWriter().sendMail(mail)) as { message: Buffer };
    await this.writeEml(messageId, info.message);
  }

  /**
   * A pool of as many SMTP connections as messages in flight, each reused for up to 100 messages:
   * a connection per message (handshake, EHLO, and STARTTLS on a real relay) cost several times
   * the message itself (`npm run bench:mail`). A connection the relay closes is replaced.
   */
  private smtp(): Transporter {
    this.transport ??= nodemailer.createTransport({
      url: this.config.mail.smtpUrl!,
      pool: true,
      maxConnections: SEND_CONCURRENCY,
      maxMessages: 100,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
      maxRecipients: 1,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
    return this.transport;
  }

  private emlWriter(): Transporter {
    this.transport ??= nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      maxRecipients: 1,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
    return this.transport;
  }

  private async writeEml(messageId: string, raw: Buffer): Promise<void> {
    const dir = this.config.mail.outboxDir;
    this.outboxDirReady ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    })().catch((err: unknown) => {
      this.outboxDirReady = null;
      throw err;
    });
    await this.outboxDirReady;
    // Written aside and renamed, so a reader never sees half a message.
    const partial = join(dir, `.${messageId}.eml.partial`);
    await writeFile(partial, raw, { mode: 0o600 });
    await chmod(partial, 0o600);
    await rename(partial, join(dir, `${messageId}.eml`));
  }

  /** Records a verdict in its own transaction, with the outcome listeners; false if no longer ours. */
  private async record(message: Claimed, verdict: Verdict): Promise<boolean> {
    const outcome: MailOutcome | null =
      verdict.status === 'retry'
        ? null
        : {
            messageId: message.id,
            invitationId: message.invitationId,
            kind: message.kind,
            status: verdict.status,
            bounced: verdict.status === 'failed' && verdict.bounced,
          };
    try {
      return await this.transactions.run(async (manager) => {
        if (!(await this.update(manager, message, verdict))) return false;
        if (outcome) await this.outbox.notifyOutcome(outcome, manager);
        return true;
      });
    } catch (err) {
      if (!outcome) throw err;
      // The mail has gone (or will never go): record that even if a listener failed.
      this.logger.error(
        { messageId: message.id, error: errorName(err) },
        'mail outcome listener failed; outcome recorded without it',
      );
      return this.transactions.run((manager) => this.update(manager, message, verdict));
    }
  }

  private async update(manager: EntityManager, message: Claimed, verdict: Verdict): Promise<boolean> {
    const now = this.clock.now();
    let status: MailStatus;
    let nextAttemptAt: Date | null = null;
    let lastError: string | null = null;
    let sentAt: Date | null = null;
    switch (verdict.status) {
      case 'sent':
        status = MailStatus.Sent;
        sentAt = now;
        break;
      case 'retry':
        status = MailStatus.Pending;
        lastError = verdict.error;
        nextAttemptAt = new Date(
          now.getTime() + this.config.mail.retryBaseSeconds * 1000 * 2 ** Math.max(0, message.attempts - 1),
        );
        break;
      case 'failed':
        status = MailStatus.Failed;
        lastError = verdict.error;
        break;
      case 'cancelled':
        status = MailStatus.Cancelled;
        lastError = verdict.error;
        break;
    }
    return this.messages.recordVerdict(message, { status, nextAttemptAt, lastError, sentAt }, manager);
  }

  /** Hands back messages not sent in time: their attempt did not happen. */
  private async release(messages: Claimed[]): Promise<void> {
    for (const message of messages) await this.messages.release(message);
  }
}
