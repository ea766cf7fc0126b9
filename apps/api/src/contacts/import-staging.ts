import { parse as parseCsv, Parser as CsvParser } from 'csv-parse';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline as streamPipeline, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { textProblem } from '../common/input-guard';
import { ProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { ImportFormat } from './contact-import.entity';
import { KNOWN_IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS } from './contact-row';

/**
 * A received file, kept until its import job has read it: encrypted on disk under a key that
 * exists only in this process's memory, so the copy is unreadable to anyone who finds it and
 * useless after a crash (when it is removed at the next start).
 */
export interface StagedFile {
  path: string;
  format: ImportFormat;
  sizeBytes: number;
  totalRows: number;
  /** Header columns that are not imported; reported as warnings on row 1. */
  ignoredColumns: string[];
  key: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/** A row of the file as parsed, keyed by column, with its row number (header = 1). */
export interface RawRow {
  row: number;
  values: Record<string, unknown>;
  /** Set when the record does not have as many fields as the header. */
  fieldCount?: { got: number; expected: number };
}

function rejected(status: number, detail: string, field = 'file'): ProblemException {
  return new ProblemException(status, detail, {
    type: ProblemType.ContactImportRejected,
    errors: [{ field, message: detail }],
  });
}

export function importFormatOf(contentType: string | undefined): ImportFormat {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (['text/csv', 'application/csv', 'text/comma-separated-values'].includes(mediaType)) return ImportFormat.Csv;
  if (mediaType === 'application/json') return ImportFormat.Json;
  throw new ProblemException(415, 'Send the extract as text/csv or application/json.', {
    type: ProblemType.ContactImportRejected,
    errors: [{ field: 'Content-Type', message: 'must be text/csv or application/json' }],
  });
}

function csvParser(): CsvParser {
  return parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false });
}

function checkHeader(header: string[]): string[] {
  const malformed = header.map(textProblem).find(Boolean);
  if (malformed) throw rejected(400, `A column name ${malformed}.`, 'header');
  const columns = header.map((column) => column.trim().toLowerCase());
  const missing = REQUIRED_IMPORT_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw rejected(400, `The file lacks the required column(s) ${missing.join(', ')}.`, 'header');
  }
  const duplicated = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (duplicated.length > 0) throw rejected(400, `The column(s) ${duplicated.join(', ')} appear twice.`, 'header');
  return columns.filter((column) => !KNOWN_IMPORT_COLUMNS.has(column));
}

/** Checks the shape of a JSON extract: an array of objects, or `{ "contacts": [...] }`. */
function jsonRows(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw rejected(400, 'The file is not valid JSON.');
  }
  const rows =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'contacts' in parsed
      ? (parsed as { contacts: unknown }).contacts
      : parsed;
  if (!Array.isArray(rows)) throw rejected(400, 'The JSON file must hold an array of contacts.');
  return rows as Record<string, unknown>[];
}

function jsonColumns(rows: unknown[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (row !== null && typeof row === 'object' && !Array.isArray(row)) {
      for (const key of Object.keys(row)) keys.add(key.toLowerCase());
    }
  }
  return [...keys];
}

/**
 * Receives an upload: counts its bytes against the limit, checks it is UTF-8 and well-formed
 * CSV or JSON with the required columns, and stages it encrypted. Any problem is a 4xx thrown
 * before anything is written to the database.
 *
 * Longer than most functions on purpose: the upload streams once through the decoder, the
 * parser and the cipher together, and the one `catch` that removes a half-staged file must
 * see all three; split up, each part would need that state handed back and forth.
 */
