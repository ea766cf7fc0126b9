import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { Contact } from '../contacts/contact.entity';
import type { PrivacyRequestType } from '../privacy-notice/privacy-request-types';
import { Survey } from '../surveys/survey.entity';

export enum PrivacyRequestStatus {
  /** Filed through the public form; the person has not yet opened the verification link. */
  Received = 'received',
  /** The person proved they hold the address (or staff verified their identity): the clock runs. */
  Verified = 'verified',
  InProgress = 'in_progress',
  Completed = 'completed',
  Rejected = 'rejected',
}

export const OPEN_STATUSES = [PrivacyRequestStatus.Verified, PrivacyRequestStatus.InProgress] as const;
export const CLOSED_STATUSES = [PrivacyRequestStatus.Completed, PrivacyRequestStatus.Rejected] as const;

/** How the request reached the organisation. */
export enum PrivacyRequestChannel {
  Web = 'web',
  Letter = 'letter',
  Email = 'email',
}

/** How the requester's identity was established. */
export enum IdentityVerification {
  /** They opened the link mailed to the address they gave (the public form). */
  EmailLink = 'email-link',
  /** The request came from the address we hold, and staff checked it. */
  KnownAddress = 'known-address',
  SignedLetter = 'signed-letter',
  IdentityDocument = 'identity-document',
  Other = 'other',
}

/** Why a request was refused; the e-mail to the person explains each in their language. */
export enum RejectionReason {
  IdentityNotVerified = 'identity-not-verified',
  NoDataHeld = 'no-data-held',
  ManifestlyUnfounded = 'manifestly-unfounded',
  Excessive = 'excessive',
  Other = 'other',
}

/**
 * A data-subject request (P7). Its id is also the data-subject id of its own key in
 * keystore.subject_keys: the address, the details and staff notes are encrypted under it. Once
 * the request is closed and the person has been told, that key is shredded and those columns
 * emptied (`personal_data_removed_at`), leaving a record of what was asked and done, without who.
 */
@Entity({ name: 'privacy_requests' })
@Index('privacy_requests_status_due_idx', ['status', 'dueAt'])
@Index('privacy_requests_email_index_idx', ['emailIndex'])
@Index('privacy_requests_closed_idx', ['closedAt'])
@Index('privacy_requests_verification_key', ['verificationTokenHash'], {
  unique: true,
  where: 'verification_token_hash IS NOT NULL',
})
@Check('privacy_requests_type_check', `type IN ('access', 'rectification', 'erasure', 'objection')`)
@Check('privacy_requests_status_check', `status IN ('received', 'verified', 'in_progress', 'completed', 'rejected')`)
@Check('privacy_requests_channel_check', `channel IN ('web', 'letter', 'email')`)
@Check(
  'privacy_requests_identity_check',
  `identity_verification IS NULL OR identity_verification IN ('email-link', 'known-address', 'signed-letter', 'identity-document', 'other')`,
)
@Check(
  'privacy_requests_rejection_check',
  `rejection_reason IS NULL OR rejection_reason IN ('identity-not-verified', 'no-data-held', 'manifestly-unfounded', 'excessive', 'other')`,
)
export class PrivacyRequest {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  type: PrivacyRequestType;

  @Column({ type: 'text' })
  status: PrivacyRequestStatus;

  @Column({ type: 'text' })
  channel: PrivacyRequestChannel;

  /** Language of the mail to the person: en, fr, es, ar, zh or ru. */
  @Column({ type: 'text' })
  language: string;

  /** Blind index of the address (the one contacts use); null once the request's personal data is removed. */
  @Column({ name: 'email_index', type: 'bytea', nullable: true })
  emailIndex: Buffer | null;

  @Column({ name: 'email_ciphertext', type: 'bytea', nullable: true })
  emailCiphertext: Buffer | null;

  /** What the person wrote with the request (at most 4,000 characters), encrypted. */
  @Column({ name: 'details_ciphertext', type: 'bytea', nullable: true })
  detailsCiphertext: Buffer | null;

  /** The contact the verified address matched; null for someone we hold nothing on, or after erasure. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  /** SHA-256 of the verification link's token; the token itself was only in the e-mail. */
  @Column({ name: 'verification_token_hash', type: 'bytea', nullable: true })
  verificationTokenHash: Buffer | null;

  @Column({ name: 'verification_expires_at', type: 'timestamptz', nullable: true })
  verificationExpiresAt: Date | null;

