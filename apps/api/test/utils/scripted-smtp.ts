import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  rcptTo: string[];
  mailFrom: string | null;
  raw: Buffer;
}

/** What the server answers at RCPT TO on a recipient's n-th attempt (from 0); null accepts. */
export type Rule = (attempt: number) => { code: number; text: string } | null;

/** A real SMTP server in the test process; answers per recipient as the current test says. */
export class TestSmtpServer {
  readonly received: Received[] = [];
  readonly rules = new Map<string, Rule>();
  /** Recipients whose RCPT TO gets no answer until the test gives one (a sender stalled mid-send). */
  readonly holding = new Set<string>();
  readonly held = new Map<string, () => void>();
  private readonly attempts = new Map<string, number>();
  private readonly server = new SMTPServer({
    authOptional: true,
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const recipient = address.address.toLowerCase();
      const attempt = this.attempts.get(recipient) ?? 0;
      this.attempts.set(recipient, attempt + 1);
      if (this.holding.has(recipient)) {
        this.held.set(recipient, () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      const answer = this.rules.get(recipient)?.(attempt);
      if (!answer) return callback();
      callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.received.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.received.filter((mail) => mail.rcptTo.includes(address.toLowerCase()));
  }

  attemptsFor(address: string): number {
    return this.attempts.get(address.toLowerCase()) ?? 0;
  }
}
