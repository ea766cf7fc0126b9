import type { components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { flowSampleQuestionnaire } from './utils/flow';
import { postBatch } from './utils/provider';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestApiKey } from './utils/staff';

type RespondentAnswers = components['schemas']['RespondentAnswersDto'];

const SERVICES = ['mainService', 'channels', 'filerType', 'contactedSupport'];

describe('Questionnaire flow on the server: jumps, early ends and hidden pages', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let surveyId: string;
  let invitees: Invitee[];
  let writer: TestApiKey;

  const submit = (token: string, body: RespondentAnswers) =>
    t.api({ invitation: token }).POST('/api/v1/respond/submit', { body });
  const saveDraft = (token: string, body: RespondentAnswers) =>
    t.api({ invitation: token }).PUT('/api/v1/respond/draft', { body });
  const responseCount = async (invitationId: string) =>
    Number(
      (await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1', [invitationId]))[0]
        .n,
    );
  const fields = (problem: unknown) =>
    ((problem as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field).sort();

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst, { questionnaire: flowSampleQuestionnaire() }));
    const admin = await newStaff(t.app, StaffRole.Admin);
    writer = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyId]);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps triggers and page conditions in the survey the respondent reads', async () => {
    const view = await dataOf(t.api({ invitation: invitees[0].token }).GET('/api/v1/respond'));
    const questionnaire = view.questionnaire as unknown as ReturnType<typeof flowSampleQuestionnaire>;
    expect(questionnaire.triggers).toEqual(flowSampleQuestionnaire().triggers);
    const comments = questionnaire.pages.find((page) => page.name === 'comments');
    expect(comments?.visibleIf).toBe('{nps} notempty');
    // Piping is left to the browser: the server sends the placeholder, never an answer in a title.
    await dataOf(
      t.api({ invitation: invitees[0].token }).PUT('/api/v1/respond/draft', { body: { answers: { satisfaction: 3 } } }),
    );
    const again = await dataOf(t.api({ invitation: invitees[0].token }).GET('/api/v1/respond'));
    const title = (again.questionnaire as unknown as ReturnType<typeof flowSampleQuestionnaire>).pages.find(
      (page) => page.name === 'comments',
    )?.title;
    expect(Object.values(title ?? {})).toHaveLength(6);
    for (const text of Object.values(title ?? {})) expect(text).toMatch(/\(\{satisfaction\}\/5\)$/);
  });

  it('refuses on submit the answers to questions a skip trigger passed over, naming each, storing nothing', async () => {
    const person = invitees[1];
    const res = await answered(submit(person.token, { answers: completeAnswers({ satisfaction: 5 }) }), 400);
    expect(fields(res.error)).toEqual([...SERVICES].map((name) => `answers.${name}`).sort());
    expect(JSON.stringify(res.error)).toContain('jump');
    expect(await responseCount(person.invitationId)).toBe(0);
    // Without the skipped answers the same person's submission goes through.
    const {
      mainService: _m,
      channels: _c,
      filerType: _f,
      contactedSupport: _s,
      ...rest
    } = completeAnswers({
      satisfaction: 5,
    });
    await answered(submit(person.token, { answers: rest }), 200);
    expect(await responseCount(person.invitationId)).toBe(1);
  });

  it('refuses the skipped answers in a draft too, and accepts them when the jump does not apply', async () => {
    const person = invitees[2];
    const skipped = await answered(saveDraft(person.token, { answers: { satisfaction: 4, mainService: 'pct' } }), 400);
    expect(fields(skipped.error)).toEqual(['answers.mainService']);
    await answered(saveDraft(person.token, { answers: { satisfaction: 3, mainService: 'pct' } }), 200);
  });

  it('refuses answers after a complete trigger ended the survey, and does not require them', async () => {
    const person = invitees[3];
    const after = await answered(submit(person.token, { answers: completeAnswers({ nps: 1, satisfaction: 2 }) }), 400);
    expect(fields(after.error)).toEqual([...SERVICES, 'suggestions'].map((name) => `answers.${name}`).sort());
    expect(JSON.stringify(after.error)).toContain('ended');
    await answered(submit(person.token, { answers: { nps: 1, satisfaction: 2 } }), 200);
  });

  it('refuses in a provider batch, item by item, answers to questions a jump passed over', async () => {
    const [skipped, ended, fine] = invitees.slice(4, 7);
    const res = await answered(
      postBatch(t, writer.secret, surveyId, {
        responses: [
          {
            providerResponseId: 'flow-1',
            invitationToken: skipped.token,
            answers: completeAnswers({ satisfaction: 4 }),
          },
          {
            providerResponseId: 'flow-2',
            invitationToken: ended.token,
            answers: { nps: 0, satisfaction: 1, suggestions: 'x' },
          },
          { providerResponseId: 'flow-3', invitationToken: fine.token, answers: completeAnswers({ satisfaction: 3 }) },
        ],
      }),
      200,
    );
    const results = res.data!.results;
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'created']);
    expect(fields(results[0])).toEqual([...SERVICES].map((name) => `answers.${name}`).sort());
    expect(fields(results[1])).toEqual(['answers.suggestions']);
    expect(await responseCount(skipped.invitationId)).toBe(0);
    expect(await responseCount(ended.invitationId)).toBe(0);
    expect(await responseCount(fine.invitationId)).toBe(1);
  });
});
