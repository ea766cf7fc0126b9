import type { components } from '@survey/api-client';
import { drawDisplayOrder } from '@survey/questionnaire';
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

describe('Randomised order: checked with the answers, stored with the response, in the raw export', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];
  let writer: TestApiKey;
  const questionnaire = flowSampleQuestionnaire();
  // Answers that take the long path, through the randomised services page.
  const answers = completeAnswers({ satisfaction: 3 });

  const submit = (token: string, body: RespondentAnswers) =>
    t.api({ invitation: token }).POST('/api/v1/respond/submit', { body });
  const storedOrder = async (invitationId: string) =>
    (await dataSource.query('SELECT display_order FROM responses WHERE invitation_id = $1', [invitationId]))[0]
      ?.display_order as unknown;
  const fields = (problem: unknown) =>
    ((problem as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst, { questionnaire }));
    writer = await newApiKey(t.app, await newStaff(t.app, StaffRole.Admin), [ApiKeyScope.ResponsesWrite], [surveyId]);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('stores the order a respondent was shown and serves it in the raw export (JSON and CSV)', async () => {
    const person = invitees[0];
    const displayOrder = drawDisplayOrder(questionnaire, 7)!;
    expect(displayOrder.questions?.services).toHaveLength(5);
    await answered(submit(person.token, { answers, displayOrder: displayOrder as Record<string, unknown> }), 200);
    expect(await storedOrder(person.invitationId)).toEqual(displayOrder);

    const api = t.api({ staff: analyst });
    const page = await dataOf(api.GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId } } }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0].displayOrder).toEqual(displayOrder);
    const csv = await api.GET('/api/v1/surveys/{id}/responses', {
      params: { path: { id: surveyId }, query: { format: 'csv' } },
      parseAs: 'text',
    });
    const [header, row] = (csv.data as unknown as string).trim().split('\n');
    expect(header.split(',')).toContain('display_order');
    // Several texts: a column per item. An information block takes no answer, so it has no column.
    expect(header.split(',')).toEqual(expect.arrayContaining(['contactEmail', 'office.city', 'office.team']));
    expect(header.split(',')).not.toContain('commentsNote');
    expect(row).toContain(JSON.stringify(displayOrder).replaceAll('"', '""'));
  });

  it('keeps an e-mail answer encrypted like free text, out of statistics, and refuses one that is not an address', async () => {
    const person = invitees[5];
    const address = 'reply.to.me@example.org';
    const office = { city: 'Geneva', team: 'Madrid helpdesk' };
    const bad = await answered(submit(person.token, { answers: { ...answers, contactEmail: 'reply.to.me' } }), 400);
    expect(fields(bad.error)).toEqual(['answers.contactEmail']);
    expect(JSON.stringify(bad.error)).not.toContain('reply.to.me');
    await answered(submit(person.token, { answers: { ...answers, contactEmail: address, office } }), 200);
    const [row] = await dataSource.query('SELECT answers, free_text FROM responses WHERE invitation_id = $1', [
      person.invitationId,
    ]);
    expect(row.answers).not.toHaveProperty('contactEmail');
    expect(row.answers).not.toHaveProperty('office');
    expect((row.free_text as Buffer).includes(Buffer.from(address))).toBe(false);
    expect((row.free_text as Buffer).includes(Buffer.from('Madrid helpdesk'))).toBe(false);
    const api = t.api({ staff: analyst });
    const page = await dataOf(api.GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId } } }));
    const stored = page.items.find((item) => (item.answers as Record<string, unknown>).contactEmail === address);
    expect((stored?.answers as Record<string, unknown>).office).toEqual(office);
    const statistics = await dataOf(api.GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }));
    expect(JSON.stringify(statistics)).not.toContain('contactEmail');
    expect(JSON.stringify(statistics)).not.toContain(address);
    expect(JSON.stringify(statistics)).not.toContain('commentsNote');
    expect(JSON.stringify(statistics)).not.toContain('Madrid helpdesk');
    expect(JSON.stringify(statistics)).not.toContain('"office');
  });

  it('stores no order when none is sent', async () => {
    const person = invitees[1];
    await answered(submit(person.token, { answers }), 200);
    expect(await storedOrder(person.invitationId)).toBeNull();
  });

  it('refuses an order that is not a permutation or names what is not randomised, on submit and on drafts', async () => {
    const person = invitees[2];
    const bad = {
      questions: { services: ['mainService', 'channels'], overall: ['nps', 'satisfaction', 'npsReason'] },
      choices: { mainService: ['pct', 'pct', 'madrid'] },
    };
    const refused = await answered(submit(person.token, { answers, displayOrder: bad }), 400);
    expect(fields(refused.error)).toEqual([
      'displayOrder.questions.services',
      'displayOrder.questions.overall',
      'displayOrder.choices.mainService',
    ]);
    const draft = await answered(
      t.api({ invitation: person.token }).PUT('/api/v1/respond/draft', { body: { answers: {}, displayOrder: bad } }),
      400,
    );
    expect(fields(draft.error)).toHaveLength(3);
    expect(await storedOrder(person.invitationId)).toBeUndefined();
  });

  it('takes the order from provider batches too, item by item', async () => {
    const [good, bad] = invitees.slice(3, 5);
    const displayOrder = drawDisplayOrder(questionnaire, 11)!;
    const res = await answered(
      postBatch(t, writer.secret, surveyId, {
        responses: [
          { providerResponseId: 'o-1', invitationToken: good.token, answers, displayOrder },
          { providerResponseId: 'o-2', invitationToken: bad.token, answers, displayOrder: { choices: { nps: [1] } } },
        ],
      }),
      200,
    );
    expect(res.data!.results.map((result) => result.status)).toEqual(['created', 'rejected']);
    expect(res.data!.results[1].errors?.map((error) => error.field)).toEqual(['displayOrder.choices.nps']);
    expect(await storedOrder(good.invitationId)).toEqual(displayOrder);
  });
});
