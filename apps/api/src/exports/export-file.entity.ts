import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export enum ExportKind {
  /** A report as PDF, XLSX or CSV. */
  Report = 'report',
  /** A survey's pseudonymised raw responses as JSON or CSV. */
  Responses = 'responses',
}

/**
 * Files other modules produce through this one and serve behind their own access rule (no staff
 * user owns them, so the /exports routes never show them).
 */
export enum ProducedFileKind {
  /** A person's access package (privacy requests), as JSON or as a page; served to the link's holder. */
  AccessPackage = 'access-package',
}

export enum ExportStatus {
  Queued = 'queued',
  Running = 'running',
  Ready = 'ready',
  Failed = 'failed',
  Expired = 'expired',
}

/**
 * An export made in the background: who asked for what, how far it is, and, once ready, until
 * when its file can be downloaded. The file itself is in `export_parts`, encrypted under a key of
 * its own in the keystore (subject = this row's id), so deleting that key makes any copy of the
 * parts unreadable. The row holds no personal value.
 */
@Entity({ name: 'export_files' })
@Index('export_files_owner_idx', ['requestedBy', 'createdAt'])
@Index('export_files_expiry_idx', ['expiresAt'])
@Check('export_files_kind_check', `kind IN ('report', 'responses', 'access-package')`)
@Check('export_files_status_check', `status IN ('queued', 'running', 'ready', 'failed', 'expired')`)
export class ExportFile {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ExportKind | ProducedFileKind;

  /** The report's id, the survey's for raw responses, the privacy request's for an access package. */
  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @Column({ type: 'text' })
  format: string;

  /** Options of the export (e.g. `updatedSince`), identifiers and dates only. */
  @Column({ type: 'jsonb' })
  options: Record<string, string | null>;

  /** The staff user who asked; only they can see and download it. Null for produced files (no staff owner). */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  /** Whether the asker may read drafts (analysts) or published reports only (management). */
  @Column({ name: 'published_only', type: 'boolean', default: false })
  publishedOnly: boolean;

  @Column({ type: 'text', default: ExportStatus.Queued })
  status: ExportStatus;

  /** Rows written so far (raw responses), and of how many when known. */
  @Column({ name: 'rows_done', type: 'integer', default: 0 })
  rowsDone: number;

  @Column({ name: 'rows_total', type: 'integer', nullable: true })
  rowsTotal: number | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType: string | null;

  @Column({ name: 'byte_size', type: 'bigint', nullable: true })
  byteSize: string | null;

  @Column({ name: 'part_count', type: 'integer', default: 0 })
  partCount: number;

  /** Why it failed, in words that name no personal value. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** After this the file is deleted and its key shredded; null until ready. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}

/** One encrypted part of an export's file, in order (about 1 MiB of plaintext each). */
@Entity({ name: 'export_parts' })
export class ExportPart {
  @PrimaryColumn({ name: 'export_id', type: 'uuid' })
  exportId: string;

  @ManyToOne(() => ExportFile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id' })
  file?: ExportFile;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
