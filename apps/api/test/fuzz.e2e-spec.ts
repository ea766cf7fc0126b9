import type { NestExpressApplication } from '@nestjs/platform-express';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import {
  API_KEY_HEADER,
  DOWNLOAD_TOKEN_HEADER,
  INVITATION_TOKEN_HEADER,
  PURPOSE_HEADER,
} from '../src/auth/access.decorator';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { OpenApiAnswers, openApiAnswers, SpecOperation, watchAnswers } from './utils/openapi-answers';
import { surveyWithInvitees } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, TestStaff } from './utils/staff';

/**
 * Requests generated from openapi/openapi.json and then broken in every way a client can break
 * them (wrong types, deep nesting, huge strings, lone surrogates, NUL, prototype keys, bad query
 * and path parameters, odd content types), sent to every operation with every kind of credential.
 * No answer may be a 5xx, every answer must match the spec, and none may hang.
 *
 * Seeded: the same seed every run unless FUZZ_SEED=<seed> (or FUZZ_SEED=random) asks for another,
 * so CI replays the same requests; the seed is printed. FUZZ_MUTATIONS sets how many broken
 * requests each operation gets with a credential it accepts (default 12).
 */

const SEED =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : process.env.FUZZ_SEED
      ? Number(process.env.FUZZ_SEED)
      : 1;
const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 12);
const REQUEST_TIMEOUT_MS = 15_000;
const CONCURRENCY = 4;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Schema = Record<string, unknown>;
type Json = unknown;

class Generator {
  constructor(
    private readonly random: () => number,
    private readonly spec: OpenApiAnswers,
  ) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }

  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
      const name = (current.$ref as string).split('/').pop()!;
      current = (this.spec.document.components.schemas[name] ?? {}) as Schema;
    }
    return current;
  }

  /** A value the schema accepts, as far as a generator without the server's rules can tell. */
  value(raw: Schema | undefined, depth = 0): Json {
    const schema = this.resolve(raw);
    if (Array.isArray(schema.enum)) return this.pick(schema.enum as Json[]);
    if (Array.isArray(schema.anyOf)) return this.value(this.pick(schema.anyOf as Schema[]), depth);
    if (Array.isArray(schema.oneOf)) return this.value(this.pick(schema.oneOf as Schema[]), depth);
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return this.value(schema.allOf[0] as Schema, depth);
    let type = schema.type;
    if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'null';
    if (type === undefined) type = schema.properties ? 'object' : 'string';
    switch (type) {
      case 'string':
        return this.string(schema);
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
        const max = typeof schema.maximum === 'number' ? Math.min(schema.maximum, min + 100) : min + 100;
        return min + this.int(max - min + 1);
      }
      case 'boolean':
        return this.chance(0.5);
      case 'null':
        return null;
      case 'array': {
        if (depth > 4) return [];
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        return Array.from({ length: min + this.int(2) }, () => this.value(schema.items as Schema, depth + 1));
      }
      case 'object': {
        const out: Record<string, Json> = {};
        if (depth > 4) return out;
        const required = new Set((schema.required as string[] | undefined) ?? []);
        for (const [name, property] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
          if (required.has(name) || this.chance(0.5)) out[name] = this.value(property, depth + 1);
        }
        return out;
      }
      default:
        return null;
    }
  }

  string(schema: Schema): string {
    switch (schema.format) {
      case 'uuid':
        return randomUUID();
      case 'email':
        return `fuzz-${this.int(1e6)}@example.org`;
      case 'date-time':
        return new Date(Date.now() + (this.int(60) - 30) * 86_400_000).toISOString();
      case 'date':
        return '2026-01-15';
      default: {
        const max = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
        const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
        return 'fuzz text '.repeat(4).slice(0, Math.max(min, Math.min(max, 1 + this.int(30))));
      }
    }
  }
}

/** Strings and values that have broken parsers, validators or databases somewhere. */
const NASTY_VALUES: Json[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 63,
  1.5,
  '',
  ' ',
  'a\u0000b',
  'x\ud800',
  '\udfff',
  'é'.repeat(5000),
  'x'.repeat(300_000),
  '../../etc/passwd',
  "'; DROP TABLE surveys; --",
  '<script>alert(1)</script>',
  '1e17',
  '-271821-04-20T00:00:00Z',
  '275760-09-13T00:00:00Z',
  'NaN',
  [],
  [[[[[]]]]],
  {},
  { __proto__: null, nested: { deeper: [1, 'two', null] } },
];

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

