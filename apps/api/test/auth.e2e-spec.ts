import { sign } from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { ProblemType, type components } from '@survey/api-client';
import { AuditService } from '../src/audit/audit.service';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/auth.service';
import { StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { PageQueryDto } from '../src/common/pagination';
import { UsersService } from '../src/users/users.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, TEST_PASSWORD, TestStaff, totpCode } from './utils/staff';

type Login = components['schemas']['LoginDto'];

/** A code for the next time step: the step a test just used is refused as a replay. */
const nextCode = (staff: TestStaff, steps = 1) => totpCode(staff.totpSecret!, new Date(Date.now() + steps * 30_000));

describe('staff authentication: first administrator, login, second factor and sessions', () => {
  let db: TestDatabase;
  let subject: TestApp;
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
    admin = await newStaff(subject.app, StaffRole.Admin);
    adminToken = await sessionFor(subject.app, admin);
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  // A test that fails while it has stopped the clocks must not leave them stopped for the next.
  afterEach(() => jest.restoreAllMocks());

  const as = (token?: string) => subject.api(token === undefined ? undefined : { staff: token });
  const login = (body: Login) => as().POST('/api/v1/auth/login', { body });
  const me = (token: string) => as(token).GET('/api/v1/auth/me');
  const refresh = (refreshToken: string) => as().POST('/api/v1/auth/refresh', { body: { refreshToken } });

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

      const tokens = await dataOf(login({ email: 'first.admin@example.org', password: 'first admin password' }));
      expect(tokens.mfaEnrolmentRequired).toBe(true);
      expect(tokens.user.role).toBe('admin');
      const enrolling = as(tokens.accessToken);

      const blocked = await problemOf(enrolling.GET('/api/v1/users'), 403);
      expect(blocked.type).toBe(ProblemType.MfaEnrolmentRequired);
      await answered(me(tokens.accessToken), 200);

      const setup = await dataOf(enrolling.POST('/api/v1/auth/mfa/totp/setup'));
      expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const confirm = (otp: string) => enrolling.POST('/api/v1/auth/mfa/totp/confirm', { body: { otp } });
      const wrong = await problemOf(confirm('000000' === totpCode(setup.secret) ? '111111' : '000000'), 400);
      expect(wrong.errors?.[0].field).toBe('otp');
      const confirmed = await dataOf(confirm(totpCode(setup.secret)));
      expect(confirmed.recoveryCodes).toHaveLength(10);
      await answered(enrolling.GET('/api/v1/users'), 200);

      // Recovery codes are stored hashed only.
      const [row] = await dataSource.query(
        `SELECT recovery_code_hashes, totp_secret FROM staff_users WHERE email = 'first.admin@example.org'`,
      );
      expect(row.recovery_code_hashes).toHaveLength(10);
      for (const code of confirmed.recoveryCodes) {
        expect(JSON.stringify(row)).not.toContain(code);
      }
      expect(row.totp_secret).not.toContain(setup.secret);

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
        await answered(
          app.api().POST('/api/v1/auth/login', {
            body: { email: 'admin@localhost', password: created!.generatedPassword! },
          }),
          200,
        );
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
      const { data: tokens, response } = await answered(
        login({ email: analyst.email.toUpperCase(), password: TEST_PASSWORD }),
        200,
      );
      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mfaEnrolmentRequired: false });
      expect(tokens!.refreshToken).toMatch(/^srt_/);
      const who = await dataOf(me(tokens!.accessToken));
      expect(who).toMatchObject({ id: analyst.user.id, role: 'analyst', mfaEnabled: false, mfaRequired: false });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('answers an unknown account and a wrong password identically, and audits both without the address', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const unknown = await answered(login({ email: 'nobody-here@example.org', password: 'whatever password' }), 401);
      const wrong = await problemOf(login({ email: analyst.email, password: 'not the password' }), 401);
      const strip = (body: object) => ({ ...body, requestId: undefined });
      expect(strip(unknown.error!)).toEqual(strip(wrong));
      expect(unknown.response.headers.get('content-type')).toContain('application/problem+json');

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
      await answered(
        as(adminToken).PATCH('/api/v1/users/{id}', {
          params: { path: { id: deactivated.user.id } },
          body: { active: false },
        }),
        200,
      );
      // The module object itself (an `import * as` namespace is read-only), the one the app calls.
      const verify = jest.spyOn(jest.requireActual<typeof import('argon2')>('argon2'), 'verify');
      /** `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` -> its algorithm, version and costs. */
      const hashParameters = (hash: string) => {
        const [, algorithm, version, costs] = hash.split('$');
        return { algorithm, version, ...Object.fromEntries(costs.split(',').map((cost) => cost.split('='))) };
      };
      const workFor = async (email: string, password: string) => {
        verify.mockClear();
        await answered(login({ email, password }), 401);
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
      for (let i = 0; i < 3; i++) await answered(login({ email: analyst.email, password: 'wrong password' }), 401);
      for (let i = 0; i < 3; i++)
        await answered(login({ email: 'ghost@example.org', password: 'wrong password' }), 401);

      const locked = await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 429);
      const ghost = await problemOf(login({ email: 'ghost@example.org', password: 'wrong password' }), 429);
      expect(locked.error!.type).toBe(ProblemType.TooManyAttempts);
      expect(locked.error!.detail).toBe(ghost.detail);
      expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(locked.response.headers.get('retry-after'))).toBeLessThanOrEqual(2);
      // Another account is not affected.
      const other = await newStaff(subject.app, StaffRole.Analyst);
      await answered(login({ email: other.email, password: TEST_PASSWORD }), 200);
      restoreTime();

      // The lock ends after its 2 s: move the clocks on rather than wait (the logins above may
      // themselves have taken longer than the lock on a busy machine).
      restoreTime = timeStandsAt(Math.max(Date.now(), frozen + 2100));
      try {
        await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 200);
      } finally {
        restoreTime();
      }
      // A success clears the count.
      for (let i = 0; i < 2; i++) await answered(login({ email: analyst.email, password: 'wrong password' }), 401);
      await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 200);
      // The counters hold neither the address nor an IP address.
      const keys = JSON.stringify(await subject.app.get(DataSource).query('SELECT key FROM rate_limits'));
      expect(keys).not.toContain(analyst.email);
      expect(keys).not.toContain('ghost');
      expect(keys).not.toContain('127.0.0.1');
    });

    it('refuses malformed input with 400 naming the field', async () => {
      const problem = await problemOf(login({ email: 'not-an-email', password: '' }), 400);
      const fields = problem.errors?.map((error) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
      await answered(login({ email: 'a@example.org', password: 'x', otp: '12ab56' }), 400);
      await answered(login({ email: 'a@example.org', password: 'x', role: 'admin' } as Login), 400);
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
        const attempt = (email: string) =>
          app.api().POST('/api/v1/auth/login', { body: { email, password: 'pw pw pw pw' } });
        for (let i = 0; i < 4; i++) {
          await answered(attempt(`user${i}@example.org`), 401);
        }
        const refused = await answered(attempt('fresh@example.org'), 429);
        expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(50);
        expect(refused.response.headers.get('content-type')).toContain('application/problem+json');
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
      const missing = await problemOf(login({ email: analyst.email, password: TEST_PASSWORD }), 401);
      const wrongPassword = await problemOf(login({ email: analyst.email, password: 'not the password' }), 401);
      expect(missing.type).toBe(ProblemType.InvalidCredentials);
      expect({ ...missing, requestId: null }).toEqual({ ...wrongPassword, requestId: null });

      const code = nextCode(analyst);
      const wrongCode = code === '123456' ? '654321' : '123456';
      const wrong = await problemOf(login({ email: analyst.email, password: TEST_PASSWORD, otp: wrongCode }), 401);
      expect(wrong.type).toBe(ProblemType.InvalidCredentials);
      await answered(login({ email: analyst.email, password: TEST_PASSWORD, otp: code }), 200);
      await answered(login({ email: analyst.email, password: TEST_PASSWORD, otp: code }), 401);

      const recovery = analyst.recoveryCodes![0];
      await answered(
        login({ email: analyst.email, password: TEST_PASSWORD, recoveryCode: recovery.toUpperCase() }),
        200,
      );
      await answered(login({ email: analyst.email, password: TEST_PASSWORD, recoveryCode: recovery }), 401);
    });

    it('can be turned off by roles that do not require it, and not by those that do', async () => {
      const disable = (token: string, staff: TestStaff) =>
        as(token).POST('/api/v1/auth/mfa/totp/disable', { body: { password: TEST_PASSWORD, otp: nextCode(staff) } });
      const analyst = await newStaff(subject.app, StaffRole.Analyst, { totp: true });
      await answered(disable(await sessionFor(subject.app, analyst), analyst), 204);
      await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 200);

      const officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
      await answered(disable(await sessionFor(subject.app, officer), officer), 403);
    });

    it('is reset by an administrator, after which a required role must enrol again', async () => {
      const officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
      const before = await sessionFor(subject.app, officer);
      const reset = await dataOf(
        as(adminToken).POST('/api/v1/users/{id}/mfa-reset', { params: { path: { id: officer.user.id } } }),
      );
      expect(reset.mfaEnabled).toBe(false);
      await answered(me(before), 401);
      const tokens = await dataOf(login({ email: officer.email, password: TEST_PASSWORD }));
      expect(tokens.mfaEnrolmentRequired).toBe(true);
    });
  });

  describe('sessions and tokens', () => {
    it('rotates refresh tokens, and a reused one ends the session', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const first = await dataOf(login({ email: analyst.email, password: TEST_PASSWORD }));
      const second = await dataOf(refresh(first.refreshToken));
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.sessionExpiresAt).toBe(first.sessionExpiresAt);
      await answered(me(second.accessToken), 200);

      const replay = await answered(refresh(first.refreshToken), 401);
      expect(replay.response.headers.get('content-type')).toContain('application/problem+json');
      await answered(me(second.accessToken), 401);
      await answered(refresh(second.refreshToken), 401);
      await answered(refresh('srt_not-a-real-token-at-all'), 401);

      const rows = JSON.stringify(await subject.app.get(DataSource).query('SELECT * FROM staff_refresh_tokens'));
      expect(rows).not.toContain(first.refreshToken);
      expect(rows).not.toContain(second.refreshToken);
    });

    it('ends this session on logout, or every session with allSessions', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const signIn = async () => (await login({ email: analyst.email, password: TEST_PASSWORD })).data!;
      const a = await signIn();
      const b = await signIn();
      const c = await signIn();
      await answered(as(a.accessToken).POST('/api/v1/auth/logout', { body: {} }), 204);
      await answered(me(a.accessToken), 401);
      await answered(refresh(a.refreshToken), 401);
      await answered(me(b.accessToken), 200);

      await answered(as(b.accessToken).POST('/api/v1/auth/logout', { body: { allSessions: true } }), 204);
      await answered(me(c.accessToken), 401);
      await answered(refresh(c.refreshToken), 401);
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
        const { response } = await me(token);
        expect({ name, status: response.status }).toEqual({ name, status: 401 });
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
      }
      await answered(me(valid), 200);
      await answered(as().GET('/api/v1/auth/me', { headers: { Authorization: 'Basic abc' } }), 401);
    });

    it('changing one’s password needs the current one, enforces 12 characters, and ends every session', async () => {
      const analyst = await newStaff(subject.app, StaffRole.Analyst);
      const token = await sessionFor(subject.app, analyst);
      const change = (currentPassword: string, newPassword: string) =>
        as(token).POST('/api/v1/auth/password', { body: { currentPassword, newPassword } });
      const wrong = await problemOf(change('not it', 'a brand new password'), 400);
      expect(wrong.errors?.[0].field).toBe('currentPassword');
      const short = await problemOf(change(TEST_PASSWORD, 'elevenchars'), 400);
      expect(short.errors?.[0].field).toBe('newPassword');
      await answered(change(TEST_PASSWORD, 'a brand new password'), 204);
      await answered(me(token), 401);
      await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 401);
      await answered(login({ email: analyst.email, password: 'a brand new password' }), 200);
    });
  });
});
