import { ProblemType, type components } from '@survey/api-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];
type RespondentSurvey = components['schemas']['RespondentSurveyDto'];
type Submission = components['schemas']['SubmissionDto'];

const TOKEN = 'X-Invitation-Token';
const UNKNOWN_TOKEN = 'A'.repeat(43);

describe('Respondent routes', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];

  const api = () => request(t.app.getHttpServer());
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
      const res = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(200);
      const body = res.body as RespondentSurvey;
      expect(res.headers['cache-control']).toMatch(/no-store/);
      expect(body).toMatchObject({
        status: 'open',
        submittedAt: null,
        language: invitee.language,
        questionnaireVersion: 1,
        draft: null,
      });
      expect(body.textDirection).toBe(invitee.language === 'ar' ? 'rtl' : 'ltr');
      expect((body.questionnaire as { pages: unknown[] }).pages.length).toBeGreaterThan(0);
      expect(body.privacyNotice.summary.length).toBeGreaterThan(50);
      expect(body.privacyNotice.url).toMatch(/\/r\/privacy/);
      expect((await invitation(invitee.invitationId)).opened_at).not.toBeNull();
    });

    it('uses the requested language, Arabic laid out right to left', async () => {
      const res = await api().get('/api/v1/respond?lang=ar').set(TOKEN, invitees[0].token).expect(200);
      expect(res.body).toMatchObject({ language: 'ar', textDirection: 'rtl' });
      const fr = await api().get('/api/v1/respond?lang=fr').set(TOKEN, invitees[0].token).expect(200);
      expect(fr.body.privacyNotice.summary).not.toBe(res.body.privacyNotice.summary);
    });

    it('refuses an unknown language naming lang', async () => {
      const res = await api().get('/api/v1/respond?lang=de').set(TOKEN, invitees[0].token).expect(400);
      expect(fieldsOf(res.body)).toEqual(['lang']);
    });

    it('needs the token header (400) and answers the same 404 for unknown and malformed tokens', async () => {
      const missing = await api().get('/api/v1/respond').expect(400);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(missing.body)).toEqual([TOKEN]);
      const unknown = await api().get('/api/v1/respond').set(TOKEN, UNKNOWN_TOKEN).expect(404);
      const malformed = await api().get('/api/v1/respond').set(TOKEN, 'short').expect(404);
      expect(unknown.body.detail).toBe(malformed.body.detail);
      expect(unknown.body.type).toBe(ProblemType.InvalidInvitation);
      expect(JSON.stringify(unknown.body)).not.toContain(UNKNOWN_TOKEN);
    });

    it('refuses a token in the URL', async () => {
      await api().get(`/api/v1/respond?token=${invitees[0].token}`).set(TOKEN, invitees[0].token).expect(400);
    });
  });

  describe('drafts', () => {
    it('saves partial answers encrypted, returns them on the next visit, and marks the invitation started', async () => {
      const invitee = invitees[1];
      const draft = { nps: 4, npsReason: 'Slow answers from the helpdesk' };
      const saved = await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, invitee.token)
        .send({ answers: draft, questionnaireVersion: 1 })
        .expect(200);
      expect(saved.body.questionnaireVersion).toBe(1);
      const inv = await invitation(invitee.invitationId);
      expect(Buffer.isBuffer(inv.draft_answers)).toBe(true);
      expect((inv.draft_answers as Buffer).toString('latin1')).not.toContain('helpdesk');
      expect(inv.draft_version).toBe(1);
      expect(inv.started_at).not.toBeNull();
      expect(inv.opened_at).not.toBeNull();
      const back = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(200);
      expect(back.body.draft).toMatchObject({ answers: draft, questionnaireVersion: 1 });
      // A later save replaces the earlier one.
      await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, invitee.token)
        .send({ answers: { nps: 8 } })
        .expect(200);
      const again = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(200);
      expect(again.body.draft.answers).toEqual({ nps: 8 });
    });

    it('checks types in drafts but not required answers', async () => {
      const invitee = invitees[1];
      const bad = await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, invitee.token)
        .send({ answers: { nps: 'nine' } })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['answers.nps']);
      await api().put('/api/v1/respond/draft').set(TOKEN, invitee.token).send({ answers: {} }).expect(200);
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
      const res = await api().post('/api/v1/respond/submit').set(TOKEN, invitee.token).send({ answers }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain('x'.repeat(50));
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
      expect((await invitation(invitee.invitationId)).completed_at).toBeNull();
    });

    it('refuses a body that is not JSON (415 naming Content-Type) and malformed JSON (400 naming body)', async () => {
      const invitee = invitees[2];
      const wrongType = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .set('Content-Type', 'text/plain')
        .send('nps=9')
        .expect(415);
      expect(wrongType.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(wrongType.body)).toEqual(['Content-Type']);
      const malformed = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .set('Content-Type', 'application/json')
        .send('{"answers": {"nps": 9,')
        .expect(400);
      expect(fieldsOf(malformed.body)).toEqual(['body']);
      const noAnswers = await api().post('/api/v1/respond/submit').set(TOKEN, invitee.token).send({}).expect(400);
      expect(fieldsOf(noAnswers.body)).toEqual(['answers']);
      const unknownVersion = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .send({ answers: completeAnswers(), questionnaireVersion: 7 })
        .expect(409);
      expect(fieldsOf(unknownVersion.body)).toEqual(['questionnaireVersion']);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
    });

    it('stores a pseudonymous response with the snapshot and encrypted free text, and completes the invitation', async () => {
      const invitee = invitees[3];
      await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, invitee.token)
        .send({ answers: { nps: 9 } })
        .expect(200);
      const res = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .send({ answers: completeAnswers({ suggestions: 'Faster examination please' }), questionnaireVersion: 1 })
        .expect(200);
      const submission = res.body as Submission;
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
      const repeat = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .send({ answers: completeAnswers({ nps: 0 }) })
        .expect(200);
      expect(repeat.body).toEqual({
        status: 'submitted',
        submittedAt: first[0].submitted_at.toISOString(),
        questionnaireVersion: 1,
      });
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
      const stored = await dataSource.query('SELECT answers FROM responses WHERE invitation_id = $1', [
        invitee.invitationId,
      ]);
      expect(stored[0].answers.nps).toBe(9);
      const draft = await api()
        .put('/api/v1/respond/draft')
        .set(TOKEN, invitee.token)
        .send({ answers: { nps: 1 } })
        .expect(409);
      expect(draft.body.type).toBe(ProblemType.AlreadySubmitted);
      const view = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(200);
      expect(view.body).toMatchObject({ status: 'submitted', draft: null, submittedAt: repeat.body.submittedAt });
    });

    it('stores exactly one response for 50 concurrent submissions of one invitation', async () => {
      const invitee = invitees[4];
      const answers = completeAnswers();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api()
            .post('/api/v1/respond/submit')
            .set(TOKEN, invitee.token)
            .send({ answers: { ...answers, nps: i % 11 === 0 ? 10 : 9 } }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      const times = new Set(results.map((r) => r.body.submittedAt as string));
      expect(times.size).toBe(1);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
    });

    it('drafts saved while the same invitation is submitted never outlive the submission', async () => {
      const invitee = invitees[9];
      const answers = completeAnswers();
      const calls = Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? api().post('/api/v1/respond/submit').set(TOKEN, invitee.token).send({ answers })
          : api()
              .put('/api/v1/respond/draft')
              .set(TOKEN, invitee.token)
              .send({ answers: { nps: i % 11 } }),
      );
      const statuses = (await Promise.all(calls)).map((res) => res.status);
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
      expect(await invitation(invitee.invitationId)).toMatchObject({ draft_answers: null, draft_version: null });
    });

    it('a second link of the same invitation (a reminder) reaches the same single response', async () => {
      const invitee = invitees[4];
      const { InvitationTokens } = await import('../src/delivery/invitation-tokens');
      const [second] = await dataSource.transaction((m) => InvitationTokens.issue(m, [invitee.invitationId]));
      const res = await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, second)
        .send({ answers: completeAnswers() })
        .expect(200);
      expect(res.body.status).toBe('submitted');
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(1);
    });
  });

  describe('opt-out, closed surveys and expired links', () => {
    it('opting out stops the link with a clear 410, and opting out again is harmless', async () => {
      const invitee = invitees[5];
      await api().post('/api/v1/respond/opt-out').set(TOKEN, invitee.token).expect(200, { optedOut: true });
      await api().post('/api/v1/respond/opt-out').set(TOKEN, invitee.token).expect(200);
      for (const call of [
        api().get('/api/v1/respond'),
        api().put('/api/v1/respond/draft').send({ answers: {} }),
        api().post('/api/v1/respond/submit').send({ answers: completeAnswers() }),
      ]) {
        const res = await call.set(TOKEN, invitee.token).expect(410);
        expect(res.body.type).toBe(ProblemType.OptedOut);
      }
      expect(await responseCount('invitation_id = $1', [invitee.invitationId])).toBe(0);
    });

    it('an expired link is 410 link-expired; a fresh link of the same invitation works', async () => {
      const invitee = invitees[6];
      await dataSource.query(
        "UPDATE invitation_tokens SET created_at = now() - interval '31 days' WHERE invitation_id = $1",
        [invitee.invitationId],
      );
      const res = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(410);
      expect(res.body.type).toBe(ProblemType.LinkExpired);
      await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitee.token)
        .send({ answers: completeAnswers() })
        .expect(410);
      const { InvitationTokens } = await import('../src/delivery/invitation-tokens');
      const [fresh] = await dataSource.transaction((m) => InvitationTokens.issue(m, [invitee.invitationId]));
      await api().get('/api/v1/respond').set(TOKEN, fresh).expect(200);
    });

    it('a closed survey is 410 survey-closed for answering, but a submitted link still shows its state', async () => {
      const unanswered = invitees[7];
      const answered = invitees[3];
      await api().post(`/api/v1/surveys/${surveyId}/close`).set(bearer(analyst)).expect(200);
      const res = await api().get('/api/v1/respond').set(TOKEN, unanswered.token).expect(410);
      expect(res.body.type).toBe(ProblemType.SurveyClosed);
      await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, unanswered.token)
        .send({ answers: completeAnswers() })
        .expect(410);
      const view = await api().get('/api/v1/respond').set(TOKEN, answered.token).expect(200);
      expect(view.body.status).toBe('submitted');
      // Opting out still works: it only ever stops mail.
      await api().post('/api/v1/respond/opt-out').set(TOKEN, unanswered.token).expect(200);
    });
  });

  it('a link whose respondent is being erased (key shredded) is as dead as an unknown one', async () => {
    const invitee = invitees[8];
    await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(410); // the survey is closed by now
    await dataSource.query('DELETE FROM keystore.subject_keys WHERE subject_id = $1', [invitee.contactId]);
    const res = await api().get('/api/v1/respond').set(TOKEN, invitee.token).expect(404);
    expect(res.body.type).toBe(ProblemType.InvalidInvitation);
    await api()
      .post('/api/v1/respond/submit')
      .set(TOKEN, invitee.token)
      .send({ answers: completeAnswers() })
      .expect(404);
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
  const api = () => request(t.app.getHttpServer());

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
    await api().get('/api/v1/respond').set(TOKEN, invitees[0].token).expect(200);
    for (let i = 0; i < 3; i += 1) {
      await api()
        .get('/api/v1/respond')
        .set(TOKEN, `${'B'.repeat(42)}${i}`)
        .expect(404);
    }
    const blocked = await api().get('/api/v1/respond').set(TOKEN, UNKNOWN_TOKEN).expect(429);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(600);
    await api().get('/api/v1/respond').set(TOKEN, invitees[0].token).expect(429);
    await api().post('/api/v1/respond/opt-out').set(TOKEN, invitees[0].token).expect(429);
    await api().post('/api/v1/respond/submit').set(TOKEN, invitees[0].token).send({ answers: {} }).expect(429);
    // The counters hold no IP address or token in the clear.
    const keys = (await t.app.get(DataSource).query('SELECT key FROM rate_limits')) as { key: string }[];
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) {
      expect(key).not.toContain('127.0.0.1');
      expect(key).not.toContain('BBBB');
    }
  });

  it('a login failure budget is separate: the login limiter is not spent by token guessing', async () => {
    const res = await api()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: 'wrong password!' });
    expect(res.status).toBe(401);
  });
});
