import type { components } from '@survey/api-client';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type CreateSurvey = components['schemas']['CreateSurveyDto'];
type Questionnaire = CreateSurvey['questionnaire'];

/** One question with one choice, in English only. */
const ENGLISH_ONLY = {
  title: { en: 'Filers 2027' },
  pages: [
    {
      name: 'main',
      elements: [
        {
          type: 'radiogroup',
          name: 'overall',
          title: { en: 'Overall satisfaction' },
          choices: [{ value: 1, text: { en: 'Satisfied' } }],
        },
      ],
    },
  ],
} as unknown as Questionnaire;

describe('Survey languages over HTTP', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const api = () => t.api({ staff: analyst });
  const create = (body: CreateSurvey) => api().POST('/api/v1/surveys', { body });
  const path = (id: string) => ({ params: { path: { id } } });

  it('publishes an English-only survey whose languages say so', async () => {
    const created = await dataOf(create({ name: 'English only', questionnaire: ENGLISH_ONLY, languages: ['en'] }), 201);
    expect(created).toMatchObject({ languages: ['en'], defaultLanguage: 'en', questionnaireProblems: [] });
    const published = await dataOf(api().POST('/api/v1/surveys/{id}/publish', path(created.id)));
    expect(published.status).toBe('open');
    const version = await dataOf(
      api().GET('/api/v1/surveys/{id}/versions/{version}', { params: { path: { id: created.id, version: 1 } } }),
    );
    expect(version).toMatchObject({ languages: ['en'], defaultLanguage: 'en' });
  });

  it('answers each missing text with its path and a sentence naming it', async () => {
    const created = await dataOf(
      create({ name: 'Two languages', questionnaire: ENGLISH_ONLY, languages: ['fr', 'en'] }),
      201,
    );
    expect(created.languages).toEqual(['en', 'fr']);
    const problem = await problemOf(api().POST('/api/v1/surveys/{id}/publish', path(created.id)), 400);
    expect(problem.errors).toEqual([
      { field: 'questionnaire.title.fr', message: 'French text of title of the questionnaire is missing.' },
      {
        field: 'questionnaire.pages[0].elements[0].title.fr',
        message: "French text of title of question 1 'Overall satisfaction' is missing.",
      },
      {
        field: 'questionnaire.pages[0].elements[0].choices[0].text.fr',
        message: "French text of choice 1 of question 1 'Overall satisfaction' is missing.",
      },
    ]);
  });

  it.each([
    [{ languages: [] }, 'languages'],
    [{ languages: ['en', 'en'] }, 'languages'],
    [{ languages: ['de'] }, 'languages'],
    [{ languages: 'en' }, 'languages'],
    [{ defaultLanguage: 'de' }, 'defaultLanguage'],
    [{ languages: ['fr'], defaultLanguage: 'en' }, 'defaultLanguage'],
  ])('refuses %j naming %s', async (settings, field) => {
    const problem = await problemOf(create({ name: 'x', ...settings } as unknown as CreateSurvey), 400);
    expect([...new Set(problem.errors?.map((e) => e.field))]).toEqual([field]);
  });

  it('changes the languages of a draft', async () => {
    const created = await dataOf(create({ name: 'Changing' }), 201);
    const changed = await dataOf(
      api().PATCH('/api/v1/surveys/{id}', {
        ...path(created.id),
        body: { languages: ['ar', 'zh'], defaultLanguage: 'zh' },
      }),
    );
    expect(changed).toMatchObject({ languages: ['ar', 'zh'], defaultLanguage: 'zh' });
    await answered(api().PATCH('/api/v1/surveys/{id}', { ...path(created.id), body: { defaultLanguage: 'en' } }), 400);
  });

  it('gives the respondent only the survey’s languages, and its default for a language it lacks', async () => {
    const { invitees } = await surveyWithInvitees(t.app, analyst, {
      questionnaire: ENGLISH_ONLY as never,
      languages: ['en'],
      name: 'English only, invited',
    });
    expect(invitees.length).toBeGreaterThan(1);
    // Every contact of the fixture is invited in English, whatever language they prefer.
    expect(new Set(invitees.map((i) => i.language))).toEqual(new Set(['en']));
    const respondent = t.api({ invitation: invitees[0].token });
    const view = await dataOf(respondent.GET('/api/v1/respond', { params: { query: { lang: 'fr' } } }));
    expect(view).toMatchObject({ languages: ['en'], defaultLanguage: 'en', language: 'en', textDirection: 'ltr' });
  });
});
