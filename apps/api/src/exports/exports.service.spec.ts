import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { StaffRole } from '../auth/roles';
import type { StaffPrincipal } from '../auth/access.decorator';
import { ProblemType } from '../common/problem-types';
import { KeystoreService } from '../crypto/keystore.service';
import { RawResponsesService } from '../ingestion/raw-responses.service';
import { JobContext, JobInterrupted, JobQueue } from '../jobs/job-queue';
import { ReportsService } from '../statistics/reports.service';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { newAnsweredSurvey, newStaffUser } from '../../test/utils/factories';
import { ExportKind, ExportStatus } from './export-file.entity';
import { ExportsService, PART_BYTES, PartSink } from './exports.service';

const HOUR = 3_600_000;
/** A response that is never written: download refusals come before anything is sent. */
const NO_RESPONSE = undefined as unknown as Response;

function jobContext(overrides: Partial<JobContext> = {}): JobContext {
  return { jobId: '1', attempt: 1, maxAttempts: 3, lastAttempt: false, stopping: false, ...overrides };
}

function principal(user: { id: string; role: StaffRole }): StaffPrincipal {
  return { kind: 'staff', userId: user.id, role: user.role, sessionId: randomUUID(), mfaPending: false };
}

describe('Background exports (service level; the queue is stopped and each job is run by hand)', () => {
  let t: MediumTest;
  let exports: ExportsService;
  let analyst: StaffPrincipal;
  let otherAnalyst: StaffPrincipal;
  let management: StaffPrincipal;
  let surveyId: string;
  let draftReportId: string;
  let responseCount: number;

  const make = (id: string, job: Partial<JobContext> = {}) => exports.make(id, jobContext(job));
  const stored = async (id: string) =>
    await t.query<{ seq: number; data: Buffer }>(
      'SELECT seq, data FROM export_parts WHERE export_id = $1 ORDER BY seq',
      [id],
    );
  /** The file as its asker would download it: the parts decrypted with the export's key, in order. */
  const plaintextOf = async (id: string) => {
    const key = await t.get(KeystoreService).keyFor(id);
    const parts = await stored(id);
    return Buffer.concat(
      parts.map(({ seq, data }) => t.get(KeystoreService).crypto.decryptBytes(key, data, `export.part:${id}:${seq}`)),
    ).toString('utf8');
  };
  const wholeDocument = async (format: 'json' | 'csv') => {
    let text = '';
    for await (const piece of t.get(RawResponsesService).document(surveyId, format, undefined)) text += piece.text;
    return text;
  };

  beforeAll(async () => {
    t = await createMediumTest();
    exports = t.get(ExportsService);
    analyst = principal(await newStaffUser(t, { role: StaffRole.Analyst }));
    otherAnalyst = principal(await newStaffUser(t, { role: StaffRole.Analyst }));
    management = principal(await newStaffUser(t, { role: StaffRole.Management }));
    ({ surveyId } = await newAnsweredSurvey(t, { actorId: analyst.userId }));
    draftReportId = (
      await t.get(ReportsService).create(analyst.userId, surveyId, { title: 'Draft 2026', language: 'en' })
    ).id;
    responseCount = (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0].n;
    // From here on no runner takes jobs: each test runs the export job itself, step by step.
    await t.get(JobQueue).stop();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records the request as queued, with a key of its own and its job, and refuses the file until it is made', async () => {
    const file = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' });
    expect(file).toMatchObject({ status: ExportStatus.Queued, requestedBy: analyst.userId, partCount: 0 });
    const jobs = await t.query<{ export_id: string }>(
      `SELECT j.payload->>'exportId' AS export_id FROM graphile_worker._private_jobs j
         JOIN graphile_worker._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'exports.make'`,
    );
    expect(jobs.map((job) => job.export_id)).toContain(file.id);
    await expect(t.get(KeystoreService).keyFor(file.id)).resolves.toBeDefined();
    const refusal = await refusalOf(exports.download(analyst, file.id, NO_RESPONSE));
    expect(refusal).toMatchObject({ status: 409, type: ProblemType.ExportNotReady });
  });

  it('makes the whole raw-response file, encrypted at rest, identical to the document and with its progress', async () => {
    for (const format of ['csv', 'json'] as const) {
      const { id } = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format });
      await make(id);
      const file = await exports.get(analyst, id);
      expect(file).toMatchObject({ status: ExportStatus.Ready, rowsDone: responseCount, rowsTotal: responseCount });
      expect(file.expiresAt!.getTime() - file.finishedAt!.getTime()).toBe(t.config.exports.ttlHours * HOUR);
      const text = await plaintextOf(id);
      expect(text).toBe(await wholeDocument(format));
      expect(Number(file.byteSize)).toBe(Buffer.byteLength(text));
      if (format === 'json') expect((JSON.parse(text) as { items: unknown[] }).items).toHaveLength(responseCount);
      // Nothing of the file is readable in the table: not a response id, not a pseudonym.
      const firstId = (await t.query<{ id: string }>('SELECT id FROM responses LIMIT 1'))[0].id;
      expect(text).toContain(firstId);
      for (const { data } of await stored(id)) expect(data.includes(Buffer.from(firstId))).toBe(false);
    }
  });

  it('starts an interrupted export again from scratch, so the file is whole and has no doubled part', async () => {
    const { id } = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' });
    await expect(make(id, { stopping: true })).rejects.toBeInstanceOf(JobInterrupted);
    expect((await exports.get(analyst, id)).status).toBe(ExportStatus.Running);
    await make(id);
    expect((await exports.get(analyst, id)).status).toBe(ExportStatus.Ready);
    expect(await plaintextOf(id)).toBe(await wholeDocument('csv'));
  });

  it('renders a report into its file, named after the report', async () => {
    const { id } = await exports.request(analyst, { kind: ExportKind.Report, sourceId: draftReportId, format: 'pdf' });
    await make(id);
    const file = await exports.get(analyst, id);
    expect(file).toMatchObject({ status: ExportStatus.Ready, contentType: 'application/pdf' });
    expect(file.fileName).toMatch(/\.pdf$/);
    const key = await t.get(KeystoreService).keyFor(id);
    const [first] = await stored(id);
    expect(
      t.get(KeystoreService).crypto.decryptBytes(key, first.data, `export.part:${id}:0`).subarray(0, 5).toString(),
    ).toBe('%PDF-');
  });

  it('shows and serves an export only to whoever asked for it', async () => {
    const { id } = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'json' });
    expect(await refusalOf(exports.get(otherAnalyst, id))).toMatchObject({ status: 404 });
    expect(await refusalOf(exports.download(otherAnalyst, id, NO_RESPONSE))).toMatchObject({ status: 404 });
    const mine = await exports.list(analyst, { page: 1, limit: 100, offset: 0 });
    const theirs = await exports.list(otherAnalyst, { page: 1, limit: 100, offset: 0 });
    expect(mine.items.map((file) => file.id)).toContain(id);
    expect(theirs.items).toEqual([]);
  });

  it('refuses what the asker may not read, and formats the kind does not have, naming the field', async () => {
    expect(
      await refusalOf(exports.request(management, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' })),
    ).toMatchObject({ status: 403 });
    // Management reads published reports only: a draft does not exist for them.
    expect(
      await refusalOf(exports.request(management, { kind: ExportKind.Report, sourceId: draftReportId, format: 'pdf' })),
    ).toMatchObject({ status: 404 });
    expect(
      await refusalOf(exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'pdf' })),
    ).toMatchObject({ status: 400, fields: ['format'] });
    expect(
      await refusalOf(
        exports.request(analyst, {
          kind: ExportKind.Report,
          sourceId: draftReportId,
          format: 'csv',
          updatedSince: new Date(),
        }),
      ),
    ).toMatchObject({ status: 400, fields: ['updatedSince'] });
    expect(
      await refusalOf(exports.request(analyst, { kind: ExportKind.Responses, sourceId: randomUUID(), format: 'csv' })),
    ).toMatchObject({ status: 404 });
  });

  it('keeps a failure of the last attempt as failed, with a reason naming no value, and drops the parts', async () => {
    const { id } = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' });
    // The export's key is gone (as when the file expired meanwhile): the job cannot encrypt.
    await t.get(KeystoreService).shred([id]);
    await expect(make(id, { attempt: 1 })).rejects.toThrow();
    expect((await exports.get(analyst, id)).status).toBe(ExportStatus.Running);
    await expect(make(id, { attempt: 3, lastAttempt: true })).rejects.toThrow();
    const file = await exports.get(analyst, id);
    expect(file.status).toBe(ExportStatus.Failed);
    expect(file.error).toMatch(/^The export could not be made \(\w+/);
    expect(await stored(id)).toEqual([]);
    expect(await refusalOf(exports.download(analyst, id, NO_RESPONSE))).toMatchObject({
      status: 409,
      type: ProblemType.ExportNotReady,
    });
    // A job run again after the failure (a manual retry) leaves the failed export as it is.
    await make(id);
    expect((await exports.get(analyst, id)).status).toBe(ExportStatus.Failed);
  });

  it('expires a file after its time: refused at once, then deleted with its key by the purge, the receipt later', async () => {
    const { id } = await exports.request(analyst, { kind: ExportKind.Responses, sourceId: surveyId, format: 'csv' });
    await make(id);
    t.clock.advance(t.config.exports.ttlHours * HOUR + 1000);
    expect(await refusalOf(exports.download(analyst, id, NO_RESPONSE))).toMatchObject({
      status: 410,
      type: ProblemType.ExportExpired,
    });
    expect(await exports.purge()).toBeGreaterThanOrEqual(1);
    expect((await exports.get(analyst, id)).status).toBe(ExportStatus.Expired);
    expect(await stored(id)).toEqual([]);
    expect(await t.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [id])).toEqual([]);
    t.clock.advance(31 * 24 * HOUR);
    await exports.purge();
    expect(await refusalOf(exports.get(analyst, id))).toMatchObject({ status: 404 });
    expect(await t.query('SELECT 1 FROM export_files WHERE id = $1', [id])).toEqual([]);
  });
});

