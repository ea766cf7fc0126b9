import type { components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire, type Language } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

type PrivacyNoticeDto = components['schemas']['PrivacyNoticeDto'];
type CreateSurvey = components['schemas']['CreateSurveyDto'];
type UpdateSurvey = components['schemas']['UpdateSurveyDto'];

const DAY = 24 * 3600 * 1000;

/**
 * Anonymisation at close over HTTP: the survey setting and what the privacy notice says of it.
 * What a retention run does to the responses is tested at the service
 * (src/retention/retention-anonymisation.spec.ts).
 */
describe('Anonymisation at close: setting and notice', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let analystStaff: TestStaff;
  let now: Date;
  let surveyId: string;
  let keptLinked: string;
  const T0 = new Date();

  const as = () => t.api({ staff: analyst });
  const survey = (id: string) => ({ params: { path: { id } } });
  const openSurvey = async (body: CreateSurvey) => {
    const { id } = await dataOf(as().POST('/api/v1/surveys', { body }), 201);
    await answered(as().POST('/api/v1/surveys/{id}/publish', survey(id)), 200);
    return id;
  };
  const notice = (query: { lang?: Language; survey?: string }) =>
    dataOf(t.api().GET('/api/v1/privacy-notice', { params: { query } }));
  const retentionText = (n: PrivacyNoticeDto) => n.sections.find((s) => s.id === 'retention')!.paragraphs.join('\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    now = new Date(T0.getTime());
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    analystStaff = await newStaff(t.app, StaffRole.Analyst);
    analyst = await sessionFor(t.app, analystStaff);
    const questionnaire = sampleSatisfactionQuestionnaire() as unknown as CreateSurvey['questionnaire'];
    surveyId = await openSurvey({ name: 'Anonymised at close', questionnaire });
    keptLinked = await openSurvey({ name: 'Linked survey', questionnaire });
    await answered(
      as().PATCH('/api/v1/surveys/{id}', { ...survey(keptLinked), body: { anonymiseAtClose: false } }),
      200,
    );
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is on by default, can be turned off per survey, and refuses anything but a boolean', async () => {
    expect((await dataOf(as().GET('/api/v1/surveys/{id}', survey(surveyId)))).anonymiseAtClose).toBe(true);
    expect((await dataOf(as().GET('/api/v1/surveys/{id}', survey(keptLinked)))).anonymiseAtClose).toBe(false);
    const bad = await problemOf(
      as().PATCH('/api/v1/surveys/{id}', {
        ...survey(surveyId),
        body: { anonymiseAtClose: 'yes' } as unknown as UpdateSurvey,
      }),
      400,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(['anonymiseAtClose']);
    const created = await dataOf(
      as().POST('/api/v1/surveys', { body: { name: 'Opted out of anonymisation', anonymiseAtClose: false } }),
      201,
    );
    expect(created.anonymiseAtClose).toBe(false);
  });

  it('is announced in the privacy notice: in general, and for an open survey without a date yet', async () => {
    expect(retentionText(await notice({ lang: 'en' }))).toMatch(
      /when it closes the link between your answers and your identity is removed for good/,
    );
    expect(retentionText(await notice({ lang: 'en', survey: surveyId }))).toContain(
      'Your answers to this survey are anonymised when it closes',
    );
    expect(retentionText(await notice({ lang: 'fr', survey: surveyId }))).toContain('sont anonymisées à sa clôture');
    expect(retentionText(await notice({ lang: 'en', survey: keptLinked }))).toContain(
      'stay linked to you until they are deleted',
    );
    await answered(t.api().GET('/api/v1/privacy-notice', { params: { query: { survey: randomUUID() } } }), 404);
    // Raw HTTP: a malformed id, which the typed client's uuid type would not let through.
    const bad = await request(t.app.getHttpServer()).get('/api/v1/privacy-notice?survey=not-a-uuid').expect(400);
    expect((bad.body as components['schemas']['ProblemDto']).errors?.map((e) => e.field)).toEqual(['survey']);
  });

  it('gives the date in the survey’s privacy notice once it is closed', async () => {
    now = new Date(T0.getTime() + DAY);
    // Sessions expire by the moved clock: a fresh one.
    analyst = await sessionFor(t.app, analystStaff);
    await answered(as().POST('/api/v1/surveys/{id}/close', survey(surveyId)), 200);
    const closedOn = (language: string) =>
      new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(now);
    expect(retentionText(await notice({ lang: 'en', survey: surveyId }))).toContain(
      `This survey closed on ${closedOn('en')}`,
    );
    expect(retentionText(await notice({ lang: 'ru', survey: surveyId }))).toContain(closedOn('ru'));
    expect(retentionText(await notice({ lang: 'zh', survey: surveyId }))).toContain(closedOn('zh'));
  });
});
