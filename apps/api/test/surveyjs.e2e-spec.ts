import type { components } from '@survey/api-client';
import { exportSurveyJs, sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { PROBLEM_CONTENT_TYPE } from '../src/common/problem';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type UpdateSurvey = components['schemas']['UpdateSurveyDto'];

describe('SurveyJS import and export of a survey’s questionnaire', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let privacyOfficer: string;
  let management: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    privacyOfficer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const as = (token: string) => t.api({ staff: token });
  const path = (id: string) => ({ path: { id } });
  const newSurvey = async (name: string, questionnaire?: unknown) =>
    dataOf(
      as(analyst).POST('/api/v1/surveys', {
        body: {
          name,
          ...(questionnaire !== undefined && { questionnaire: questionnaire as UpdateSurvey['questionnaire'] }),
        },
      }),
      201,
    );
  const exportOf = (id: string, token = analyst) =>
    as(token).GET('/api/v1/surveys/{id}/questionnaire/surveyjs', { params: path(id) });
  const importInto = (id: string, body: unknown, dryRun?: boolean, token = analyst) =>
    as(token).POST('/api/v1/surveys/{id}/questionnaire/surveyjs', {
      params: { ...path(id), ...(dryRun !== undefined && { query: { dryRun } }) },
      body: body as Record<string, unknown>,
    });
  const draftOf = async (id: string) =>
    (await dataOf(as(analyst).GET('/api/v1/surveys/{id}', { params: path(id) }))).questionnaire;
  const auditCount = async (id: string) =>
    Number(
      (
        await t.app
          .get(DataSource)
          .query<{ n: string }[]>(
            `SELECT count(*) AS n FROM audit_events WHERE action = 'survey.updated' AND resource_id = $1 AND details->>'source' = 'surveyjs'`,
            [id],
          )
      )[0].n,
    );

  it('exports the edited questionnaire as a SurveyJS download that imports back unchanged', async () => {
    const sample = sampleSatisfactionQuestionnaire();
    const source = await newSurvey('Filers 2027 / “été”', sample);
    const res = await request(t.app.getHttpServer())
      .get(`/api/v1/surveys/${source.id}/questionnaire/surveyjs`)
      .set(bearer(privacyOfficer));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="filers-2027-ete.surveyjs.json"');
    expect(res.body).toEqual(exportSurveyJs(sample));

    const target = await newSurvey('Imported');
    const checked = await dataOf(importInto(target.id, res.body, true));
    expect(checked).toMatchObject({ applied: false, questionnaire: sample });
    expect(await draftOf(target.id)).toEqual({ title: {}, pages: [] });
    expect(await auditCount(target.id)).toBe(0);

    const imported = await dataOf(importInto(target.id, res.body));
    expect(imported).toMatchObject({ applied: true, questionnaire: sample, survey: { questionnaire: sample } });
    expect(imported.survey.questionnaireProblems).toEqual([]);
    expect(await draftOf(target.id)).toEqual(sample);
    expect(await auditCount(target.id)).toBe(1);
    expect((await dataOf(exportOf(target.id))) as unknown).toEqual(res.body);
  });

  it('refuses a file with unsupported SurveyJS features, listing each with its path, and changes nothing', async () => {
    const target = await newSurvey('Refused', sampleSatisfactionQuestionnaire());
    const before = await draftOf(target.id);
    const body = {
      title: 'Feedback',
      calculatedValues: [{ name: 'x', expression: '1' }],
      pages: [
        { name: 'a', elements: [{ type: 'comment', name: 'c' }] },
        {
          name: 'b',
          elements: [
            { type: 'comment', name: 'd' },
            { type: 'comment', name: 'e' },
            { type: 'comment', name: 'f' },
            { type: 'dropdown', name: 'g', choicesByUrl: { url: 'https://example.org/list' } },
          ],
        },
      ],
    };
    for (const dryRun of [true, false]) {
      const res = await importInto(target.id, body, dryRun);
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_CONTENT_TYPE);
      const problem = await problemOf(Promise.resolve(res), 400);
      expect(problem.errors?.map((error) => error.field)).toEqual([
        'calculatedValues',
        'pages[1].elements[3].choicesByUrl',
      ]);
      expect(problem.errors?.[1].message).toMatch(/choicesByUrl|another site/);
      expect(JSON.stringify(problem)).not.toContain('example.org');
    }
    expect(await draftOf(target.id)).toEqual(before);
    expect(await auditCount(target.id)).toBe(0);
  });

  it('requires texts in the survey’s default language', async () => {
    const french = await dataOf(
      as(analyst).POST('/api/v1/surveys', { body: { name: 'French', languages: ['fr'], defaultLanguage: 'fr' } }),
      201,
    );
    const english = { title: 'Hello', pages: [{ name: 'p', elements: [{ type: 'comment', name: 'c' }] }] };
    const refused = await problemOf(importInto(french.id, english), 400);
    expect(refused.errors?.map((error) => error.field)).toEqual(['title.fr', 'pages[0].elements[0].title.fr']);
    const imported = await dataOf(importInto(french.id, { ...english, locale: 'fr' }));
    expect(imported.questionnaire).toMatchObject({ title: { fr: 'Hello' } });
    const exported = (await dataOf(exportOf(french.id))) as Record<string, unknown>;
    expect(exported).toMatchObject({ locale: 'fr', title: { default: 'Hello' } });
  });

  it('imports into an open survey’s edited copy, and refuses a closed survey', async () => {
    const open = await newSurvey('Open', sampleSatisfactionQuestionnaire());
    await answered(as(analyst).POST('/api/v1/surveys/{id}/publish', { params: path(open.id) }), 200);
    const changed = exportSurveyJs(sampleSatisfactionQuestionnaire());
    (changed.title as Record<string, string>).default = 'Changed title';
    const imported = await dataOf(importInto(open.id, changed));
    expect(imported.survey).toMatchObject({ status: 'open', publishedVersion: 1, hasUnpublishedChanges: true });

    await answered(as(analyst).POST('/api/v1/surveys/{id}/close', { params: path(open.id) }), 200);
    const refused = await problemOf(importInto(open.id, changed), 409);
    expect(refused.detail).toMatch(/closed/);
    await answered(importInto(open.id, changed, true), 409);
    // A closed survey's questionnaire can still be exported.
    await answered(exportOf(open.id), 200);
  });

  it('lets only analysts import, analysts and privacy officers export, and nobody without a session', async () => {
    const target = await newSurvey('Roles', sampleSatisfactionQuestionnaire());
    const body = exportSurveyJs(sampleSatisfactionQuestionnaire());
    await answered(importInto(target.id, body, false, privacyOfficer), 403);
    await answered(importInto(target.id, body, true, management), 403);
    await answered(exportOf(target.id, management), 403);
    await answered(t.api().GET('/api/v1/surveys/{id}/questionnaire/surveyjs', { params: path(target.id) }), 401);
    await answered(importInto('00000000-0000-4000-8000-000000000000', body), 404);
    await answered(exportOf('00000000-0000-4000-8000-000000000000'), 404);
    expect(await auditCount(target.id)).toBe(0);
  });

  it('refuses malformed JSON, a body that is not an object, a bad dryRun and a body over the limit', async () => {
    const target = await newSurvey('Bad input', sampleSatisfactionQuestionnaire());
    const before = await draftOf(target.id);
    const post = () =>
      request(t.app.getHttpServer())
        .post(`/api/v1/surveys/${target.id}/questionnaire/surveyjs`)
        .set(bearer(analyst))
        .set('Content-Type', 'application/json');

    const malformed = await post().send('{"title": "x", "pages": [');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);

    const array = await post().send('[1, 2]');
    expect(array.status).toBe(400);
    expect(array.body.errors).toEqual([{ field: '', message: expect.stringMatching(/SurveyJS survey/) }]);

    const badFlag = await problemOf(
      as(analyst).POST('/api/v1/surveys/{id}/questionnaire/surveyjs', {
        params: { ...path(target.id), query: { dryRun: 'maybe' as unknown as boolean } },
        body: {},
      }),
      400,
    );
    expect(badFlag.errors?.map((error) => error.field)).toEqual(['dryRun']);

    const huge = JSON.stringify({ title: 'x'.repeat(1_100_000), pages: [] });
    const tooBig = await post().send(huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);

    expect(await draftOf(target.id)).toEqual(before);
    expect(await auditCount(target.id)).toBe(0);
  });

  it('refuses to export a questionnaire that does not hold together, naming the problems', async () => {
    const empty = await newSurvey('Empty');
    const refused = await problemOf(exportOf(empty.id), 409);
    expect(refused.errors?.map((error) => error.field)).toContain('questionnaire.pages');
  });
});
