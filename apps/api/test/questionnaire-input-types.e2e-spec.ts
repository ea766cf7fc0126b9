import type { components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { inputTypesQuestionnaire } from './utils/input-types';
import { postBatch } from './utils/provider';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestApiKey } from './utils/staff';

type RespondentAnswers = components['schemas']['RespondentAnswersDto'];

describe('Number, date and validated inputs, and "Other"/"None" items: accepted, refused, stored, counted', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];
  let writer: TestApiKey;
  const questionnaire = inputTypesQuestionnaire();

  const submit = (token: string, body: RespondentAnswers) =>
    t.api({ invitation: token }).POST('/api/v1/respond/submit', { body });
  const fields = (problem: unknown) =>
    ((problem as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
  const details = (extra: Record<string, unknown>) => completeAnswers(extra);

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

  it('lists an unsafe regular expression among the draft problems, naming the field, and refuses to publish it', async () => {
    const bad = inputTypesQuestionnaire();
    const reference = bad.pages[bad.pages.length - 1].elements[2];
    if (reference.type !== 'text') throw new Error('the test questionnaire has changed');
    reference.validators = [{ type: 'regex', regex: '^(a+)+$' }];
    const api = t.api({ staff: analyst });
    const created = await dataOf(
      api.POST('/api/v1/surveys', {
        body: {
          name: 'Unsafe',
          questionnaire: bad as unknown as components['schemas']['CreateSurveyDto']['questionnaire'],
        },
      }),
      201,
    );
    expect(created.questionnaireProblems.map((problem) => problem.field)).toEqual([
      'questionnaire.pages[3].elements[2].validators[0].regex',
    ]);
    const refused = await answered(
      api.POST('/api/v1/surveys/{id}/publish', { params: { path: { id: created.id } } }),
      400,
    );
    expect(fields(refused.error)).toEqual(['questionnaire.pages[3].elements[2].validators[0].regex']);
  });

  it('refuses out-of-range numbers and dates, failed validators, and an "Other" without its text, naming each field and never the value', async () => {
    const person = invitees[0];
    const res = await answered(
      submit(person.token, {
        answers: details({
          filings: 6001,
          lastFiling: '1999-12-31',
          reference: 'PCT/xx2024/123',
          office: 'other',
          contactWays: ['none-such'],
        }),
      }),
      400,
    );
    expect(fields(res.error).sort()).toEqual(
      [
        'answers.filings',
        'answers.lastFiling',
        'answers.reference',
        'answers.office-Comment',
        'answers.contactWays',
      ].sort(),
    );
    const text = JSON.stringify(res.error);
    for (const value of ['6001', '1999-12-31', 'PCT/xx2024/123', 'none-such']) expect(text).not.toContain(value);
    const draft = await answered(
      t.api({ invitation: person.token }).PUT('/api/v1/respond/draft', { body: { answers: { filings: -1 } } }),
      400,
    );
    expect(fields(draft.error)).toEqual(['answers.filings']);
    // A number sent as text is not a number.
    const asText = await answered(submit(person.token, { answers: details({ filings: '12' }) }), 400);
    expect(fields(asText.error)).toEqual(['answers.filings']);
  });

  it('stores numbers and dates as closed answers, and the "Other" comment and the reference encrypted', async () => {
    const person = invitees[1];
    const comment = 'The Lisbon office, by post';
    await answered(
      submit(person.token, {
        answers: details({
          filings: 12,
          lastFiling: '2025-03-14',
          reference: 'PCT/IB2024/000123',
          office: 'other',
          'office-Comment': comment,
          contactWays: ['phone', 'other'],
          'contactWays-Comment': 'Carrier pigeon',
        }),
      }),
      200,
    );
    const [row] = await dataSource.query('SELECT answers, free_text FROM responses WHERE invitation_id = $1', [
      person.invitationId,
    ]);
    expect(row.answers).toMatchObject({
      filings: 12,
      lastFiling: '2025-03-14',
      office: 'other',
      contactWays: ['phone', 'other'],
    });
    for (const key of ['reference', 'office-Comment', 'contactWays-Comment'])
      expect(row.answers).not.toHaveProperty(key);
    const sealed = row.free_text as Buffer;
    for (const secret of [comment, 'Carrier pigeon', 'PCT/IB2024/000123']) {
      expect(sealed.includes(Buffer.from(secret))).toBe(false);
    }
    const api = t.api({ staff: analyst });
    const page = await dataOf(api.GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId } } }));
    const stored = page.items.find((item) => (item.answers as Record<string, unknown>)['office-Comment'] === comment);
    expect(stored?.answers).toMatchObject({ 'contactWays-Comment': 'Carrier pigeon', reference: 'PCT/IB2024/000123' });
    const csv = await api.GET('/api/v1/surveys/{id}/responses', {
      params: { path: { id: surveyId }, query: { format: 'csv' } },
      parseAs: 'text',
    });
    const [header] = (csv.data as unknown as string).trim().split('\n');
    expect(header.split(',')).toEqual(
      expect.arrayContaining(['filings', 'lastFiling', 'reference', 'office', 'office-Comment', 'contactWays-Comment']),
    );
  });

  it('applies the same rules to provider batches, item by item', async () => {
    const [good, bad] = invitees.slice(2, 4);
    const res = await answered(
      postBatch(t, writer.secret, surveyId, {
        responses: [
          {
            providerResponseId: 'q-1',
            invitationToken: good.token,
            answers: details({ filings: 3, office: 'none', contactWays: ['other'], 'contactWays-Comment': 'Fax' }),
          },
          {
            providerResponseId: 'q-2',
            invitationToken: bad.token,
            answers: details({ filings: 3.5, lastFiling: '2024-02-30', office: 'ib', 'office-Comment': 'stray' }),
          },
        ],
      }),
      200,
    );
    expect(res.data!.results.map((result) => result.status)).toEqual(['created', 'rejected']);
    expect(res.data!.results[1].errors?.map((error) => error.field).sort()).toEqual(
      ['answers.lastFiling', 'answers.office-Comment'].sort(),
    );
    const [row] = await dataSource.query('SELECT answers, free_text FROM responses WHERE invitation_id = $1', [
      good.invitationId,
    ]);
    expect(row.answers).not.toHaveProperty('contactWays-Comment');
    expect((row.free_text as Buffer).includes(Buffer.from('Fax'))).toBe(false);
  });

  it('counts "other" and "none" as categories, as the raw data says, and never shows the comments', async () => {
    const offices = ['other', 'other', 'ib', 'none', 'national', 'other'];
    for (const [index, office] of offices.entries()) {
      const person = invitees[4 + index];
      await answered(
        submit(person.token, {
          answers: details({
            office,
            ...(office === 'other' && { 'office-Comment': `Private note ${index}` }),
            contactWays: index % 2 === 0 ? ['web', 'other'] : ['phone'],
            ...(index % 2 === 0 && { 'contactWays-Comment': `Secret way ${index}` }),
          }),
        }),
        200,
      );
    }
    const api = t.api({ staff: analyst });
    const raw = await dataOf(
      api.GET('/api/v1/surveys/{id}/responses', { params: { path: { id: surveyId }, query: { limit: 100 } } }),
    );
    const answersOf = raw.items.map((item) => item.answers as Record<string, unknown>);
    const count = (name: string, value: string) =>
      answersOf.filter((a) => (Array.isArray(a[name]) ? (a[name] as unknown[]).includes(value) : a[name] === value))
        .length;
    const statistics = await dataOf(api.GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }));
    const office = statistics.items.find((item) => item.name === 'office')!;
    const ways = statistics.items.find((item) => item.name === 'contactWays')!;
    const countOf = (item: typeof office, value: string) => item.distribution.find((entry) => entry.value === value);
    expect(office.distribution.map((entry) => entry.value)).toEqual(['ib', 'national', 'none', 'other']);
    expect(countOf(office, 'other')).toMatchObject({ label: 'Another office' });
    // Counts follow the raw data; those of fewer than k respondents are suppressed, not zero.
    for (const [item, value] of [
      [office, 'other'],
      [ways, 'other'],
      [ways, 'phone'],
    ] as const) {
      const expected = count(item.name, value);
      const entry = countOf(item, value)!;
      if (entry.suppressed) expect(expected).toBeLessThan(statistics.k);
      else expect(entry.count).toBe(expected);
    }
    expect(count('office', 'other')).toBeGreaterThanOrEqual(statistics.k - 1);
    const text = JSON.stringify(statistics);
    for (const secret of [
      'Private note',
      'Secret way',
      'Carrier pigeon',
      'office-Comment',
      'contactWays-Comment',
      'reference',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