  @Column({ name: 'identity_verification', type: 'text', nullable: true })
  identityVerification: IdentityVerification | null;

  /** Staff's note on how identity was checked (for letters and e-mails), encrypted. */
  @Column({ name: 'identity_note_ciphertext', type: 'bytea', nullable: true })
  identityNoteCiphertext: Buffer | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  /** When the answer is owed: verification + PRIVACY_REQUEST_DUE_MONTHS, later if extended. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'extended_at', type: 'timestamptz', nullable: true })
  extendedAt: Date | null;

  /** Why more time was needed (told to the person), encrypted. */
  @Column({ name: 'extension_reason_ciphertext', type: 'bytea', nullable: true })
  extensionReasonCiphertext: Buffer | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: RejectionReason | null;

  /** Staff's explanation sent with a rejection, encrypted. */
  @Column({ name: 'rejection_note_ciphertext', type: 'bytea', nullable: true })
  rejectionNoteCiphertext: Buffer | null;

  /** What fulfilment did, as counts and field names; never a personal value. */
  @Column({ type: 'jsonb', nullable: true })
  outcome: Record<string, number | string | string[]> | null;

  /** The message telling the person the request is closed; once it is sent (or fails) the address goes. */
  @Column({ name: 'closing_mail_id', type: 'uuid', nullable: true })
  closingMailId: string | null;

  @Column({ name: 'personal_data_removed_at', type: 'timestamptz', nullable: true })
  personalDataRemovedAt: Date | null;

  /** Staff member who registered a request received by letter or e-mail. */
  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * An access package, from the moment it is asked for until its link expires: a job makes it as
 * two files of the exports module (JSON and a page), each encrypted under a key of its own, so
 * that it outlives the request's key for the few days its link works, then mails the link. The
 * files are deleted and their keys shredded when the link expires, and with the row.
 */
@Entity({ name: 'privacy_request_downloads' })
@Index('privacy_request_downloads_token_key', ['tokenHash'], { unique: true })
@Index('privacy_request_downloads_expiry_idx', ['expiresAt'])
@Index('privacy_request_downloads_contact_idx', ['contactId'])
export class PrivacyRequestDownload {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => PrivacyRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request?: PrivacyRequest;

  /** Whose data the package holds: erasing that contact shreds the package too. */
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => Contact, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  /** The link's token (SHA-256); null until the package is made and the link mailed. */
  @Column({ name: 'token_hash', type: 'bytea', nullable: true })
  tokenHash: Buffer | null;

  /**
   * Packages made before they were jobs: the package as JSON, encrypted under this row's key.
   * Null for the others, whose files are stored by the exports module (`jsonFileId`, `htmlFileId`).
   */
  @Column({ name: 'package_ciphertext', type: 'bytea', nullable: true })
  packageCiphertext: Buffer | null;

  /** The package as JSON and as a page, each a file of the exports module, encrypted under a key of its own. */
  @Column({ name: 'json_file_id', type: 'uuid', nullable: true })
  jsonFileId: string | null;

  @Column({ name: 'html_file_id', type: 'uuid', nullable: true })
  htmlFileId: string | null;

  /** When the link stops working (and the files are deleted); null until the link is mailed. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'first_downloaded_at', type: 'timestamptz', nullable: true })
  firstDownloadedAt: Date | null;

  @Column({ name: 'download_count', type: 'integer', default: 0 })
  downloadCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum ProviderNoticeAction {
  /** Delete everything held under this pseudonym. */
  Erase = 'erase',
  /** The person's data were corrected: read their responses again (`updated_since`). */
  Rectify = 'rectify',
}

/**
 * One line of the provider's erasure feed (GET /provider/erasures): a pseudonym whose data the
 * provider must delete or correct in its own copies. It names neither the person nor the
 * request; the provider acknowledges it once done.
 */
@Entity({ name: 'provider_erasure_notices' })
@Index('provider_erasure_notices_pending_idx', ['surveyId', 'createdAt'], { where: 'acknowledged_at IS NULL' })
@Check('provider_erasure_notices_action_check', `action IN ('erase', 'rectify')`)
export class ProviderErasureNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  @Column({ name: 'respondent_pseudonym', type: 'text' })
  respondentPseudonym: string;

  @Column({ type: 'text' })
  action: ProviderNoticeAction;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @ManyToOne(() => ApiKey, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'acknowledged_by' })
  acknowledgedByKey?: ApiKey;
}
