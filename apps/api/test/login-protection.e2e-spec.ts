import { ProblemType, type components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, TEST_PASSWORD, TestStaff, totpCode } from './utils/staff';

type Login = components['schemas']['LoginDto'];

const MAX_FAILURES = 3;
/** A code of the next time step (accepted: one step of drift), not the one enrolment used. */
const nextCode = (staff: TestStaff) => totpCode(staff.totpSecret!, new Date(Date.now() + 30_000));
/** A six-digit code that is not valid now for this secret. */
function wrongCode(staff: TestStaff): string {
  const valid = new Set([-1, 0, 1].map((step) => totpCode(staff.totpSecret!, new Date(Date.now() + step * 30_000))));
  let code = 100000;
  while (valid.has(String(code))) code += 1;
  return String(code);
}

/** An answer without what differs on every request anyway. */
function answer(res: { response: Response; data?: unknown; error?: unknown }): {
  status: number;
  body: unknown;
  retryAfter: boolean;
} {
  return {
    status: res.response.status,
    body: { ...((res.error ?? res.data) as object), requestId: null },
    retryAfter: res.response.headers.get('retry-after') !== null,
  };
}

describe('login protection: answers that reveal no password, and a lock that cannot keep out the second factor', () => {
  let db: TestDatabase;
  let subject: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({
      databaseUrl: db.url,
      // A long lock, so no test depends on the clock: nothing here waits for it to expire.
      env: { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: '600', LOGIN_IP_MAX_ATTEMPTS: '1000' },
    });
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  const login = (body: Login) => subject.api().POST('/api/v1/auth/login', { body });
  const failureReasons = async (userId: string): Promise<unknown[]> =>
    (
      await subject.app
        .get(DataSource)
        .query(
          `SELECT details FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure' AND actor_id = $1 ORDER BY seq`,
          [userId],
        )
    ).map((row: { details: { reason: string } }) => row.details.reason);

  it('answers the right password without its code exactly like a wrong password or an unknown account', async () => {
    const knowsPassword = await newStaff(subject.app, StaffRole.Analyst, { totp: true });
    const guesses = await newStaff(subject.app, StaffRole.Analyst, { totp: true });
    const withoutFactor = await newStaff(subject.app, StaffRole.Analyst, { totp: false });
    const refusals = [
      await login({ email: knowsPassword.email, password: TEST_PASSWORD }),
      await login({ email: guesses.email, password: 'not the password at all' }),
      await login({ email: withoutFactor.email, password: 'not the password at all' }),
      await login({ email: 'nobody-here@staff.example.org', password: 'not the password at all' }),
    ].map(answer);
    expect(refusals[0]).toMatchObject({
      status: 401,
      body: { type: ProblemType.InvalidCredentials },
    });
    for (const other of refusals.slice(1)) expect(other).toEqual(refusals[0]);

    // With a wrong code, too: the right password and a wrong one get the same answer.
    const rightPasswordWrongCode = answer(
      await login({ email: knowsPassword.email, password: TEST_PASSWORD, otp: wrongCode(knowsPassword) }),
    );
    const wrongPasswordWrongCode = answer(
      await login({ email: guesses.email, password: 'not the password at all', otp: wrongCode(guesses) }),
    );
    expect(rightPasswordWrongCode).toEqual(refusals[0]);
    expect(wrongPasswordWrongCode).toEqual(refusals[0]);

    // The lock does not tell them apart either: the right password without its code counts as a failure.
    for (let i = 2; i < MAX_FAILURES; i++) {
      expect((await login({ email: knowsPassword.email, password: TEST_PASSWORD })).response.status).toBe(401);
      expect((await login({ email: guesses.email, password: 'not the password at all' })).response.status).toBe(401);
    }
    const lockedA = answer(await login({ email: knowsPassword.email, password: TEST_PASSWORD }));
    const lockedB = answer(await login({ email: guesses.email, password: 'not the password at all' }));
    expect(lockedA).toMatchObject({ status: 429, retryAfter: true });
    expect(lockedB).toEqual(lockedA);

    // With the code, the right password signs in, even now.
    await answered(login({ email: knowsPassword.email, password: TEST_PASSWORD, otp: nextCode(knowsPassword) }), 200);
    expect(await failureReasons(knowsPassword.user.id)).toEqual(
      expect.arrayContaining(['second_factor_missing', 'wrong_otp']),
    );
  });

  it('lets the administrator with password and code in while an attacker keeps the name locked', async () => {
    const admin = await newStaff(subject.app, StaffRole.Admin);
    const attack = () => login({ email: admin.email, password: 'guessed password 123' });
    for (let i = 0; i < MAX_FAILURES; i++) await answered(attack(), 401);
    const locked = answer(await attack());
    expect(locked).toMatchObject({ status: 429, retryAfter: true });

    // The attacker's guesses, with or without a code, and the right password without a valid
    // code, all get the same 429.
    expect(
      answer(await login({ email: admin.email, password: 'guessed password 124', otp: wrongCode(admin) })),
    ).toEqual(locked);
    expect(answer(await login({ email: admin.email, password: TEST_PASSWORD }))).toEqual(locked);
    expect(answer(await login({ email: admin.email, password: TEST_PASSWORD, otp: wrongCode(admin) }))).toEqual(locked);
    for (let i = 0; i < 5; i++) await answered(attack(), 429);

    // The administrator, with password and code, gets in; the audit log says the lock was passed.
    const tokens = await dataOf(login({ email: admin.email, password: TEST_PASSWORD, otp: nextCode(admin) }));
    expect(tokens.accessToken).toEqual(expect.any(String));
    const [success] = await subject.app
      .get(DataSource)
      .query(`SELECT details FROM audit_events WHERE action = 'auth.login' AND outcome = 'success' AND actor_id = $1`, [
        admin.user.id,
      ]);
    expect(success.details).toMatchObject({ secondFactor: 'totp', passedAccountLock: true });
  });

  it('a recovery code passes the lock too', async () => {
    const officer = await newStaff(subject.app, StaffRole.PrivacyOfficer);
    for (let i = 0; i <= MAX_FAILURES; i++) await login({ email: officer.email, password: 'guessed password 1' });
    await answered(login({ email: officer.email, password: TEST_PASSWORD }), 429);
    await answered(
      login({ email: officer.email, password: TEST_PASSWORD, recoveryCode: officer.recoveryCodes![0] }),
      200,
    );
  });

  it('still limits password guessing: a locked account without a second factor stays locked, even to its password', async () => {
    const analyst = await newStaff(subject.app, StaffRole.Analyst, { totp: false });
    for (let i = 0; i < MAX_FAILURES; i++)
      await answered(login({ email: analyst.email, password: `guess number ${i}` }), 401);
    await answered(login({ email: analyst.email, password: TEST_PASSWORD }), 429);
    // A made-up code does not open the lock for an account that has no second factor.
    await answered(login({ email: analyst.email, password: TEST_PASSWORD, otp: '123456' }), 429);
    await answered(login({ email: analyst.email, password: TEST_PASSWORD, recoveryCode: 'abcd-efgh-jkmn' }), 429);
  });

  it('still limits code guessing: after too many wrong codes, even a valid code is refused for a while', async () => {
    const admin = await newStaff(subject.app, StaffRole.Admin);
    // Someone who knows the password guesses codes; the name locks, and so do code checks.
    for (let i = 0; i < MAX_FAILURES; i++) {
      await answered(login({ email: admin.email, password: TEST_PASSWORD, otp: wrongCode(admin) }), 401);
    }
    for (let i = 0; i < 3; i++) {
      await answered(login({ email: admin.email, password: TEST_PASSWORD, otp: wrongCode(admin) }), 429);
    }
    const refused = await login({ email: admin.email, password: TEST_PASSWORD, otp: nextCode(admin) });
    expect(refused.response.status).toBe(429);
    expect(await failureReasons(admin.user.id)).toContain('second_factor_locked');
  });

  it('codes sent with wrong passwords do not spend the code budget: an attacker without the password cannot lock the code out', async () => {
    const admin = await newStaff(subject.app, StaffRole.Admin);
    for (let i = 0; i < MAX_FAILURES * 3; i++) {
      const res = await login({ email: admin.email, password: `guessed password ${i}`, otp: wrongCode(admin) });
      expect(res.response.status).toBe(i < MAX_FAILURES ? 401 : 429);
    }
    await answered(login({ email: admin.email, password: TEST_PASSWORD, otp: nextCode(admin) }), 200);
  });
});
