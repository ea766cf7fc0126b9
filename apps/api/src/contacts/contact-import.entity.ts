import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export enum ImportStatus {
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
}

export enum ImportFormat {
  Csv = 'csv',
  Json = 'json',
}

/** An asynchronous contact import: its progress, its counts and, beside it, its row report. */
@Entity({ name: 'contact_imports' })
@Check('contact_imports_status_check', `status IN ('queued', 'running', 'completed', 'failed')`)
@Check('contact_imports_format_check', `format IN ('csv', 'json')`)
export class ContactImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  format: ImportFormat;

  @Column({ type: 'text' })
  status: ImportStatus;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: string;

  /** Data rows in the file (the header is not one). */
  @Column({ name: 'total_rows', type: 'integer' })
  totalRows: number;

  @Column({ name: 'processed_rows', type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  @Column({ type: 'integer', default: 0 })
  warnings: number;

  /** Why a failed import stopped; never a value from the file. */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The server process running the import (an opaque id, not a person). */
  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId: string | null;

  /**
   * Renewed by the owner while it runs the import; an unfinished import whose lease has run out
   * (or whose owner's database session is gone) was interrupted.
   */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;
}

export enum ImportIssueSeverity {
  Error = 'error',
  Warning = 'warning',
}

/** One line of an import's row report: where, which field, what is wrong. Never the value. */
@Entity({ name: 'contact_import_issues' })
@Index('contact_import_issues_row_idx', ['importId', 'row'])
@Check('contact_import_issues_severity_check', `severity IN ('error', 'warning')`)
export class ContactImportIssue {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @ManyToOne(() => ContactImport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  contactImport?: ContactImport;

  /** Row number in the file, the header being row 1 (CSV) or the array index + 1 (JSON). */
  @Column({ type: 'integer' })
  row: number;

  @Column({ type: 'text' })
  field: string;

  @Column({ type: 'text' })
  severity: ImportIssueSeverity;

  @Column({ type: 'text' })
  reason: string;
}
