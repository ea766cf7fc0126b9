import type { Answers, Questionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { tallyOf } from '../src/statistics/tally';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { answeredSurvey } from './utils/answered-survey';
import { newStaff, sessionFor } from './utils/staff';

/**
 * The Statistics migration adds each response's tally and campaign. Responses stored before it
 * must get both: undo it (and what came after), apply everything again, and compare.
 */
describe('the Statistics migration on a database that already holds responses', () => {
  let db: TestDatabase;
  let t: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('backfills the tally and the campaign of every stored response', async () => {
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    const { surveyId, campaignId } = await answeredSurvey(t.app, analyst);
    await t.close();
    t = undefined;

    const statistics = MIGRATIONS.findIndex((migration) => new migration().name.startsWith('Statistics'));
    const dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      for (let i = MIGRATIONS.length - 1; i >= statistics; i -= 1) await dataSource.undoLastMigration();
      const columns: { column_name: string }[] = await dataSource.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'responses'`,
      );
      expect(columns.map((c) => c.column_name)).not.toContain('tally');
    } finally {
      await dataSource.destroy();
    }

    expect(await runMigrations(db.url)).toHaveLength(MIGRATIONS.length - statistics);
    const check = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      const rows: { tally: string[]; answers: Answers; campaign_id: string; questionnaire: Questionnaire }[] =
        await check.query(
          `SELECT r.tally::text[] AS tally, r.answers, r.campaign_id, v.questionnaire
             FROM responses r
             JOIN questionnaire_versions v ON v.survey_id = r.survey_id AND v.version = r.questionnaire_version
            WHERE r.survey_id = $1`,
          [surveyId],
        );
      expect(rows).toHaveLength(45);
      for (const row of rows) {
        expect(`{${row.tally.join(',')}}`).toBe(tallyOf(row.questionnaire, row.answers));
        expect(row.campaign_id).toBe(campaignId);
      }
    } finally {
      await check.destroy();
    }
  });
});
