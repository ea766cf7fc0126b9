import { StaffRole } from '../auth/roles';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { RawResponsesService } from '../ingestion/raw-responses.service';
import { freeTextContext, ResponseStore } from '../ingestion/response-store';
import { MailSender } from '../mail/mail-sender.service';
import { PersonalDataInventory } from '../privacy-requests/personal-data-inventory';
import { SurveysService } from '../surveys/surveys.service';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import {
  newCampaign,
  newContacts,
  newDraft,
  newResponse,
  newStaffUser,
  newSurvey,
  type NewInvitation,
} from '../../test/utils/factories';
import { completeAnswers } from '../../test/utils/respondents';
import { RetentionRunStatus, RetentionRunTrigger, type RetentionRun } from './retention-run.entity';
import { RetentionService } from './retention.service';

const DAY = 24 * 3600 * 1000;

/** Responses of a survey that anonymises at close lose their link to the respondent for good. */
describe('Anonymisation at close (retention run)', () => {
  let t: MediumTest;
  let officer: string;
  let surveyId: string;
  let keptLinked: string;
  let invitations: NewInvitation[];
  let responseIds: string[];
  let pseudonymsBefore: Map<string, string>;
  const T0 = new Date();

  async function retentionRun(): Promise<RetentionRun> {
    const retention = t.get(RetentionService);
    const started = await retention.start(RetentionRunTrigger.Manual, officer);
    await retention.settled(started.id);
    return retention.get(started.id);
  }
  const pseudonyms = async (survey: string) =>
    new Map(
      (
        await t.query<{ id: string; respondent_pseudonym: string }>(
          'SELECT id, respondent_pseudonym FROM responses WHERE survey_id = $1',
          [survey],
        )
      ).map((r) => [r.id, r.respondent_pseudonym]),
    );
  const countOf = async (days: number, kind: string) =>
    (await t.get(RetentionService).preview(days)).counts.find((c) => c.kind === kind)!.count;

  beforeAll(async () => {
    t = await createMediumTest({ now: T0 });
    officer = (await newStaffUser(t, { role: StaffRole.PrivacyOfficer })).id;
    await newContacts(t, 4);
    surveyId = (await newSurvey(t)).id;
    ({ invitations } = await newCampaign(t, surveyId));
    // A second survey, to the same people, that keeps the link until its responses expire.
    keptLinked = (await newSurvey(t, { name: 'Linked survey', anonymiseAtClose: false })).id;
    const linked = await newCampaign(t, keptLinked);
    await newResponse(t, linked.invitations[0]);

    const texts = ['First respondent’s suggestion', 'Second respondent’s suggestion'];
    for (const [i, text] of texts.entries()) {
      await newResponse(t, invitations[i], completeAnswers({ suggestions: text }));
      t.clock.advance(1000);
    }
    const { suggestions: _none, ...withoutText } = completeAnswers();
    await newResponse(t, invitations[2], withoutText);
    await newDraft(t, invitations[3], { nps: 2 });
    responseIds = (
      await t.query<{ id: string }>('SELECT id FROM responses WHERE survey_id = $1 ORDER BY submitted_at', [surveyId])
    ).map((r) => r.id);
    expect(responseIds).toHaveLength(3);
    pseudonymsBefore = await pseudonyms(surveyId);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is on by default and can be turned off per survey', async () => {
    const surveys = t.get(SurveysService);
    expect((await surveys.get(surveyId)).survey.anonymiseAtClose).toBe(true);
    expect((await surveys.get(keptLinked)).survey.anonymiseAtClose).toBe(false);
  });

  it('waits until the survey is closed and none of its mail is still waiting to go', async () => {
    const open = await retentionRun();
    expect(open.counts.response_links ?? 0).toBe(0);

    t.clock.set(new Date(T0.getTime() + DAY));
    await t.get(SurveysService).close(surveyId);
    await t.get(SurveysService).close(keptLinked);
    const [{ pending }] = await t.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND m.status = 'pending'`,
      [surveyId],
    );
    expect(pending).toBe(invitations.length);
    expect(await countOf(0, 'response_links')).toBe(0);
    expect(await countOf(0, 'drafts')).toBe(1);

    const closedWithMailWaiting = await retentionRun();
    expect(closedWithMailWaiting.counts.response_links ?? 0).toBe(0);
    // The draft can never be submitted now: it is wiped at once.
    expect(closedWithMailWaiting.counts.drafts).toBe(1);
    const [invitation] = await t.query('SELECT draft_answers, draft_saved_at FROM invitations WHERE id = $1', [
      invitations[3].invitationId,
    ]);
    expect(invitation).toEqual({ draft_answers: null, draft_saved_at: null });
    expect(await t.query('SELECT id FROM responses WHERE invitation_id IS NULL')).toEqual([]);
  });

  describe('once the last mail has gone', () => {
    let run: RetentionRun;

    beforeAll(async () => {
      await t.get(MailSender).runOnce(500);
      const [{ waiting }] = await t.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM mail_outbox WHERE status IN ('pending', 'sending')`,
      );
      expect(waiting).toBe(0);
      expect(await countOf(0, 'response_links')).toBe(3);
      run = await retentionRun();
    });

    it('removes each response’s link to its invitation for good; the invitation keeps only that it was completed', async () => {
      expect(run.status).toBe(RetentionRunStatus.Completed);
      expect(run.counts.response_links).toBe(3);
      const rows = await t.query<{
        invitation_id: string | null;
        anonymised_at: Date | null;
        free_text_key_id: string | null;
      }>(
        'SELECT invitation_id, anonymised_at, free_text_key_id FROM responses WHERE survey_id = $1 ORDER BY submitted_at',
        [surveyId],
      );
      expect(rows.map((r) => r.invitation_id)).toEqual([null, null, null]);
      expect(rows.every((r) => r.anonymised_at !== null)).toBe(true);
      expect(rows.map((r) => r.free_text_key_id !== null)).toEqual([true, true, false]);
      const completed = await t.query<{ completed_at: Date | null }>(
        'SELECT completed_at FROM invitations WHERE id = ANY($1::uuid[])',
        [invitations.slice(0, 3).map((i) => i.invitationId)],
      );
      expect(completed).toHaveLength(3);
      expect(completed.every((i) => i.completed_at !== null)).toBe(true);
      // Nobody can follow a response to its respondent any more.
      for (const id of responseIds) {
        expect((await refusalOf(t.get(RawResponsesService).respondent(id))).status).toBe(404);
      }
      // The other survey, which does not anonymise, keeps its link.
      const [linked] = await t.query<{ invitation_id: string | null }>(
        'SELECT invitation_id FROM responses WHERE survey_id = $1',
        [keptLinked],
      );
      expect(linked.invitation_id).not.toBeNull();
    });

    it('replaces the keyed pseudonym, which could be recomputed from the contact, by a random one', async () => {
      const store = t.get(ResponseStore);
      const after = await pseudonyms(surveyId);
      expect(after.size).toBe(3);
      for (const [id, pseudonym] of after) {
        expect(pseudonym).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
        expect(pseudonym).not.toBe(pseudonymsBefore.get(id));
        for (const invitation of invitations)
          expect(pseudonym).not.toBe(store.pseudonym(surveyId, invitation.contactId));
      }
      expect(new Set(after.values()).size).toBe(3);
    });

    it('keeps free text readable under a key of the survey and day, independent of the respondents’ keys', async () => {
      const keystore = t.get(KeystoreService);
      await keystore.shred(invitations.slice(0, 2).map((i) => i.contactId));
      const rows = await t.query<{ id: string; free_text: Buffer | null; free_text_key_id: string | null }>(
        'SELECT id, free_text, free_text_key_id FROM responses WHERE survey_id = $1',
        [surveyId],
      );
      const texts = [];
      for (const row of rows) {
        if (!row.free_text) continue;
        const key = await keystore.keyFor(row.free_text_key_id!);
        texts.push(keystore.crypto.decryptJson<{ suggestions: string }>(key, row.free_text, freeTextContext(row.id)));
      }
      expect(texts.map((answers) => answers.suggestions).sort()).toEqual([
        'First respondent’s suggestion',
        'Second respondent’s suggestion',
      ]);
      const keys = await t.query<{ subject_id: string; day: string; expires_at: Date }>(
        'SELECT subject_id, submitted_on::text AS day, expires_at FROM anonymised_text_keys',
      );
      expect(keys).toHaveLength(1);
      expect(keys[0].day).toBe(T0.toISOString().slice(0, 10));
      const expiry = new Date(`${keys[0].day}T00:00:00Z`);
      expiry.setUTCDate(expiry.getUTCDate() + 1);
      expiry.setUTCMonth(expiry.getUTCMonth() + 24);
      expect(new Date(keys[0].expires_at).getTime()).toBe(expiry.getTime());
      const [key] = await t.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM keystore.subject_keys WHERE subject_id = $1',
        [keys[0].subject_id],
      );
      expect(key.n).toBe(1);
    });

    it('says in the person’s access package that their answers were anonymised, and when', async () => {
      const invitation = invitations[2];
      const collected = await t
        .get(PersonalDataInventory)
        .collect(t.get(Transactions).manager, invitation.contactId, Buffer.alloc(32), 'en');
      const package_ = collected.invitations.find((i) => i.id === invitation.invitationId)!;
      expect(package_.completedAt).not.toBeNull();
      expect(package_.anonymisation.atClose).toBe(true);
      expect(package_.anonymisation.anonymisedAt).not.toBeNull();
      // The response is no longer theirs: it is not in the package.
      expect(collected.responses.filter((r) => r.survey.id === surveyId)).toEqual([]);
    });

    it('deletes the responses and shreds their text key when they expire', async () => {
      const [{ subject_id: keyId }] = await t.query<{ subject_id: string }>(
        'SELECT subject_id FROM anonymised_text_keys',
      );
      t.clock.set(new Date(T0.getTime() + 24 * 31 * DAY));
      const expired = await retentionRun();
      expect(expired.status).toBe(RetentionRunStatus.Completed);
      expect(expired.counts.responses).toBe(4);
      expect(expired.counts.anonymised_text_keys).toBe(1);
      expect(await t.query('SELECT id FROM responses')).toEqual([]);
      expect(await t.query('SELECT * FROM anonymised_text_keys')).toEqual([]);
      expect(await t.query('SELECT * FROM keystore.subject_keys WHERE subject_id = $1', [keyId])).toEqual([]);
    });
  });
});