const BAD_PATH_VALUES = [
  randomUUID(),
  'not-a-uuid',
  '%00',
  '%ED%A0%80',
  '%E9',
  '0',
  '-1',
  '1e309',
  '99999999999999999999',
  'x'.repeat(2000),
  '%2e%2e',
  'null',
];

const BAD_QUERIES = [
  'offset=',
  'page=1e17&limit=100',
  'page=0',
  'limit=-1',
  'limit=100000',
  'page=1&page=2',
  '__proto__=1',
  'constructor[prototype]=1',
  'status=%00',
  'status=%ED%A0%80',
  'from=-271821-04-20T00:00:00Z',
  'to=garbage',
  'cursor=1_00000000-0000-0000-0000-000000000000',
  'cursor=9999999999999999999_x',
  'days',
  'days=1e3',
  'lang=xx',
  'format=exe',
  'breakdowns=country,nope',
  'crosstabs=country:country',
  'updated_since=99999-01-01',
  'unknown=1',
];

type Credential = { name: string; headers: Record<string, string> };

interface Ids {
  surveyId: string;
  contactId: string;
  userId: string;
  apiKeyId: string;
  campaignId: string;
  importId: string;
  reportId: string;
  responseId: string;
  runId: string;
  privacyRequestId: string;
}

/** Path parameters that reach real rows, so valid-ish requests get past the look-ups. */
function realPathValue(path: string, name: string, ids: Ids): string {
  if (name === 'version') return '1';
  const segment = path.split('/{')[0].split('/').pop();
  const byCollection: Record<string, string> = {
    surveys: ids.surveyId,
    contacts: ids.contactId,
    imports: ids.importId,
    users: ids.userId,
    'api-keys': ids.apiKeyId,
    campaigns: ids.campaignId,
    reports: ids.reportId,
    responses: ids.responseId,
    runs: ids.runId,
    'privacy-requests': ids.privacyRequestId,
  };
  return byCollection[segment ?? ''] ?? ids.surveyId;
}

/** Operations that end sessions or change accounts: staff sessions are minted anew after each. */
const DESTRUCTIVE = new Set([
  'logout',
  'changePassword',
  'setUserPassword',
  'resetUserMfa',
  'updateUser',
  'disableTotp',
  'revokeApiKey',
  'confirmTotp',
  'setupTotp',
]);

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

