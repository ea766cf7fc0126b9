import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { StaffRole } from '../src/auth/roles';
import { READ_APPLICATION_NAME, ReadDatabase } from '../src/database/read-database';
import { MetricsService } from '../src/observability/metrics.service';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import type { components } from '@survey/api-client';
import { createTestApp, TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { valueOf } from './utils/metrics';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

/**
 * DATABASE_READ_URL: statistics, exports and lists go to the read pool; writes, and reads that
 * must see them, to the primary. The "replica" here is a copy of the primary database taken at
 * one moment (CREATE DATABASE … TEMPLATE), i.e. a replica that lags: whatever the application
 * writes afterwards shows up on the primary only, so every read tells which pool served it.
 */

type CreateSurvey = components['schemas']['CreateSurveyDto'];

/** Both applications below read what the other wrote (tokens, sessions, encrypted fields). */
const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.SURVEY_TEST_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

describe('the read pool (DATABASE_READ_URL)', () => {
  let db: TestDatabase;
  let replicaName: string;
  let replicaUrl: string;
  let t: TestApp;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const setup = await createTestApp({ databaseUrl: db.url, env: SECRETS });
    try {
      analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
      ({ surveyId, invitees } = await surveyWithInvitees(setup.app, analyst));
      for (const invitee of invitees.slice(0, 6)) {
        await dataOf(
          setup
            .api({ invitation: invitee.token })
            .POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }),
        );
      }
    } finally {
      await setup.close();
    }
    replicaName = `${db.name}_replica`;
    await withAdmin((client) => client.query(`CREATE DATABASE "${replicaName}" TEMPLATE "${db.name}"`));
    const url = new URL(db.url);
    url.pathname = `/${replicaName}`;
    replicaUrl = url.toString();
    t = await createTestApp({
      databaseUrl: db.url,
      migrate: false,
      env: { ...SECRETS, DATABASE_READ_URL: replicaUrl },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    if (replicaName) await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`));
  });

  it('sends writes to the primary and live statistics to the read pool', async () => {
    await dataOf(
      t.api({ invitation: invitees[6].token }).POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }),
    );
    expect(await count(db.url, 'SELECT count(*) AS n FROM responses')).toBe(7);
    expect(await count(replicaUrl, 'SELECT count(*) AS n FROM responses')).toBe(6);

    const stats = await dataOf(
      t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }),
    );
    expect(stats.population.responses.value).toBe(6);
  });

  it('lists from the read pool, and reads a record just written from the primary', async () => {
    const staff = t.api({ staff: analyst });
    const created = await dataOf(
      staff.POST('/api/v1/surveys', {
        body: {
          name: 'Written just now',
          questionnaire: sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'],
        },
      }),
      201,
    );
    expect((await dataOf(staff.GET('/api/v1/surveys/{id}', { params: { path: { id: created.id } } }))).id).toBe(
      created.id,
    );
    const listed = await dataOf(staff.GET('/api/v1/surveys'));
    expect(listed.items.map((s) => s.id)).toEqual([surveyId]);
    expect(await count(db.url, 'SELECT count(*) AS n FROM surveys')).toBe(2);

    const raw = await dataOf(staff.GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId } } }));
    expect(raw.items).toHaveLength(6);
  });

  it('runs its sessions as survey-api-read, on the read URL only', async () => {
    const sessions = await withAdmin(
      async (client) =>
        (
          await client.query<{ datname: string; n: number }>(
            `SELECT datname, count(*)::int AS n FROM pg_stat_activity
              WHERE application_name = $1 AND datname IN ($2, $3) GROUP BY datname`,
            [READ_APPLICATION_NAME, db.name, replicaName],
          )
        ).rows,
    );
    expect(sessions.map((s) => s.datname)).toEqual([replicaName]);
    const { text } = await t.app.get(MetricsService).exposition();
    expect(valueOf(text, 'db_pool_acquire_seconds_count', { pool: 'read', outcome: 'ok' })).toBeGreaterThan(0);
  });

  it('refuses writes on the read pool', async () => {
    const read = t.app.get(ReadDatabase);
    expect(read.separate).toBe(true);
    await expect(read.manager.query(`UPDATE surveys SET name = 'changed'`)).rejects.toMatchObject({ code: '25006' });
    expect(await count(replicaUrl, `SELECT count(*) AS n FROM surveys WHERE name = 'changed'`)).toBe(0);
  });
});
