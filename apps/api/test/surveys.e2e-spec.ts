import type { components } from '@survey/api-client';
import { LANGUAGES, sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];
type UpdateSurvey = components['schemas']['UpdateSurveyDto'];

describe('Surveys and their lifecycle', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let management: string;
  let privacyOfficer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RETENTION_MONTHS: '18' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    privacyOfficer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const as = (token: string) => t.api({ staff: token });
  const create = (body: CreateSurvey) => as(analyst).POST('/api/v1/surveys', { body });
  const survey = (id: string) => ({ params: { path: { id } } });
  const update = (id: string, body: UpdateSurvey) => as(analyst).PATCH('/api/v1/surveys/{id}', { ...survey(id), body });
  const publish = (id: string) => as(analyst).POST('/api/v1/surveys/{id}/publish', survey(id));
  const close = (id: string) => as(analyst).POST('/api/v1/surveys/{id}/close', survey(id));
  const version = (id: string, version: number) =>
    as(analyst).GET('/api/v1/surveys/{id}/versions/{version}', { params: { path: { id, version } } });

  it('creates a draft with the organisation’s retention and k = 5 by default', async () => {
    const created = await dataOf(create({ name: '  Filers 2027  ' }), 201);
    expect(created).toMatchObject({
      name: 'Filers 2027',
      status: 'draft',
      publishedVersion: null,
      retentionMonths: 18,
      minGroupSize: 5,
      hasUnpublishedChanges: true,
    });
    expect(created.questionnaireProblems.length).toBeGreaterThan(0);
  });

  it.each([
    [{ name: 'x', retentionMonths: 25 }, 'retentionMonths'],
    [{ name: 'x', retentionMonths: 19 }, 'retentionMonths'],
    [{ name: 'x', minGroupSize: 2 }, 'minGroupSize'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x', questionnaire: [1, 2] }, 'questionnaire'],
    [{ name: 'x', colour: 'blue' }, 'colour'],
  ])('refuses %j naming %s', async (body, field) => {
    const problem = await problemOf(create(body as unknown as CreateSurvey), 400);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });

  it('publishes only a valid six-language questionnaire, freezes it, and records versions', async () => {
    const { id } = await dataOf(create({ name: 'Lifecycle' }), 201);
    const incomplete = sampleSatisfactionQuestionnaire() as unknown as { title: Record<string, string> };
    delete incomplete.title.ru;
    await answered(update(id, { questionnaire: incomplete as unknown as UpdateSurvey['questionnaire'] }), 200);
    const refused = await problemOf(publish(id), 400);
    expect(refused.errors?.[0].field).toBe('questionnaire.title.ru');
    expect((await dataOf(as(analyst).GET('/api/v1/surveys/{id}', survey(id)))).status).toBe('draft');

    const questionnaire = sampleSatisfactionQuestionnaire();
    await answered(update(id, { questionnaire: questionnaire as unknown as UpdateSurvey['questionnaire'] }), 200);
    const published = await dataOf(publish(id));
    expect(published).toMatchObject({
      status: 'open',
      publishedVersion: 1,
      hasUnpublishedChanges: false,
      questionnaireProblems: [],
    });
    expect(published.openedAt).not.toBeNull();

    // Publishing an unchanged questionnaire again is refused; a change makes version 2.
    await answered(publish(id), 409);
    const changed = sampleSatisfactionQuestionnaire();
    for (const language of LANGUAGES) (changed.title as Record<string, string>)[language] += ' (2)';
    const edited = await dataOf(update(id, { questionnaire: changed as unknown as UpdateSurvey['questionnaire'] }));
    expect(edited.hasUnpublishedChanges).toBe(true);
    expect((await dataOf(publish(id))).publishedVersion).toBe(2);

    const versions = await dataOf(as(analyst).GET('/api/v1/surveys/{id}/versions', survey(id)));
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await dataOf(version(id, 1))).questionnaire).toEqual(questionnaire);
    await answered(version(id, 3), 404);
    await answered(version(id, 'one' as unknown as number), 400);

    // The database itself refuses to change a published version.
    await expect(
      t.app.get(DataSource).query(`UPDATE questionnaire_versions SET questionnaire = '{}' WHERE survey_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);

    await answered(close(id), 200);
    await answered(close(id), 409);
    await answered(publish(id), 409);
    await answered(update(id, { name: 'Renamed' } as UpdateSurvey), 409);
  });

  it('closes only an open survey', async () => {
    const { id } = await dataOf(create({ name: 'Never opened' }), 201);
    expect((await problemOf(close(id), 409)).detail).toMatch(/draft/);
  });

  it('lets analysts manage surveys, privacy officers read them, and keeps management out', async () => {
    await answered(as(privacyOfficer).GET('/api/v1/surveys'), 200);
    await answered(as(privacyOfficer).POST('/api/v1/surveys', { body: { name: 'x' } }), 403);
  });

  it('lists with pagination and a status filter', async () => {
    const page = await dataOf(as(analyst).GET('/api/v1/surveys', { params: { query: { status: 'open', limit: 1 } } }));
    expect(page.meta).toMatchObject({ limit: 1 });
    expect(page.items.every((s) => s.status === 'open')).toBe(true);
    const archived = { status: 'archived' } as unknown as { status: 'open' };
    await answered(as(analyst).GET('/api/v1/surveys', { params: { query: archived } }), 400);
    await answered(as(management).GET('/api/v1/surveys'), 403);
    await answered(as(management).POST('/api/v1/surveys', { body: { name: 'x' } }), 403);
    const unknown = `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`;
    await answered(as(analyst).GET('/api/v1/surveys/{id}', survey(unknown)), 404);
  });
});
