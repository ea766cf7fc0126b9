import { ProblemType } from '@survey/api-client';
import { UsersService } from '../src/users/users.service';
import { createTestApp, type TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, type TestDatabase } from './utils/database';

/*
 * The first administrator's generated password: POST /auth/login, GET /auth/me, POST /auth/password,
 * and any other staff route (GET /users, GET /surveys) while the password has not been changed.
 */
describe('a generated password must be changed at first login', () => {
  let db: TestDatabase;
  let t: TestApp;
  let generated: string;

  const login = (password: string) =>
    t.api().POST('/api/v1/auth/login', { body: { email: 'admin@localhost', password } });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url });
    const created = await t.app.get(UsersService).ensureFirstAdministrator();
    generated = created!.generatedPassword!;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lets the session read who it is and change the password, and refuses everything else with its type', async () => {
    const tokens = await dataOf(login(generated));
    expect(tokens.user.passwordChangeRequired).toBe(true);
    const first = t.api({ staff: tokens.accessToken });
    expect((await dataOf(first.GET('/api/v1/auth/me'))).passwordChangeRequired).toBe(true);
    for (const refused of [first.GET('/api/v1/users'), first.GET('/api/v1/audit-events')]) {
      expect((await problemOf(refused, 403)).type).toBe(ProblemType.PasswordChangeRequired);
    }

    // A too-short password is refused naming the field, and changes nothing.
    const short = await problemOf(
      first.POST('/api/v1/auth/password', { body: { currentPassword: generated, newPassword: 'short' } }),
      400,
    );
    expect(short.errors?.map((e) => e.field)).toEqual(['newPassword']);
    expect((await dataOf(first.GET('/api/v1/auth/me'))).passwordChangeRequired).toBe(true);

    const chosen = 'a password of my own choosing';
    await answered(
      first.POST('/api/v1/auth/password', { body: { currentPassword: generated, newPassword: chosen } }),
      204,
    );
    // Changing it ends the session; the next one no longer has to change it, and goes on to the
    // second factor an administrator needs.
    await answered(first.GET('/api/v1/auth/me'), 401);
    await answered(login(generated), 401);
    const again = await dataOf(login(chosen));
    expect(again.user.passwordChangeRequired).toBe(false);
    const next = await problemOf(t.api({ staff: again.accessToken }).GET('/api/v1/users'), 403);
    expect(next.type).toBe(ProblemType.MfaEnrolmentRequired);
  });

  it('is asked again after an operator recovers the account with a new generated password', async () => {
    const recovered = await t.app.get(UsersService).recoverAccount('admin@localhost');
    const tokens = await dataOf(login(recovered));
    expect(tokens.user.passwordChangeRequired).toBe(true);
    const refused = await problemOf(t.api({ staff: tokens.accessToken }).GET('/api/v1/users'), 403);
    expect(refused.type).toBe(ProblemType.PasswordChangeRequired);
  });

  it('is not asked of a first administrator whose password came from the environment', async () => {
    const other = await createTestDatabase();
    const app = await createTestApp({
      databaseUrl: other.url,
      env: { INITIAL_ADMIN_EMAIL: 'chosen@example.org', INITIAL_ADMIN_PASSWORD: 'chosen by the operator' },
    });
    try {
      await app.app.get(UsersService).ensureFirstAdministrator();
      const tokens = await dataOf(
        app.api().POST('/api/v1/auth/login', {
          body: { email: 'chosen@example.org', password: 'chosen by the operator' },
        }),
      );
      expect(tokens.user.passwordChangeRequired).toBe(false);
      expect(tokens.mfaEnrolmentRequired).toBe(true);
    } finally {
      await app.close();
      await other.drop();
    }
  });
});
