import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { components } from '@survey/api-client';
import { StaffRole } from '../src/auth/roles';
import { Transactions } from '../src/database/transactions';
import { waitUntil } from '../src/jobs/wait-until';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor } from './utils/staff';
import { startWebhookReceiver, type WebhookReceiver } from './utils/webhook-receiver';

type CreateBody = components['schemas']['CreateWebhookSubscriptionDto'];

/** The webhook routes over HTTP: administrators only, problems naming the field, the secret shown once. */
describe('Webhook subscriptions (HTTP contract)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Private addresses are refused unless allowed: the loopback receiver needs it on.
    t = await createTestApp({ databaseUrl: db.url, env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    admin = await sessionFor(t.app, await newStaff(t.app, StaffRole.Admin, { totp: true }));
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await t?.close();
    await db?.drop();
  });

  const create = (body: CreateBody, token = admin) =>
    t.api({ staff: token }).POST('/api/v1/webhooks/subscriptions', { body });

  it('creates a subscription whose secret is shown once, lists it without it, and lets only administrators in', async () => {
    const created = await dataOf(
      create({ name: 'Data lake', url: receiver.url('/lake'), events: ['report.published'] }),
      201,
    );
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.subscription).toMatchObject({ name: 'Data lake', enabled: true, surveyIds: [], failureStreak: 0 });
    const id = created.subscription.id;
    const api = t.api({ staff: admin });
    const one = await dataOf(api.GET('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } } }));
    const page = await dataOf(api.GET('/api/v1/webhooks/subscriptions', { params: { query: { limit: 1 } } }));
    expect(page.meta).toMatchObject({ page: 1, limit: 1, total: 1 });
    expect(JSON.stringify([one, page])).not.toContain(created.secret.slice(6));

    await problemOf(create({ name: 'x', url: receiver.url('/x'), events: ['report.published'] }, analyst), 403);
    await problemOf(
      t.api({ staff: analyst }).GET('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } } }),
      403,
    );

    const rotated = await dataOf(
      api.POST('/api/v1/webhooks/subscriptions/{id}/rotate-secret', {
        params: { path: { id } },
        body: { overlapHours: 1 },
      }),
    );
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.subscription.previousSecretExpiresAt).not.toBeNull();
    const changed = await dataOf(
      api.PATCH('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } }, body: { enabled: false } }),
    );
    expect(changed).toMatchObject({ enabled: false, disabledReason: 'administrator' });
    const log = await dataOf(
      api.GET('/api/v1/webhooks/subscriptions/{id}/deliveries', { params: { path: { id }, query: {} } }),
    );
    expect(log.items).toEqual([]);
    await answered(api.DELETE('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } } }), 204);
    await problemOf(api.GET('/api/v1/webhooks/subscriptions/{id}', { params: { path: { id } } }), 404);

    const audit = await dataOf(api.GET('/api/v1/audit-events', { params: { query: { resourceId: id } } }));
    expect(audit.items.map((e) => e.action).sort()).toEqual([
      'webhook.created',
      'webhook.deleted',
      'webhook.secret_rotated',
      'webhook.updated',
    ]);
  });

  it('refuses bad input with a problem naming the field', async () => {
    const cases: [Partial<CreateBody>, string][] = [
      [{ url: 'ftp://example.org/hook' }, 'url'],
      [{ url: 'https://user:secret@example.org/hook' }, 'url'],
      [{ events: ['response.deleted' as CreateBody['events'][number]] }, 'events'],
      [{ events: [] }, 'events'],
      [{ surveyIds: ['not-a-uuid'] }, 'surveyIds'],
      [{ name: '   ' }, 'name'],
    ];
    for (const [change, field] of cases) {
      const body = {
        name: 'Receiver',
        url: receiver.url('/ok'),
        events: ['report.published'],
        ...change,
      } as CreateBody;
      const problem = await problemOf(create(body), 400);
      expect({ change, fields: problem.errors?.map((e) => e.field) }).toEqual({
        change,
        fields: [expect.stringMatching(new RegExp(`^${field}`))],
      });
    }
    const api = t.api({ staff: admin });
    await problemOf(
      api.POST('/api/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: randomUUID() } } }),
      404,
    );
    expect(
      await problemOf(api.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id: 'nope' } } }), 400),
    ).toMatchObject({ errors: [{ field: 'id' }] });
    await problemOf(
      api.POST('/api/v1/webhooks/subscriptions/{id}/rotate-secret', {
        params: { path: { id: randomUUID() } },
        body: { overlapHours: 1000 },
      }),
      400,
    );
  });

  it('delivers a published report event signed with the subscription’s secret, and replays it on demand', async () => {
    const { secret, subscription } = await dataOf(
      create({ name: 'Reports', url: receiver.url('/reports'), events: ['report.published'] }),
      201,
    );
    // An event as the statistics module emits it, in a transaction.
    const reportId = randomUUID();
    await t.app
      .get(Transactions)
      .run((tx) =>
        t.app
          .get(WebhooksService)
          .reportPublished(tx, { reportId, surveyId: randomUUID(), publishedAt: new Date().toISOString() }),
      );
    const api = t.api({ staff: admin });
    const deliveries = () =>
      dataOf(
        api.GET('/api/v1/webhooks/subscriptions/{id}/deliveries', {
          params: { path: { id: subscription.id }, query: { status: 'succeeded' } },
        }),
      );
    await waitUntil(async () => (await deliveries()).items.length === 1, { timeoutMs: 30_000 });
    const [delivery] = (await deliveries()).items;
    expect(delivery.attemptLog[0]).toMatchObject({ statusCode: 200, succeeded: true });
    const [request] = receiver.on('/reports');
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      type: 'report.published',
      data: { reportId },
    });
    const replay = await dataOf(
      api.POST('/api/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: delivery.id } } }),
      201,
    );
    expect(replay).toMatchObject({ replayOf: delivery.id, eventId: delivery.eventId });
    await waitUntil(async () => receiver.on('/reports').length === 2, { timeoutMs: 30_000 });
    expect(receiver.on('/reports')[1].headers['webhook-id']).toBe(request.headers['webhook-id']);
  }, 60_000);
});
