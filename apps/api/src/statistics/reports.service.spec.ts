import { StaffRole } from '../auth/roles';
import { ProblemType } from '../common/problem-types';
import { PrivacyRequestFulfilmentService } from '../privacy-requests/privacy-request-fulfilment.service';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { K } from '../../test/utils/answered-survey';
import {
  newAnsweredSurvey,
  newCampaign,
  newContacts,
  newPrivacyRequest,
  newResponse,
  newStaffUser,
  newSurvey,
  pageQuery,
  type NewInvitation,
} from '../../test/utils/factories';
import { completeAnswers } from '../../test/utils/respondents';
import { ReportListQueryDto, type CreateReportDto, type ReportDto } from './statistics.dto';
import { ReportsService } from './reports.service';

/**
 * The publication ledger: a report is published only if, with every report already published
 * for its survey, it gives nobody away; otherwise the refusal (409) names the earlier reports and
 * the figure at stake, never a respondent.
 */
describe('ReportsService: publication against the ledger', () => {
  let t: MediumTest;
  let reports: ReportsService;
  let analyst: string;

  const draft = (surveyId: string, title: string, more: Partial<CreateReportDto> = {}) =>
    reports.create(analyst, surveyId, { title, language: 'en', breakdowns: ['country'], ...more });
  const publish = (report: ReportDto) => reports.publish(analyst, report.id);
  const ledgerRows = async (surveyId: string) =>
    (
      await t.query<{ n: number }>('SELECT count(*)::int AS n FROM publication_ledger WHERE survey_id = $1', [surveyId])
    )[0].n;

  /** An open survey answered by `answers.length` of the contacts, one second apart; their submission times. */
  async function answered(surveyId: string, invitations: NewInvitation[], answers: Record<string, unknown>[]) {
    const times: Date[] = [];
    for (const [i, given] of answers.entries()) {
      t.clock.advance(1000);
      times.push((await newResponse(t, invitations[i], given)).submittedAt);
    }
    return times;
  }

  beforeAll(async () => {
    t = await createMediumTest({ now: new Date(Date.now() - 3600_000), env: { RESPOND_MAX_INVALID_TOKENS: '1000' } });
    reports = t.get(ReportsService);
    analyst = (await newStaffUser(t)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('three reports that, subtracted, describe one respondent', () => {
    let surveyId: string;
    let times: Date[];
    const published: ReportDto[] = [];

    beforeAll(async () => {
      // 31 filers of two countries; the French are satisfied promoters, the Germans detractors.
      await newContacts(
        t,
        Array.from({ length: 31 }, (_, i) => ({ country: i % 2 === 0 ? 'FR' : 'DE', segment: 'agent' })),
      );
      surveyId = (await newSurvey(t)).id;
      const { invitations } = await newCampaign(t, surveyId);
      expect(invitations).toHaveLength(31);
      const countries = await t.query<{ id: string; country: string }>(
        'SELECT id, country FROM contacts WHERE id = ANY($1::uuid[])',
        [invitations.map((i) => i.contactId)],
      );
      const french = new Set(countries.filter((c) => c.country === 'FR').map((c) => c.id));
      // Answered French, German, French, … in turn: which people fall before and after the cut
      // below is then the same in every run (invitation ids are random).
      const frenchFirst = invitations.filter((i) => french.has(i.contactId));
      const germans = invitations.filter((i) => !french.has(i.contactId));
      const ordered = frenchFirst.flatMap((f, k) => (germans[k] ? [f, germans[k]] : [f]));
      times = await answered(
        surveyId,
        ordered,
        ordered.map((i) =>
          completeAnswers(french.has(i.contactId) ? { nps: 9, satisfaction: 5 } : { nps: 3, satisfaction: 2 }),
        ),
      );
      t.clock.advance(1000);
    });

    it('publishes the first two and refuses the third, naming the earlier report and the figure, not the person', async () => {
      const target = times[15];
      const everyone = await draft(surveyId, 'Everyone');
      expect(everyone.responses).toBe(31);
      published.push(await publish(everyone));
      const before = await draft(surveyId, 'Before', { filters: { to: target } });
      expect(before.responses).toBe(15);
      published.push(await publish(before));
      const after = await draft(surveyId, 'After', { filters: { from: new Date(target.getTime() + 1) } });
      expect(after.responses).toBe(15);

      const refused = await refusalOf(publish(after));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.ReportComposition });
      expect(refused.detail).toContain('“Everyone”');
      expect(refused.extensions?.conflicts).toEqual([
        {
          publications: [{ id: everyone.id, title: 'Everyone' }],
          figure: 'the number of responses',
          kind: 'small',
          part: 'earlierOnly',
        },
      ]);
      expect(JSON.stringify(refused)).not.toMatch(/filer|Filer|example\.org/);
      // Nothing of the refused report reached the ledger; it stays a draft.
      expect(await ledgerRows(surveyId)).toBe(2);
      expect((await reports.get({ publishedOnly: false }, after.id)).status).toBe('draft');
    });

    it('keeps the ledger as published: its rows cannot be changed', async () => {
      await expect(
        t.query(`UPDATE publication_ledger SET title = 'changed' WHERE survey_id = $1`, [surveyId]),
      ).rejects.toThrow(/cannot be changed/);
    });

    it('publishes a report of the same people as one published (in another language): it adds nothing', async () => {
      const again = await reports.create(analyst, surveyId, { title: 'Tous', language: 'fr', breakdowns: ['country'] });
      published.push(await publish(again));
      expect(await ledgerRows(surveyId)).toBe(3);
    });

    it('shows management published reports only', async () => {
      const list = await reports.list({ publishedOnly: true }, pageQuery(ReportListQueryDto, { surveyId, limit: 50 }));
      expect(list.items.map((r) => r.id).sort()).toEqual(published.map((r) => r.id).sort());
      const drafted = await draft(surveyId, 'Not published');
      expect((await refusalOf(reports.get({ publishedOnly: true }, drafted.id))).status).toBe(404);
      expect((await reports.get({ publishedOnly: false }, drafted.id)).status).toBe('draft');
    });

    it('refuses to publish a report twice, or one that does not exist', async () => {
      const refused = await refusalOf(publish(published[0]));
      expect(refused.status).toBe(409);
      expect(refused.detail).toContain('already published');
      expect((await refusalOf(reports.publish(analyst, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    });

    it('refuses a draft whose period ends before it starts, naming filters.to', async () => {
      const refused = await refusalOf(
        draft(surveyId, 'Backwards', {
          filters: { from: new Date('2026-01-02T00:00:00Z'), to: new Date('2026-01-01') },
        }),
      );
      expect(refused).toMatchObject({ status: 400, fields: ['filters.to'] });
    });

    it('refuses a crosstab of one dimension by itself, naming it', async () => {
      const refused = await refusalOf(
        draft(surveyId, 'Self crosstab', { crosstabs: [{ rows: 'country', columns: 'country' }] }),
      );
      expect(refused).toMatchObject({ status: 400, fields: ['crosstabs[0]'] });
    });
  });

  describe('a group the subtraction singles out in which everyone gave the same answer', () => {
    it('refuses a report whose difference from a published one is k or more people who all answered alike', async () => {
      await newContacts(t, 2 * K + 2);
      const { id: surveyId } = await newSurvey(t);
      const { invitations } = await newCampaign(t, surveyId);
      // Two groups of K + 1, each answering alike: every published count is at least k.
      const varied = Array.from({ length: K + 1 }, () => completeAnswers({ nps: 3, satisfaction: 2 }));
      const alike = Array.from({ length: K + 1 }, () => completeAnswers({ nps: 10, satisfaction: 5 }));
      const times = await answered(surveyId, invitations, [...varied, ...alike]);
      t.clock.advance(1000);
      const everyone = await publish(await draft(surveyId, 'All of them', { breakdowns: [] }));
      const earlier = await draft(surveyId, 'The first ones', { breakdowns: [], filters: { to: times[K + 1] } });
      expect(earlier.responses).toBe(K + 1);
      const refused = await refusalOf(publish(earlier));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.ReportComposition });
      expect(refused.detail).toContain('“All of them”');
      // The ones it leaves out all answered 10 and 5: that answer is what the subtraction would give away.
      const publications = [{ id: everyone.id, title: 'All of them' }];
      expect(refused.extensions?.conflicts).toEqual([
        {
          publications,
          figure: 'answer “10” to “How likely are you to recommend our services to a colleague or client?”',
          kind: 'unanimous',
          part: 'earlierOnly',
        },
        {
          publications,
          figure: 'answer “5” to “Overall, how satisfied are you with the services you used in the past 12 months?”',
          kind: 'unanimous',
          part: 'earlierOnly',
        },
      ]);
    });
  });

  /**
   * A published report outlives the responses it counts. When some are deleted (here by erasure
   * requests), a new report over "everyone left" differs from the published one only by the
   * deleted people: subtracting the two would describe them. Nothing is known of the deleted
   * responses any more, so no figure of the difference can be checked, however many they are.
   */
  describe('after responses are deleted', () => {
    let surveyId: string;
    let erased = 0;
    let officer: string;

    /** Erases the next `count` filers of the answered survey, as a privacy officer would. */
    async function erase(count: number): Promise<void> {
      for (let n = 0; n < count; n++, erased++) {
        const { id } = await newPrivacyRequest(t, {
          type: 'erasure',
          email: `filer${erased}@example.org`,
          actorId: officer,
        });
        const done = await t.get(PrivacyRequestFulfilmentService).fulfil(id, {});
        expect(done.request.outcome).toMatchObject({ responses: 1 });
      }
    }
    const responses = async () =>
      (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [surveyId]))[0].n;

    beforeAll(async () => {
      officer = (await newStaffUser(t, { role: StaffRole.PrivacyOfficer })).id;
      ({ surveyId } = await newAnsweredSurvey(t));
    });

    it('refuses a report that differs from a published one by deleted responses, however many', async () => {
      const first = await draft(surveyId, 'Everyone, before the erasures', { breakdowns: undefined });
      await publish(first);
      expect(first.responses).toBe(45);

      await erase(2);
      expect(await responses()).toBe(43);
      const after = await draft(surveyId, 'Everyone, after two erasures', { breakdowns: undefined });
      expect(after.responses).toBe(43);
      const refused = await refusalOf(publish(after));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.ReportComposition });
      expect(refused.detail).toContain('have been deleted');
      expect(refused.detail).toContain('Everyone, before the erasures');
      expect(JSON.stringify(refused)).not.toMatch(/filer\d/);

      // However many are gone: their figures could still be told apart group by group.
      await erase(K - 2);
      const later = await draft(surveyId, `Everyone, after ${K} erasures`, { breakdowns: undefined });
      expect(later.responses).toBe(45 - K);
      expect((await refusalOf(publish(later))).status).toBe(409);
      // The report as published stays readable.
      expect((await reports.get({ publishedOnly: true }, first.id)).status).toBe('published');
    });
  });
});
