import type { components, paths } from '@survey/api-client';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { AuditService } from '../src/audit/audit.service';
import { CampaignsService } from '../src/delivery/campaigns.service';
import { relationshipBand } from '../src/ingestion/relationship-band';
import { answered, dataOf, problemOf } from './utils/client';
import {
  auditCount,
  expectNoPersonalData,
  fieldsOf,
  FORMULAS,
  importContact,
  PROBLEM_JSON,
  postBatch,
  providerWorld,
  responsesOf,
  SECRET_SUGGESTION,
  type Person,
  type ProviderWorld,
} from './utils/provider';
import { completeAnswers } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestApiKey } from './utils/staff';

type RawResponse = components['schemas']['RawResponseDto'];
type RawPage = components['schemas']['RawResponsePageDto'];
type ReadQuery = NonNullable<paths['/api/v1/provider/surveys/{id}/responses']['get']['parameters']['query']>;

const WEB_SUGGESTION = 'Submitted through the web form';
const FIXED_CSV_COLUMNS = [
  'response_id',
  'respondent',
  'questionnaire_version',
  'channel',
  'language',
  'submitted_at',
  'updated_at',
  'country',
  'segment',
  'role',
  'relationship_band',
  'display_order',
];
/** The sample questionnaire's questions in order, a matrix as one column per row. */
const QUESTION_COLUMNS = [
  'nps',
  'npsReason',
  'satisfaction',
  'mainService',
  'channels',
  'filerType',
  'contactedSupport',
  'support.timeliness',
  'support.clarity',
  'support.courtesy',
  'suggestions',
];
const RAW_ITEM_KEYS = [
  'answers',
  'channel',
  'displayOrder',
  'language',
  'questionnaireVersion',
  'respondent',
  'responseId',
  'snapshot',
  'submittedAt',
  'updatedAt',
];

/** What a spreadsheet-safe CSV cell holds for this text. */
const spreadsheetSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const parseCsv = (text: string) => parse(text) as string[][];