describe('PartSink: a file cut into parts of a fixed size', () => {
  it('stores full parts as they fill, then the rest, and the parts put together are the file', async () => {
    const parts: { seq: number; bytes: Buffer; rows: number }[] = [];
    const sink = new PartSink('x', async (seq, bytes, rows) => {
      parts.push({ seq, bytes: Buffer.from(bytes), rows });
    });
    const whole = Buffer.alloc(PART_BYTES * 2 + PART_BYTES / 2);
    for (let i = 0; i < whole.length; i++) whole[i] = (i * 7919) % 251;
    // Pieces of uneven sizes, some larger than a part.
    let offset = 0;
    let rows = 0;
    for (const size of [10, PART_BYTES + 5, 3, 77_777, PART_BYTES]) {
      const end = Math.min(whole.length, offset + size);
      await sink.write(whole.subarray(offset, end), ++rows);
      offset = end;
    }
    await sink.write(whole.subarray(offset), ++rows);
    expect(await sink.close()).toBe(whole.length);
    expect(parts.map((part) => part.seq)).toEqual([0, 1, 2]);
    expect(parts.map((part) => part.bytes.length)).toEqual([PART_BYTES, PART_BYTES, PART_BYTES / 2]);
    expect(Buffer.concat(parts.map((part) => part.bytes)).equals(whole)).toBe(true);
    expect(parts.at(-1)!.rows).toBe(rows);
  });

  it('stores one empty part for an empty file', async () => {
    const parts: number[] = [];
    const sink = new PartSink('x', async (_seq, bytes) => {
      parts.push(bytes.length);
    });
    expect(await sink.close()).toBe(0);
    expect(parts).toEqual([0]);
  });
});
