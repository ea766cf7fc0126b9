/**
 * What one worker's mail sender sustains: BENCH_MAILS messages (default 2,000) queued in the outbox
 * (encrypted under their recipients' keys, as campaigns queue them), then sent by the sender's own
 * loop (`MailSender.runOnce` in batches of 50 until nothing is due, as the `mail.send` job does) to
 * an SMTP server on the loopback interface that accepts everything (a child process, so receiving
 * costs this process nothing). Each round checks that the server received every message once and
 * that the outbox holds them all as sent.
 *
 * Baselines in the same run, sending the same number of ready-made messages with nodemailer to the
 * same server, with no database and no encryption: (a) the transport the sender uses, one
 * connection per message, 4 at a time; (b) a pooled transport of 4 connections. Rounds are
 * interleaved. The relay here answers at once: a real relay's latency divides these rates, which is
 * why the sender sends several messages at a time.
 *
 * With pg_stat_statements loaded on the server, it also prints what each message cost the
 * database (statement time and WAL bytes, for this benchmark's database only).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:mail
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { KeystoreService } from '../../apps/api/src/crypto/keystore.service';
import { MailOutboxService, type OutgoingMail } from '../../apps/api/src/mail/mail-outbox.service';
import { MailSender } from '../../apps/api/src/mail/mail-sender.service';
import { DatabaseCost, databaseCost } from './database-cost';
import { cleanups, runBenchmark } from './harness';
import { bootOnFreshDatabase, median, positiveInt } from './in-process';
import { startSmtpSink } from './smtp-sink';

const MAILS = positiveInt('BENCH_MAILS', 2000);
const ROUNDS = positiveInt('BENCH_ROUNDS', 3);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 1800);
/** As many at a time as the sender sends (SEND_CONCURRENCY in mail-sender.service.ts). */
const CONCURRENCY = 4;
const FROM = 'surveys@bench.example.org';

/** A message of the size of an invitation: a paragraph of text, the same as HTML, a link. */
function message(i: number): { subject: string; text: string; html: string; to: string } {
  const paragraph =
    'You filed with us recently. Would you tell us how it went? The survey takes five minutes; your ' +
    'answers are kept apart from your name and reported only in groups. ';
  const link = `https://surveys.example.org/r/#t=${randomUUID()}${randomUUID()}`;
  return {
    to: `respondent.${i}@bench.example.org`,
    subject: 'Your opinion on our filing services',
    text: `Dear respondent,\n\n${paragraph.repeat(4)}\n\n${link}\n\nUnsubscribe: ${link}/stop\n`,
    html: `<p>Dear respondent,</p>${`<p>${paragraph}</p>`.repeat(4)}<p><a href="${link}">Answer the survey</a></p>`,
  };
}

