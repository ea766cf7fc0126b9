import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { userInfo } from 'node:os';
import { freePort } from './ports';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (`postgresql-15`; .ci/run installs them). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, the server tools run as the `postgres` user. */
async function pg(tool: string, args: string[]): Promise<void> {
  const asRoot = userInfo().uid === 0;
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]]
    : [join(PG_BIN, tool), args];
  await run(file, argv, { timeout: 60_000 });
}

/**
 * A primary and a hot-standby streaming replica of it (pg_basebackup), in a temporary folder on
 * free ports of 127.0.0.1, both trusting local connections as `postgres`. A few seconds to start.
 */
export async function startStreamingPair(): Promise<StreamingPair> {
  const dir = mkdtempSync(join(tmpdir(), 'streaming-pair-'));
  if (userInfo().uid === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), -1);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primary = join(dir, 'primary');
  const replica = join(dir, 'replica');
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.reverse())
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-N']);
    appendFileSync(
      join(primary, 'postgresql.conf'),
      `listen_addresses = '127.0.0.1'\nport = ${primaryPort}\nunix_socket_directories = '${dir}'\n` +
        `wal_level = replica\nmax_wal_senders = 4\nfsync = off\n`,
    );
    appendFileSync(join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await pg('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-w', 'start']);
    started.push(primary);
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
    ]);
    appendFileSync(join(replica, 'postgresql.conf'), `port = ${replicaPort}\nhot_standby = on\n`);
    await pg('pg_ctl', ['-D', replica, '-l', join(dir, 'replica.log'), '-w', 'start']);
    started.push(replica);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stop,
  };
}
