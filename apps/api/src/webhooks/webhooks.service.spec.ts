import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ApiKeyScope, StaffRole } from '../auth/roles';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { ProviderResponsesService } from '../ingestion/provider-responses.service';
import { PrivacyRequestFulfilmentService } from '../privacy-requests/privacy-request-fulfilment.service';
import { waitUntil } from '../jobs/wait-until';
import { MAIL_MESSAGE_CONTEXT } from '../mail/mail-outbox.service';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import {
  newPrivacyRequest,
  newResponse,
  newStaffUser,
  pageQuery,
  surveyWithInvitations,
} from '../../test/utils/factories';
import { completeAnswers } from '../../test/utils/respondents';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/utils/webhook-receiver';
import { WebhookDeliveryStatus, WebhookEventType } from './webhook.entity';
import { WebhookDeliveryQueryDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const DAY = 86_400_000;

describe('Signed webhooks (service level, a real HTTP receiver on loopback)', () => {
  let t: MediumTest;
  let webhooks: WebhooksService;
  let receiver: WebhookReceiver;
  let adminId: string;
  let adminEmail: string;

  const subscribe = async (path: string, events: WebhookEventType[], surveyIds?: string[]) =>
    webhooks.create(adminId, { name: `Receiver ${path}`, url: receiver.url(path), events, surveyIds });
  /** Emits a report.published event as the statistics module does, in a transaction of its own. */
  const publishEvent = (surveyId = randomUUID()) =>
    t
      .get(Transactions)
      .run((tx) =>
        webhooks.reportPublished(tx, { reportId: randomUUID(), surveyId, publishedAt: t.clock.now().toISOString() }),
      );
  const deliveriesOf = async (subscriptionId: string) =>
    (await webhooks.deliveries(subscriptionId, pageQuery(WebhookDeliveryQueryDto, { limit: 100 }))).items;
  const settled = (subscriptionId: string, count: number) =>
    waitUntil(
      async () =>
        (await deliveriesOf(subscriptionId)).filter((d) => d.status !== WebhookDeliveryStatus.Pending).length >= count,
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    t = await createMediumTest({
      env: {
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        WEBHOOKS_FAILURE_STREAK: '3',
        WEBHOOKS_RETRY_BASE_SECONDS: '1',
        WEBHOOKS_TIMEOUT_SECONDS: '2',
      },
    });
    webhooks = t.get(WebhooksService);
    receiver = await startWebhookReceiver();
    const admin = await newStaffUser(t, { role: StaffRole.Admin });
    adminId = admin.id;
    adminEmail = admin.email;
  });

  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  afterEach(() => {
    t.config.webhooks.allowPrivate = true;
    t.config.webhooks.httpsOnly = false;
    receiver.plan = () => ({ status: 200 });
  });

  it('sends a submitted response, signed so that the Standard Webhooks library verifies it, with no personal value in it', async () => {
    const people = [
      { name: 'Ada Lovelace-Byron', email: 'ada.lovelace@filers.example.org' },
      { name: 'Grace Hopper-Murray', email: 'grace.hopper@filers.example.org' },
    ];
    const { subscription, secret } = await subscribe('/responses', [WebhookEventType.ResponseSubmitted]);
    const campaigns = await subscribe('/campaigns', [WebhookEventType.CampaignCompleted]);
    const { surveyId, campaignId, invitations } = await surveyWithInvitations(t, {
      contacts: people.map((p) => ({ ...p, country: 'DE', segment: 'holder' })),
    });
    const freeText = 'Please call me back on 06 12 34 56 78, Ada';
    await newResponse(t, invitations[0], completeAnswers({ suggestions: freeText }));
    await settled(subscription.id, 1);

    const [request] = receiver.on('/responses');
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(verified.type).toBe('response.submitted');
    expect(verified.data).toMatchObject({
      surveyId,
      questionnaireVersion: 1,
      channel: 'web',
      answers: { nps: 9, satisfaction: 4 },
      demographics: { country: 'DE', segment: 'holder' },
    });
    expect(verified.data.pseudonym).toMatch(/^r_/);
    expect(verified.data.answers).not.toHaveProperty('suggestions');
    // Nothing that names the person leaves: not in the body, not in the headers.
    const sent = request.body + JSON.stringify(request.headers);
    for (const value of [...people.flatMap((p) => [p.name, p.email]), freeText, 'Ada', invitations[0].token]) {
      expect(sent).not.toContain(value);
    }
    for (const invitation of invitations) expect(sent).not.toContain(invitation.contactId);
    // Another secret does not verify it; neither does a changed body.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).toThrow();
    expect(() =>
      new Webhook(secret).verify(request.body.replace('"nps":9', '"nps":0'), request.headers as Record<string, string>),
    ).toThrow();

    const [delivery] = await deliveriesOf(subscription.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, eventType: 'response.submitted' });
    expect(delivery.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, succeeded: true, error: null }),
    ]);
    expect(request.headers['webhook-id']).toBe(`msg_${delivery.eventId}`);

    // The campaign that invited them completed before: its event went to the other subscription.
    await settled(campaigns.subscription.id, 1);
    const campaignEvent = JSON.parse(receiver.on('/campaigns')[0].body) as { data: Record<string, unknown> };
    expect(campaignEvent.data).toMatchObject({ campaignId, surveyId, invited: 2 });
  });

  it('sends responses from a provider batch too, one event per stored response', async () => {
    const { subscription } = await subscribe('/provider', [WebhookEventType.ResponseSubmitted]);
    const made = await surveyWithInvitations(t, { contacts: 2 });
    const { surveyId } = made;
    // The campaign invites every contact imported so far: answer for the two made here.
    const invitations = made.invitations.filter((invitation) => made.contactIds.includes(invitation.contactId));
    const keys = t.get(ApiKeysService);
    const { secret } = await keys.create(adminId, {
      name: 'Provider',
      scopes: [ApiKeyScope.ResponsesWrite],
      surveyIds: [surveyId],
      expiresAt: new Date(t.clock.now().getTime() + 30 * DAY),
    });
    const principal = await keys.authenticate(secret);
    const { result } = await t.get(ProviderResponsesService).ingest(
      principal,
      surveyId,
      {
        responses: invitations.map((invitation, i) => ({
          providerResponseId: `p-${i}`,
          invitationToken: invitation.token,
          answers: completeAnswers(),
        })),
      },
      undefined,
    );
    expect(result.results.map((item) => item.status)).toEqual(['created', 'created']);
    await settled(subscription.id, 2);
    const bodies = receiver
      .on('/provider')
      .map((r) => JSON.parse(r.body) as { data: { channel: string; responseId: string } });
    expect(bodies.map((b) => b.data.channel)).toEqual(['provider', 'provider']);
    expect(new Set(bodies.map((b) => b.data.responseId))).toEqual(
      new Set(result.results.map((item) => item.responseId)),
    );
    await webhooks.remove(subscription.id);
  });

  it('stores nothing for an event no enabled subscription wants, and honours the survey filter', async () => {
    const filtered = await subscribe('/filtered', [WebhookEventType.ReportPublished], [randomUUID()]);
    const events = async () => (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events'))[0].n;
    const before = await events();
    expect(await publishEvent()).toBe(0);
    expect(await events()).toBe(before);
    expect(await deliveriesOf(filtered.subscription.id)).toEqual([]);
    await webhooks.remove(filtered.subscription.id);
  });

  it('retries a failing receiver with exponential back-off until it answers 2xx, and never follows a redirect', async () => {
    receiver.plan = (path, nth) =>
      path === '/flaky'
        ? { status: nth <= 2 ? 503 : 204 }
        : path === '/moved'
          ? { status: 302, headers: { location: '/flaky' } }
          : { status: 200 };
    const flaky = await subscribe('/flaky', [WebhookEventType.ReportPublished]);
    await publishEvent();
    await settled(flaky.subscription.id, 1);
    const [delivery] = await deliveriesOf(flaky.subscription.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attemptLog.map((a) => [a.statusCode, a.error])).toEqual([
      [503, 'http-503'],
      [503, 'http-503'],
      [204, null],
    ]);
    const times = receiver.on('/flaky').map((r) => r.at);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(900);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(3900);
    // The same message id on every attempt: receivers deduplicate on it.
    expect(new Set(receiver.on('/flaky').map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect((await webhooks.get(flaky.subscription.id)).failureStreak).toBe(0);
    await webhooks.remove(flaky.subscription.id);

    const moved = await subscribe('/moved', [WebhookEventType.ReportPublished]);
    const arrivedBefore = receiver.on('/flaky').length;
    await publishEvent();
    await waitUntil(async () => ((await deliveriesOf(moved.subscription.id))[0]?.attempts ?? 0) >= 1);
    const [redirected] = await deliveriesOf(moved.subscription.id);
    expect(redirected.attemptLog[0]).toMatchObject({ statusCode: 302, succeeded: false, error: 'redirect-302' });
    expect(receiver.on('/flaky')).toHaveLength(arrivedBefore);
    await webhooks.remove(moved.subscription.id);
  }, 40_000);

  it('disables a subscription after the failure streak, mails the administrators, and replays once it is enabled again', async () => {
    receiver.plan = (path) => ({ status: path === '/down' ? 500 : 200 });
    const { subscription, secret } = await subscribe('/down', [WebhookEventType.ReportPublished]);
    for (let i = 0; i < 3; i++) await publishEvent();
    await waitUntil(async () => !(await webhooks.get(subscription.id)).enabled, { timeoutMs: 30_000 });
    const disabled = await webhooks.get(subscription.id);
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failure-streak', failureStreak: 3 });
    await settled(subscription.id, 3);
    const deliveries = await deliveriesOf(subscription.id);
    expect(deliveries.every((d) => d.status !== 'pending' && d.status !== 'succeeded')).toBe(true);

    // Every active administrator is told, in a mail encrypted under the subscription's key.
    const mails = await t.query<{ message_ciphertext: Buffer }>(
      `SELECT message_ciphertext FROM mail_outbox WHERE kind = 'webhook-disabled' AND subject_id = $1`,
      [subscription.id],
    );
    expect(mails).toHaveLength(1);
    const key = await t.get(KeystoreService).keyFor(subscription.id);
    const mail = JSON.parse(
      t.get(KeystoreService).crypto.decrypt(key, mails[0].message_ciphertext, MAIL_MESSAGE_CONTEXT),
    ) as {
      to: string;
      text: string;
    };
    expect(mail.to).toBe(adminEmail);
    expect(mail.text).toContain('was disabled after 3 failed delivery attempts');
    const audited = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'webhook.disabled' AND resource_id = $1`,
      [subscription.id],
    );
    expect(audited[0].n).toBe(1);

    // Disabled: no event reaches it, and a replay is refused until it is enabled again.
    expect(await publishEvent()).toBe(0);
    const refusal = await refusalOf(webhooks.replay(deliveries[0].id));
    expect(refusal.status).toBe(409);

    await webhooks.update(subscription.id, { url: receiver.url('/back'), enabled: true });
    expect(await webhooks.get(subscription.id)).toMatchObject({
      enabled: true,
      failureStreak: 0,
      disabledReason: null,
    });
    const replay = await webhooks.replay(deliveries[0].id);
    expect(replay).toMatchObject({ replayOf: deliveries[0].id, eventId: deliveries[0].eventId, status: 'pending' });
    await waitUntil(async () => (await webhooks.delivery(replay.id)).status === 'succeeded');
    const [back] = receiver.on('/back');
    expect(back.headers['webhook-id']).toBe(`msg_${deliveries[0].eventId}`);
    expect(() => new Webhook(secret).verify(back.body, back.headers as Record<string, string>)).not.toThrow();
    await webhooks.remove(subscription.id);
  }, 40_000);

  it('refuses loopback, private, link-local and mapped addresses unless allowed, at subscription and at delivery', async () => {
    t.config.webhooks.allowPrivate = false;
    for (const url of [
      receiver.url('/ok'),
      'http://localhost:8080/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:a00:1]/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.5/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[fd12:3456::1]/hook',
      'http://[fe80::1]/hook',
      'http://0.0.0.0/hook',
      'http://2130706433/hook',
    ]) {
      const refusal = await refusalOf(
        webhooks.create(adminId, { name: 'SSRF', url, events: [WebhookEventType.ReportPublished] }),
      );
      expect({ url, status: refusal.status, fields: refusal.fields }).toEqual({ url, status: 400, fields: ['url'] });
    }
    for (const url of ['ftp://example.org/hook', 'http://user:pw@example.org/hook', 'not a url']) {
      expect(
        (await refusalOf(webhooks.create(adminId, { name: 'Form', url, events: [WebhookEventType.ReportPublished] })))
          .fields,
      ).toEqual(['url']);
    }
    t.config.webhooks.allowPrivate = true;
    t.config.webhooks.httpsOnly = true;
    expect((await refusalOf(subscribe('/ok', [WebhookEventType.ReportPublished]))).fields).toEqual(['url']);
    t.config.webhooks.httpsOnly = false;

    // Allowed when it was made; refused when the delivery goes, and nothing reaches the address.
    const { subscription } = await subscribe('/rebound', [WebhookEventType.ReportPublished]);
    t.config.webhooks.allowPrivate = false;
    await publishEvent();
    await waitUntil(async () => ((await deliveriesOf(subscription.id))[0]?.attempts ?? 0) >= 1);
    const [delivery] = await deliveriesOf(subscription.id);
    expect(delivery.attemptLog[0]).toMatchObject({ statusCode: null, succeeded: false, error: 'address-refused' });
    expect(receiver.on('/rebound')).toHaveLength(0);
    t.config.webhooks.allowPrivate = true;
    await webhooks.remove(subscription.id);
  });

  it('signs with both secrets during a rotation’s overlap, and with the new one only once it is over', async () => {
    const { subscription, secret: first } = await subscribe('/rotating', [WebhookEventType.ReportPublished]);
    const { secret: second, subscription: rotated } = await webhooks.rotateSecret(subscription.id, {
      overlapHours: 24,
    });
    expect(second).not.toBe(first);
    expect(rotated.previousSecretExpiresAt).toEqual(new Date(t.clock.now().getTime() + DAY));
    await publishEvent();
    await settled(subscription.id, 1);
    const [during] = receiver.on('/rotating');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [first, second]) {
      expect(() => new Webhook(secret).verify(during.body, during.headers as Record<string, string>)).not.toThrow();
    }
    const { secret: third } = await webhooks.rotateSecret(subscription.id, { overlapHours: 0 });
    await publishEvent();
    await settled(subscription.id, 2);
    const after = receiver.on('/rotating')[1];
    expect(() => new Webhook(third).verify(after.body, after.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(second).verify(after.body, after.headers as Record<string, string>)).toThrow();
    // Secrets are stored encrypted: neither appears in the row.
    const [row] = await t.query<Record<string, unknown>>('SELECT * FROM webhook_subscriptions WHERE id = $1', [
      subscription.id,
    ]);
    expect(JSON.stringify(row)).not.toContain(third.slice(6, 20));
    await webhooks.remove(subscription.id);
    expect(await t.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [subscription.id])).toEqual([]);
  });

  it('drops event bodies from the log after 7 days, keeping statuses and timings, after which a replay is refused', async () => {
    const { subscription } = await subscribe('/old', [WebhookEventType.ReportPublished]);
    await publishEvent();
    await settled(subscription.id, 1);
    const [delivery] = await deliveriesOf(subscription.id);
    expect(await webhooks.purge()).toBe(0);
    t.clock.advance(8 * DAY);
    expect(await webhooks.purge()).toBeGreaterThanOrEqual(1);
    const [event] = await t.query<{ payload: unknown }>('SELECT payload FROM webhook_events WHERE id = $1', [
      delivery.eventId,
    ]);
    expect(event.payload).toBeNull();
    expect((await webhooks.delivery(delivery.id)).attemptLog[0]).toMatchObject({ statusCode: 200 });
    const refusal = await refusalOf(webhooks.replay(delivery.id));
    expect(refusal.status).toBe(410);
    await webhooks.remove(subscription.id);
  });

  it('tells receivers of an erasure by pseudonym and of the completed request, and drops the bodies the log holds about that person', async () => {
    const responses = await subscribe('/erasure-responses', [WebhookEventType.ResponseSubmitted]);
    const erasures = await subscribe('/erasures', [
      WebhookEventType.ErasureRequested,
      WebhookEventType.PrivacyRequestCompleted,
    ]);
    const email = 'erase.me@filers.example.org';
    const made = await surveyWithInvitations(t, { contacts: [{ email, name: 'Erin Erasable' }] });
    const invitation = made.invitations.find((i) => made.contactIds.includes(i.contactId))!;
    await newResponse(t, invitation);
    await settled(responses.subscription.id, 1);
    const [sent] = await deliveriesOf(responses.subscription.id);
    const [{ payload }] = await t.query<{ payload: { data: { pseudonym: string } } }>(
      'SELECT payload FROM webhook_events WHERE id = $1',
      [sent.eventId],
    );
    const pseudonym = payload.data.pseudonym;

    const { id } = await newPrivacyRequest(t, { type: 'erasure', email });
    await t.get(PrivacyRequestFulfilmentService).fulfil(id, {});
    expect((await t.query('SELECT payload FROM webhook_events WHERE id = $1', [sent.eventId]))[0]).toEqual({
      payload: null,
    });
    await settled(erasures.subscription.id, 2);
    const bodies = receiver.on('/erasures').map((r) => JSON.parse(r.body) as { type: string; data: object });
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'erasure.requested',
          data: expect.objectContaining({ surveyId: made.surveyId, pseudonym }),
        }),
        expect.objectContaining({
          type: 'privacy-request.completed',
          data: expect.objectContaining({ privacyRequestId: id, kind: 'erasure' }),
        }),
      ]),
    );
    const all = receiver
      .on('/erasures')
      .map((r) => r.body)
      .join('');
    expect(all).not.toContain(email);
    expect(all).not.toContain('Erin');
  });

  it('answers unknown ids with 404 problems', async () => {
    expect((await refusalOf(webhooks.get(randomUUID()))).status).toBe(404);
    expect((await refusalOf(webhooks.replay(randomUUID()))).status).toBe(404);
    expect((await refusalOf(webhooks.rotateSecret(randomUUID(), {}))).status).toBe(404);
    expect((await refusalOf(webhooks.remove(randomUUID()))).status).toBe(404);
  });
});
