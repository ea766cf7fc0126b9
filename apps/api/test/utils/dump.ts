import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export interface DatabaseDump {
  /** `pg_dump`, or `sql` when the machine's pg_dump is of another major version than the server. */
  method: 'pg_dump' | 'sql';
  text: string;
}

async function pgDumpMajor(): Promise<number | null> {
  try {
    const { stdout } = await run('pg_dump', ['--version']);
    const match = /(\d+)(?:\.\d+)+/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A full text dump of the database: `pg_dump` (schema and every row) when its major version is
 * the server's (pg_dump refuses newer servers), otherwise the same rows read in SQL: every row of
 * every table of every schema as text (`SELECT t::text`), bytea in hex as pg_dump writes it.
 */
export async function dumpDatabase(url: string): Promise<DatabaseDump> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const serverMajor = Math.floor(
      Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000,
    );
    if ((await pgDumpMajor()) === serverMajor) {
      const { stdout } = await run('pg_dump', ['--no-owner', '--no-privileges', url], { maxBuffer: 512 * 1024 * 1024 });
      return { method: 'pg_dump', text: stdout };
    }
    await client.query(`SET bytea_output = 'hex'`);
    const tables: { schema: string; name: string }[] = (
      await client.query(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          ORDER BY 1, 2`,
      )
    ).rows;
    const parts: string[] = [];
    for (const { schema, name } of tables) {
      const quoted = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
      parts.push(`-- ${quoted}`);
      const rows: { row: string }[] = (await client.query(`SELECT t::text AS row FROM ${quoted} t`)).rows;
      for (const { row } of rows) parts.push(row);
    }
    return { method: 'sql', text: parts.join('\n') };
  } finally {
    await client.end();
  }
}

/** The forms a value may take in a dump: as written, its UTF-8 bytes in hex, and in base64 at any alignment. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [value, bytes.toString('hex')];
  if (bytes.length >= 6) {
    for (let offset = 0; offset < 3; offset += 1) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
      // Only characters that depend on the value's bytes alone.
      forms.push(encoded.slice(Math.ceil((offset * 4) / 3), Math.floor((offset + bytes.length) / 3) * 4));
    }
  }
  return forms;
}

/** Which of the values appear in the dump, in any of their forms (case-insensitively for text and hex). */
export function foundIn(dump: string, values: string[]): string[] {
  const lower = dump.toLowerCase();
  return values.filter((value) =>
    encodedForms(value).some((form, i) =>
      i === 0 || i === 1 ? lower.includes(form.toLowerCase()) : dump.includes(form),
    ),
  );
}
