import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { StaffRole } from '../auth/roles';
import { StaffUser } from './staff-user.entity';

// Any number fits: it only has to be the same for every replica.
const FIRST_ADMIN_LOCK_ID = 724_611_903;
/** Role and activation changes queue up behind this, so two of them never race past the last-admin check. */
const ROLE_CHANGES_LOCK_ID = 724_611_904;

/** staff_users: staff accounts, their credentials and second factors. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private users(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(StaffUser);
  }

  findOne(where: FindOptionsWhere<StaffUser>, tx?: EntityManager): Promise<StaffUser | null> {
    return this.users(tx).findOneBy(where);
  }

  /** Ordered by e-mail address. */
  findPage(
    where: FindOptionsWhere<StaffUser>,
    page: { offset: number; limit: number },
    tx?: EntityManager,
  ): Promise<[StaffUser[], number]> {
    return this.users(tx).findAndCount({ where, order: { email: 'ASC' }, skip: page.offset, take: page.limit });
  }

  /** Id and display name of each of these users that exists. */
  names(ids: string[], tx?: EntityManager): Promise<Pick<StaffUser, 'id' | 'displayName'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users(tx).find({ select: { id: true, displayName: true }, where: { id: In(ids) } });
  }

  count(tx?: EntityManager): Promise<number> {
    return this.users(tx).count();
  }

  /** Inserts a new user (or saves changes to a loaded one) and returns it as stored. */
  save(user: Partial<StaffUser>, tx?: EntityManager): Promise<StaffUser> {
    const users = this.users(tx);
    return users.save(user instanceof StaffUser ? user : users.create(user));
  }

  update(id: string, changes: Partial<StaffUser>, tx?: EntityManager): Promise<unknown> {
    return this.users(tx).update({ id }, changes);
  }

  /** Raises the token version, which ends every session and access token of the user. */
  async incrementTokenVersion(id: string, tx?: EntityManager): Promise<void> {
    await this.users(tx).increment({ id }, 'tokenVersion', 1);
  }

  /** The user, row-locked until the transaction ends. */
  lock(id: string, tx: EntityManager): Promise<StaffUser | null> {
    return this.users(tx)
      .createQueryBuilder('user')
      .setLock('pessimistic_write')
      .where('user.id = :id', { id })
      .getOne();
  }

  countOtherActiveAdmins(id: string, tx?: EntityManager): Promise<number> {
    return this.users(tx)
      .createQueryBuilder('user')
      .where('user.role = :role AND user.active AND user.id <> :id', { role: StaffRole.Admin, id })
      .getCount();
  }

  /** Serialises role and activation changes until the transaction ends. */
  async lockRoleChanges(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLE_CHANGES_LOCK_ID]);
  }

  /** Serialises replicas creating the first administrator until the transaction ends. */
  async lockFirstAdministrator(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK_ID]);
  }

  /** Remembers the TOTP time step used; false when this or a later step was used already (a replay). */
  async advanceTotpStep(id: string, step: number, tx?: EntityManager): Promise<boolean> {
    const result = await (tx ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(StaffUser)
      .set({ totpLastStep: String(step) })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id, step })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Removes one recovery code by its hash; false when the user has no such code (left). */
  async removeRecoveryCode(id: string, hash: string, tx?: EntityManager): Promise<boolean> {
    const result = await (tx ?? this.dataSource.manager)
      .createQueryBuilder()
      .update(StaffUser)
      .set({ recoveryCodeHashes: () => 'array_remove(recovery_code_hashes, :hash)' })
      .where('id = :id AND :hash = ANY(recovery_code_hashes)', { id, hash })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  // ---- Privacy rights: the record of processing ----

  /** How many active staff accounts hold each role (no personal value). */
  countActiveByRole(tx?: EntityManager): Promise<{ role: string; n: number }[]> {
    return (tx ?? this.dataSource.manager).query(
      'SELECT role, count(*)::int AS n FROM staff_users WHERE active GROUP BY role',
    );
  }
}