export async function stageUpload(
  body: Readable,
  options: { format: ImportFormat; maxBytes: number; declaredLength: number | null; directory: string },
): Promise<StagedFile> {
  const { format, maxBytes, directory } = options;
  const tooLarge = () =>
    new ProblemException(413, `The file is larger than the ${Math.floor(maxBytes / 1024)} KiB this server accepts.`, {
      type: ProblemType.ContactImportRejected,
      errors: [{ field: 'file', message: `must be at most ${maxBytes} bytes` }],
    });
  if (options.declaredLength !== null && options.declaredLength > maxBytes) throw tooLarge();

  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, `${randomUUID()}.staged`);
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const written = pipeline(cipher, createWriteStream(path, { mode: 0o600 }));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = format === ImportFormat.Csv ? csvParser() : null;
  let header: string[] | null = null;
  let records = 0;
  let ignoredColumns: string[] = [];
  let jsonText = '';
  let sizeBytes = 0;
  const parsed = parser
    ? (async () => {
        for await (const record of parser as AsyncIterable<string[]>) {
          if (header === null) {
            header = record;
            ignoredColumns = checkHeader(record);
          } else records++;
        }
      })()
    : null;
  // Keep a rejection from surfacing before we get to await it.
  parsed?.catch(() => undefined);

  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) throw tooLarge();
      let decoded: string;
      try {
        decoded = decoder.decode(chunk, { stream: true });
      } catch {
        throw rejected(400, 'The file is not UTF-8 text.');
      }
      if (parser) {
        if (!parser.write(decoded)) await new Promise((resolve) => parser.once('drain', resolve));
      } else jsonText += decoded;
      if (!cipher.write(chunk)) await new Promise((resolve) => cipher.once('drain', resolve));
    }
    try {
      decoder.decode();
    } catch {
      throw rejected(400, 'The file is not UTF-8 text.');
    }
    cipher.end();
    await written;
    if (parser && parsed) {
      parser.end();
      try {
        await parsed;
      } catch (error) {
        if (error instanceof ProblemException) throw error;
        const code = (error as { code?: string }).code ?? 'CSV_INVALID';
        const line = (error as { lines?: number }).lines;
        throw rejected(400, `The file is not valid CSV (${code}${line ? ` near line ${line}` : ''}).`);
      }
      if (header === null) throw rejected(400, 'The file is empty: it has no header row.', 'header');
    } else {
      const rows = jsonRows(jsonText.replace(/^\uFEFF/, ''));
      const columns = jsonColumns(rows);
      ignoredColumns = checkHeader(columns);
      records = rows.length;
    }
    if (records === 0) throw rejected(400, 'The file has no contact rows.');
    return { path, format, sizeBytes, totalRows: records, ignoredColumns, key, iv, tag: cipher.getAuthTag() };
  } catch (error) {
    cipher.destroy();
    parser?.destroy();
    await written.catch(() => undefined);
    removeStaged(path);
    if (error instanceof ProblemException) throw error;
    // The client went away mid-upload: nothing was written, and nobody is left to tell.
    if (body.destroyed || (error as { code?: string }).code === 'ECONNRESET') {
      throw rejected(400, 'The upload was interrupted before the end of the file.');
    }
    throw error;
  }
}

async function* csvRows(records: AsyncIterable<string[]>): AsyncGenerator<RawRow> {
  let header: string[] | null = null;
  let row = 1;
  for await (const record of records) {
    if (header === null) {
      header = record.map((column) => column.trim().toLowerCase());
      continue;
    }
    row++;
    const values: Record<string, unknown> = {};
    header.forEach((column, i) => (values[column] = record[i]));
    yield record.length === header.length
      ? { row, values }
      : { row, values, fieldCount: { got: record.length, expected: header.length } };
  }
}

async function* jsonFileRows(plain: Readable): AsyncGenerator<RawRow> {
  const chunks: Buffer[] = [];
  for await (const chunk of plain as AsyncIterable<Buffer>) chunks.push(chunk);
  const rows = jsonRows(
    Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  );
  for (let i = 0; i < rows.length; i++) {
    const item = rows[i];
    const isObject = item !== null && typeof item === 'object' && !Array.isArray(item);
    const values = isObject
      ? Object.fromEntries(Object.entries(item).map(([key, value]) => [key.toLowerCase(), value]))
      : {};
    yield isObject ? { row: i + 1, values } : { row: i + 1, values, fieldCount: { got: 0, expected: 1 } };
  }
}

/** Reads a staged file back, decrypting as it streams; a damaged file fails the iteration. */
export function readStaged(staged: StagedFile): AsyncGenerator<RawRow> {
  const decipher = createDecipheriv('aes-256-gcm', staged.key, staged.iv);
  decipher.setAuthTag(staged.tag);
  const ignore = () => undefined;
  if (staged.format === ImportFormat.Json) {
    streamPipeline(createReadStream(staged.path), decipher, ignore);
    return jsonFileRows(decipher);
  }
  const parser = csvParser();
  streamPipeline(createReadStream(staged.path), decipher, parser, ignore);
  return csvRows(parser as AsyncIterable<string[]>);
}

/**
 * Reads a staged file back from the encrypted chunks the database holds, decrypting as it
 * streams; a damaged file (or a wrong key) fails the iteration.
 */
export function readStagedFrom(
  chunks: AsyncIterable<Buffer>,
  staged: { format: ImportFormat; key: Buffer; iv: Buffer; tag: Buffer },
): AsyncGenerator<RawRow> {
  const decipher = createDecipheriv('aes-256-gcm', staged.key, staged.iv);
  decipher.setAuthTag(staged.tag);
  const ignore = () => undefined;
  if (staged.format === ImportFormat.Json) {
    streamPipeline(Readable.from(chunks), decipher, ignore);
    return jsonFileRows(decipher);
  }
  const parser = csvParser();
  streamPipeline(Readable.from(chunks), decipher, parser, ignore);
  return csvRows(parser as AsyncIterable<string[]>);
}

export function removeStaged(path: string): void {
  rmSync(path, { force: true });
}

/** Staged files of a previous run can no longer be read (their keys died with it). */
export function removeAllStaged(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}
