import type { components } from '@survey/api-client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { KeystoreService } from '../src/crypto/keystore.service';
import { PersonalDataInventory } from '../src/privacy-requests/personal-data-inventory';
import { ResponseStore } from '../src/ingestion/response-store';
import { MailSender } from '../src/mail/mail-sender.service';
import { RetentionService } from '../src/retention/retention.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];
type RetentionRunDto = components['schemas']['RetentionRunDto'];
type PrivacyNoticeDto = components['schemas']['PrivacyNoticeDto'];
type RawResponseDto = components['schemas']['RawResponseDto'];

const TOKEN = 'X-Invitation-Token';
const DAY = 24 * 3600 * 1000;

const countOf = (counts: { kind: string; count: number }[], kind: string) =>
  counts.find((c) => c.kind === kind)?.count ?? 0;

/** Issue 7, item 9: responses of a closed survey lose their link to the respondent for good. */
describe('Anonymisation at close', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let dataDir: string;
  let now: Date;
  const T0 = new Date();
  const staff = {} as Record<'analyst' | 'officer', TestStaff>;
  let surveyId: string;
  let keptLinked: string;
  let invitees: Invitee[];
  let responseIds: string[];
  let pseudonymsBefore: Map<string, string>;

  const api = () => request(t.app.getHttpServer());
  const as = (who: keyof typeof staff) => sessionFor(t.app, staff[who]).then(bearer);
  const retentionRun = async (): Promise<RetentionRunDto> => {
    const started = await api()
      .post('/api/v1/retention/runs')
      .set(await as('officer'))
      .expect(202);
    await t.app.get(RetentionService).settled(started.body.id);
    return (
      await api()
        .get(`/api/v1/retention/runs/${started.body.id}`)
        .set(await as('officer'))
        .expect(200)
    ).body as RetentionRunDto;
  };
  const rawResponses = async (survey: string): Promise<RawResponseDto[]> =>
    (
      await api()
        .get(`/api/v1/surveys/${survey}/responses`)
        .set(await as('analyst'))
        .expect(200)
    ).body.items;
  const notice = async (query: string): Promise<PrivacyNoticeDto> =>
    (await api().get(`/api/v1/privacy-notice?${query}`).expect(200)).body;
  const retentionText = (n: PrivacyNoticeDto) => n.sections.find((s) => s.id === 'retention')!.paragraphs.join('\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'retention-anon-test-'));
    t = await createTestApp({ databaseUrl: db.url, env: { DATA_DIR: dataDir } });
    dataSource = t.app.get(DataSource);
    now = new Date(T0.getTime());
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now.getTime()));
    staff.analyst = await newStaff(t.app, StaffRole.Analyst);
    staff.officer = await newStaff(t.app, StaffRole.PrivacyOfficer);
    const analyst = (await as('analyst')).Authorization.replace('Bearer ', '');
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    // A second survey, to the same people, that keeps the link until its responses expire.
    const other = await surveyWithInvitees(t.app, analyst, { name: 'Linked survey', importContacts: false });
    keptLinked = other.surveyId;
    await api()
      .patch(`/api/v1/surveys/${keptLinked}`)
      .set(bearer(analyst))
      .send({ anonymiseAtClose: false })
      .expect(200);
    await api()
      .post('/api/v1/respond/submit')
      .set(TOKEN, other.invitees[0].token)
      .send({ answers: completeAnswers() })
      .expect(200);

    const texts = ['First respondent’s suggestion', 'Second respondent’s suggestion'];
    for (const [i, text] of texts.entries()) {
      await api()
        .post('/api/v1/respond/submit')
        .set(TOKEN, invitees[i].token)
        .send({ answers: completeAnswers({ suggestions: text }) })
        .expect(200);
    }
    const { suggestions: _none, ...withoutText } = completeAnswers();
    await api().post('/api/v1/respond/submit').set(TOKEN, invitees[2].token).send({ answers: withoutText }).expect(200);
    await api()
      .put('/api/v1/respond/draft')
      .set(TOKEN, invitees[3].token)
      .send({ answers: { nps: 2 } })
      .expect(200);
    responseIds = (
      await dataSource.query('SELECT id FROM responses WHERE survey_id = $1 ORDER BY submitted_at', [surveyId])
    ).map((r: { id: string }) => r.id);
    expect(responseIds).toHaveLength(3);
    pseudonymsBefore = new Map((await rawResponses(surveyId)).map((r) => [r.responseId, r.respondent]));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is on by default, can be turned off per survey, and refuses anything but a boolean', async () => {
    const analyst = await as('analyst');
    const survey = await api().get(`/api/v1/surveys/${surveyId}`).set(analyst).expect(200);
    expect(survey.body.anonymiseAtClose).toBe(true);
    const other = await api().get(`/api/v1/surveys/${keptLinked}`).set(analyst).expect(200);
    expect(other.body.anonymiseAtClose).toBe(false);
    const bad = await api()
      .patch(`/api/v1/surveys/${surveyId}`)
      .set(analyst)
      .send({ anonymiseAtClose: 'yes' })
      .expect(400);
    expect((bad.body as Problem).errors?.map((e) => e.field)).toEqual(['anonymiseAtClose']);
    const created = await api()
      .post('/api/v1/surveys')
      .set(analyst)
      .send({ name: 'Opted out of anonymisation', anonymiseAtClose: false })
      .expect(201);
    expect(created.body.anonymiseAtClose).toBe(false);
  });

  it('is announced in the privacy notice: in general, and for an open survey without a date yet', async () => {
    expect(retentionText(await notice('lang=en'))).toMatch(
      /when it closes the link between your answers and your identity is removed for good/,
    );
    expect(retentionText(await notice(`lang=en&survey=${surveyId}`))).toContain(
      'Your answers to this survey are anonymised when it closes',
    );
    expect(retentionText(await notice(`lang=fr&survey=${surveyId}`))).toContain('sont anonymisées à sa clôture');
    expect(retentionText(await notice(`lang=en&survey=${keptLinked}`))).toContain(
      'stay linked to you until they are deleted',
    );
    await api().get(`/api/v1/privacy-notice?survey=${randomUUID()}`).expect(404);
    const bad = await api().get('/api/v1/privacy-notice?survey=not-a-uuid').expect(400);
    expect((bad.body as Problem).errors?.map((e) => e.field)).toEqual(['survey']);
  });

  it('waits until the survey is closed and none of its mail is still waiting to go', async () => {
    const open = await retentionRun();
    expect(countOf(open.counts, 'response_links')).toBe(0);

    now = new Date(T0.getTime() + DAY);
    await api()
      .post(`/api/v1/surveys/${surveyId}/close`)
      .set(await as('analyst'))
      .expect(200);
    await api()
      .post(`/api/v1/surveys/${keptLinked}/close`)
      .set(await as('analyst'))
      .expect(200);
    const [{ pending }] = await dataSource.query(
      `SELECT count(*)::int AS pending FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND m.status = 'pending'`,
      [surveyId],
    );
    expect(pending).toBe(invitees.length);
    const preview = await api()
      .get('/api/v1/retention/preview?days=0')
      .set(await as('officer'))
      .expect(200);
    expect(countOf(preview.body.counts, 'response_links')).toBe(0);
    expect(countOf(preview.body.counts, 'drafts')).toBe(1);

    const closedWithMailWaiting = await retentionRun();
    expect(countOf(closedWithMailWaiting.counts, 'response_links')).toBe(0);
    // The draft can never be submitted now: it is wiped at once.
    expect(countOf(closedWithMailWaiting.counts, 'drafts')).toBe(1);
    const [invitation] = await dataSource.query('SELECT draft_answers, draft_saved_at FROM invitations WHERE id = $1', [
      invitees[3].invitationId,
    ]);
    expect(invitation).toEqual({ draft_answers: null, draft_saved_at: null });
    expect(await dataSource.query('SELECT invitation_id FROM responses WHERE invitation_id IS NULL')).toEqual([]);
  });

  describe('once the last mail has gone', () => {
    let run: RetentionRunDto;

    beforeAll(async () => {
      await t.app.get(MailSender).runOnce(500);
      const [{ waiting }] = await dataSource.query(
        `SELECT count(*)::int AS waiting FROM mail_outbox WHERE status IN ('pending', 'sending')`,
      );
      expect(waiting).toBe(0);
      const preview = await api()
        .get('/api/v1/retention/preview?days=0')
        .set(await as('officer'))
        .expect(200);
      expect(countOf(preview.body.counts, 'response_links')).toBe(3);
      run = await retentionRun();
    });

    it('removes each response’s link to its invitation for good; the invitation keeps only that it was completed', async () => {
      expect(run.status).toBe('completed');
      expect(countOf(run.counts, 'response_links')).toBe(3);
      const rows = await dataSource.query(
        'SELECT id, invitation_id, anonymised_at, free_text_key_id, free_text FROM responses WHERE survey_id = $1 ORDER BY submitted_at',
        [surveyId],
      );
      expect(rows.map((r: { invitation_id: string | null }) => r.invitation_id)).toEqual([null, null, null]);
      expect(rows.every((r: { anonymised_at: Date | null }) => r.anonymised_at !== null)).toBe(true);
      expect(rows.map((r: { free_text_key_id: string | null }) => r.free_text_key_id !== null)).toEqual([
        true,
        true,
        false,
      ]);
      const invitations = await dataSource.query(
        'SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY completed_at',
        [invitees.slice(0, 3).map((i) => i.invitationId)],
      );
      expect(invitations.every((i: { completed_at: Date | null }) => i.completed_at !== null)).toBe(true);
      // Nobody can follow a response to its respondent any more.
      for (const id of responseIds) {
        await api()
          .get(`/api/v1/responses/${id}/respondent`)
          .set(await as('officer'))
          .set('X-Purpose', 'privacy-request')
          .expect(404);
      }
      // The other survey, which does not anonymise, keeps its link.
      const [linked] = await dataSource.query('SELECT invitation_id FROM responses WHERE survey_id = $1', [keptLinked]);
      expect(linked.invitation_id).not.toBeNull();
    });

    it('replaces the keyed pseudonym, which could be recomputed from the contact, by a random one', async () => {
      const store = t.app.get(ResponseStore);
      const after = await rawResponses(surveyId);
      for (const response of after) {
        expect(response.respondent).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
        expect(response.respondent).not.toBe(pseudonymsBefore.get(response.responseId));
        for (const invitee of invitees)
          expect(response.respondent).not.toBe(store.pseudonym(surveyId, invitee.contactId));
      }
      expect(new Set(after.map((r) => r.respondent)).size).toBe(3);
    });

    it('keeps free text readable under a key of the survey and day, independent of the respondents’ keys', async () => {
      await t.app.get(KeystoreService).shred(invitees.slice(0, 2).map((i) => i.contactId));
      const texts = (await rawResponses(surveyId)).map((r) => r.answers.suggestions).sort();
      expect(texts).toEqual([undefined, 'First respondent’s suggestion', 'Second respondent’s suggestion'].sort());
      const keys = await dataSource.query(
        'SELECT subject_id, submitted_on::text AS day, expires_at FROM anonymised_text_keys',
      );
      expect(keys).toHaveLength(1);
      expect(keys[0].day).toBe(T0.toISOString().slice(0, 10));
      const expiry = new Date(`${keys[0].day}T00:00:00Z`);
      expiry.setUTCDate(expiry.getUTCDate() + 1);
      expiry.setUTCMonth(expiry.getUTCMonth() + 24);
      expect(new Date(keys[0].expires_at).getTime()).toBe(expiry.getTime());
      const [key] = await dataSource.query(
        'SELECT count(*)::int AS n FROM keystore.subject_keys WHERE subject_id = $1',
        [keys[0].subject_id],
      );
      expect(key.n).toBe(1);
    });

    it('gives the date in the survey’s privacy notice once it is closed', async () => {
      const closedOn = (language: string) =>
        new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(T0.getTime() + DAY));
      expect(retentionText(await notice(`lang=en&survey=${surveyId}`))).toContain(
        `This survey closed on ${closedOn('en')}`,
      );
      expect(retentionText(await notice(`lang=ru&survey=${surveyId}`))).toContain(closedOn('ru'));
      expect(retentionText(await notice(`lang=zh&survey=${surveyId}`))).toContain(closedOn('zh'));
    });

    it('says in the person’s access package that their answers were anonymised, and when', async () => {
      const invitee = invitees[2];
      const collected = await t.app
        .get(PersonalDataInventory)
        .collect(dataSource.manager, invitee.contactId, Buffer.alloc(32), 'en');
      const invitation = collected.invitations.find((i) => i.id === invitee.invitationId)!;
      expect(invitation.completedAt).not.toBeNull();
      expect(invitation.anonymisation.atClose).toBe(true);
      expect(invitation.anonymisation.anonymisedAt).not.toBeNull();
      // The response is no longer theirs: it is not in the package.
      expect(collected.responses.filter((r) => r.survey.id === surveyId)).toEqual([]);
    });

    it('deletes the responses and shreds their text key when they expire', async () => {
      const [{ subject_id: keyId }] = await dataSource.query('SELECT subject_id FROM anonymised_text_keys');
      now = new Date(T0.getTime() + 24 * 31 * DAY);
      const expired = await retentionRun();
      expect(expired.status).toBe('completed');
      expect(countOf(expired.counts, 'responses')).toBe(4);
      expect(countOf(expired.counts, 'anonymised_text_keys')).toBe(1);
      expect(await dataSource.query('SELECT id FROM responses')).toEqual([]);
      expect(await dataSource.query('SELECT * FROM anonymised_text_keys')).toEqual([]);
      expect(await dataSource.query('SELECT * FROM keystore.subject_keys WHERE subject_id = $1', [keyId])).toEqual([]);
    });
  });
});
