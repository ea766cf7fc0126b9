import { execFileSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { KeystoreService } from '../src/crypto/keystore.service';
import { createTestApp, TestApp } from './utils/app';
import { answeredSurvey, type Given } from './utils/answered-survey';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newApiKey, newStaff, sessionFor } from './utils/staff';

const PURPOSE = { 'X-Purpose': 'survey-analysis' };

/** The text of a PDF, by Debian's pdftotext. */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });

/**
 * The comments view: the answers to one free-text question, for analysts only, with a stated
 * purpose, audited with the filters, a page at a time, filtered like statistics; never to
 * management, the provider or in a report.
 */
describe('Comments of a free-text question', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let management: string;
  let surveyId: string;
  let given: Given[];

  type CommentsQuery = Record<string, unknown>;
  const comments = (question: string, query: CommentsQuery = {}, token = analyst, headers = PURPOSE) =>
    t.api({ staff: token }).GET('/api/v1/surveys/{id}/questions/{question}/comments', {
      params: { path: { id: surveyId, question }, query: query as never },
      headers,
    });
  /** Every comment the filters give, following the cursor page by page. */
  const allComments = async (question: string, query: CommentsQuery = {}) => {
    const texts: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await dataOf(comments(question, { ...query, limit: 10, ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(10);
      texts.push(...page.items.map((item) => item.text));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    return texts;
  };
  const fieldsOf = async (question: string, query: CommentsQuery, headers = PURPOSE) =>
    ((await problemOf(comments(question, query, analyst, headers), 400)).errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    ({ surveyId, given } = await answeredSurvey(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('gives every answer to the question, decrypted, page by page, with the pseudonym and snapshot only', async () => {
    const first = await dataOf(comments('suggestions', { limit: 20 }));
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    const item = first.items[0];
    expect(Object.keys(item).sort()).toEqual([
      'language',
      'respondent',
      'responseId',
      'snapshot',
      'submittedAt',
      'text',
    ]);
    expect(item.respondent).toMatch(/^r_/);
    expect(JSON.stringify(first)).not.toMatch(/@example\.org|Filer \d/);
    const texts = await allComments('suggestions');
    expect(texts.sort()).toEqual(given.map((g) => g.answers.suggestions as string).sort());
  });

  it('filters by demographic group and by the answer to a closed question', async () => {
    const italian = await allComments('suggestions', { country: ['IT'] });
    expect(italian.sort()).toEqual(
      given
        .filter((g) => g.country === 'IT')
        .map((g) => g.answers.suggestions)
        .sort(),
    );
    const holders = await allComments('suggestions', { segment: ['holder'], country: ['FR', 'DE'] });
    expect(holders.sort()).toEqual(
      given
        .filter((g) => g.segment === 'holder' && ['FR', 'DE'].includes(g.country))
        .map((g) => g.answers.suggestions)
        .sort(),
    );
    const detractors = await allComments('npsReason', { answer: ['nps:0|1|2|3|4|5|6'] });
    const expected = given.filter((g) => (g.answers.nps as number) <= 6).map((g) => g.answers.npsReason as string);
    expect(expected.length).toBeGreaterThan(5);
    expect(detractors.sort()).toEqual(expected.sort());
    const promoters = await allComments('npsReason', { answer: ['nps:9|10'] });
    expect(promoters).toEqual([]);
  });

  it('audits each page with the purpose, the question and the filters, never a text', async () => {
    await dataOf(comments('suggestions', { country: ['FR'], answer: ['nps:0|1|2'] }));
    const [event] = await dataSource.query(
      `SELECT purpose, resource_type, resource_id, details FROM audit_events
        WHERE action = 'responses.comments_read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event).toMatchObject({
      purpose: 'survey-analysis',
      resource_type: 'survey',
      resource_id: surveyId,
      details: { question: 'suggestions', country: ['FR'], answer: ['nps:0|1|2'], method: 'GET' },
    });
    expect(JSON.stringify(event)).not.toContain('Secret remark');
  });

  it('needs a purpose and a free-text question, and refuses bad filters naming the field', async () => {
    expect(await fieldsOf('suggestions', {}, {} as typeof PURPOSE)).toEqual(['purpose']);
    expect(await fieldsOf('nps', {})).toEqual(['question']);
    expect(await fieldsOf('noSuchQuestion', {})).toEqual(['question']);
    expect(await fieldsOf('suggestions', { answer: ['nps:11'] })).toEqual(['answer']);
    expect(await fieldsOf('suggestions', { answer: ['suggestions:x'] })).toEqual(['answer']);
    expect(await fieldsOf('suggestions', { answer: ['no colon'] })).toEqual(['answer']);
    expect(await fieldsOf('suggestions', { country: ['France'] })).toEqual(['country']);
    expect(await fieldsOf('suggestions', { segment: ['planet'] })).toEqual(['segment']);
    expect(await fieldsOf('suggestions', { relationshipBand: ['forever'] })).toEqual(['relationshipBand']);
    expect(await fieldsOf('suggestions', { limit: 101 })).toEqual(['limit']);
    expect(await fieldsOf('suggestions', { cursor: 'x' })).toEqual(['cursor']);
  });

  it('is refused to management, privacy officers and every provider key', async () => {
    await problemOf(comments('suggestions', {}, management), 403);
    const officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    await problemOf(comments('suggestions', {}, officer), 403);
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead, ApiKeyScope.StatisticsRead], [surveyId]);
    await problemOf(
      t.api({ apiKey: key.secret }).GET('/api/v1/surveys/{id}/questions/{question}/comments', {
        params: { path: { id: surveyId, question: 'suggestions' } },
        headers: PURPOSE,
      }),
      403,
    );
  });

  it('never puts a comment into a report or its exports', async () => {
    const report = await dataOf(
      t.api({ staff: analyst }).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title: 'With comments?', language: 'en' },
      }),
      201,
    );
    await dataOf(
      t.api({ staff: analyst }).POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }),
    );
    const seen = JSON.stringify(
      await dataOf(t.api({ staff: management }).GET('/api/v1/reports/{id}', { params: { path: { id: report.id } } })),
    );
    expect(seen).not.toContain('Secret remark');
    expect(seen).not.toContain('Reason number');
    const exported = async (format: 'csv' | 'pdf') => {
      const file = await answered(
        t.api({ staff: management }).GET('/api/v1/reports/{id}/export', {
          params: { path: { id: report.id }, query: { format } },
          parseAs: 'arrayBuffer',
        }),
        200,
      );
      return Buffer.from(file.data as ArrayBuffer);
    };
    const csv = (await exported('csv')).toString('utf8');
    const pdf = pdfText(await exported('pdf'));
    for (const text of [csv, pdf]) {
      expect(text).toContain('How likely');
      expect(text).not.toContain('Secret remark');
      expect(text).not.toContain('Reason number');
    }
  });

  it('leaves out the texts of a respondent whose key is gone', async () => {
    const erased = given.find((g) => g.country === 'IT')!;
    await dataSource.transaction((manager) => t.app.get(KeystoreService).shred([erased.invitee.contactId], manager));
    const italian = await allComments('suggestions', { country: ['IT'] });
    expect(italian).toHaveLength(given.filter((g) => g.country === 'IT').length - 1);
    expect(italian).not.toContain(erased.answers.suggestions);
  });
});
