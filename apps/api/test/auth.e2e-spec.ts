import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProblemType, type components } from '@survey/api-client';
import { AuditService } from '../src/audit/audit.service';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/auth.service';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { PageQueryDto } from '../src/common/pagination';
import { UsersService } from '../src/users/users.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, TEST_PASSWORD, TestStaff, totpCode } from './utils/staff';

type Tokens = components['schemas']['TokensDto'];
type Problem = components['schemas']['ProblemDto'];
type StaffUserDto = components['schemas']['StaffUserDto'];

const API = '/api/v1';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** A code for the next time step: the step a test just used is refused as a replay. */
const nextCode = (staff: TestStaff, steps = 1) => totpCode(staff.totpSecret!, new Date(Date.now() + steps * 30_000));

describe('staff authentication and accounts', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let http: ReturnType<typeof request>;
  let admin: TestStaff;
  let adminToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({
      databaseUrl: db.url,
      env: {
        INITIAL_ADMIN_EMAIL: 'First.Admin@Example.org',
        INITIAL_ADMIN_PASSWORD: 'first admin password',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '2',
      },
    });
    http = request(subject.app.getHttpServer());
    admin = await newStaff(subject.app, StaffRole.Admin);
    adminToken = await sessionFor(subject.app, admin);
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  // A test that fails while it has stopped the clocks must not leave them stopped for the next.
  afterEach(() => jest.restoreAllMocks());

  const login = (body: Record<string, unknown>) => http.post(`${API}/auth/login`).send(body);

  /** Stops both clocks the login throttle may read at `ms`; returns what starts them again. */
  function timeStandsAt(ms: number): () => void {
    const dateNow = jest.spyOn(Date, 'now').mockImplementation(() => ms);
    const clockNow = jest.spyOn(subject.app.get(Clock), 'now').mockImplementation(() => new Date(ms));
    return () => {
      dateNow.mockRestore();
      clockNow.mockRestore();
    };
  }

  describe('the first administrator', () => {
    it('is created once from the environment, must enrol TOTP, and then has full access', async () => {
      const users = subject.app.get(UsersService);
      // The suite already made staff through the service, so simulate first start on an empty table.
      const dataSource = subject.app.get(DataSource);
      await dataSource.query(`DELETE FROM staff_users WHERE email = 'first.admin@example.org'`);
      const count = Number((await dataSource.query('SELECT count(*) AS n FROM staff_users'))[0].n);
      expect(count).toBeGreaterThan(0);
      await expect(users.ensureFirstAdministrator()).resolves.toBeNull();

      await dataSource.query('DELETE FROM staff_users');
      const created = await users.ensureFirstAdministrator();
      expect(created).toEqual({ email: 'first.admin@example.org' });
      await expect(users.ensureFirstAdministrator()).resolves.toBeNull();

      const res = await login({ email: 'first.admin@example.org', password: 'first admin password' }).expect(200);
      const tokens = res.body as Tokens;
      expect(tokens.mfaEnrolmentRequired).toBe(true);
      expect(tokens.user.role).toBe('admin');

      const blocked = await http.get(`${API}/users`).set(bearer(tokens.accessToken)).expect(403);
      expect((blocked.body as Problem).type).toBe(ProblemType.MfaEnrolmentRequired);
      await http.get(`${API}/auth/me`).set(bearer(tokens.accessToken)).expect(200);

      const setup = await http.post(`${API}/auth/mfa/totp/setup`).set(bearer(tokens.accessToken)).expect(200);
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const wrong = await http
        .post(`${API}/auth/mfa/totp/confirm`)
        .set(bearer(tokens.accessToken))
        .send({ otp: '000000' === totpCode(setup.body.secret) ? '111111' : '000000' })
        .expect(400);
      expect((wrong.body as Problem).errors?.[0].field).toBe('otp');
      const confirmed = await http
        .post(`${API}/auth/mfa/totp/confirm`)
        .set(bearer(tokens.accessToken))
        .send({ otp: totpCode(setup.body.secret) })
        .expect(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      await http.get(`${API}/users`).set(bearer(tokens.accessToken)).expect(200);

      // Recovery codes are stored hashed only.
      const [row] = await dataSource.query(
        `SELECT recovery_code_hashes, totp_secret FROM staff_users WHERE email = 'first.admin@example.org'`,
      );
      expect(row.recovery_code_hashes).toHaveLength(10);
      for (const code of confirmed.body.recoveryCodes as string[]) {
        expect(JSON.stringify(row)).not.toContain(code);
      }
      expect(row.totp_secret).not.toContain(setup.body.secret);

      // Restore the suite's administrator, removed above.
      admin = await newStaff(subject.app, StaffRole.Admin);
      adminToken = await sessionFor(subject.app, admin);
    });

    it('gets a generated password, returned once, when the environment gives none', async () => {
      const other = await createTestDatabase();
      const app = await createTestApp({ databaseUrl: other.url });
      try {
        const created = await app.app.get(UsersService).ensureFirstAdministrator();
        expect(created?.email).toBe('admin@localhost');
        expect(created?.generatedPassword?.length).toBeGreaterThanOrEqual(16);
        await request(app.app.getHttpServer())
          .post(`${API}/auth/login`)
          .send({ email: 'admin@localhost', password: created!.generatedPassword })
          .expect(200);
        const [row] = await app.app.get(DataSource).query('SELECT password_hash FROM staff_users');
        expect(row.password_hash).toMatch(/^\$argon2id\$/);
        expect(app.log.text).not.toContain(created!.generatedPassword!);
      } finally {
        await app.close();
        await other.drop();
      }
    });
  });

  describe('login', () => {
    it('returns tokens, and /auth/me says who is logged in', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const res = await login({ email: analyst.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
      const tokens = res.body as Tokens;
      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mfaEnrolmentRequired: false });
      expect(tokens.refreshToken).toMatch(/^srt_/);
      const me = await http.get(`${API}/auth/me`).set(bearer(tokens.accessToken)).expect(200);
      expect(me.body).toMatchObject({ id: analyst.user.id, role: 'analyst', mfaEnabled: false, mfaRequired: false });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('answers an unknown account and a wrong password identically, and audits both without the address', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const unknown = await login({ email: 'nobody-here@example.org', password: 'whatever password' }).expect(401);
      const wrong = await login({ email: analyst.email, password: 'not the password' }).expect(401);
      const strip = (body: Problem) => ({ ...body, requestId: undefined });
      expect(strip(unknown.body as Problem)).toEqual(strip(wrong.body as Problem));
      expect(unknown.headers['content-type']).toContain('application/problem+json');

      const events = await subject.app
        .get(AuditService)
        .list({ action: 'auth.login', outcome: 'failure' }, Object.assign(new PageQueryDto(), { limit: 100 }));
      const reasons = events.items.map((event) => event.details.reason);
      expect(reasons).toEqual(expect.arrayContaining(['unknown_account', 'wrong_password']));
      const rows = JSON.stringify(await subject.app.get(DataSource).query('SELECT * FROM audit_events'));
      expect(rows).not.toContain('nobody-here@example.org');
      expect(rows).not.toContain(analyst.email);
      expect(rows).not.toContain('not the password');
      expect(subject.log.text).not.toContain('nobody-here@example.org');
      expect(subject.log.text).not.toContain('not the password');
    });

    it('does the same password work for an unknown account, a deactivated one and a wrong password', async () => {
      // Equal work rather than measured time: each answer costs exactly one argon2 verification
      // against a hash with the same parameters (a decoy for the unknown account), which is what
      // makes their timings equal; a timing ratio would only flake on a shared machine.
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const deactivated = await newStaff(subject.app, StaffRole.Analyst);
      await http
        .patch(`${API}/users/${deactivated.user.id}`)
        .set(bearer(adminToken))
        .send({ active: false })
        .expect(200);
      // The module object itself (an `import * as` namespace is read-only), the one the app calls.
      const verify = jest.spyOn(jest.requireActual<typeof import('argon2')>('argon2'), 'verify');
      /** `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` -> its algorithm, version and costs. */
      const hashParameters = (hash: string) => {
        const [, algorithm, version, costs] = hash.split('$');
        return { algorithm, version, ...Object.fromEntries(costs.split(',').map((cost) => cost.split('='))) };
      };
      const workFor = async (email: string, password: string) => {
        verify.mockClear();
        await login({ email, password }).expect(401);
        return verify.mock.calls.map(([hash]) => hashParameters(hash));
      };
      try {
        // The stored hashes: argon2id, 19 MiB, 2 passes, 1 lane, as the README says.
        const [stored] = await subject.app
          .get(DataSource)
          .query('SELECT password_hash FROM staff_users WHERE id = $1', [analyst.user.id]);
        expect(hashParameters(stored.password_hash)).toEqual({
          algorithm: 'argon2id',
          version: 'v=19',
          m: '19456',
          t: '2',
          p: '1',
        });
        const expected = [hashParameters(stored.password_hash)];
        expect(await workFor('nobody-at-all@example.org', 'a wrong password')).toEqual(expected);
        expect(await workFor(analyst.email, 'a wrong password')).toEqual(expected);
        // A deactivated account is refused after checking its password, right or wrong.
        expect(await workFor(deactivated.email, TEST_PASSWORD)).toEqual(expected);
        expect(await workFor(deactivated.email, 'a wrong password')).toEqual(expected);
      } finally {
        verify.mockRestore();
      }
    });

    it('locks an account name after repeated failures, whether or not the account exists, then lets it in again', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      // Time stands still while the lock is tested, however slow the argon2 checks are.
      const frozen = Date.now();
      let restoreTime = timeStandsAt(frozen);
      for (let i = 0; i < 3; i++) await login({ email: analyst.email, password: 'wrong password' }).expect(401);
      for (let i = 0; i < 3; i++) await login({ email: 'ghost@example.org', password: 'wrong password' }).expect(401);

      const locked = await login({ email: analyst.email, password: TEST_PASSWORD }).expect(429);
      const ghost = await login({ email: 'ghost@example.org', password: 'wrong password' }).expect(429);
      expect((locked.body as Problem).type).toBe(ProblemType.TooManyAttempts);
      expect(locked.body.detail).toBe(ghost.body.detail);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(2);
      // Another account is not affected.
      const other = await newStaff(subject.app, StaffRole.Analyst);
      await login({ email: other.email, password: TEST_PASSWORD }).expect(200);
      restoreTime();

      // The lock ends after its 2 s: move the clocks on rather than wait (the logins above may
      // themselves have taken longer than the lock on a busy machine).
      restoreTime = timeStandsAt(Math.max(Date.now(), frozen + 2100));
      try {
        await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200);
      } finally {
        restoreTime();
      }
      // A success clears the count.
      for (let i = 0; i < 2; i++) await login({ email: analyst.email, password: 'wrong password' }).expect(401);
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200);
      // The counters hold neither the address nor an IP address.
      const keys = JSON.stringify(await subject.app.get(DataSource).query('SELECT key FROM rate_limits'));
      expect(keys).not.toContain(analyst.email);
      expect(keys).not.toContain('ghost');
      expect(keys).not.toContain('127.0.0.1');
    });

    it('refuses malformed input with 400 naming the field', async () => {
      const res = await login({ email: 'not-an-email', password: '' }).expect(400);
      const fields = (res.body as Problem).errors?.map((error) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
      await login({ email: 'a@example.org', password: 'x', otp: '12ab56' }).expect(400);
      await login({ email: 'a@example.org', password: 'x', role: 'admin' }).expect(400);
    });
  });

  describe('login throttling per IP address', () => {
    it('refuses further attempts from one address after its budget, with Retry-After', async () => {
      const other = await createTestDatabase();
      const app = await createTestApp({
        databaseUrl: other.url,
        env: { LOGIN_IP_MAX_ATTEMPTS: '4', LOGIN_LOCK_SECONDS: '60' },
      });
      try {
        const client = request(app.app.getHttpServer());
        for (let i = 0; i < 4; i++) {
          await client
            .post(`${API}/auth/login`)
            .send({ email: `user${i}@example.org`, password: 'pw pw pw pw' })
            .expect(401);
        }
        const refused = await client
          .post(`${API}/auth/login`)
          .send({ email: 'fresh@example.org', password: 'pw pw pw pw' })
          .expect(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      } finally {
        await app.close();
        await other.drop();
      }
    });
  });

  describe('second factor', () => {
    it('asks for the code once enrolled, refuses a wrong or replayed code, and accepts each recovery code once', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst, { totp: true });
      // Without the code, the right password is answered exactly like a wrong one.
      const missing = await login({ email: analyst.email, password: TEST_PASSWORD }).expect(401);
      const wrongPassword = await login({ email: analyst.email, password: 'not the password' }).expect(401);
      expect((missing.body as Problem).type).toBe(ProblemType.InvalidCredentials);
      expect({ ...missing.body, requestId: null }).toEqual({ ...wrongPassword.body, requestId: null });

      const code = nextCode(analyst);
      const wrongCode = code === '123456' ? '654321' : '123456';
      const wrong = await login({ email: analyst.email, password: TEST_PASSWORD, otp: wrongCode }).expect(401);
      expect((wrong.body as Problem).type).toBe(ProblemType.InvalidCredentials);
      await login({ email: analyst.email, password: TEST_PASSWORD, otp: code }).expect(200);
      await login({ email: analyst.email, password: TEST_PASSWORD, otp: code }).expect(401);

      const recovery = analyst.recoveryCodes![0];
      await login({ email: analyst.email, password: TEST_PASSWORD, recoveryCode: recovery.toUpperCase() }).expect(200);
      await login({ email: analyst.email, password: TEST_PASSWORD, recoveryCode: recovery }).expect(401);
    });

    it('can be turned off by roles that do not require it, and not by those that do', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst, { totp: true });
      const token = await sessionFor(subject.app, analyst);
      await http
        .post(`${API}/auth/mfa/totp/disable`)
        .set(bearer(token))
        .send({ password: TEST_PASSWORD, otp: nextCode(analyst) })
        .expect(204);
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200);

      const officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
      const officerToken = await sessionFor(subject.app, officer);
      await http
        .post(`${API}/auth/mfa/totp/disable`)
        .set(bearer(officerToken))
        .send({ password: TEST_PASSWORD, otp: nextCode(officer) })
        .expect(403);
    });

    it('is reset by an administrator, after which a required role must enrol again', async () => {
      const officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
      const before = await sessionFor(subject.app, officer);
      const reset = await http.post(`${API}/users/${officer.user.id}/mfa-reset`).set(bearer(adminToken)).expect(200);
      expect((reset.body as StaffUserDto).mfaEnabled).toBe(false);
      await http.get(`${API}/auth/me`).set(bearer(before)).expect(401);
      const res = await login({ email: officer.email, password: TEST_PASSWORD }).expect(200);
      expect((res.body as Tokens).mfaEnrolmentRequired).toBe(true);
    });
  });

  describe('sessions and tokens', () => {
    it('rotates refresh tokens, and a reused one ends the session', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const first = (await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200)).body as Tokens;
      const second = (await http.post(`${API}/auth/refresh`).send({ refreshToken: first.refreshToken }).expect(200))
        .body as Tokens;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.sessionExpiresAt).toBe(first.sessionExpiresAt);
      await http.get(`${API}/auth/me`).set(bearer(second.accessToken)).expect(200);

      const replay = await http.post(`${API}/auth/refresh`).send({ refreshToken: first.refreshToken }).expect(401);
      expect(replay.headers['content-type']).toContain('application/problem+json');
      await http.get(`${API}/auth/me`).set(bearer(second.accessToken)).expect(401);
      await http.post(`${API}/auth/refresh`).send({ refreshToken: second.refreshToken }).expect(401);
      await http.post(`${API}/auth/refresh`).send({ refreshToken: 'srt_not-a-real-token-at-all' }).expect(401);

      const rows = JSON.stringify(await subject.app.get(DataSource).query('SELECT * FROM staff_refresh_tokens'));
      expect(rows).not.toContain(first.refreshToken);
      expect(rows).not.toContain(second.refreshToken);
    });

    it('ends this session on logout, or every session with allSessions', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const a = (await login({ email: analyst.email, password: TEST_PASSWORD })).body as Tokens;
      const b = (await login({ email: analyst.email, password: TEST_PASSWORD })).body as Tokens;
      const c = (await login({ email: analyst.email, password: TEST_PASSWORD })).body as Tokens;
      await http.post(`${API}/auth/logout`).set(bearer(a.accessToken)).send({}).expect(204);
      await http.get(`${API}/auth/me`).set(bearer(a.accessToken)).expect(401);
      await http.post(`${API}/auth/refresh`).send({ refreshToken: a.refreshToken }).expect(401);
      await http.get(`${API}/auth/me`).set(bearer(b.accessToken)).expect(200);

      await http.post(`${API}/auth/logout`).set(bearer(b.accessToken)).send({ allSessions: true }).expect(204);
      await http.get(`${API}/auth/me`).set(bearer(c.accessToken)).expect(401);
      await http.post(`${API}/auth/refresh`).send({ refreshToken: c.refreshToken }).expect(401);
    });

    it('refuses forged, tampered, expired and foreign-algorithm tokens with 401 problem+json', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const valid = await sessionFor(subject.app, analyst);
      const [header, payload, signature] = valid.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const secret = subject.config.secrets.jwtSecret;
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const base = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, subject: String(claims.sub) };
      const session = { sid: claims.sid, ver: claims.ver };
      const forged = {
        'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        'payload changed': `${header}.${encode({ ...claims, sub: admin.user.id })}.${signature}`,
        'signature changed': `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('A') ? 'BB' : 'AA'}`,
        HS512: sign(session, secret, { ...base, algorithm: 'HS512', expiresIn: 600 }),
        'other secret': sign(session, 'x'.repeat(40), { ...base, algorithm: 'HS256', expiresIn: 600 }),
        expired: sign({ ...session, exp: Math.floor(Date.now() / 1000) - 60 }, secret, { ...base, algorithm: 'HS256' }),
        'wrong audience': sign(session, secret, {
          ...base,
          audience: 'someone-else',
          algorithm: 'HS256',
          expiresIn: 600,
        }),
        'wrong version': sign({ ...session, ver: 99 }, secret, { ...base, algorithm: 'HS256', expiresIn: 600 }),
        'not a JWT': 'hello',
      };
      for (const [name, token] of Object.entries(forged)) {
        const res = await http.get(`${API}/auth/me`).set(bearer(token));
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['www-authenticate']).toContain('Bearer');
      }
      await http.get(`${API}/auth/me`).set(bearer(valid)).expect(200);
      await http.get(`${API}/auth/me`).set({ Authorization: 'Basic abc' }).expect(401);
    });

    it('changing one’s password needs the current one, enforces 12 characters, and ends every session', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const token = await sessionFor(subject.app, analyst);
      const wrong = await http
        .post(`${API}/auth/password`)
        .set(bearer(token))
        .send({ currentPassword: 'not it', newPassword: 'a brand new password' })
        .expect(400);
      expect((wrong.body as Problem).errors?.[0].field).toBe('currentPassword');
      const short = await http
        .post(`${API}/auth/password`)
        .set(bearer(token))
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'elevenchars' })
        .expect(400);
      expect((short.body as Problem).errors?.[0].field).toBe('newPassword');
      await http
        .post(`${API}/auth/password`)
        .set(bearer(token))
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' })
        .expect(204);
      await http.get(`${API}/auth/me`).set(bearer(token)).expect(401);
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(401);
      await login({ email: analyst.email, password: 'a brand new password' }).expect(200);
    });
  });

  describe('administration of staff users', () => {
    it('creates, lists, reads and renames users; refuses duplicates, short passwords and unknown roles', async () => {
      const created = await http
        .post(`${API}/users`)
        .set(bearer(adminToken))
        .send({
          email: 'New.Analyst@Example.org',
          displayName: 'New Analyst',
          role: 'analyst',
          password: 'twelve chars',
        })
        .expect(201);
      const user = created.body as StaffUserDto;
      expect(user).toMatchObject({ email: 'new.analyst@example.org', role: 'analyst', active: true });
      expect(JSON.stringify(created.body)).not.toContain('twelve chars');
      expect(created.body).not.toHaveProperty('passwordHash');

      const dup = await http
        .post(`${API}/users`)
        .set(bearer(adminToken))
        .send({ email: 'new.analyst@example.org', displayName: 'Again', role: 'analyst', password: 'twelve chars' })
        .expect(409);
      expect(dup.headers['content-type']).toContain('application/problem+json');

      const short = await http
        .post(`${API}/users`)
        .set(bearer(adminToken))
        .send({ email: 'short@example.org', displayName: 'S', role: 'analyst', password: 'elevenchars' })
        .expect(400);
      expect((short.body as Problem).errors?.map((e) => e.field)).toEqual(['password']);
      const badRole = await http
        .post(`${API}/users`)
        .set(bearer(adminToken))
        .send({ email: 'role@example.org', displayName: 'R', role: 'superuser', password: 'twelve chars' })
        .expect(400);
      expect((badRole.body as Problem).errors?.map((e) => e.field)).toEqual(['role']);
      const count = await subject.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM staff_users WHERE email IN ('short@example.org', 'role@example.org')`);
      expect(count[0].n).toBe(0);

      const list = await http.get(`${API}/users?role=analyst&limit=2`).set(bearer(adminToken)).expect(200);
      expect(list.body.items.length).toBeLessThanOrEqual(2);
      expect(list.body.items.every((u: StaffUserDto) => u.role === 'analyst')).toBe(true);
      expect(list.body.meta).toMatchObject({ page: 1, limit: 2 });
      await http.get(`${API}/users?role=superuser`).set(bearer(adminToken)).expect(400);

      await http.get(`${API}/users/${user.id}`).set(bearer(adminToken)).expect(200);
      await http.get(`${API}/users/not-a-uuid`).set(bearer(adminToken)).expect(400);
      await http.get(`${API}/users/00000000-0000-4000-8000-000000000000`).set(bearer(adminToken)).expect(404);
      const renamed = await http
        .patch(`${API}/users/${user.id}`)
        .set(bearer(adminToken))
        .send({ displayName: 'Renamed' })
        .expect(200);
      expect(renamed.body.displayName).toBe('Renamed');
    });

    it('an administrator sets a new password for someone: the old one stops working and their sessions end', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const first = (await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200)).body as Tokens;
      const second = (await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200)).body as Tokens;
      await http.get(`${API}/auth/me`).set(bearer(first.accessToken)).expect(200);

      const short = await http
        .post(`${API}/users/${analyst.user.id}/password`)
        .set(bearer(adminToken))
        .send({ password: 'elevenchars' })
        .expect(400);
      expect((short.body as Problem).errors?.map((e) => e.field)).toEqual(['password']);
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200);
      await http
        .post(`${API}/users/00000000-0000-4000-8000-000000000000/password`)
        .set(bearer(adminToken))
        .send({ password: 'a password set by the admin' })
        .expect(404);
      // Only administrators reach the route, so nobody else sets a colleague's password.
      const colleague = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.Analyst));
      await http
        .post(`${API}/users/${analyst.user.id}/password`)
        .set(bearer(colleague))
        .send({ password: 'a password set by a colleague' })
        .expect(403);

      await http
        .post(`${API}/users/${analyst.user.id}/password`)
        .set(bearer(adminToken))
        .send({ password: 'a password set by the admin' })
        .expect(204);
      for (const tokens of [first, second]) {
        await http.get(`${API}/auth/me`).set(bearer(tokens.accessToken)).expect(401);
        await http.post(`${API}/auth/refresh`).send({ refreshToken: tokens.refreshToken }).expect(401);
      }
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(401);
      await login({ email: analyst.email, password: 'a password set by the admin' }).expect(200);
      // The administrator's own session is untouched.
      await http.get(`${API}/auth/me`).set(bearer(adminToken)).expect(200);
      const audit = await subject.app
        .get(DataSource)
        .query(`SELECT action, actor_id FROM audit_events WHERE resource_id = $1 AND action LIKE 'user.password%'`, [
          analyst.user.id,
        ]);
      expect(audit).toEqual([{ action: 'user.password_reset', actor_id: admin.user.id }]);
      const rows = JSON.stringify(await subject.app.get(DataSource).query('SELECT * FROM audit_events'));
      expect(rows).not.toContain('a password set by the admin');
      expect(subject.log.text).not.toContain('a password set by the admin');
    });

    it('deactivation and role changes take effect at once, also for tokens already issued', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const tokens = (await login({ email: analyst.email, password: TEST_PASSWORD })).body as Tokens;
      await http.get(`${API}/auth/me`).set(bearer(tokens.accessToken)).expect(200);

      await http
        .patch(`${API}/users/${analyst.user.id}`)
        .set(bearer(adminToken))
        .send({ role: 'management' })
        .expect(200);
      await http.get(`${API}/auth/me`).set(bearer(tokens.accessToken)).expect(401);
      await http.post(`${API}/auth/refresh`).send({ refreshToken: tokens.refreshToken }).expect(401);
      const relogged = (await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200)).body as Tokens;
      expect(relogged.user.role).toBe('management');

      await http.patch(`${API}/users/${analyst.user.id}`).set(bearer(adminToken)).send({ active: false }).expect(200);
      await http.get(`${API}/auth/me`).set(bearer(relogged.accessToken)).expect(401);
      const refused = await login({ email: analyst.email, password: TEST_PASSWORD }).expect(401);
      expect((refused.body as Problem).type).toBe(ProblemType.InvalidCredentials);

      await http.patch(`${API}/users/${analyst.user.id}`).set(bearer(adminToken)).send({ active: true }).expect(200);
      await login({ email: analyst.email, password: TEST_PASSWORD }).expect(200);

      const audit = await subject.app
        .get(DataSource)
        .query(`SELECT action, details FROM audit_events WHERE resource_id = $1 ORDER BY seq`, [analyst.user.id]);
      expect(audit.map((e: { action: string }) => e.action)).toEqual([
        'user.created',
        'user.role_changed',
        'user.deactivated',
        'user.reactivated',
      ]);
      expect(audit[1].details).toMatchObject({ roleFrom: 'analyst', roleTo: 'management' });
    });

    it('nobody changes their own role or deactivates themselves', async () => {
      const res = await http
        .patch(`${API}/users/${admin.user.id}`)
        .set(bearer(adminToken))
        .send({ role: 'analyst' })
        .expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      await http.patch(`${API}/users/${admin.user.id}`).set(bearer(adminToken)).send({ active: false }).expect(403);
      // Non-administrators cannot reach the user routes at all, so they cannot raise their own role.
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const token = await sessionFor(subject.app, analyst);
      await http.patch(`${API}/users/${analyst.user.id}`).set(bearer(token)).send({ role: 'admin' }).expect(403);
      const me = await http.get(`${API}/auth/me`).set(bearer(token)).expect(200);
      expect(me.body.role).toBe('analyst');
    });

    it('two administrators demoting each other at once cannot leave the platform without one', async () => {
      const other = await newStaff(subject.app, StaffRole.Admin);
      const otherToken = await sessionFor(subject.app, other);
      // Only these two are administrators now.
      await subject.app
        .get(DataSource)
        .query(`UPDATE staff_users SET role = 'analyst' WHERE role = 'admin' AND id NOT IN ($1, $2)`, [
          admin.user.id,
          other.user.id,
        ]);
      const [a, b] = await Promise.all([
        http.patch(`${API}/users/${other.user.id}`).set(bearer(adminToken)).send({ role: 'analyst' }),
        http.patch(`${API}/users/${admin.user.id}`).set(bearer(otherToken)).send({ role: 'analyst' }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const admins = await subject.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM staff_users WHERE role = 'admin' AND active`);
      expect(admins[0].n).toBe(1);
      // Whoever lost the role logs in again; reset the suite's administrator for later tests.
      admin = await newStaff(subject.app, StaffRole.Admin);
      adminToken = await sessionFor(subject.app, admin);
    });
  });
});