describe('Raw responses, response rates and the respondent behind a response', () => {
  let w: ProviderWorld;
  let analyst: string;
  let management: string;
  let privacyOfficer: string;

  let surveyA: string;
  let surveyB: string;
  let campaignA: string;
  let A: Person[];
  let B: Person[];

  let reader: TestApiKey;
  let statistics: TestApiKey;
  let writer: TestApiKey;
  let readerForBOnly: TestApiKey;

  /** When the provider says the first respondent answered. */
  const firstSubmittedAt = new Date(Date.now() - 3 * 86_400_000);
  /** Response id of each stored A invitee, by index in A. */
  const stored = new Map<number, string>();

  const read = (surveyId: string, query: ReadQuery = {}, key: string = reader.secret) =>
    w.t
      .api({ apiKey: key })
      .GET('/api/v1/provider/surveys/{id}/responses', { params: { path: { id: surveyId }, query } });
  const readCsv = (surveyId: string, query: ReadQuery = { format: 'csv' }, headers: Record<string, string> = {}) =>
    w.t.api({ apiKey: reader.secret }).GET('/api/v1/provider/surveys/{id}/responses', {
      params: { path: { id: surveyId }, query },
      headers,
      parseAs: 'text',
    });
  const staffRead = (token: string, surveyId: string, query: ReadQuery = {}) =>
    w.t.api({ staff: token }).GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId }, query } });
  const rates = (as: Parameters<ProviderWorld['t']['api']>[0], surveyId: string) =>
    w.t.api(as).GET('/api/v1/surveys/{id}/response-rates', { params: { path: { id: surveyId } } });
  const respondent = (as: Parameters<ProviderWorld['t']['api']>[0], responseId: string, purpose?: string) =>
    w.t.api(as).GET('/api/v1/responses/{id}/respondent', {
      params: { path: { id: responseId }, ...(purpose === undefined ? {} : { header: { 'X-Purpose': purpose } }) },
    });
  const submit = (token: string, suggestions?: string) =>
    answered(
      w.t.api({ invitation: token }).POST('/api/v1/respond/submit', {
        body: { answers: completeAnswers(suggestions === undefined ? {} : { suggestions }) },
      }),
      200,
    );
  const optOut = (token: string) => answered(w.t.api({ invitation: token }).POST('/api/v1/respond/opt-out'), 200);
  const batch = async (surveyId: string, responses: object[]) =>
    (await dataOf(postBatch(w.t, writer.secret, surveyId, { responses }))).results.map((r) => {
      expect(r.status).toBe('created');
      return r.responseId!;
    });

  /**
   * A: three answers in a first batch (token, contact id, e-mail), two in a second, one in a third, one on the
   * web; A[8] only opens the link, A[9] saves a draft, A[3] opts out.
   * B: four answers from a batch, one on the web, one opt-out.
   */
  beforeAll(async () => {
    w = await providerWorld(['Survey A', 'Survey B']);
    analyst = w.analyst;
    management = await sessionFor(w.t.app, await newStaff(w.t.app, StaffRole.Management));
    privacyOfficer = await sessionFor(w.t.app, await newStaff(w.t.app, StaffRole.PrivacyOfficer));
    [{ id: surveyA, campaignId: campaignA, people: A }, { id: surveyB, people: B }] = w.surveys;
    expect(A).toHaveLength(10);
    expect(A[0].email).toBe('formula@example.com');
    expect(A[0].role).toBe('@SUM(1+1)');
    await importContact(w, 'late.comer@example.org');

    const { t, admin } = w;
    writer = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA, surveyB]);
    reader = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyA, surveyB]);
    statistics = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyA]);
    readerForBOnly = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyB]);

    const first = await batch(surveyA, [
      {
        providerResponseId: 'cati-2026-0001',
        invitationToken: A[0].token,
        answers: completeAnswers({ suggestions: FORMULAS[0] }),
        submittedAt: firstSubmittedAt.toISOString(),
        questionnaireVersion: 1,
      },
      {
        providerResponseId: 'cati-2026-0002',
        contact: { id: A[1].contactId },
        answers: completeAnswers({
          contactedSupport: true,
          support: { timeliness: 4, clarity: 3, courtesy: 5 },
          suggestions: SECRET_SUGGESTION,
        }),
        language: 'es',
      },
      {
        providerResponseId: 'cati-2026-0003',
        contact: { email: A[2].email.toUpperCase() },
        answers: completeAnswers({ suggestions: FORMULAS[1] }),
      },
    ]);
    first.forEach((id, i) => stored.set(i, id));
    const second = await batch(surveyA, [
      {
        providerResponseId: 'web-panel-4',
        invitationToken: A[4].token,
        answers: completeAnswers({ suggestions: FORMULAS[2] }),
      },
      {
        providerResponseId: 'web-panel-5',
        contact: { id: A[5].contactId },
        answers: completeAnswers({ suggestions: FORMULAS[3] }),
      },
    ]);
    stored.set(4, second[0]);
    stored.set(5, second[1]);
    const [sixth] = await batch(surveyA, [
      { providerResponseId: 'idem-0006', invitationToken: A[6].token, answers: completeAnswers() },
    ]);
    stored.set(6, sixth);
    await batch(
      surveyB,
      [2, 6, 7, 8].map((i) => ({
        providerResponseId: `b-000${i}`,
        invitationToken: B[i].token,
        answers: completeAnswers(),
      })),
    );
    await submit(B[0].token);
    await optOut(B[1].token);

    await submit(A[7].token, WEB_SUGGESTION);
    const [row] = await responsesOf(w.dataSource, A[7].invitationId);
    stored.set(7, row.id);
    await answered(w.t.api({ invitation: A[8].token }).GET('/api/v1/respond'), 200);
    await answered(
      w.t.api({ invitation: A[9].token }).PUT('/api/v1/respond/draft', { body: { answers: { nps: 5 } } }),
      200,
    );
    await optOut(A[3].token);
  });

  afterAll(async () => {
    await w?.close();
  });

  const storedA = () => [...stored.entries()].map(([index, responseId]) => ({ person: A[index], responseId }));

  describe('GET /provider/surveys/{id}/responses', () => {
    let all: RawResponse[];

    it('gives a JSON page of pseudonymous responses with free text decrypted', async () => {
      const res = await answered(read(surveyA), 200);
      expect(res.response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.response.headers.get('x-next-cursor')).toBeNull();
      const page = res.data!;
      expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
      expect(page.nextCursor).toBeNull();
      all = page.items;
      const ids: { id: string }[] = await w.dataSource.query('SELECT id FROM responses WHERE survey_id = $1', [
        surveyA,
      ]);
      expect(all.map((i) => i.responseId).sort()).toEqual(ids.map((r) => r.id).sort());
      expect(all).toHaveLength(7);
      for (const { person, responseId } of storedA()) {
        const item = all.find((i) => i.responseId === responseId)!;
        expect(Object.keys(item).sort()).toEqual(RAW_ITEM_KEYS);
        expect(item.snapshot).toEqual({
          country: person.country,
          segment: person.segment,
          role: person.role,
          relationshipBand: relationshipBand(person.relationshipSince, new Date(item.submittedAt)),
        });
        expect(item.respondent).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
        expect(item.questionnaireVersion).toBe(1);
      }
      const byIndex = (i: number) => all.find((item) => item.responseId === stored.get(i))!;
      expect(byIndex(1)).toMatchObject({
        channel: 'provider',
        language: 'es',
        answers: completeAnswers({
          contactedSupport: true,
          support: { timeliness: 4, clarity: 3, courtesy: 5 },
          suggestions: SECRET_SUGGESTION,
        }),
      });
      expect(byIndex(0).answers.suggestions).toBe(FORMULAS[0]);
      expect(byIndex(0).submittedAt).toBe(firstSubmittedAt.toISOString());
      expect(byIndex(7)).toMatchObject({ channel: 'web', answers: completeAnswers({ suggestions: WEB_SUGGESTION }) });
      expect(byIndex(6).answers).toEqual(completeAnswers());
      // No name or address, no token, no contact or invitation id.
      const text = JSON.stringify(res.data);
      expectNoPersonalData(text, A);
      for (const person of A) {
        expect(text).not.toContain(person.token);
        expect(text).not.toContain(person.contactId);
        expect(text).not.toContain(person.invitationId);
      }
    });

    it('gives each respondent a stable pseudonym of their own', async () => {
      const again = (await dataOf(read(surveyA))).items;
      const pseudonyms = (items: RawResponse[]) => new Map(items.map((i) => [i.responseId, i.respondent]));
      expect(pseudonyms(again)).toEqual(pseudonyms(all));
      expect(new Set(all.map((i) => i.respondent)).size).toBe(all.length);
      // The same person answering another survey gets an unrelated pseudonym there.
      const inB = (await dataOf(read(surveyB))).items;
      expect(inB.length).toBeGreaterThan(0);
      const pseudonymsA = new Set(all.map((i) => i.respondent));
      for (const item of inB) expect(pseudonymsA.has(item.respondent)).toBe(false);
      // Seven of ten contacts answered A and five answered B: some answered both.
      const shared: { a: string; b: string }[] = await w.dataSource.query(
        `SELECT ra.id AS a, rb.id AS b
           FROM responses ra JOIN invitations ia ON ia.id = ra.invitation_id
           JOIN invitations ib ON ib.contact_id = ia.contact_id
           JOIN responses rb ON rb.invitation_id = ib.id
          WHERE ra.survey_id = $1 AND rb.survey_id = $2`,
        [surveyA, surveyB],
      );
      expect(shared.length).toBeGreaterThan(0);
      for (const { a, b } of shared) {
        const inA = all.find((i) => i.responseId === a)!.respondent;
        expect(inB.find((i) => i.responseId === b)!.respondent).not.toBe(inA);
      }
    });

    it('walks every response exactly once with cursor pagination', async () => {
      const seen: RawResponse[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await answered(read(surveyA, { limit: 2, ...(cursor ? { cursor } : {}) }), 200);
        const page: RawPage = res.data!;
        pages++;
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.length).toBeLessThanOrEqual(2);
        if (page.nextCursor === null) expect(res.response.headers.get('x-next-cursor')).toBeNull();
        else expect(res.response.headers.get('x-next-cursor')).toBe(page.nextCursor);
        if (page.nextCursor !== null) expect(page.items).toHaveLength(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        expect(pages).toBeLessThan(10);
      } while (cursor !== null);
      expect(pages).toBe(4);
      expect(seen.map((i) => i.responseId)).toEqual(all.map((i) => i.responseId));
      expect(new Set(seen.map((i) => i.responseId)).size).toBe(7);
      expect(seen).toEqual(all);

      // A page that ends exactly on the last response has no next cursor.
      const exact = await answered(read(surveyA, { limit: 7 }), 200);
      expect(exact.data!.nextCursor).toBeNull();
      expect(exact.response.headers.get('x-next-cursor')).toBeNull();
      const short = await dataOf(read(surveyA, { limit: 6 }));
      expect(short.items).toHaveLength(6);
      const rest = await dataOf(read(surveyA, { limit: 6, cursor: short.nextCursor! }));
      expect(rest.items.map((i) => i.responseId)).toEqual([all[6].responseId]);
      expect(rest.nextCursor).toBeNull();
    });

    it('filters by updated_since', async () => {
      const future = await dataOf(read(surveyA, { updated_since: new Date(Date.now() + 3_600_000).toISOString() }));
      expect(future).toEqual({ items: [], nextCursor: null });
      const past = await dataOf(read(surveyA, { updated_since: new Date(Date.now() - 3_600_000).toISOString() }));
      expect(past.items).toEqual(all);
      const latest = all[all.length - 1].updatedAt;
      const fromLatest = await dataOf(read(surveyA, { updated_since: latest }));
      const expected = all.filter((i) => i.updatedAt >= latest).map((i) => i.responseId);
      expect(fromLatest.items.map((i) => i.responseId)).toEqual(expected);
      expect(expected.length).toBeLessThan(all.length);
    });

    it('gives CSV with fixed columns then one per question, formulas defused', async () => {
      const res = await answered(readCsv(surveyA), 200);
      expect(res.response.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, ...rows] = parseCsv(res.data!);
      expect(header).toEqual([...FIXED_CSV_COLUMNS, ...QUESTION_COLUMNS]);
      expect(rows).toHaveLength(all.length);
      const column = (name: string) => header.indexOf(name);
      rows.forEach((row, i) => {
        const item = all[i];
        expect(row).toHaveLength(header.length);
        expect(row[column('response_id')]).toBe(item.responseId);
        expect(row[column('respondent')]).toBe(item.respondent);
        expect(row[column('channel')]).toBe(item.channel);
        expect(row[column('country')]).toBe(item.snapshot.country);
        expect(row[column('role')]).toBe(spreadsheetSafe(item.snapshot.role ?? ''));
        expect(row[column('nps')]).toBe(String(item.answers.nps));
        expect(row[column('channels')]).toBe((item.answers.channels as string[]).join('; '));
        expect(row[column('contactedSupport')]).toBe(String(item.answers.contactedSupport));
        expect(row[column('suggestions')]).toBe(
          spreadsheetSafe((item.answers.suggestions as string | undefined) ?? ''),
        );
      });
      const rowOf = (index: number) => rows.find((row) => row[column('response_id')] === stored.get(index))!;
      expect(rowOf(0)[column('suggestions')]).toBe("'=SUM(1)");
      expect(rowOf(2)[column('suggestions')]).toBe("'+1");
      expect(rowOf(4)[column('suggestions')]).toBe("'-1");
      expect(rowOf(5)[column('suggestions')]).toBe("'@x");
      expect(rowOf(0)[column('role')]).toBe("'@SUM(1+1)");
      expect(rowOf(1)[column('suggestions')]).toBe(SECRET_SUGGESTION);
      expect(
        ['support.timeliness', 'support.clarity', 'support.courtesy'].map((name) => rowOf(1)[column(name)]),
      ).toEqual(['4', '3', '5']);
      expect(rowOf(1)[column('channels')]).toBe('eservices; email');
      expect(rowOf(1)[column('contactedSupport')]).toBe('true');
      expect(rowOf(0)[column('support.timeliness')]).toBe('');
      expect(rowOf(0)[column('npsReason')]).toBe('');
      expectNoPersonalData(res.data!, A);

      const accepted = await answered(readCsv(surveyA, {}, { Accept: 'text/csv' }), 200);
      expect(accepted.response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(parseCsv(accepted.data!)).toEqual([header, ...rows]);
      const jsonWins = await answered(readCsv(surveyA, { format: 'json' }, { Accept: 'text/csv' }), 200);
      expect(jsonWins.response.headers.get('content-type')).toMatch(/^application\/json/);
      // CSV pages too.
      const paged = await answered(readCsv(surveyA, { format: 'csv', limit: 2 }), 200);
      expect(parseCsv(paged.data!)).toEqual([header, ...rows.slice(0, 2)]);
      expect(paged.response.headers.get('x-next-cursor')).toMatch(/^\d+_[0-9a-f-]{36}$/);
    });

    it.each<[string, Record<string, unknown>]>([
      ['cursor', { cursor: 'not-a-cursor' }],
      ['cursor', { cursor: `1_${'-'.repeat(36)}` }],
      ['cursor', { cursor: `99999999999999999999_${randomUUID()}` }],
      ['limit', { limit: 0 }],
      ['limit', { limit: 5001 }],
      ['limit', { limit: 'ten' }],
      ['limit', { limit: 2.5 }],
      ['updated_since', { updated_since: 'yesterday' }],
      ['format', { format: 'xml' }],
    ])('refuses a bad %s (%j) with 400 naming it', async (field, query) => {
      const res = await answered(read(surveyA, query as ReadQuery), 400);
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res.error)).toContain(field);
    });

    it('accepts the limits 1 and 5000', async () => {
      expect((await dataOf(read(surveyA, { limit: 1 }))).items).toHaveLength(1);
      expect((await dataOf(read(surveyA, { limit: 5000 }))).items).toHaveLength(7);
    });

    it('audits every read as responses.read', async () => {
      const before = await auditCount(w.dataSource, 'responses.read');
      await answered(read(surveyA, { limit: 3 }), 200);
      await answered(readCsv(surveyA), 200);
      expect(await auditCount(w.dataSource, 'responses.read')).toBe(before + 2);
      const events: {
        actor_type: string;
        actor_id: string;
        resource_id: string;
        details: Record<string, unknown>;
      }[] = await w.dataSource.query(
        `SELECT actor_type, actor_id, resource_id, details FROM audit_events WHERE action = 'responses.read' ORDER BY seq DESC LIMIT 2`,
      );
      expect(events).toEqual([
        {
          actor_type: 'api_key',
          actor_id: reader.id,
          resource_id: surveyA,
          details: { format: 'csv', limit: 1000, continued: false, updatedSince: null },
        },
        {
          actor_type: 'api_key',
          actor_id: reader.id,
          resource_id: surveyA,
          details: { format: 'json', limit: 3, continued: false, updatedSince: null },
        },
      ]);
    });

    it('needs a key with responses:read bound to the survey', async () => {
      const path = { params: { path: { id: surveyA } } };
      await answered(w.t.api().GET('/api/v1/provider/surveys/{id}/responses', path), 401);
      await answered(read(surveyA, {}, writer.secret), 403);
      await answered(read(surveyA, {}, readerForBOnly.secret), 403);
      await answered(read(surveyA, {}, statistics.secret), 403);
      await answered(w.t.api({ staff: analyst }).GET('/api/v1/provider/surveys/{id}/responses', path), 403);
    });
  });

  describe('staff routes', () => {
    it('gives analysts the same raw responses, and nobody else', async () => {
      const provider = await dataOf(read(surveyA));
      const staff = await dataOf(staffRead(analyst, surveyA));
      expect(staff).toEqual(provider);
      expectNoPersonalData(JSON.stringify(staff), A);
      const providerCsv = await dataOf(readCsv(surveyA));
      const staffCsv = await dataOf(
        w.t.api({ staff: analyst }).GET('/api/v1/surveys/{id}/responses', {
          params: { path: { id: surveyA }, query: { format: 'csv' } },
          parseAs: 'text',
        }),
      );
      expect(parseCsv(staffCsv)).toEqual(parseCsv(providerCsv));
      const paged = await answered(staffRead(analyst, surveyA, { limit: 2 }), 200);
      expect(paged.response.headers.get('x-next-cursor')).toBe(paged.data!.nextCursor);
      await answered(staffRead(analyst, surveyA, { limit: 0 }), 400);

      await answered(staffRead(management, surveyA), 403);
      await answered(staffRead(privacyOfficer, surveyA), 403);
      const path = { params: { path: { id: surveyA } } };
      await answered(w.t.api({ apiKey: reader.secret }).GET('/api/v1/surveys/{id}/responses', path), 403);
      await answered(w.t.api().GET('/api/v1/surveys/{id}/responses', path), 401);
      await answered(staffRead(analyst, randomUUID()), 404);
      const [event] = await w.dataSource.query(
        `SELECT actor_type, actor_id FROM audit_events WHERE action = 'responses.read' AND actor_type = 'staff' ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({ actor_type: 'staff', actor_id: w.analystStaff.user.id });
    });

    it('counts the funnel per campaign and in total, with responses by channel', async () => {
      // A second campaign invites the one contact the first could not (imported later).
      const campaign = await dataOf(
        w.t.api({ staff: analyst }).POST('/api/v1/surveys/{id}/campaigns', {
          params: { path: { id: surveyA } },
          body: { name: 'Latecomers', target: {} },
        }),
        202,
      );
      await w.t.app.get(CampaignsService).settled(campaign.id);

      const funnel = await dataOf(rates({ staff: analyst }, surveyA));
      // Everyone: 10 invited; 6 provider + 1 web answers; A[8] opened; A[9] started; A[3] opted out.
      expect(funnel).toMatchObject({
        surveyId: surveyA,
        invited: 11,
        opened: 9,
        started: 8,
        completed: 7,
        optedOut: 1,
        responseRate: 0.6364,
        responsesByChannel: { web: 1, provider: 6 },
      });
      expect(funnel.campaigns).toHaveLength(2);
      expect(funnel.campaigns[0]).toMatchObject({
        campaignId: campaignA,
        name: 'Everyone',
        invited: 10,
        opened: 9,
        started: 8,
        completed: 7,
        optedOut: 1,
        responseRate: 0.7,
      });
      expect(funnel.campaigns[1]).toMatchObject({
        campaignId: campaign.id,
        name: 'Latecomers',
        invited: 1,
        opened: 0,
        started: 0,
        completed: 0,
        optedOut: 0,
        responseRate: 0,
      });
      for (const key of ['delivered', 'bounced'] as const) {
        expect(funnel[key]).toBe(funnel.campaigns[0][key] + funnel.campaigns[1][key]);
      }

      expect(await dataOf(rates({ apiKey: statistics.secret }, surveyA))).toEqual(funnel);

      await answered(rates({ apiKey: statistics.secret }, surveyB), 403);
      await answered(rates({ apiKey: reader.secret }, surveyA), 403);
      await answered(rates({ staff: management }, surveyA), 403);
      await answered(rates(undefined, surveyA), 401);

      expect(await dataOf(rates({ staff: analyst }, surveyB))).toMatchObject({
        invited: 10,
        // B[0] on the web; B[2], B[6], B[7] and B[8] from a batch.
        completed: 5,
        optedOut: 1,
        responseRate: 0.5,
        responsesByChannel: { web: 1, provider: 4 },
      });
    });

    it('follows a response to its respondent only with a purpose, audited, for analysts', async () => {
      const responseId = stored.get(1)!;
      const identified = () => auditCount(w.dataSource, 'response.respondent_identified');
      const before = await identified();

      expect(fieldsOf(await problemOf(respondent({ staff: analyst }, responseId), 400))).toEqual(['purpose']);
      expect(fieldsOf(await problemOf(respondent({ staff: analyst }, responseId, 'curiosity'), 400))).toEqual([
        'purpose',
      ]);
      await answered(respondent({ staff: management }, responseId, 'survey-analysis'), 403);
      await answered(respondent({ apiKey: reader.secret }, responseId, 'survey-analysis'), 403);
      expect(await identified()).toBe(before);

      expect(await dataOf(respondent({ staff: analyst }, responseId, 'survey-analysis'))).toEqual({
        responseId,
        invitationId: A[1].invitationId,
        contactId: A[1].contactId,
        name: A[1].name,
        email: A[1].email,
        registrationNumbers: expect.any(Array),
      });
      expect(await identified()).toBe(before + 1);
      const [event] = await w.dataSource.query(
        `SELECT actor_type, actor_id, resource_type, resource_id, purpose, outcome FROM audit_events
          WHERE action = 'response.respondent_identified' ORDER BY seq DESC LIMIT 1`,
      );
      expect(event.resource_id).toMatch(/^sref_[\w-]{43}$/);
      expect(event).toEqual({
        actor_type: 'staff',
        actor_id: w.analystStaff.user.id,
        resource_type: 'response',
        // Named by a reference under the respondent's key, which erasing them makes meaningless.
        resource_id: await w.t.app.get(AuditService).storedResourceId('response', responseId),
        purpose: 'survey-analysis',
        outcome: 'success',
      });

      const web = await dataOf(respondent({ staff: privacyOfficer }, stored.get(7)!, 'privacy-request'));
      expect(web).toMatchObject({ contactId: A[7].contactId, email: A[7].email, name: A[7].name });
      await answered(respondent({ staff: analyst }, randomUUID(), 'survey-analysis'), 404);

      // Once the respondent's key is shredded (an erasure under way) or the invitation is gone,
      // the response names nobody; the response itself stays, unlinked.
      await w.dataSource.query('DELETE FROM keystore.subject_keys WHERE subject_id = $1', [A[1].contactId]);
      await answered(respondent({ staff: analyst }, responseId, 'survey-analysis'), 404);
      await w.dataSource.query('DELETE FROM invitations WHERE id = $1', [A[7].invitationId]);
      await answered(respondent({ staff: analyst }, stored.get(7)!, 'survey-analysis'), 404);
      expect(await w.dataSource.query('SELECT invitation_id FROM responses WHERE id = $1', [stored.get(7)])).toEqual([
        { invitation_id: null },
      ]);
    });
  });
});
