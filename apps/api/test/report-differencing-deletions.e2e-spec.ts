import { ProblemType, type components } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { answeredSurvey, K } from './utils/answered-survey';
import { bearer } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Report = components['schemas']['ReportDto'];
type Problem = components['schemas']['ProblemDto'];

const PRIVACY = { 'X-Purpose': 'privacy-request' };

/**
 * A published report outlives the responses it counts. When some of them are deleted (here by
 * erasure requests), a new report over "everyone left" differs from the published one only by
 * the deleted people: subtracting the two would describe them. Nothing is known of the deleted
 * responses any more, so no figure of the difference can be checked, however many they are: a
 * report overlapping the published one is refused, while the same report as published stays
 * readable.
 */
describe('report differencing after responses are deleted', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let officer: string;
  let surveyId: string;
  let erased = 0;

  const api = () => request(t.app.getHttpServer());
  const responses = async () =>
    Number(
      (
        await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [surveyId])
      )[0].n,
    );
  const draft = async (title: string) =>
    (
      await api()
        .post(`/api/v1/surveys/${surveyId}/reports`)
        .set(bearer(analyst))
        .send({ title, language: 'en' })
        .expect(201)
    ).body as Report;
  const publish = (report: Report) => api().post(`/api/v1/reports/${report.id}/publish`).set(bearer(analyst));

  /** Erases the next `count` filers of the answered survey, as a privacy officer would. */
  async function erase(count: number): Promise<void> {
    for (let n = 0; n < count; n++, erased++) {
      const registered = await api()
        .post('/api/v1/privacy-requests/register')
        .set(bearer(officer))
        .set(PRIVACY)
        .send({
          type: 'erasure',
          email: `filer${erased}@example.org`,
          channel: 'letter',
          identityVerification: 'signed-letter',
        })
        .expect(201);
      const done = await api()
        .post(`/api/v1/privacy-requests/${registered.body.id}/fulfil`)
        .set(bearer(officer))
        .set(PRIVACY)
        .send({})
        .expect(200);
      expect(done.body.outcome).toMatchObject({ responses: 1 });
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    ({ surveyId } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses (409) a report that differs from a published one by deleted responses', async () => {
    const first = await draft('Everyone, before the erasures');
    await publish(first).expect(200);
    expect(first.responses).toBe(45);

    await erase(2);
    expect(await responses()).toBe(43);
    const after = await draft('Everyone, after two erasures');
    expect(after.responses).toBe(43);
    const refused = await publish(after).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((refused.body as Problem).type).toBe(ProblemType.ReportComposition);
    expect((refused.body as Problem).detail).toContain('have been deleted');
    expect((refused.body as Problem).detail).toContain('Everyone, before the erasures');
    expect(JSON.stringify(refused.body)).not.toMatch(/filer\d/);

    // However many are gone: their figures could still be told apart group by group.
    await erase(K - 2);
    const later = await draft(`Everyone, after ${K} erasures`);
    expect(later.responses).toBe(45 - K);
    await publish(later).expect(409);
    await api().get(`/api/v1/reports/${first.id}`).set(bearer(analyst)).expect(200);
  });
});
