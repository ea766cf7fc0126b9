import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { PLAIN_EMAIL_ADDRESS } from '../common/validation';
import { KeystoreService } from '../crypto/keystore.service';
import { JobQueue } from '../jobs/job-queue';
import { MailStatus } from './mail-outbox.entity';

/** The job that sends what the outbox holds (no payload: it claims due messages). */
export const MAIL_SEND_TASK = 'mail.send';
import { MailOutboxRepository, MailSummaryRow } from './mail.repository';
import type { SubjectKey } from '@survey/field-crypto';

/** One message to queue. Everything but the ids and `kind` is encrypted under the subject's key. */
export interface OutgoingMail {
  /** The data subject whose key encrypts the message (the recipient); erasing them shreds it. */
  subjectId: string;
  /** invitation, reminder, ... (no personal values: it is stored in clear). */
  kind: string;
  invitationId?: string | null;
  /** One plain e-mail address (no display name, no list). */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers such as List-Unsubscribe; names are letters, digits and '-', values one line. */
  headers?: Record<string, string>;
}

/**
 * One message to queue now and render when it is sent (see `registerRenderer`). `ingredients` is
 * stored encrypted under the subject's key, like a finished message: it may hold a secret link.
 */
export interface MailToRender {
  subjectId: string;
  invitationId?: string | null;
  ingredients: Record<string, unknown>;
}

/** A queued message handed to its renderer at send time, its ingredients decrypted. */
export interface MessageToRender {
  id: string;
  subjectId: string;
  kind: string;
  invitationId: string | null;
  ingredients: Record<string, unknown>;
  /** The subject's key, to read what the renderer needs of them. */
  key: SubjectKey;
}

/**
 * Builds a message when it is sent. Null: it is not to be sent any more (what it was about is
 * gone); the message is then cancelled. An error leaves the attempt to be retried.
 */
export type MailRenderer = (message: MessageToRender) => Promise<MailContent | null>;

/** What the sender decrypts from `message_ciphertext`. */
export interface MailContent {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** The fate of a message, reported once when the sender records it. */
export interface MailOutcome {
  messageId: string;
  invitationId: string | null;
  kind: string;
  status: 'sent' | 'failed' | 'cancelled';
  /** The receiving server refused the message for good (SMTP 5xx). */
  bounced: boolean;
}

/**
 * Called inside the transaction that records the outcome, so what the listener changes commits
 * with it. A listener that throws is logged and its change dropped; the outcome is still
 * recorded (the mail is gone already and must not be sent again).
 */
export type MailOutcomeListener = (outcome: MailOutcome, manager: EntityManager) => Promise<void>;

export type MailStatusCounts = Record<MailStatus, number>;

/** Encryption context of `message_ciphertext`. */
export const MAIL_MESSAGE_CONTEXT = 'mail.message';

const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
]);

function assertSendable(mail: OutgoingMail, index: number): void {
  // Messages name the position only: the values are personal.
  if (typeof mail.to !== 'string' || mail.to.length > 320 || !PLAIN_EMAIL_ADDRESS.test(mail.to)) {
    throw new Error(`Mail #${index}: "to" must be one plain e-mail address.`);
  }
  for (const field of ['subject', 'text', 'html'] as const) {
    if (typeof mail[field] !== 'string') throw new Error(`Mail #${index}: "${field}" must be a string.`);
  }
  if (/[\r\n]/.test(mail.subject)) throw new Error(`Mail #${index}: the subject must be one line.`);
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new Error(`Mail #${index}: header "${name.slice(0, 40)}" may not be set this way.`);
    }
    if (typeof value !== 'string' || /[\r\n]/.test(value)) {
      throw new Error(`Mail #${index}: header "${name}" must be a one-line string.`);
    }
  }
}

/**
 * The transactional outbox (DESIGN.md sections 3 and 5): mail is written in the transaction that
 * creates what it announces, encrypted under the recipient's subject key, with a job on the queue
 * that has a worker's MailSender send it.
 */
