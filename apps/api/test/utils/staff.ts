import type { NestExpressApplication } from '@nestjs/platform-express';
import { Secret, TOTP } from 'otpauth';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import type { StaffPrincipal } from '../../src/auth/access.decorator';
import { AuthService } from '../../src/auth/auth.service';
import { ApiKeyScope, StaffRole } from '../../src/auth/roles';
import { StaffUser } from '../../src/users/staff-user.entity';
import { UsersService } from '../../src/users/users.service';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestStaff {
  user: StaffUser;
  email: string;
  password: string;
  /** Base32 TOTP secret when a second factor is enrolled. */
  totpSecret?: string;
  recoveryCodes?: string[];
}

let counter = 0;

/** The current code of an authenticator holding this secret. */
export function totpCode(secret: string, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}

/**
 * A staff member made through the services (as an administrator would), with a TOTP second
 * factor enrolled when asked or when the role requires it.
 */
export async function newStaff(
  app: NestExpressApplication,
  role: StaffRole,
  options: { totp?: boolean; email?: string; password?: string } = {},
): Promise<TestStaff> {
  const email = options.email ?? `${role.replace('_', '-')}-${++counter}-${randomUUID().slice(0, 8)}@staff.example.org`;
  const password = options.password ?? TEST_PASSWORD;
  let user = await app.get(UsersService).create({ email, displayName: `Test ${role}`, role, password });
  const wantsTotp = options.totp ?? (role === StaffRole.Admin || role === StaffRole.PrivacyOfficer);
  if (!wantsTotp) return { user, email, password };
  const auth = app.get(AuthService);
  const enrolling: StaffPrincipal = { kind: 'staff', userId: user.id, role, sessionId: randomUUID(), mfaPending: true };
  const { secret } = await auth.setupTotp(enrolling);
  const recoveryCodes = await auth.confirmTotp(enrolling, totpCode(secret));
  user = await app.get(UsersService).getById(user.id);
  return { user, email, password, totpSecret: secret, recoveryCodes };
}

/** A fresh session for the staff member, as a successful login would open, without the HTTP round trip. */
export async function sessionFor(app: NestExpressApplication, staff: TestStaff): Promise<string> {
  const user = await app.get(UsersService).getById(staff.user.id);
  const tokens = await app.get(AuthService).openSession(user);
  return tokens.accessToken;
}

export interface TestApiKey {
  id: string;
  secret: string;
}

/** An API key made as an administrator would make it. */
export async function newApiKey(
  app: NestExpressApplication,
  creator: TestStaff,
  scopes: ApiKeyScope[],
  surveyIds: string[],
  options: { expired?: boolean; revoked?: boolean } = {},
): Promise<TestApiKey> {
  const keys = app.get(ApiKeysService);
  const { key, secret } = await keys.create(creator.user.id, {
    name: `test key ${scopes.join('+')}`,
    scopes,
    surveyIds,
    expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
  });
  if (options.expired) {
    await app
      .get(DataSource)
      .query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [key.id]);
  }
  if (options.revoked) await keys.revoke(key.id);
  return { id: key.id, secret };
}
