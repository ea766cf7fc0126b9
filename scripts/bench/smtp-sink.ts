/**
 * An SMTP server that accepts every message and keeps only a count, run as a child process of the
 * mail benchmark so that receiving costs the measured process nothing. It tells its parent its
 * port, answers `count` with how many messages it has received, and exits when its parent goes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  received(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the sink in a child process (this file, compiled). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = fork(join(__dirname, 'smtp-sink.js'), ['--serve'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code}) before listening`)));
  });
  return {
    port,
    received: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message: { count: number }) => resolve(message.count));
        child.send('count');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

function serve(): void {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        count += 1;
        callback();
      });
      stream.resume();
    },
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as AddressInfo).port }));
  process.on('message', () => process.send!({ count }));
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module && process.argv.includes('--serve')) serve();
