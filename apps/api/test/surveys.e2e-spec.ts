import type { components } from '@survey/api-client';
import { LANGUAGES, sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';

type SurveyDto = components['schemas']['SurveyDto'];
type VersionDto = components['schemas']['QuestionnaireVersionDto'];
type Problem = components['schemas']['ProblemDto'];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

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

  const api = () => request(t.app.getHttpServer());
  const create = (body: object) => api().post('/api/v1/surveys').set(bearer(analyst)).send(body);

  it('creates a draft with the organisation’s retention and k = 5 by default', async () => {
    const res = await create({ name: '  Filers 2027  ' }).expect(201);
    const survey = res.body as SurveyDto;
    expect(survey).toMatchObject({
      name: 'Filers 2027',
      status: 'draft',
      publishedVersion: null,
      retentionMonths: 18,
      minGroupSize: 5,
      hasUnpublishedChanges: true,
    });
    expect(survey.questionnaireProblems.length).toBeGreaterThan(0);
  });

  it.each([
    [{ name: 'x', retentionMonths: 25 }, 'retentionMonths'],
    [{ name: 'x', retentionMonths: 19 }, 'retentionMonths'],
    [{ name: 'x', minGroupSize: 2 }, 'minGroupSize'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x', questionnaire: [1, 2] }, 'questionnaire'],
    [{ name: 'x', colour: 'blue' }, 'colour'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await create(body).expect(400);
    expect((res.body as Problem).errors?.map((e) => e.field)).toContain(field);
  });

  it('publishes only a valid six-language questionnaire, freezes it, and records versions', async () => {
    const { id } = (await create({ name: 'Lifecycle' }).expect(201)).body as SurveyDto;
    const incomplete = sampleSatisfactionQuestionnaire() as unknown as { title: Record<string, string> };
    delete incomplete.title.ru;
    await api().patch(`/api/v1/surveys/${id}`).set(bearer(analyst)).send({ questionnaire: incomplete }).expect(200);
    const refused = await api().post(`/api/v1/surveys/${id}/publish`).set(bearer(analyst)).expect(400);
    expect((refused.body as Problem).errors?.[0].field).toBe('questionnaire.title.ru');
    expect((await api().get(`/api/v1/surveys/${id}`).set(bearer(analyst))).body.status).toBe('draft');

    const questionnaire = sampleSatisfactionQuestionnaire();
    await api().patch(`/api/v1/surveys/${id}`).set(bearer(analyst)).send({ questionnaire }).expect(200);
    const published = (await api().post(`/api/v1/surveys/${id}/publish`).set(bearer(analyst)).expect(200))
      .body as SurveyDto;
    expect(published).toMatchObject({
      status: 'open',
      publishedVersion: 1,
      hasUnpublishedChanges: false,
      questionnaireProblems: [],
    });
    expect(published.openedAt).not.toBeNull();

    // Publishing an unchanged questionnaire again is refused; a change makes version 2.
    await api().post(`/api/v1/surveys/${id}/publish`).set(bearer(analyst)).expect(409);
    const changed = sampleSatisfactionQuestionnaire();
    for (const language of LANGUAGES) (changed.title as Record<string, string>)[language] += ' (2)';
    const edited = (
      await api().patch(`/api/v1/surveys/${id}`).set(bearer(analyst)).send({ questionnaire: changed }).expect(200)
    ).body as SurveyDto;
    expect(edited.hasUnpublishedChanges).toBe(true);
    expect(
      (await api().post(`/api/v1/surveys/${id}/publish`).set(bearer(analyst)).expect(200)).body.publishedVersion,
    ).toBe(2);

    const versions = (await api().get(`/api/v1/surveys/${id}/versions`).set(bearer(analyst)).expect(200))
      .body as VersionDto[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const v1 = (await api().get(`/api/v1/surveys/${id}/versions/1`).set(bearer(analyst)).expect(200))
      .body as VersionDto;
    expect(v1.questionnaire).toEqual(questionnaire);
    await api().get(`/api/v1/surveys/${id}/versions/3`).set(bearer(analyst)).expect(404);
    await api().get(`/api/v1/surveys/${id}/versions/one`).set(bearer(analyst)).expect(400);

    // The database itself refuses to change a published version.
    await expect(
      t.app.get(DataSource).query(`UPDATE questionnaire_versions SET questionnaire = '{}' WHERE survey_id = $1`, [id]),
    ).rejects.toThrow(/immutable/);

    await api().post(`/api/v1/surveys/${id}/close`).set(bearer(analyst)).expect(200);
    await api().post(`/api/v1/surveys/${id}/close`).set(bearer(analyst)).expect(409);
    await api().post(`/api/v1/surveys/${id}/publish`).set(bearer(analyst)).expect(409);
    await api().patch(`/api/v1/surveys/${id}`).set(bearer(analyst)).send({ name: 'Renamed' }).expect(409);
  });

  it('closes only an open survey', async () => {
    const { id } = (await create({ name: 'Never opened' }).expect(201)).body as SurveyDto;
    const res = await api().post(`/api/v1/surveys/${id}/close`).set(bearer(analyst)).expect(409);
    expect((res.body as Problem).detail).toMatch(/draft/);
  });

  it('lets analysts manage surveys, privacy officers read them, and keeps management out', async () => {
    await api().get('/api/v1/surveys').set(bearer(privacyOfficer)).expect(200);
    await api().post('/api/v1/surveys').set(bearer(privacyOfficer)).send({ name: 'x' }).expect(403);
  });

  it('lists with pagination and a status filter', async () => {
    const res = await api().get('/api/v1/surveys?status=open&limit=1').set(bearer(analyst)).expect(200);
    expect(res.body.meta).toMatchObject({ limit: 1 });
    expect(res.body.items.every((s: SurveyDto) => s.status === 'open')).toBe(true);
    await api().get('/api/v1/surveys?status=archived').set(bearer(analyst)).expect(400);
    await api().get('/api/v1/surveys').set(bearer(management)).expect(403);
    await api().post('/api/v1/surveys').set(bearer(management)).send({ name: 'x' }).expect(403);
    await api()
      .get(`/api/v1/surveys/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`)
      .set(bearer(analyst))
      .expect(404);
  });
});
