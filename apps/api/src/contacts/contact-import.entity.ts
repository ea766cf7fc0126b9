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

  /** Header columns that are not imported; reported as warnings on row 1. */
  @Column({ name: 'ignored_columns', type: 'text', array: true, default: () => "'{}'" })
  ignoredColumns: string[];

  /**
   * The staged file's key, encrypted under a data key of the import's own (itself wrapped by the
   * master key), with the file's IV and tag; all null once the import has finished, which
   * leaves any copy of the staged chunks unreadable.
   */
  @Column({ name: 'file_key_wrapped', type: 'bytea', nullable: true, select: false })
  fileKeyWrapped: Buffer | null;

  @Column({ name: 'file_key_ciphertext', type: 'bytea', nullable: true, select: false })
  fileKeyCiphertext: Buffer | null;

  @Column({ name: 'file_iv', type: 'bytea', nullable: true, select: false })
  fileIv: Buffer | null;

  @Column({ name: 'file_tag', type: 'bytea', nullable: true, select: false })
  fileTag: Buffer | null;
}

/**
 * One piece of an import's staged file, encrypted (AES-256-GCM, the key on the import): the
 * upload waits here for the worker that imports it, and is deleted when the import finishes.
 */
@Entity({ name: 'contact_import_chunks' })
export class ContactImportChunk {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @ManyToOne(() => ContactImport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  contactImport?: ContactImport;

  @Column({ type: 'bytea' })
  data: Buffer;
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
