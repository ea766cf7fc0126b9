import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generatePassword, hashPassword } from '../auth/passwords';
import { StaffRole } from '../auth/roles';
import { Clock } from '../common/clock';
import { conflict, forbidden, notFound } from '../common/errors';
import { Page, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { NO_SECOND_FACTOR, StaffUser } from './staff-user.entity';
import { CreateStaffUserDto, StaffUserQueryDto, UpdateStaffUserDto } from './users.dto';
import { UsersRepository } from './users.repository';

const UNIQUE_VIOLATION = '23505';

/** What the identity provider vouched for at a single sign-on. */
export interface SsoIdentity {
  subject: string;
  email: string;
  displayName: string;
  /** The role the person's groups map to; null when none maps (the account then loses access). */
  role: StaffRole | null;
}

/** The account after a single sign-on, or why it may not sign in. */
export type SsoAccount =
  | { user: StaffUser; created: boolean; roleChanged: boolean }
  | { refused: 'no_mapped_role' | 'inactive_account' | 'last_administrator' | 'subject_mismatch' };

export interface FirstAdministrator {
  email: string;
  /** Set only when the password was generated: print it once, it is stored nowhere readable. */
  generatedPassword?: string;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  findByEmail(email: string): Promise<StaffUser | null> {
    return this.users.findOne({ email: email.trim().toLowerCase() });
  }

  findBySsoSubject(subject: string): Promise<StaffUser | null> {
    return this.users.findOne({ oidcSubject: subject });
  }

  findById(id: string, tx?: EntityManager): Promise<StaffUser | null> {
    return this.users.findOne({ id }, tx);
  }

  async getById(id: string): Promise<StaffUser> {
    const user = await this.findById(id);
    if (!user) throw notFound('No staff user has this id.');
    return user;
  }

  async list(query: StaffUserQueryDto): Promise<Page<StaffUser>> {
    const where = {
      ...(query.role ? { role: query.role } : {}),
      ...(query.active !== undefined ? { active: query.active } : {}),
    };
    const [items, total] = await this.users.findPage(where, query);
    return toPage(items, total, query);
  }

  async create(dto: CreateStaffUserDto): Promise<StaffUser> {
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.transactions.run(async (manager) => {
        const user = await this.users.save(
          {
            email: dto.email,
            displayName: dto.displayName,
            role: dto.role,
            passwordHash,
            passwordChangedAt: this.clock.now(),
          },
          manager,
        );
        await this.audit.record(
          { action: 'user.created', resourceType: 'staff_user', resourceId: user.id, details: { role: user.role } },
          manager,
        );
        return user;
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict('A staff user with this e-mail address already exists.');
      }
      throw error;
    }
  }

  /**
   * Changes name, role or active state. Nobody changes their own role or deactivates
   * themselves, and the last active administrator stays one. A role change or deactivation
   * raises the token version, which ends the user's sessions and access tokens at once.
   */
  async update(actorId: string, id: string, dto: UpdateStaffUserDto): Promise<StaffUser> {
    return this.transactions.run(async (manager) => {
      if (dto.role !== undefined || dto.active !== undefined) await this.users.lockRoleChanges(manager);
      const user = await this.lockUser(manager, id);
      const roleChanges = dto.role !== undefined && dto.role !== user.role;
      const activeChanges = dto.active !== undefined && dto.active !== user.active;
      if (actorId === id && (roleChanges || activeChanges)) {
        throw forbidden('You cannot change your own role or deactivate your own account.');
      }
      const losesAdmin =
        user.role === StaffRole.Admin &&
        user.active &&
        ((roleChanges && dto.role !== StaffRole.Admin) || dto.active === false);
      if (losesAdmin) await this.assertAnotherActiveAdmin(manager, id);

      const changed: string[] = [];
      if (dto.displayName !== undefined && dto.displayName !== user.displayName) {
        user.displayName = dto.displayName;
        changed.push('displayName');
      }
      const previousRole = user.role;
      if (roleChanges) {
        user.role = dto.role!;
        changed.push('role');
      }
      if (activeChanges) {
        user.active = dto.active!;
        changed.push('active');
      }
      if (roleChanges || activeChanges) user.tokenVersion += 1;
      if (changed.length === 0) return user;
      const saved = await this.users.save(user, manager);
      const action = activeChanges
        ? user.active
          ? 'user.reactivated'
          : 'user.deactivated'
        : roleChanges
          ? 'user.role_changed'
          : 'user.updated';
      await this.audit.record(
        {
          action,
          resourceType: 'staff_user',
          resourceId: id,
          details: { changedFields: changed, ...(roleChanges ? { roleFrom: previousRole, roleTo: user.role } : {}) },
        },
        manager,
      );
      return saved;
    });
  }

  /** An administrator sets a new password (the person forgot theirs); their sessions end. */
  async setPassword(actorId: string, id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, id);
      await this.writePassword(manager, user, passwordHash);
      await this.audit.record(
        {
          action: actorId === id ? 'user.password_changed' : 'user.password_reset',
          resourceType: 'staff_user',
          resourceId: id,
        },
        manager,
      );
    });
  }

  /** Removes a lost second factor; the person enrols a new one at next login if the role needs it. */
  async resetMfa(id: string): Promise<StaffUser> {
    return this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, id);
      Object.assign(user, NO_SECOND_FACTOR);
      user.tokenVersion += 1;
      const saved = await this.users.save(user, manager);
      await this.audit.record({ action: 'user.mfa_reset', resourceType: 'staff_user', resourceId: id }, manager);
      return saved;
    });
  }

  /** Saves changes made to a user loaded (and locked) in the transaction `tx`. */
  save(user: StaffUser, tx: EntityManager): Promise<StaffUser> {
    return this.users.save(user, tx);
  }

  async recordLogin(id: string, tx?: EntityManager): Promise<void> {
    await this.users.update(id, { lastLoginAt: this.clock.now() }, tx);
  }

  /** Ends every session and access token of the user (their token version goes up). */
  endAllSessions(id: string, tx?: EntityManager): Promise<void> {
    return this.users.incrementTokenVersion(id, tx);
  }

  async removeSecondFactor(id: string, tx?: EntityManager): Promise<void> {
    await this.users.update(id, NO_SECOND_FACTOR, tx);
  }

  /** Remembers a TOTP time step as used; false when it (or a later one) was used already. */
  acceptTotpStep(id: string, step: number, tx?: EntityManager): Promise<boolean> {
    return this.users.advanceTotpStep(id, step, tx);
  }

  /** Uses up the recovery code with this hash; false when the user has no such code left. */
  useRecoveryCode(id: string, hash: string, tx?: EntityManager): Promise<boolean> {
    return this.users.removeRecoveryCode(id, hash, tx);
  }

  async writePassword(manager: EntityManager, user: StaffUser, passwordHash: string): Promise<void> {
    user.passwordHash = passwordHash;
    user.passwordChangedAt = this.clock.now();
    // A password someone chose: the generated one no longer has to be changed.
    user.mustChangePassword = false;
    user.tokenVersion += 1;
    await this.users.save(user, manager);
  }

  /**
   * Brings the account of a person the identity provider vouched for in line with what it says:
   * the account is found by the provider's subject, else linked by e-mail address, else created
   * (just in time) with the mapped role. A changed role is taken over and raises the token
   * version, which ends the person's older sessions; no mapped role deactivates the account. An
   * account deactivated here or by an administrator stays deactivated (an administrator
   * reactivates it), and the last active administrator keeps that role.
   */
  async syncSsoAccount(identity: SsoIdentity): Promise<SsoAccount> {
    return this.transactions.run(async (manager) => {
      await this.users.lockRoleChanges(manager);
      const email = identity.email.trim().toLowerCase();
      const found =
        (await this.users.findOne({ oidcSubject: identity.subject }, manager)) ??
        (await this.users.findOne({ email }, manager));
      const user = found ? await this.lockUser(manager, found.id) : null;
      if (user && user.oidcSubject !== null && user.oidcSubject !== identity.subject) {
        return { refused: 'subject_mismatch' as const };
      }
      if (identity.role === null) {
        if (user?.active) {
          if (user.role === StaffRole.Admin && (await this.users.countOtherActiveAdmins(user.id, manager)) === 0) {
            return { refused: 'last_administrator' as const };
          }
          user.active = false;
          user.tokenVersion += 1;
          await this.users.save(user, manager);
          await this.audit.record(
            {
              action: 'user.sso_deactivated',
              resourceType: 'staff_user',
              resourceId: user.id,
              actor: { type: 'system', id: null },
              details: { roleFrom: user.role },
            },
            manager,
          );
        }
        return { refused: 'no_mapped_role' as const };
      }
      if (!user) {
        const created = await this.users.save(
          {
            email,
            displayName: identity.displayName,
            role: identity.role,
            oidcSubject: identity.subject,
            // Nobody knows this password: the account signs in through the provider.
            passwordHash: await hashPassword(generatePassword()),
            passwordChangedAt: this.clock.now(),
          },
          manager,
        );
        await this.audit.record(
          {
            action: 'user.sso_provisioned',
            resourceType: 'staff_user',
            resourceId: created.id,
            actor: { type: 'system', id: null },
            details: { role: created.role },
          },
          manager,
        );
        return { user: created, created: true, roleChanged: false };
      }
      if (!user.active) return { refused: 'inactive_account' as const };
      const previousRole = user.role;
      const roleChanged = previousRole !== identity.role;
      if (roleChanged && previousRole === StaffRole.Admin) {
        if ((await this.users.countOtherActiveAdmins(user.id, manager)) === 0) {
          return { refused: 'last_administrator' as const };
        }
      }
      user.oidcSubject = identity.subject;
      if (roleChanged) {
        user.role = identity.role;
        user.tokenVersion += 1;
      }
      const saved = await this.users.save(user, manager);
      if (roleChanged) {
        await this.audit.record(
          {
            action: 'user.sso_role_changed',
            resourceType: 'staff_user',
            resourceId: user.id,
            actor: { type: 'system', id: null },
            details: { roleFrom: previousRole, roleTo: user.role },
          },
          manager,
        );
      }
      return { user: saved, created: false, roleChanged };
    });
  }

  async lockUser(manager: EntityManager, id: string): Promise<StaffUser> {
    const user = await this.users.lock(id, manager);
    if (!user) throw notFound('No staff user has this id.');
    return user;
  }

  private async assertAnotherActiveAdmin(manager: EntityManager, id: string): Promise<void> {
    const others = await this.users.countOtherActiveAdmins(id, manager);
    if (others === 0) throw conflict('This is the last active administrator; appoint another first.');
  }

  /**
   * For an operator with shell access when an account is locked out for good (the only
   * administrator lost both password and authenticator): a new generated password, no second
   * factor (to be enrolled again at next login), account active, every session ended. Returns
   * the password once.
   */
  async recoverAccount(email: string): Promise<string> {
    const user = await this.findByEmail(email);
    if (!user) throw notFound('No staff user has this e-mail address.');
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (manager) => {
      const locked = await this.lockUser(manager, user.id);
      Object.assign(locked, NO_SECOND_FACTOR, { active: true });
      await this.writePassword(manager, locked, passwordHash);
      locked.mustChangePassword = true;
      await this.users.save(locked, manager);
      await this.audit.record(
        {
          action: 'user.recovered_by_operator',
          resourceType: 'staff_user',
          resourceId: user.id,
          actor: { type: 'system', id: null },
          details: { role: locked.role },
        },
        manager,
      );
    });
    return password;
  }

  /**
   * On first start (no staff account at all) creates the administrator named by
   * INITIAL_ADMIN_EMAIL, with INITIAL_ADMIN_PASSWORD or a generated password returned once.
   * Replicas starting together create exactly one.
   */
  async ensureFirstAdministrator(): Promise<FirstAdministrator | null> {
    if ((await this.users.count()) > 0) return null;
    const { email, password } = this.config.auth.initialAdmin;
    const generatedPassword = password ? undefined : generatePassword();
    const passwordHash = await hashPassword(password ?? generatedPassword!);
    return this.transactions.run(async (manager) => {
      await this.users.lockFirstAdministrator(manager);
      if ((await this.users.count(manager)) > 0) return null;
      const user = await this.users.save(
        {
          email,
          displayName: 'Administrator',
          role: StaffRole.Admin,
          passwordHash,
          passwordChangedAt: this.clock.now(),
          mustChangePassword: Boolean(generatedPassword),
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'user.created',
          resourceType: 'staff_user',
          resourceId: user.id,
          actor: { type: 'system', id: null },
          details: { role: user.role, firstAdministrator: true, passwordGenerated: !password },
        },
        manager,
      );
      return { email, ...(generatedPassword ? { generatedPassword } : {}) };
    });
  }

  /** The display names of these staff users (ids that are not staff, or not any more, are left out). */
  async displayNames(ids: string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids)].filter((id) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
    );
    const rows = await this.users.names(uuids);
    return new Map(rows.map((row) => [row.id, row.displayName]));
  }

  // ---- Privacy rights: the record of processing ----

  /** How many active staff accounts hold each role. */
  countActiveByRole(): Promise<{ role: string; n: number }[]> {
    return this.users.countActiveByRole();
  }
}
