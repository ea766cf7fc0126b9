import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../users/staff-user.entity';

/** One login. Access tokens name it (`sid`); revoking it ends every token it issued. */
@Entity({ name: 'staff_sessions' })
@Index('staff_sessions_user_idx', ['userId'])
// Partial index made by its migration: back-channel logout finds a provider session's sessions.
@Index('staff_sessions_oidc_sid_idx', { synchronize: false })
export class StaffSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: StaffUser;

  /** The user's token_version at login; once the user's moves on, the session is over. */
  @Column({ name: 'token_version', type: 'integer' })
  tokenVersion: number;

  /** The session may only enrol its second factor until this is false. */
  @Column({ name: 'mfa_pending', type: 'boolean', default: false })
  mfaPending: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Absolute end: refreshing does not extend it. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  /** The identity provider's session id (`sid`) of a single sign-on login, for back-channel logout. */
  @Column({ name: 'oidc_sid', type: 'text', nullable: true })
  oidcSid: string | null;
}

/** A refresh token, stored as its SHA-256 only. Each is used once; reuse revokes the session. */
@Entity({ name: 'staff_refresh_tokens' })
@Index('staff_refresh_tokens_session_idx', ['sessionId'])
export class StaffRefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => StaffSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: StaffSession;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
