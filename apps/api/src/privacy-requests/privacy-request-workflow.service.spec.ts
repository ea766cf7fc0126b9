import { StaffRole } from '../auth/roles';
import { ProblemType } from '../common/problem-types';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { newContacts, newPrivacyRequest, newStaffUser, pageQuery } from '../../test/utils/factories';
import { addDays, addMonths } from './due-dates';
import {
  IdentityVerification,
  PrivacyRequestChannel,
  PrivacyRequestStatus,
  RejectionReason,
} from './privacy-request.entity';
import { PrivacyRequestFulfilmentService } from './privacy-request-fulfilment.service';
import { PrivacyRequestWorkflowService } from './privacy-request-workflow.service';
import { DueFlag, PrivacyRequestQueryDto } from './privacy-requests.dto';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** The privacy officer's workflow: register, start, extend once, reject; due dates and refusals. */
describe('PrivacyRequestWorkflowService', () => {
  let t: MediumTest;
  let workflow: PrivacyRequestWorkflowService;
  let officer: string;
  const T0 = new Date('2026-01-31T10:00:00Z');

  const register = (overrides: Parameters<typeof newPrivacyRequest>[1] = {}) =>
    newPrivacyRequest(t, { actorId: officer, ...overrides });
  const audited = async (id: string) =>
    (
      await t.query<{ action: string }>('SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq', [id])
    ).map((e) => e.action);
  const mailsTo = async (id: string) =>
    (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox WHERE subject_id = $1', [id]))[0].n;

  beforeAll(async () => {
    t = await createMediumTest({ now: T0 });
    workflow = t.get(PrivacyRequestWorkflowService);
    officer = (await newStaffUser(t, { role: StaffRole.PrivacyOfficer })).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('register', () => {
    it('records a verified request due one month after verification, linked to the contact with that address', async () => {
      const { contactIds } = await newContacts(t, [{ email: 'known.person@example.org' }]);
      const { id } = await register({
        type: 'access',
        email: 'Known.Person@example.org',
        details: 'All of it, please',
      });
      const request = await workflow.get(id);
      expect(request).toMatchObject({
        status: PrivacyRequestStatus.Verified,
        type: 'access',
        channel: PrivacyRequestChannel.Letter,
        identityVerification: IdentityVerification.SignedLetter,
        email: 'Known.Person@example.org',
        details: 'All of it, please',
        contactId: contactIds[0],
      });
      expect(request.receivedAt).toBe(T0.toISOString());
      expect(request.verifiedAt).toBe(T0.toISOString());
      // 31 January + 1 month is the last day of February.
      expect(request.dueAt).toBe(addMonths(T0, 1).toISOString());
      expect(request.dueAt).toBe('2026-02-28T10:00:00.000Z');
      expect(await audited(id)).toEqual(['privacy_request.registered']);
      // The address and details are stored encrypted, never in clear.
      const [row] = await t.query('SELECT * FROM privacy_requests WHERE id = $1', [id]);
      expect(JSON.stringify(row)).not.toMatch(/Known\.Person|All of it/);
    });

    it('links no contact when nobody has the address', async () => {
      const { id } = await register({ email: 'stranger@example.org' });
      expect((await workflow.get(id)).contactId).toBeNull();
    });

    it('keeps the date a letter was received, and refuses one in the future, naming receivedAt', async () => {
      const receivedAt = addDays(T0, -3);
      const { id } = await register({ receivedAt });
      const request = await workflow.get(id);
      expect(request.receivedAt).toBe(receivedAt.toISOString());
      // The month runs from verification, not receipt.
      expect(request.dueAt).toBe(addMonths(T0, 1).toISOString());
      expect(await refusalOf(register({ receivedAt: addDays(T0, 1) }))).toMatchObject({
        status: 400,
        fields: ['receivedAt'],
      });
    });

    it('refuses identity checked some other way without a note saying how, naming identityNote', async () => {
      const before = (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM privacy_requests'))[0].n;
      expect(await refusalOf(register({ identityVerification: IdentityVerification.Other }))).toMatchObject({
        status: 400,
        fields: ['identityNote'],
      });
      expect((await t.query<{ n: number }>('SELECT count(*)::int AS n FROM privacy_requests'))[0].n).toBe(before);
      const { id } = await register({
        identityVerification: IdentityVerification.Other,
        identityNote: 'Seen in person',
      });
      expect((await workflow.get(id)).identityNote).toBe('Seen in person');
    });
  });

  describe('start', () => {
    it('moves a verified request in progress once; starting it again changes nothing', async () => {
      const { id } = await register();
      t.clock.advance(60_000);
      const started = await workflow.start(id);
      expect(started).toMatchObject({
        status: PrivacyRequestStatus.InProgress,
        startedAt: t.clock.now().toISOString(),
      });
      t.clock.advance(60_000);
      const again = await workflow.start(id);
      expect(again.startedAt).toBe(started.startedAt);
      expect(await audited(id)).toEqual(['privacy_request.registered', 'privacy_request.started']);
    });

    it('refuses a closed request as in the wrong state, and an unknown one as not found', async () => {
      const { id } = await register();
      await workflow.reject(id, { reason: RejectionReason.NoDataHeld });
      const refused = await refusalOf(workflow.start(id));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.PrivacyRequestState });
      expect(refused.detail).toContain('only a verified request can be started');
      expect((await refusalOf(workflow.start(UNKNOWN))).status).toBe(404);
    });
  });

  describe('extend', () => {
    it('moves the due date once, up to three months after verification, and tells the person', async () => {
      const { id } = await register();
      const mailsBefore = await mailsTo(id);
      const dueAt = addMonths(T0, 3);
      const extended = await workflow.extend(id, { dueAt, reason: 'Many archives to search' });
      expect(extended).toMatchObject({ dueAt: dueAt.toISOString(), extensionReason: 'Many archives to search' });
      expect(extended.extendedAt).toBe(t.clock.now().toISOString());
      expect(await mailsTo(id)).toBe(mailsBefore + 1);
      expect(await audited(id)).toContain('privacy_request.extended');

      const twice = await refusalOf(workflow.extend(id, { dueAt, reason: 'Again' }));
      expect(twice).toMatchObject({ status: 409, type: ProblemType.PrivacyRequestState });
      expect(twice.detail).toContain('already been extended once');
    });

    it('refuses a due date no later than the current one, or beyond three months, naming dueAt', async () => {
      const { id } = await register();
      const registered = await workflow.get(id);
      const current = new Date(registered.dueAt!);
      expect(await refusalOf(workflow.extend(id, { dueAt: current, reason: 'x' }))).toMatchObject({
        status: 400,
        fields: ['dueAt'],
      });
      const tooLate = new Date(addMonths(new Date(registered.verifiedAt!), 3).getTime() + 1);
      const refused = await refusalOf(workflow.extend(id, { dueAt: tooLate, reason: 'x' }));
      expect(refused).toMatchObject({ status: 400, fields: ['dueAt'] });
      // Nothing changed.
      const request = await workflow.get(id);
      expect(request.dueAt).toBe(current.toISOString());
      expect(request.extendedAt).toBeNull();
    });

    it('refuses a request that is closed already', async () => {
      const { id } = await register();
      await workflow.reject(id, { reason: RejectionReason.Excessive });
      const refused = await refusalOf(workflow.extend(id, { dueAt: addMonths(T0, 2), reason: 'x' }));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.PrivacyRequestState });
      expect(refused.detail).toContain('rejected already');
    });
  });

  describe('reject', () => {
    it('closes the request with its reason and a mail to the person', async () => {
      const { id } = await register();
      const rejected = await workflow.reject(id, {
        reason: RejectionReason.Other,
        note: 'We hold nothing of that kind',
      });
      expect(rejected).toMatchObject({
        status: PrivacyRequestStatus.Rejected,
        rejectionReason: RejectionReason.Other,
        rejectionNote: 'We hold nothing of that kind',
        closedAt: t.clock.now().toISOString(),
      });
      expect(await mailsTo(id)).toBeGreaterThanOrEqual(1);
      expect(await audited(id)).toContain('privacy_request.rejected');
    });

    it('refuses the reason other without a note, naming note, and a request closed already', async () => {
      const { id } = await register({ type: 'objection' });
      expect(await refusalOf(workflow.reject(id, { reason: RejectionReason.Other }))).toMatchObject({
        status: 400,
        fields: ['note'],
      });
      expect((await workflow.get(id)).status).toBe(PrivacyRequestStatus.Verified);
      await t.get(PrivacyRequestFulfilmentService).fulfil(id, {});
      const refused = await refusalOf(workflow.reject(id, { reason: RejectionReason.Excessive }));
      expect(refused).toMatchObject({ status: 409, type: ProblemType.PrivacyRequestState });
      expect((await refusalOf(workflow.reject(UNKNOWN, { reason: RejectionReason.Excessive }))).status).toBe(404);
    });
  });

  describe('due dates as the clock moves', () => {
    it('flags open requests due within a week as due soon, then as overdue once past due; closed ones never', async () => {
      t.clock.set(T0);
      const { id: open } = await register({ email: 'due.dates@example.org' });
      const { id: closed } = await register({ email: 'due.dates.closed@example.org' });
      await workflow.reject(closed, { reason: RejectionReason.Excessive });
      const flagged = async (flag: DueFlag) =>
        (await workflow.list(pageQuery(PrivacyRequestQueryDto, { flag, limit: 100 }))).items.map((r) => r.id);
      const summary = async (id: string) =>
        (await workflow.list(pageQuery(PrivacyRequestQueryDto, { limit: 100 }))).items.find((r) => r.id === id)!;

      expect(await summary(open)).toMatchObject({ overdue: false, dueSoon: false });
      t.clock.set(addDays(addMonths(T0, 1), -6));
      expect(await summary(open)).toMatchObject({ overdue: false, dueSoon: true });
      expect(await flagged(DueFlag.DueSoon)).toContain(open);
      expect(await flagged(DueFlag.Overdue)).not.toContain(open);
      t.clock.set(new Date(addMonths(T0, 1).getTime() + 1));
      expect(await summary(open)).toMatchObject({ overdue: true, dueSoon: false });
      expect(await flagged(DueFlag.Overdue)).toContain(open);
      expect(await flagged(DueFlag.DueSoon)).not.toContain(open);
      expect(await summary(closed)).toMatchObject({ overdue: false, dueSoon: false });
      expect(await flagged(DueFlag.Overdue)).not.toContain(closed);
    });
  });
});
