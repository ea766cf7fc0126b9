import { DataSource } from 'typeorm';
import { ProblemType, type components } from '@survey/api-client';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { newStaff, sessionFor, TEST_PASSWORD, TestStaff } from './utils/staff';

type CreateStaffUser = components['schemas']['CreateStaffUserDto'];
type UpdateStaffUser = components['schemas']['UpdateStaffUserDto'];
type Role = components['schemas']['StaffRole'];

describe('administration of staff users', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let admin: TestStaff;
  let adminToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    subject = await createTestApp({ databaseUrl: db.url });
    admin = await newStaff(subject.app, StaffRole.Admin);
    adminToken = await sessionFor(subject.app, admin);
  });

  afterAll(async () => {
    await subject?.close();
    await db?.drop();
  });

  const as = (token?: string) => subject.api(token === undefined ? undefined : { staff: token });
  const login = (email: string, password: string) => as().POST('/api/v1/auth/login', { body: { email, password } });
  const me = (token: string) => as(token).GET('/api/v1/auth/me');
  const refresh = (refreshToken: string) => as().POST('/api/v1/auth/refresh', { body: { refreshToken } });
  const user = (id: string) => ({ params: { path: { id } } });
  const createUser = (body: CreateStaffUser) => as(adminToken).POST('/api/v1/users', { body });
  const updateUser = (id: string, body: UpdateStaffUser, token = adminToken) =>
    as(token).PATCH('/api/v1/users/{id}', { ...user(id), body });
  const setPassword = (id: string, password: string, token = adminToken) =>
    as(token).POST('/api/v1/users/{id}/password', { ...user(id), body: { password } });

  it('creates, lists, reads and renames users; refuses duplicates, short passwords and unknown roles', async () => {
    const created = await dataOf(
      createUser({
        email: 'New.Analyst@Example.org',
        displayName: 'New Analyst',
        role: 'analyst',
        password: 'twelve chars',
      }),
      201,
    );
    expect(created).toMatchObject({ email: 'new.analyst@example.org', role: 'analyst', active: true });
    expect(JSON.stringify(created)).not.toContain('twelve chars');
    expect(created).not.toHaveProperty('passwordHash');

    const dup = await answered(
      createUser({ email: 'new.analyst@example.org', displayName: 'Again', role: 'analyst', password: 'twelve chars' }),
      409,
    );
    expect(dup.response.headers.get('content-type')).toContain('application/problem+json');

    const short = await problemOf(
      createUser({ email: 'short@example.org', displayName: 'S', role: 'analyst', password: 'elevenchars' }),
      400,
    );
    expect(short.errors?.map((e) => e.field)).toEqual(['password']);
    const badRole = await problemOf(
      createUser({ email: 'role@example.org', displayName: 'R', role: 'superuser' as Role, password: 'twelve chars' }),
      400,
    );
    expect(badRole.errors?.map((e) => e.field)).toEqual(['role']);
    const count = await subject.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM staff_users WHERE email IN ('short@example.org', 'role@example.org')`);
    expect(count[0].n).toBe(0);

    const list = (query: { role?: Role; limit?: number }) => as(adminToken).GET('/api/v1/users', { params: { query } });
    const analysts = await dataOf(list({ role: 'analyst', limit: 2 }));
    expect(analysts.items.length).toBeLessThanOrEqual(2);
    expect(analysts.items.every((u) => u.role === 'analyst')).toBe(true);
    expect(analysts.meta).toMatchObject({ page: 1, limit: 2 });
    await answered(list({ role: 'superuser' as Role }), 400);

    await answered(as(adminToken).GET('/api/v1/users/{id}', user(created.id)), 200);
    await answered(as(adminToken).GET('/api/v1/users/{id}', user('not-a-uuid')), 400);
    await answered(as(adminToken).GET('/api/v1/users/{id}', user('00000000-0000-4000-8000-000000000000')), 404);
    const renamed = await dataOf(updateUser(created.id, { displayName: 'Renamed' }));
    expect(renamed.displayName).toBe('Renamed');
  });

  it('an administrator sets a new password for someone: the old one stops working and their sessions end', async () => {
    const analyst = await newStaff(subject.app, StaffRole.Analyst);
    const first = await dataOf(login(analyst.email, TEST_PASSWORD));
    const second = await dataOf(login(analyst.email, TEST_PASSWORD));
    await answered(me(first.accessToken), 200);

    const short = await problemOf(setPassword(analyst.user.id, 'elevenchars'), 400);
    expect(short.errors?.map((e) => e.field)).toEqual(['password']);
    await answered(login(analyst.email, TEST_PASSWORD), 200);
    await answered(setPassword('00000000-0000-4000-8000-000000000000', 'a password set by the admin'), 404);
    // Only administrators reach the route, so nobody else sets a colleague's password.
    const colleague = await sessionFor(subject.app, await newStaff(subject.app, StaffRole.Analyst));
    await answered(setPassword(analyst.user.id, 'a password set by a colleague', colleague), 403);

    await answered(setPassword(analyst.user.id, 'a password set by the admin'), 204);
    for (const tokens of [first, second]) {
      await answered(me(tokens.accessToken), 401);
      await answered(refresh(tokens.refreshToken), 401);
    }
    await answered(login(analyst.email, TEST_PASSWORD), 401);
    await answered(login(analyst.email, 'a password set by the admin'), 200);
    // The administrator's own session is untouched.
    await answered(me(adminToken), 200);
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
    const tokens = (await login(analyst.email, TEST_PASSWORD)).data!;
    await answered(me(tokens.accessToken), 200);

    await answered(updateUser(analyst.user.id, { role: 'management' }), 200);
    await answered(me(tokens.accessToken), 401);
    await answered(refresh(tokens.refreshToken), 401);
    const relogged = await dataOf(login(analyst.email, TEST_PASSWORD));
    expect(relogged.user.role).toBe('management');

    await answered(updateUser(analyst.user.id, { active: false }), 200);
    await answered(me(relogged.accessToken), 401);
    const refused = await problemOf(login(analyst.email, TEST_PASSWORD), 401);
    expect(refused.type).toBe(ProblemType.InvalidCredentials);

    await answered(updateUser(analyst.user.id, { active: true }), 200);
    await answered(login(analyst.email, TEST_PASSWORD), 200);

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
    const res = await answered(updateUser(admin.user.id, { role: 'analyst' }), 403);
    expect(res.response.headers.get('content-type')).toContain('application/problem+json');
    await answered(updateUser(admin.user.id, { active: false }), 403);
    // Non-administrators cannot reach the user routes at all, so they cannot raise their own role.
    const analyst = await newStaff(subject.app, StaffRole.Analyst);
    const token = await sessionFor(subject.app, analyst);
    await answered(updateUser(analyst.user.id, { role: 'admin' }, token), 403);
    const who = await dataOf(me(token));
    expect(who.role).toBe('analyst');
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
      updateUser(other.user.id, { role: 'analyst' }),
      updateUser(admin.user.id, { role: 'analyst' }, otherToken),
    ]);
    const statuses = [a.response.status, b.response.status].sort();
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
