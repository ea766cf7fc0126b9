import { Client } from 'pg';
import { StaffRole } from '../src/auth/roles';
import { READ_APPLICATION_NAME, ReadDatabase } from '../src/database/read-database';
import { createTestApp, TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { completeAnswers, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';
import { startStreamingPair, StreamingPair } from './utils/streaming-replica';
import { until } from './utils/wait';

/**
 * DATABASE_READ_URL on a real hot-standby streaming replica (pg_basebackup of a primary this file
 * starts): statistics are read on the replica, writes go to the primary, the replica's pool
 * cannot write.
 */

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const readSessions = async (url: string) =>
  (
    await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
      READ_APPLICATION_NAME,
    ])
  )[0].n;

describe('the read pool on a streaming replica', () => {
  let pair: StreamingPair;
  let t: TestApp;

  beforeAll(async () => {
    pair = await startStreamingPair();
    t = await createTestApp({ databaseUrl: pair.primaryUrl, env: { DATABASE_READ_URL: pair.replicaUrl } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pair?.stop();
  });

  it('reads statistics on the replica once the submissions written on the primary have streamed there', async () => {
    expect(await query(pair.replicaUrl, 'SELECT pg_is_in_recovery() AS standby')).toEqual([{ standby: true }]);
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    const { surveyId, invitees } = await surveyWithInvitees(t.app, analyst);
    for (const invitee of invitees.slice(0, 6)) {
      await dataOf(
        t.api({ invitation: invitee.token }).POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }),
      );
    }
    await until(
      'the replica to replay the submissions',
      async () => (await query<{ n: number }>(pair.replicaUrl, 'SELECT count(*)::int AS n FROM responses'))[0].n === 6,
    );
    const stats = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }),
    );
    expect(stats.population.responses.value).toBe(6);
    expect(await readSessions(pair.replicaUrl)).toBeGreaterThan(0);
    expect(await readSessions(pair.primaryUrl)).toBe(0);
  });

  it('cannot write through the read pool', async () => {
    const read = t.app.get(ReadDatabase);
    await expect(read.manager.query(`UPDATE surveys SET name = 'changed'`)).rejects.toMatchObject({ code: '25006' });
  });
});
