import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffRole } from '../auth/roles';

/** The second-factor fields of an account with none enrolled (never set up, reset or turned off). */
export const NO_SECOND_FACTOR = {
  totpSecret: null,
  totpEnabled: false,
  totpLastStep: null,
  recoveryCodeHashes: [],
} satisfies Partial<StaffUser>;

/** A member of staff who signs in to the analyst app. Respondents never have an account. */
@Entity({ name: 'staff_users' })
// Partial unique index made by its migration (TypeORM would not keep its WHERE): one account per provider subject.
@Index('staff_users_oidc_subject_key', { synchronize: false })
@Check('staff_users_role_check', `role IN ('admin', 'analyst', 'privacy_officer', 'management')`)
@Check('staff_users_email_lower_check', 'email = lower(email)')
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased sign-in name. Staff addresses are work contact data, not survey data. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  role: StaffRole;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  /**
   * Raised whenever what an issued token vouches for changes (role, deactivation, password,
   * second factor, "log out everywhere"); tokens carrying an older version are refused at once.
   */
  @Column({ name: 'token_version', type: 'integer', default: 1 })
  tokenVersion: number;

  /** AES-256-GCM ciphertext of the TOTP secret (key derived from MASTER_KEY); null until enrolled. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false })
  totpEnabled: boolean;

  /** Last accepted TOTP time step, so one code cannot be replayed. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep: string | null;

  /** SHA-256 of each unused recovery code. */
  @Column({ name: 'recovery_code_hashes', type: 'text', array: true, default: () => `'{}'` })
  recoveryCodeHashes: string[];

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /**
   * The password was generated (first administrator, operator recovery): until the person sets
   * their own, the API lets them only change it (403 `password-change-required` elsewhere).
   */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** The identity provider's subject (`sub`) once the account signed in with single sign-on. */
  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject: string | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