describe('fuzzing every operation of the OpenAPI spec', () => {
  let db: TestDatabase;
  let t: TestApp;
  let app: NestExpressApplication;
  let base: string;
  const mismatches: string[] = [];
  const failures: string[] = [];
  let sent = 0;
  let serverErrors = 0;
  const byStatus = new Map<number, number>();

  let staff: Record<string, TestStaff>;
  let credentials: Credential[];
  let ids: Ids;

  async function mintSessions(): Promise<void> {
    const tokens = await Promise.all(Object.values(staff).map((member) => sessionFor(app, member)));
    Object.keys(staff).forEach((role, i) => {
      const credential = credentials.find((c) => c.name === role)!;
      credential.headers = { Authorization: `Bearer ${tokens[i]}`, [PURPOSE_HEADER]: 'data-quality' };
    });
  }

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      checkAnswers: false,
    });
    app = t.app;
    watchAnswers(app.getHttpServer() as Server, (problems) => mismatches.push(...problems));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;

    staff = {
      admin: await newStaff(app, StaffRole.Admin),
      analyst: await newStaff(app, StaffRole.Analyst),
      privacy_officer: await newStaff(app, StaffRole.PrivacyOfficer),
      management: await newStaff(app, StaffRole.Management),
    };
    const analystToken = await sessionFor(app, staff.analyst);
    const given = await surveyWithInvitees(app, analystToken, { questionnaire: sampleSatisfactionQuestionnaire() });
    const keys = await Promise.all(
      Object.values(ApiKeyScope).map((scope) => newApiKey(app, staff.admin, [scope], [given.surveyId])),
    );
    const victimKey = await newApiKey(app, staff.admin, [ApiKeyScope.ResponsesRead], [given.surveyId]);
    const victim = await newStaff(app, StaffRole.Analyst);
    const dataSource = app.get(DataSource);
    const first = async (sql: string) =>
      ((await dataSource.query(sql)) as Array<{ id: string }>)[0]?.id ?? randomUUID();
    ids = {
      surveyId: given.surveyId,
      contactId: given.invitees[1].contactId,
      userId: victim.user.id,
      apiKeyId: victimKey.id,
      campaignId: given.campaignId,
      importId: await first('SELECT id FROM contact_imports LIMIT 1'),
      reportId: randomUUID(),
      responseId: randomUUID(),
      runId: randomUUID(),
      privacyRequestId: randomUUID(),
    };
    credentials = [
      { name: 'none', headers: {} },
      ...Object.keys(staff).map((name) => ({ name, headers: {} })),
      ...keys.map((key, i) => ({
        name: `key:${Object.values(ApiKeyScope)[i]}`,
        headers: { [API_KEY_HEADER]: key.secret },
      })),
      { name: 'invitation', headers: { [INVITATION_TOKEN_HEADER]: given.invitees[0].token } },
      { name: 'download', headers: { [DOWNLOAD_TOKEN_HEADER]: 'A'.repeat(43) } },
    ];
    await mintSessions();
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** Raw fetch: the requests are generated from the spec and then broken, which the typed client cannot send. */
  async function send(request: Sent): Promise<number> {
    sent++;
    const started = Date.now();
    try {
      const res = await fetch(base + request.url, {
        method: request.method,
        headers: request.headers,
        body:
          typeof request.body === 'string' || request.body === undefined ? request.body : new Uint8Array(request.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.arrayBuffer();
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 500) {
        serverErrors++;
        failures.push(
          `${res.status} ${request.method} ${request.url.slice(0, 200)} (${String(request.body ?? '').slice(0, 200)})`,
        );
      }
      return res.status;
    } catch (error) {
      failures.push(
        `no answer after ${Date.now() - started} ms (${(error as Error).name}): ${request.method} ${request.url.slice(0, 200)}`,
      );
      return 0;
    }
  }

  function buildRequest(gen: Generator, op: SpecOperation, credential: Credential, mutation: number | null): Sent {
    const method = op.method.toUpperCase();
    const headers: Record<string, string> = { ...credential.headers };
    const pathParams = (op.path.match(/\{([^}]+)\}/g) ?? []).map((p) => p.slice(1, -1));
    const badPath = mutation !== null && pathParams.length > 0 && gen.chance(0.15);
    let path = op.path;
    for (const name of pathParams) {
      const value = badPath && gen.chance(0.7) ? gen.pick(BAD_PATH_VALUES) : realPathValue(op.path, name, ids);
      path = path.replace(`{${name}}`, value);
    }
    const queryParams = (op.operation.parameters ?? []).filter((p) => p.in === 'query');
    const query = queryParams
      .filter(() => gen.chance(0.4))
      .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(gen.value(p.schema)))}`);
    if (mutation !== null && gen.chance(0.3)) query.push(gen.pick(BAD_QUERIES));
    const url = query.length > 0 ? `${path}?${query.join('&')}` : path;

    const bodySchema = op.operation.requestBody?.content['application/json']?.schema as Schema | undefined;
    let body: Json = bodySchema ? gen.value(bodySchema) : undefined;
    let raw: string | Buffer | undefined;
    let contentType: string | undefined = body === undefined ? undefined : 'application/json';
    if (mutation !== null) {
      const kind = mutation % 10;
      const target =
        body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>) : null;
      const keys = target ? Object.keys(target) : [];
      const key = keys.length > 0 ? gen.pick(keys) : 'extra';
      switch (kind) {
        case 0: // a wrong type or nasty value in one property
          if (target) target[key] = gen.pick(NASTY_VALUES);
          else body = gen.pick(NASTY_VALUES);
          contentType = 'application/json';
          break;
        case 1: // deep nesting
          raw = `{"${key}":${'['.repeat(2000)}${']'.repeat(2000)}}`;
          contentType = 'application/json';
          break;
        case 2: // a huge string, over or under the body limit
          if (target) target[key] = 'x'.repeat(gen.chance(0.5) ? 2_000_000 : 200_000);
          else body = { [key]: 'x'.repeat(200_000) };
          contentType = 'application/json';
          break;
        case 3: // a lone surrogate or a NUL, in a value or a key
          if (target) target[key] = gen.pick(['a\ud800', '\udc00z', 'n\u0000l']);
          else body = { [gen.pick(['\ud800', 'k\u0000'])]: 1 };
          contentType = 'application/json';
          break;
        case 4: {
          // a prototype key, at the top or nested
          const name = gen.pick(PROTOTYPE_KEYS);
          const json = JSON.stringify(body ?? {});
          raw =
            json.startsWith('{') && json.length > 2
              ? `{"${name}":{"polluted":true},${json.slice(1)}`
              : `{"${name}":{"polluted":true}}`;
          if (target && gen.chance(0.5))
            raw = JSON.stringify({ ...target, [key]: { nested: true } }).replace('"nested"', `"${name}"`);
          contentType = 'application/json';
          break;
        }
        case 5: // an odd content type
          contentType = gen.pick([
            'text/plain',
            'application/xml',
            'multipart/form-data; boundary=x',
            'application/json; charset=latin1',
            'application/x-www-form-urlencoded',
            '',
          ]);
          raw = body === undefined ? 'a=1' : JSON.stringify(body);
          break;
        case 6: // not JSON, or JSON of the wrong shape
          raw = gen.pick(['{', '{"a":1,}', 'null', '"text"', '[]', '[1,2,3]', '123', '\u0000', '{"a":"\\ud800"}']);
          contentType = 'application/json';
          break;
        case 7: // invalid UTF-8 bytes
          raw = Buffer.concat([Buffer.from(`{"${key}":"`), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]);
          contentType = 'application/json';
          break;
        case 8: // a missing required property, or an unknown one
          if (target && keys.length > 0 && gen.chance(0.5)) delete target[key];
          else if (target) target[`unknown_${gen.int(100)}`] = 1;
          break;
        default: // a valid-ish request with bad query and path parameters only
          break;
      }
    }
    if (raw === undefined && body !== undefined) raw = JSON.stringify(body);
    // fetch cannot send a body with GET; those routes get the query and path mutations only.
    if (method === 'GET') raw = undefined;
    if (raw !== undefined && contentType) headers['Content-Type'] = contentType;
    return { method, url, headers, body: raw };
  }

  async function runAll(tasks: Array<() => Promise<void>>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tasks.length) await tasks[next++]();
      }),
    );
  }

  it('answers every generated and mutated request without a 5xx, within the spec, and without hanging', async () => {
    const gen = new Generator(prng(SEED), openApiAnswers());
    const started = Date.now();
    const operations = [...openApiAnswers().operations].sort(
      (a, b) => Number(DESTRUCTIVE.has(a.operation.operationId)) - Number(DESTRUCTIVE.has(b.operation.operationId)),
    );
    for (const op of operations) {
      // Every credential, valid-ish and once broken; then the credentials it accepts, broken many ways.
      const first = await Promise.all(credentials.map((credential) => send(buildRequest(gen, op, credential, null))));
      const accepted = credentials.filter((_, i) => first[i] !== 401 && first[i] !== 403 && first[i] !== 0);
      const tasks: Array<() => Promise<void>> = credentials.map((credential) => async () => {
        await send(buildRequest(gen, op, credential, gen.int(10)));
      });
      for (let i = 0; i < MUTATIONS && accepted.length > 0; i++) {
        const credential = accepted[i % accepted.length];
        const request = buildRequest(gen, op, credential, i);
        tasks.push(async () => {
          await send(request);
        });
      }
      await runAll(tasks);
      if (DESTRUCTIVE.has(op.operation.operationId)) await mintSessions();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    process.stdout.write(
      `fuzz seed ${SEED}: ${sent} requests to ${operations.length} operations in ${seconds} s; ` +
        `5xx: ${serverErrors}; spec mismatches: ${mismatches.length}; no answer: ${failures.length - serverErrors}\n` +
        `statuses ${statuses}\n`,
    );
    expect({ seed: SEED, failures: failures.slice(0, 30) }).toEqual({ seed: SEED, failures: [] });
    expect({ seed: SEED, mismatches: [...new Set(mismatches)].slice(0, 40) }).toEqual({ seed: SEED, mismatches: [] });
    expect(sent).toBeGreaterThan(operations.length * credentials.length);
  }, 240_000);
});