@Injectable()
export class MailOutboxService {
  private readonly outcomeListeners = new Set<MailOutcomeListener>();
  private readonly renderers = new Map<string, MailRenderer>();
  constructor(
    private readonly messages: MailOutboxRepository,
    private readonly keystore: KeystoreService,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Queues mail inside the caller's transaction: the messages exist if and only if it commits.
   * Loads the subjects' keys once, encrypts each message and inserts them in chunks.
   * @returns the message ids, in the order of `mails`
   * @throws ShreddedKeyError (from @survey/field-crypto) when a subject has no key
   */
  async enqueue(manager: EntityManager, mails: OutgoingMail[]): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'MailOutboxService.enqueue must run inside the transaction that creates what the mail announces.',
      );
    }
    if (mails.length === 0) return [];
    mails.forEach(assertSendable);
    const keys = await this.keystore.keysFor(
      mails.map((mail) => mail.subjectId),
      manager,
    );
    const now = this.clock.now();
    const rows = mails.map((mail) => {
      const content: MailContent = { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html };
      if (mail.headers && Object.keys(mail.headers).length > 0) content.headers = { ...mail.headers };
      return {
        id: randomUUID(),
        subjectId: mail.subjectId,
        kind: mail.kind,
        invitationId: mail.invitationId ?? null,
        messageCiphertext: this.keystore.crypto.encrypt(
          keys.get(mail.subjectId)!,
          JSON.stringify(content),
          MAIL_MESSAGE_CONTEXT,
        ),
        status: MailStatus.Pending,
        attempts: 0,
        nextAttemptAt: now,
      };
    });
    await this.messages.insert(rows, manager);
    // A send job, committed with the mail: one waits at a time (its key), whatever the burst.
    await this.jobs.enqueue(manager, { task: MAIL_SEND_TASK, payload: {}, jobKey: MAIL_SEND_TASK });
    return rows.map((row) => row.id);
  }

  /**
   * Queues messages of one kind inside the caller's transaction, to be rendered by `renderer`
   * when they are sent: only their ingredients are stored, encrypted under each subject's key
   * (given in `keys` when the caller has them already), with one insert per chunk.
   */
  async enqueueForRendering(
    manager: EntityManager,
    kind: string,
    renderer: string,
    mails: MailToRender[],
    keys?: Map<string, SubjectKey>,
  ): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'MailOutboxService.enqueueForRendering must run inside the transaction that creates what the mail announces.',
      );
    }
    if (mails.length === 0) return;
    const subjectKeys =
      keys ??
      (await this.keystore.keysFor(
        mails.map((mail) => mail.subjectId),
        manager,
      ));
    const ciphertexts = mails.map((mail) => {
      const key = subjectKeys.get(mail.subjectId);
      if (!key) throw new Error('MailOutboxService.enqueueForRendering: a subject key was not given.');
      return this.keystore.crypto.encrypt(key, JSON.stringify(mail.ingredients), MAIL_MESSAGE_CONTEXT);
    });
    await this.messages.insertForRendering(
      kind,
      renderer,
      {
        subjectIds: mails.map((mail) => mail.subjectId),
        invitationIds: mails.map((mail) => mail.invitationId ?? null),
        ciphertexts,
      },
      this.clock.now(),
      manager,
    );
    await this.jobs.enqueue(manager, { task: MAIL_SEND_TASK, payload: {}, jobKey: MAIL_SEND_TASK });
  }

  /** Registers what renders the messages queued for `name` (one renderer per name). */
  registerRenderer(name: string, renderer: MailRenderer): void {
    if (this.renderers.has(name)) throw new Error(`A mail renderer "${name}" is registered already.`);
    this.renderers.set(name, renderer);
  }

  /**
   * @internal The sender renders a message queued for a renderer; null when it is not to be sent
   * any more. A message whose renderer is unknown here (or whose result is not sendable) throws.
   */
  async render(name: string, message: MessageToRender): Promise<MailContent | null> {
    const renderer = this.renderers.get(name);
    if (!renderer) throw new Error(`No mail renderer "${name}" is registered.`);
    const content = await renderer(message);
    if (content) assertSendable({ ...content, subjectId: message.subjectId, kind: message.kind }, 0);
    return content;
  }

  /**
   * Cancels the messages of an invitation that are still waiting (the respondent opted out) and
   * drops their content. A message already being sent is not stopped. Listeners are not called:
   * the caller is the one cancelling.
   */
  cancelForInvitation(manager: EntityManager, invitationId: string): Promise<number> {
    return this.messages.cancelPendingForInvitation(invitationId, manager);
  }

  /**
   * Deletes every message of these subjects, whatever its status (erasure, or the purge of a
   * privacy request): nothing about them stays in the outbox. Returns how many went.
   */
  async deleteForSubjects(manager: EntityManager, subjectIds: string[]): Promise<number> {
    if (subjectIds.length === 0) return 0;
    return this.messages.deleteForSubjects(subjectIds, manager);
  }

  /**
   * Deletes every message about these invitations, queued or kept (the invitations' retention, in
   * their deletion transaction). Returns how many went.
   */
  async deleteForInvitations(manager: EntityManager, invitationIds: string[]): Promise<number> {
    if (invitationIds.length === 0) return 0;
    return this.messages.deleteForInvitations(invitationIds, manager);
  }

  // ---- Privacy rights ----

  /** The mail about the subject or their invitations, oldest first, without content (access package). */
  mailOf(manager: EntityManager, subjectId: string, invitationIds: string[]): Promise<MailSummaryRow[]> {
    return this.messages.ofSubjectOrInvitations(subjectId, invitationIds, manager);
  }

  /**
   * Drops the mail still queued (or being sent) for these subjects: it could not be sent any more
   * (their key is gone). Unlike `deleteForSubjects`, mail already sent stays.
   */
  deleteQueuedForSubjects(manager: EntityManager, subjectIds: string[]): Promise<void> {
    return this.messages.deleteQueuedForSubjects(subjectIds, manager);
  }

  /** Registers a listener for outcomes; returns a function that removes it. */
  onOutcome(listener: MailOutcomeListener): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  /** @internal The sender reports each outcome here, inside the transaction recording it. */
  async notifyOutcome(outcome: MailOutcome, manager: EntityManager): Promise<void> {
    for (const listener of [...this.outcomeListeners]) await listener(outcome, manager);
  }

  /** How many messages are in each status (health checks, operations). */
  async counts(): Promise<MailStatusCounts> {
    const rows = await this.messages.countByStatus();
    const counts = Object.fromEntries(Object.values(MailStatus).map((status) => [status, 0])) as MailStatusCounts;
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  // Anonymisation at close (delivery, for ingestion): which invitations still have mail waiting.

  /** The invitations (each once) that have a message pending or being sent. */
  invitationsWithMailWaiting(manager?: EntityManager): Promise<string[]> {
    return this.messages.invitationsWithMailWaiting(manager);
  }
}
