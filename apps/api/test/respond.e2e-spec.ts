import { ProblemType, type components, type operations, type Problem } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Language = NonNullable<NonNullable<operations['respondentSurvey']['parameters']['query']>['lang']>;
type RespondentAnswers = components['schemas']['RespondentAnswersDto'];

const TOKEN = 'X-Invitation-Token';
const UNKNOWN_TOKEN = 'A'.repeat(43);

/** The respondent routes through the typed client, speaking with one secret-link token (or none). */
function respondent(t: TestApp, token?: string) {
  const api = t.api(token === undefined ? undefined : { invitation: token });
  return {
    view: (lang?: Language) => api.GET('/api/v1/respond', lang ? { params: { query: { lang } } } : {}),
    saveDraft: (body: RespondentAnswers) => api.PUT('/api/v1/respond/draft', { body }),
    submit: (body: RespondentAnswers) => api.POST('/api/v1/respond/submit', { body }),
    optOut: () => api.POST('/api/v1/respond/opt-out'),
  };
}

describe('Respondent routes', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];

  const as = (token?: string) => respondent(t, token);
  const responseCount = async (where = 'TRUE', params: unknown[] = []) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM responses WHERE ${where}`, params))[0].n);
  const invitation = async (id: string) =>
    (await dataSource.query('SELECT * FROM invitations WHERE id = $1', [id]))[0] as Record<string, unknown>;
  const fieldsOf = (body: Problem) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { RESPOND_MAX_INVALID_TOKENS: '1000', INVITATION_LINK_DAYS: '30' },
    });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    expect(invitees.length).toBe(10);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('GET /respond', () => {
    it('returns the questionnaire in the invitation language with the privacy notice, and marks the link opened', async () => {
      const invitee = invitees[0];
      expect((await invitation(invitee.invitationId)).opened_at).toBeNull();
      const { data: body, response } = await answered(as(invitee.token).view(), 200);
      expect(response.headers.get('cache-control')).toMatch(/no-store/);
      expect(body).toMatchObject({
        status: 'open',
        submittedAt: null,
        language: invitee.language,
        questionnaireVersion: 1,
        draft: null,
      });
      expect(body!.textDirection).toBe(invitee.language === 'ar' ? 'rtl' : 'ltr');
      expect((body!.questionnaire as { pages: unknown[] }).pages.length).toBeGreaterThan(0);
      expect(body!.privacyNotice.summary.length).toBeGreaterThan(50);
      expect(body!.privacyNotice.url).toMatch(/\/r\/privacy/);
      expect((await invitation(invitee.invitationId)).opened_at).not.toBeNull();
    });

    it('uses the requested language, Arabic laid out right to left', async () => {
      const arabic = await dataOf(as(invitees[0].token).view('ar'));
      expect(arabic).toMatchObject({ language: 'ar', textDirection: 'rtl' });
      const fr = await dataOf(as(invitees[0].token).view('fr'));
      expect(fr.privacyNotice.summary).not.toBe(arabic.privacyNotice.summary);
    });

    it('refuses an unknown language naming lang', async () => {
      const problem = await problemOf(as(invitees[0].token).view('de' as Language), 400);
      expect(fieldsOf(problem)).toEqual(['lang']);
    });

    it('needs the token header (400) and answers the same 404 for unknown and malformed tokens', async () => {
      const missing = await answered(as().view(), 400);
      expect(missing.response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(fieldsOf(missing.error!)).toEqual([TOKEN]);
      const unknown = await problemOf(as(UNKNOWN_TOKEN).view(), 404);
      const malformed = await problemOf(as('short').view(), 404);
      expect(unknown.detail).toBe(malformed.detail);
      expect(unknown.type).toBe(ProblemType.InvalidInvitation);
      expect(JSON.stringify(unknown)).not.toContain(UNKNOWN_TOKEN);
    });

    it('refuses a token in the URL', async () => {
      // Raw HTTP: the typed client never puts a token in a URL, which is the request refused here.
      await request(t.app.getHttpServer())
        .get(`/api/v1/respond?token=${invitees[0].token}`)
        .set(TOKEN, invitees[0].token)
        .expect(400);
    });
  });

  describe('drafts', () => {
    it('saves partial answers encrypted, returns them on the next visit, and marks the invitation started', async () => {
      const invitee = invitees[1];
      const draft = { nps: 4, npsReason: 'Slow answers from the helpdesk' };
      const saved = await dataOf(as(invitee.token).saveDraft({ answers: draft, questionnaireVersion: 1 }));
      expect(saved.questionnaireVersion).toBe(1);
      const inv = await invitation(invitee.invitationId);
      expect(Buffer.isBuffer(inv.draft_answers)).toBe(true);
      expect((inv.draft_answers as Buffer).toString('latin1')).not.toContain('helpdesk');
      expect(inv.draft_version).toBe(1);
      expect(inv.started_at).not.toBeNull();
      expect(inv.opened_at).not.toBeNull();
      const back = await dataOf(as(invitee.token).view());
      expect(back.draft).toMatchObject({ answers: draft, questionnaireVersion: 1 });
      // A later save replaces the earlier one.
      await answered(as(invitee.token).saveDraft({ answers: { nps: 8 } }), 200);
      const again = await dataOf(as(invitee.token).view());
      expect(again.draft!.answers).toEqual({ nps: 8 });
    });

    it('checks types in drafts but not required answers', async () => {
      const invitee = invitees[1];
      const bad = await problemOf(as(invitee.token).saveDraft({ answers: { nps: 'nine' } }), 400);
      expect(fieldsOf(bad)).toEqual(['answers.nps']);
      await answered(as(invitee.token).saveDraft({ answers: {} }), 200);
    });
  });

  describe('submission', () => {
    const badAnswers: Array<[string, Record<string, unknown>, string]> = [
      ['a wrong type', completeAnswers({ satisfaction: 'four' }), 'answers.satisfaction'],
      ['a value out of range', completeAnswers({ nps: 11 }), 'answers.nps'],
      ['an unknown choice', completeAnswers({ mainService: 'trademarks' }), 'answers.mainService'],
      ['an unknown question', completeAnswers({ favouriteColour: 'blue' }), 'answers.favouriteColour'],
      ['a missing required visible answer', completeAnswers({ satisfaction: undefined }), 'answers.satisfaction'],
      [
        'a required matrix made visible by another answer',
        completeAnswers({ contactedSupport: true }),
        'answers.support',
      ],
      ['an answer to a hidden question', completeAnswers({ nps: 9, npsReason: 'hidden' }), 'answers.npsReason'],
      ['oversize text', completeAnswers({ suggestions: 'x'.repeat(2001) }), 'answers.suggestions'],
    ];

    it.each(badAnswers)('refuses %s with a 400 naming the field, storing nothing', async (_what, answers, field) => {
      const invitee = invitees[2];
      const res = await answered(as(invitee.token).submit({ answers }), 400);
      expect(res.response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res.error!)).toContain(field);
      expect(JSON.stringify(res.error)).not.toContain('x'.repeat(50));
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
      expect((await invitation(invitee.invitationId)).completed_at).toBeNull();
    });

    it('refuses a body that is not JSON (415 naming Content-Type) and malformed JSON (400 naming body)', async () => {
      const invitee = invitees[2];
      // Raw HTTP: a wrong content type and broken JSON are requests the typed client cannot make.
      const wrongType = await request(t.app.getHttpServer())
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .set('Content-Type', 'text/plain')
        .send('nps=9')
        .expect(415);
      expect(wrongType.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(wrongType.body)).toEqual(['Content-Type']);
      const malformed = await request(t.app.getHttpServer())
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .set('Content-Type', 'application/json')
        .send('{"answers": {"nps": 9,')
        .expect(400);
      expect(fieldsOf(malformed.body)).toEqual(['body']);
      const noAnswers = await problemOf(as(invitee.token).submit({} as RespondentAnswers), 400);
      expect(fieldsOf(noAnswers)).toEqual(['answers']);
      const unknownVersion = await problemOf(
        as(invitee.token).submit({ answers: completeAnswers(), questionnaireVersion: 7 }),
        409,
      );
      expect(fieldsOf(unknownVersion)).toEqual(['questionnaireVersion']);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
    });

    it('stores a pseudonymous response with the snapshot and encrypted free text, and completes the invitation', async () => {
      const invitee = invitees[3];
      await answered(as(invitee.token).saveDraft({ answers: { nps: 9 } }), 200);
      const submission = await dataOf(
        as(invitee.token).submit({
          answers: completeAnswers({ suggestions: 'Faster examination please' }),
          questionnaireVersion: 1,
        }),
      );
      expect(submission).toMatchObject({ status: 'submitted', questionnaireVersion: 1 });
      const rows = await dataSource.query('SELECT * FROM responses WHERE invitation_id = $1', [invitee.invitationId]);
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row).toMatchObject({
        survey_id: surveyId,
        questionnaire_version: 1,
        channel: 'web',
        provider_response_id: null,
        country: invitee.country,
        segment: invitee.segment,
      });
      expect(row.relationship_band).toMatch(/^(under-1y|1-3y|3-5y|5-10y|10y-plus|unknown)$/);
      expect(row.respondent_pseudonym).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
      expect(row.answers).toEqual({
        nps: 9,
        satisfaction: 4,
        mainService: 'pct',
        channels: ['eservices', 'email'],
        filerType: 'attorney',
        contactedSupport: false,
      });
      expect(Buffer.isBuffer(row.free_text)).toBe(true);
      expect((row.free_text as Buffer).toString('latin1')).not.toContain('Faster');
      const columns = Object.keys(row);
      for (const identifying of ['contact_id', 'email', 'name', 'registration_numbers']) {
        expect(columns).not.toContain(identifying);
      }
      const inv = await invitation(invitee.invitationId);
      expect(inv.completed_at).not.toBeNull();
      expect(inv).toMatchObject({ draft_answers: null, draft_version: null, draft_saved_at: null });
    });

    it('returns the first result to a repeat, stores nothing more, and refuses later changes', async () => {
      const invitee = invitees[3];
      const first = (await dataSource.query('SELECT submitted_at FROM responses WHERE invitation_id = $1', [
        invitee.invitationId,
      ])) as { submitted_at: Date }[];
      const repeat = await dataOf(as(invitee.token).submit({ answers: completeAnswers({ nps: 0 }) }));
      expect(repeat).toEqual({
        status: 'submitted',
        submittedAt: first[0].submitted_at.toISOString(),
        questionnaireVersion: 1,
      });
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
      const stored = await dataSource.query('SELECT answers FROM responses WHERE invitation_id = $1', [
        invitee.invitationId,
      ]);
      expect(stored[0].answers.nps).toBe(9);
      const draft = await problemOf(as(invitee.token).saveDraft({ answers: { nps: 1 } }), 409);
      expect(draft.type).toBe(ProblemType.AlreadySubmitted);
      const view = await dataOf(as(invitee.token).view());
      expect(view).toMatchObject({ status: 'submitted', draft: null, submittedAt: repeat.submittedAt });
    });

    it('stores exactly one response for 50 concurrent submissions of one invitation', async () => {
      const invitee = invitees[4];
      const answers = completeAnswers();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          as(invitee.token).submit({ answers: { ...answers, nps: i % 11 === 0 ? 10 : 9 } }),
        ),
      );
      expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
      const times = new Set(results.map((r) => r.data?.submittedAt));
      expect(times.size).toBe(1);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
    });

    it('drafts saved while the same invitation is submitted never outlive the submission', async () => {
      const invitee = invitees[9];
      const answers = completeAnswers();
      const calls = Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0 ? as(invitee.token).submit({ answers }) : as(invitee.token).saveDraft({ answers: { nps: i % 11 } }),
      );
      const statuses = (await Promise.all(calls)).map((res) => res.response.status);
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
      expect(await invitation(invitee.invitationId)).toMatchObject({ draft_answers: null, draft_version: null });
    });

    it('a second link of the same invitation (a reminder) reaches the same single response', async () => {
      const invitee = invitees[4];
      const { InvitationTokens } = await import('../src/delivery/invitation-tokens');
      const [second] = await dataSource.transaction((m) => InvitationTokens.issue(m, [invitee.invitationId]));
      const submission = await dataOf(as(second).submit({ answers: completeAnswers() }));
      expect(submission.status).toBe('submitted');
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
    });
  });

  describe('opt-out, closed surveys and expired links', () => {
    it('opting out stops the link with a clear 410, and opting out again is harmless', async () => {
      const invitee = invitees[5];
      expect(await dataOf(as(invitee.token).optOut())).toEqual({ optedOut: true });
      await answered(as(invitee.token).optOut(), 200);
      for (const call of [
        () => as(invitee.token).view(),
        () => as(invitee.token).saveDraft({ answers: {} }),
        () => as(invitee.token).submit({ answers: completeAnswers() }),
      ]) {
        const problem = await problemOf(call(), 410);
        expect(problem.type).toBe(ProblemType.OptedOut);
      }
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
    });

    it('an expired link is 410 link-expired; a fresh link of the same invitation works', async () => {
      const invitee = invitees[6];
      await dataSource.query(
        "UPDATE invitation_tokens SET created_at = now() - interval '31 days' WHERE invitation_id = $1",
        [invitee.invitationId],
      );
      const problem = await problemOf(as(invitee.token).view(), 410);
      expect(problem.type).toBe(ProblemType.LinkExpired);
      await answered(as(invitee.token).submit({ answers: completeAnswers() }), 410);
      const { InvitationTokens } = await import('../src/delivery/invitation-tokens');
      const [fresh] = await dataSource.transaction((m) => InvitationTokens.issue(m, [invitee.invitationId]));
      await answered(as(fresh).view(), 200);
    });

    it('a closed survey is 410 survey-closed for answering, but a submitted link still shows its state', async () => {
      const unanswered = invitees[7];
      const submitted = invitees[3];
      await answered(
        t.api({ staff: analyst }).POST('/api/v1/surveys/{id}/close', { params: { path: { id: surveyId } } }),
        200,
      );
      const problem = await problemOf(as(unanswered.token).view(), 410);
      expect(problem.type).toBe(ProblemType.SurveyClosed);
      await answered(as(unanswered.token).submit({ answers: completeAnswers() }), 410);
      const view = await dataOf(as(submitted.token).view());
      expect(view.status).toBe('submitted');
      // Opting out still works: it only ever stops mail.
      await answered(as(unanswered.token).optOut(), 200);
    });
  });

  it('a link whose respondent is being erased (key shredded) is as dead as an unknown one', async () => {
    const invitee = invitees[8];
    await answered(as(invitee.token).view(), 410); // the survey is closed by now
    await dataSource.query('DELETE FROM keystore.subject_keys WHERE subject_id = $1', [invitee.contactId]);
    const problem = await problemOf(as(invitee.token).view(), 404);
    expect(problem.type).toBe(ProblemType.InvalidInvitation);
    await answered(as(invitee.token).submit({ answers: completeAnswers() }), 404);
  });

  it('never logs a token or an answer', () => {
    const text = t.log.text;
    for (const invitee of invitees) expect(text).not.toContain(invitee.token);
    expect(text).not.toContain('Faster examination');
    expect(text).not.toContain('helpdesk');
  });
});

describe('Token guessing is throttled per IP', () => {
  let db: TestDatabase;
  let t: TestApp;
  let invitees: Invitee[];
  const as = (token: string) => respondent(t, token);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { RESPOND_MAX_INVALID_TOKENS: '3', RESPOND_INVALID_TOKEN_WINDOW_SECONDS: '600' },
    });
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ invitees } = await surveyWithInvitees(t.app, analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 429 with Retry-After once an address has presented too many unknown tokens, even with a valid one', async () => {
    await answered(as(invitees[0].token).view(), 200);
    for (let i = 0; i < 3; i += 1) {
      await answered(as(`${'B'.repeat(42)}${i}`).view(), 404);
    }
    const blocked = await answered(as(UNKNOWN_TOKEN).view(), 429);
    expect(blocked.response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    await answered(as(invitees[0].token).view(), 429);
    await answered(as(invitees[0].token).optOut(), 429);
    await answered(as(invitees[0].token).submit({ answers: {} }), 429);
    // The counters hold no IP address or token in the clear.
    const keys = (await t.app.get(DataSource).query('SELECT key FROM rate_limits')) as { key: string }[];
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) {
      expect(key).not.toContain('127.0.0.1');
      expect(key).not.toContain('BBBB');
    }
  });

  it('a login failure budget is separate: the login limiter is not spent by token guessing', async () => {
    await answered(
      t.api().POST('/api/v1/auth/login', { body: { email: 'nobody@example.org', password: 'wrong password!' } }),
      401,
    );
  });
});
