/**
 * The cost webhooks add to the transaction that emits an event (the response submission path):
 * WebhooksService.responsesSubmitted in a transaction of its own, with no subscription wanting
 * the event (the usual case), with one and with three enabled subscriptions that want it (event,
 * deliveries and their jobs stored), against a transaction holding one plain INSERT of a row like
 * the event's into a scratch table, and against that INSERT plus one graphile-worker add_job (what
 * any job queued in a transaction costs). The process runs no jobs (ROLE=api), so only the emitting
 * transaction is measured. Interleaved rounds; medians.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:webhooks
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Transactions } from '../../apps/api/src/database/transactions';
import { WebhookEventType } from '../../apps/api/src/webhooks/webhook.entity';
import { WebhooksService } from '../../apps/api/src/webhooks/webhooks.service';
import { runBenchmark } from './harness';
import { bootOnFreshDatabase, median, positiveInt, runLoad, type Sample } from './in-process';

const EVENTS = positiveInt('BENCH_EVENTS', 2000);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 8);
const ROUNDS = positiveInt('BENCH_ROUNDS', 3);
const MAX_SECONDS = positiveInt('BENCH_MAX_SECONDS', 30);
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', 300);

function event(surveyId: string) {
  return {
    responseId: randomUUID(),
    surveyId,
    questionnaireVersion: 1,
    pseudonym: `r_${randomUUID().replace(/-/g, '').slice(0, 22)}`,
    channel: 'web',
    language: 'fr',
    submittedAt: new Date().toISOString(),
    answers: { nps: 9, satisfaction: 4, mainService: 'pct', channels: ['eservices', 'email'] },
    demographics: { country: 'FR', segment: 'agent', role: null, relationshipBand: '1-3y' },
  };
}

async function main(): Promise<void> {
  const app = await bootOnFreshDatabase(`bench_webhooks_${Date.now()}`, {
    ROLE: 'api',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
  const transactions = app.get(Transactions);
  const webhooks = app.get(WebhooksService);
  const dataSource = app.get(DataSource);
  await dataSource.query('CREATE TABLE bench_plain_events (LIKE webhook_events INCLUDING ALL)');
  const admin = randomUUID();
  const quiet = randomUUID();
  const one = randomUUID();
  const three = randomUUID();
  const subscribe = (surveyId: string) =>
    webhooks.create(admin, {
      name: 'bench',
      url: 'http://127.0.0.1:9/hook',
      events: [WebhookEventType.ResponseSubmitted],
      surveyIds: [surveyId],
    });
  // created_by is not a foreign key: a made-up administrator id is enough here.
  await subscribe(one);
  for (let i = 0; i < 3; i++) await subscribe(three);

  const cases: Record<string, (i: number) => Promise<void>> = {
    'plain INSERT (baseline)': async () => {
      await transactions.run(async (tx) => {
        const e = event(quiet);
        await tx.query(
          'INSERT INTO bench_plain_events (id, type, survey_id, resource_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5, now())',
          [randomUUID(), 'response.submitted', e.surveyId, e.responseId, JSON.stringify({ data: e })],
        );
      });
    },
    // What any job queued in a transaction costs (graphile-worker's add_job and its NOTIFY).
    'plain INSERT + one add_job': async () => {
      await transactions.run(async (tx) => {
        const e = event(quiet);
        await tx.query(
          'INSERT INTO bench_plain_events (id, type, survey_id, resource_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5, now())',
          [randomUUID(), 'response.submitted', e.surveyId, e.responseId, JSON.stringify({ data: e })],
        );
        await tx.query("SELECT graphile_worker.add_job('bench.noop', '{}'::json)");
      });
    },
    'emit, no subscription wants it': async () => {
      await transactions.run((tx) => webhooks.responsesSubmitted(tx, [event(quiet)]));
    },
    'emit, 1 subscription': async () => {
      await transactions.run((tx) => webhooks.responsesSubmitted(tx, [event(one)]));
    },
    'emit, 3 subscriptions': async () => {
      await transactions.run((tx) => webhooks.responsesSubmitted(tx, [event(three)]));
    },
  };
  const samples = new Map<string, Sample[]>(Object.keys(cases).map((name) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, op] of Object.entries(cases)) {
      samples.get(name)!.push(await runLoad(EVENTS, CONCURRENCY, op, MAX_SECONDS));
    }
  }
  const baseline = median(samples.get('plain INSERT (baseline)')!.map((s) => s.rate));
  console.log(
    `\nOne event per transaction, ${CONCURRENCY} in flight, ${EVENTS} per case per round, median of ${ROUNDS}:`,
  );
  for (const [name, list] of samples) {
    const rate = median(list.map((s) => s.rate));
    const p50 = median(list.map((s) => s.p50));
    const p99 = median(list.map((s) => s.p99));
    const truncated = list.some((s) => s.truncated) ? ' (time cap)' : '';
    console.log(
      `  ${name.padEnd(32)} ${rate.toFixed(0).padStart(6)} tx/s  p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  ` +
        `${(rate / baseline).toFixed(2)}× baseline${truncated}`,
    );
  }
}

runBenchmark(main, TIMEOUT_SECONDS);
