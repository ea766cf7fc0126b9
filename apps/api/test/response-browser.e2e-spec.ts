import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, K, type Given } from './utils/answered-survey';
import { dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newApiKey, newStaff, sessionFor } from './utils/staff';

/**
 * The response browser: pseudonymous responses a page at a time with filters, one response with
 * its closed answers, its free text only with a purpose; no identity anywhere; every read audited,
 * and a filter that narrows below k allowed for analysts but audited as such.
 */
describe('Response browser', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let campaignId: string;
  let given: Given[];

  const browse = (query: Record<string, unknown> = {}, token = analyst) =>
    t.api({ staff: token }).GET('/api/v1/surveys/{id}/response-browser', {
      params: { path: { id: surveyId }, query: query as never },
    });
  const one = (responseId: string, token = analyst) =>
    t.api({ staff: token }).GET('/api/v1/surveys/{id}/response-browser/{responseId}', {
      params: { path: { id: surveyId, responseId } },
    });
  const freeText = (responseId: string, headers: Record<string, string> = { 'X-Purpose': 'survey-analysis' }) =>
    t
      .api({ staff: analyst })
      .GET('/api/v1/responses/{id}/free-text', { params: { path: { id: responseId } }, headers });
  const lastEvent = async (action: string) =>
    (
      await dataSource.query(
        'SELECT resource_type, resource_id, purpose, details FROM audit_events WHERE action = $1 ORDER BY seq DESC LIMIT 1',
        [action],
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId, campaignId, given } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists the responses newest first, a page at a time, with no identity and no answer', async () => {
    const first = await dataOf(browse({ limit: 20 }));
    expect(first.meta).toEqual({ page: 1, limit: 20, total: 45, hasNextPage: true });
    expect(first).toMatchObject({ k: K, smallGroup: false });
    expect(Object.keys(first.items[0]).sort()).toEqual([
      'campaignId',
      'channel',
      'hasFreeText',
      'language',
      'questionnaireVersion',
      'respondent',
      'responseId',
      'snapshot',
      'submittedAt',
    ]);
    expect(first.items[0]).toMatchObject({ campaignId, channel: 'web', hasFreeText: true });
    const times = first.items.map((item) => item.submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const third = await dataOf(browse({ limit: 20, page: 3 }));
    expect(third.items).toHaveLength(5);
    expect(third.meta.hasNextPage).toBe(false);
    const text = JSON.stringify([first, third]);
    expect(text).not.toMatch(/@example\.org|Filer \d|contactId|invitationId/);
    const event = await lastEvent('responses.browsed');
    expect(event).toMatchObject({ resource_type: 'survey', resource_id: surveyId, details: { total: 45, page: 3 } });
  });

  it('filters by group, answer, channel, campaign and date, and audits a group under k as such', async () => {
    const italy = await dataOf(browse({ country: 'IT' }));
    expect(italy.meta.total).toBe(given.filter((g) => g.country === 'IT').length);
    expect(italy.smallGroup).toBe(true);
    expect(await lastEvent('responses.browsed')).toMatchObject({
      details: { country: ['IT'], total: 2, smallGroup: true },
    });
    const detractors = await dataOf(browse({ answer: ['nps:0|1|2|3|4|5|6'], segment: ['agent'] }));
    expect(detractors.meta.total).toBe(
      given.filter((g) => g.segment === 'agent' && (g.answers.nps as number) <= 6).length,
    );
    const both = await dataOf(browse({ answer: ['nps:10', 'contactedSupport:true'] }));
    expect(both.meta.total).toBe(given.filter((g) => g.answers.nps === 10 && g.answers.contactedSupport).length);
    const multiple = await dataOf(browse({ answer: ['channels:phone'] }));
    expect(multiple.meta.total).toBe(given.filter((g) => (g.answers.channels as string[]).includes('phone')).length);
    expect((await dataOf(browse({ channel: 'provider' }))).meta.total).toBe(0);
    expect((await dataOf(browse({ campaignId }))).meta.total).toBe(45);
    expect((await dataOf(browse({ to: '2000-01-01T00:00:00Z' }))).meta).toMatchObject({ total: 0 });
    expect((await dataOf(browse({ to: '2000-01-01T00:00:00Z' }))).smallGroup).toBe(false);
  });

  it('opens one response with its snapshot and closed answers; its free text only with a purpose', async () => {
    const [listed] = (await dataOf(browse({ country: 'IT', limit: 1 }))).items;
    const response = await dataOf(one(listed.responseId));
    expect(response.snapshot.country).toBe('IT');
    const mine = given.find((g) => g.answers.nps === response.answers.nps && g.country === 'IT')!;
    expect(response.answers).toMatchObject({ nps: mine.answers.nps, satisfaction: mine.answers.satisfaction });
    expect(response.answers).not.toHaveProperty('suggestions');
    expect(JSON.stringify(response)).not.toMatch(/Secret remark|@example\.org|Filer \d/);
    expect(await lastEvent('response.viewed')).toMatchObject({ resource_type: 'response' });

    const problem = await problemOf(freeText(listed.responseId, {}), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['purpose']);
    const texts = await dataOf(freeText(listed.responseId));
    expect(texts.removed).toBe(false);
    expect(texts.texts.suggestions).toMatch(/^Secret remark \d+ from a filer$/);
    expect(await lastEvent('response.free_text_read')).toMatchObject({
      resource_type: 'response',
      purpose: 'survey-analysis',
    });
  });

  it('answers 404 for a response of another survey or none, and 400 naming bad filters', async () => {
    await problemOf(one('00000000-0000-4000-8000-000000000000'), 404);
    await problemOf(freeText('00000000-0000-4000-8000-000000000000'), 404);
    const fields = async (query: Record<string, unknown>) =>
      ((await problemOf(browse(query), 400)).errors ?? []).map((e) => e.field);
    expect(await fields({ channel: 'fax' })).toEqual(['channel']);
    expect(await fields({ limit: 500 })).toEqual(['limit']);
    expect(await fields({ answer: ['nps:eleven'] })).toEqual(['answer']);
    expect(await fields({ answer: Array.from({ length: 6 }, () => 'nps:1') })).toEqual(['answer']);
    expect(await fields({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toEqual(['to']);
    expect(await fields({ campaignId: '00000000-0000-4000-8000-000000000000' })).toEqual(['campaignId']);
  });

  it('is refused to management and to provider keys', async () => {
    await problemOf(browse({}, management), 403);
    const [listed] = (await dataOf(browse({ limit: 1 }))).items;
    await problemOf(one(listed.responseId, management), 403);
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead, ApiKeyScope.StatisticsRead], [surveyId]);
    await problemOf(
      t
        .api({ apiKey: key.secret })
        .GET('/api/v1/surveys/{id}/response-browser', { params: { path: { id: surveyId } } }),
      403,
    );
  });
});