async function queue(dataSource: DataSource, keystore: KeystoreService, outbox: MailOutboxService): Promise<void> {
  for (let start = 0; start < MAILS; start += 1000) {
    const count = Math.min(1000, MAILS - start);
    const subjects = Array.from({ length: count }, () => randomUUID());
    await dataSource.transaction(async (manager) => {
      await keystore.create(subjects, manager);
      const mails: OutgoingMail[] = subjects.map((subjectId, j) => ({
        subjectId,
        kind: 'invitation',
        ...message(start + j),
        headers: { 'List-Unsubscribe': `<https://surveys.example.org/r/stop/${subjectId}>` },
      }));
      await outbox.enqueue(manager, mails);
    });
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function sendAll(transport: Transporter): Promise<void> {
  const mails: SendMailOptions[] = Array.from({ length: MAILS }, (_, i) => {
    const { to, subject, text, html } = message(i);
    return { from: FROM, to, envelope: { from: FROM, to: [to] }, subject, text, html };
  });
  let next = 0;
  const worker = async () => {
    while (next < mails.length) await transport.sendMail(mails[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function main(): Promise<void> {
  const sink = await startSmtpSink();
  cleanups.push(() => sink.close());
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const app = await bootOnFreshDatabase(`bench_mail_${Date.now()}`, { SMTP_URL: smtpUrl, MAIL_FROM: FROM });
  const dataSource = app.get(DataSource);
  const keystore = app.get(KeystoreService);
  const outbox = app.get(MailOutboxService);
  const sender = app.get(MailSender);
  const transportOptions = { disableFileAccess: true, disableUrlAccess: true, maxRecipients: 1, logger: false };
  const perMessage = nodemailer.createTransport({ url: smtpUrl, pool: false, ...transportOptions });
  const pooled = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: CONCURRENCY,
    ...transportOptions,
  });
  cleanups.push(async () => {
    perMessage.close();
    pooled.close();
  });

  let expected = 0;
  const drain = async () => {
    let sent = 0;
    for (;;) {
      const run = await sender.runOnce(50);
      sent += run.sent;
      if (run.retried + run.failed > 0) throw new Error(`${run.retried + run.failed} messages were not accepted`);
      if (run.sent + run.cancelled === 0) return sent;
    }
  };
  const measure = {
    sender: async () => {
      await queue(dataSource, keystore, outbox);
      const before = await databaseCost(dataSource);
      const run = await timed(drain);
      const cost = before && (await databaseCost(dataSource))?.minus(before);
      expected += MAILS;
      if (run.result !== MAILS) throw new Error(`the sender sent ${run.result} of ${MAILS} messages`);
      return { seconds: run.seconds, cost };
    },
    'one connection each': async () => {
      const run = await timed(() => sendAll(perMessage));
      expected += MAILS;
      return { seconds: run.seconds, cost: undefined };
    },
    pooled: async () => {
      const run = await timed(() => sendAll(pooled));
      expected += MAILS;
      return { seconds: run.seconds, cost: undefined };
    },
  };
  type Name = keyof typeof measure;
  const rates: Record<Name, number[]> = { sender: [], 'one connection each': [], pooled: [] };
  const costs: DatabaseCost[] = [];

  console.log(`\nMail: ${MAILS} messages per measurement, ${CONCURRENCY} at a time, to an SMTP server on loopback`);
  // Warm-up (connections, JIT), not reported.
  await timed(() => sendAll(pooled));
  expected += MAILS;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const names: Name[] =
      round % 2 === 1 ? ['sender', 'one connection each', 'pooled'] : ['pooled', 'one connection each', 'sender'];
    const line: string[] = [];
    for (const name of names) {
      const { seconds, cost } = await measure[name]();
      rates[name].push(MAILS / seconds);
      if (cost) costs.push(cost.per(MAILS));
      line.push(`${name} ${(MAILS / seconds).toFixed(0)}/s`);
    }
    console.log(`  round ${round}: ${line.join(', ')}`);
  }
  const received = await sink.received();
  if (received !== expected) throw new Error(`the SMTP server received ${received} messages, not ${expected}`);
  const counts = await outbox.counts();
  if (counts.sent !== MAILS * ROUNDS)
    throw new Error(`the outbox holds ${counts.sent} sent messages, not ${MAILS * ROUNDS}`);

  const senderRate = median(rates.sender);
  console.log('\nSummary (medians over the rounds)');
  console.log(`  mail sender (outbox, decryption, one transaction per outcome): ${senderRate.toFixed(0)} messages/s`);
  for (const name of ['one connection each', 'pooled'] as const) {
    const base = median(rates[name]);
    console.log(
      `  nodemailer alone, ${name}: ${base.toFixed(0)} messages/s; sender/this ${(senderRate / base).toFixed(2)}x`,
    );
  }
  if (costs.length > 0) console.log(`  database per message: ${DatabaseCost.median(costs).describe()}`);
  else console.log('  database per message: pg_stat_statements is not loaded on this server (not measured)');
}

runBenchmark(main, TIMEOUT_SECONDS);
