/**
 * What a contact import costs, and whether the API's memory stays bounded while it runs. The
 * built API (dist/apps/api, what `npm start` runs) is started as a separate process, so that its
 * memory is its own, on a PostgreSQL database made for the run. Synthetic extracts of 10,000 and
 * 100,000 rows (or --rows=N) in the shape of shared/fixtures/contacts-extract.csv (UTF-8 BOM,
 * CRLF; names in Latin with accents, Arabic, Chinese, Cyrillic and more; unique addresses; about
 * 40 countries; about 1% invalid rows) are uploaded to POST /api/v1/contacts/imports, as an
 * analyst, and polled every 100 ms until they complete.
 *
 * Figures for each file: upload time (request sent until the 202), processing time (202 until a
 * poll sees the import completed), rows per second, the counts the API reports (checked against
 * what was generated), and the API process's peak resident memory above its idle RSS just before
 * the import: VmRSS sampled every 50 ms from /proc/<pid>/status (also at each poll, to show how the
 * peak moves as rows are processed), and VmHWM, reset before the import through
 * /proc/<pid>/clear_refs. Each file is imported by a fresh API process after a warm-up import of
 * 1,000 rows, so that neither inherits the other's heap.
 *
 * Baseline, in the same run (before the first import and after the last): the big file's valid
 * rows, their plain columns only (country, segment, role, date, platform, language), inserted by
 * this process with INSERT ... SELECT FROM unnest() into a scratch table, 500 rows of the file
 * per statement, one transaction each; only the statements are timed. Compare the ratios, not
 * the absolute times: the machines are shared and noisy.
 *
 * Then a campaign to every contact imported (the four files, about 111,000 with the default size):
 * in a fresh API process (so that its memory is the campaign's alone, not the heap the big import
 * grew), the analyst creates and publishes the six-language sample survey of libs/questionnaire,
 * waits 2 s, and creates a campaign with an empty target; it is polled every 100 ms until it
 * completes. Figures: time to the 202, invitations per second, peak RSS above idle as for an
 * import, and invitedCount and targetCount against the contacts the imports created, the tokens
 * and queued mail against invitedCount (MAIL_POLL_INTERVAL_MS=0: no mail is sent, invitation
 * making alone is measured). Its baseline, before and after it: as many rows inserted by this
 * process, 500 per transaction, into a table shaped like invitations (uuid, uuid, uuid, text) and
 * one shaped like invitation_tokens (32-byte bytea, uuid), with INSERT ... SELECT FROM unnest().
 *
 * Staff: the API starts with INITIAL_ADMIN_PASSWORD (random); in a first, short-lived process the
 * administrator logs in, enrols a TOTP second factor (the code computed here from the secret the
 * API returns) and creates an analyst through POST /api/v1/users, all over HTTP as on a new
 * installation. The analyst (no second factor) logs in to each measured process.
 *
 * The database `survey_bench_<random>` is created on the server BENCH_DATABASE_URL points to
 * (default postgres://postgres@127.0.0.1:5432/postgres; loopback only; the user must be allowed to
 * CREATE DATABASE) and dropped at the end; API processes are stopped and the temporary folder
 * (CSV files, the API's data directory) removed, also after a failure, a time-out or Ctrl-C.
 *
 *   npm run build:api && npx tsc -p scripts/bench/tsconfig.json && node dist/bench/scripts/bench/contact-import.js
 *   node dist/bench/scripts/bench/contact-import.js --rows=300000
 *   BENCH_API_NODE_OPTIONS=--max-old-space-size=64 node dist/bench/scripts/bench/contact-import.js
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { ClientRequest, IncomingMessage, request, RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { Secret, TOTP } from 'otpauth';
import { Client } from 'pg';
import { sampleSatisfactionQuestionnaire } from '../../libs/questionnaire/src';
import { cleanups, createBenchDatabase, freePort, runBenchmark, withClient } from './harness';

/** The repository: this file runs compiled from dist/bench/scripts/bench, or from scripts/bench. */
const ROOT = resolve(__dirname, __dirname.includes(join('dist', 'bench')) ? '../../../..' : '../..');
const BUILT_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const BUILT_IMPORTS = join(ROOT, 'dist/apps/api/apps/api/src/contacts/contact-imports.service.js');
const BUILT_CAMPAIGNS = join(ROOT, 'dist/apps/api/apps/api/src/delivery/campaigns.service.js');
const API = '/api/v1';

/** The small file's rows (BENCH_SMALL_ROWS; bench:smoke makes it tiny). */
const SMALL_ROWS = positiveInt('BENCH_SMALL_ROWS', process.env.BENCH_SMALL_ROWS, 10_000);
/** The V8 heap of the API process in the streaming check: far less than the rows of a big file. */
const CONSTRAINED_HEAP_MB = 64;
const DEFAULT_BIG_ROWS = 100_000;
const WARM_UP_ROWS = 1_000;
/** Rows per statement of the baseline, as the import writes them. */
const BATCH_ROWS = 500;
const SAMPLE_EVERY_MS = 50;
const POLL_EVERY_MS = 100;
const READY_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 15_000;
const SCRATCH_TABLE = 'bench_contacts_plain';
const INVITATIONS_TABLE = 'bench_invitations_plain';
const TOKENS_TABLE = 'bench_invitation_tokens_plain';
const MB = 1024 * 1024;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

function bigRowsArgument(): number {
  let rows = DEFAULT_BIG_ROWS;
  for (const arg of process.argv.slice(2)) {
    const match = /^--rows=(.*)$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}"; the only one is --rows=N (default ${DEFAULT_BIG_ROWS}).`);
    rows = positiveInt('--rows', match[1], DEFAULT_BIG_ROWS);
  }
  if (rows < 1000) throw new Error('--rows must be at least 1000.');
  return rows;
}

/** The whole run is abandoned (and cleaned up) after this long. */
const TIMEOUT_SECONDS = positiveInt('BENCH_TIMEOUT_SECONDS', process.env.BENCH_TIMEOUT_SECONDS, 1800);
/** One import (upload and processing) or campaign is given up after this long. */
const IMPORT_MAX_SECONDS = positiveInt('BENCH_IMPORT_MAX_SECONDS', process.env.BENCH_IMPORT_MAX_SECONDS, 900);

/** Node options of the API process only, e.g. --max-old-space-size=64 to see the import run in a small heap. */
const API_NODE_OPTIONS = process.env.BENCH_API_NODE_OPTIONS ?? '';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------------------------------------
// Synthetic extracts, in the shape of shared/fixtures/contacts-extract.csv

const HEADER = [
  'full_name',
  'email',
  'country_code',
  'segment',
  'ir_numbers',
  'role',
  'customer_since',
  'platform',
  'preferred_language',
];
const SUPPORTED_LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'];
const UNSUPPORTED_LANGUAGES = ['de', 'pt', 'it', 'ja', 'ko', 'tr'];

/** mulberry32: small, fast and the same everywhere, so a seed always gives the same file. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A name part as written, and an ASCII form for the e-mail address. */
type Part = readonly [written: string, ascii: string];

interface Culture {
  weight: number;
  given: readonly Part[];
  family: readonly Part[];
  /** Family name first, joined with this (no space in Chinese, Japanese, Korean). */
  familyFirst?: string;
  countries: readonly string[];
  language: string;
  roles: readonly string[];
}

/** "Amélie=amelie|Durand": name parts separated by |, each with its ASCII form after = if not its lower case. */
const parts = (list: string): Part[] =>
  list.split('|').map((entry) => {
    const [written, ascii] = entry.split('=');
    return [written, ascii ?? written.toLowerCase()];
  });

const CULTURES: readonly Culture[] = [
  {
    weight: 10,
    given: parts('Amélie=amelie|François=francois|Hélène=helene|Jérôme=jerome|Cécile=cecile|Loïc=loic|Gaëlle=gaelle'),
    family: parts('Durand|Lefèvre=lefevre|Bérenger=berenger|Girard|Dubois|Lemaître=lemaitre|Fauré=faure|Rousseau'),
    countries: ['FR', 'BE', 'CH', 'CA', 'SN'],
    language: 'fr',
    roles: ['Conseil en propriété industrielle', 'Juriste PI', 'Mandataire agréé'],
  },
  {
    weight: 8,
    given: parts('Jürgen=juergen|Günther=guenther|Käthe=kaethe|Björn=bjoern|Sören=soeren|Ursula|Maximilian'),
    family: parts('Müller=mueller|Schröder=schroeder|Weiß=weiss|Groß=gross|Köhler=koehler|Hoffmann|Fischer'),
    countries: ['DE', 'AT', 'CH'],
    language: 'en',
    roles: ['Patentanwältin', 'Markenreferent', 'Leiter Recht & Patente'],
  },
  {
    weight: 10,
    given: parts('María José=maria.jose|Sebastián=sebastian|Iñaki=inaki|Begoña=begona|João=joao|Conceição=conceicao'),
    family: parts('García=garcia|Núñez=nunez|Peña=pena|Gonçalves=goncalves|Fernández=fernandez|Ibáñez=ibanez'),
    countries: ['ES', 'MX', 'AR', 'CO', 'PT', 'BR'],
    language: 'es',
    roles: ['Agente de la propiedad industrial', 'Abogada de marcas', 'Gerente de PI'],
  },
  {
    weight: 7,
    given: parts('Åsa=asa|Søren=soren|Łukasz=lukasz|Zuzana|Çağla=cagla|Ömer=omer|Jiří=jiri|Małgorzata=malgorzata'),
    family: parts(
      'Ångström=angstrom|Kierkegård=kierkegard|Wałęsa=walesa|Dvořáková=dvorakova|Öztürk=ozturk|Şahin=sahin',
    ),
    countries: ['SE', 'DK', 'NO', 'FI', 'PL', 'CZ', 'TR'],
    language: 'en',
    roles: ['Rzecznik patentowy', 'Patentový zástupce'],
  },
  {
    weight: 3,
    given: parts('Thị Hương=huong|Văn Minh=minh|Thu Thảo=thao|Đức Anh=ducanh'),
    family: parts('Nguyễn=nguyen|Trần=tran|Lê=le|Phạm=pham'),
    familyFirst: ' ',
    countries: ['VN'],
    language: 'en',
    roles: [],
  },
  {
    weight: 10,
    given: parts('محمد=mohammed|فاطمة=fatima|عبد الله=abdullah|ليلى=layla|يوسف=youssef|مريم=maryam|خالد=khaled'),
    family: parts('العلي=alali|الحسن=alhassan|المنصوري=almansouri|الزهراني=alzahrani|بن سعيد=bensaid|حداد=haddad'),
    countries: ['AE', 'SA', 'EG', 'MA', 'JO', 'QA'],
    language: 'ar',
    roles: ['مستشار قانوني', 'وكيل براءات اختراع', 'مدير الملكية الفكرية'],
  },
  {
    weight: 10,
    given: parts('伟=wei|芳=fang|敏=min|洋=yang|静=jing|磊=lei|秀英=xiuying|志强=zhiqiang'),
    family: parts('李=li|王=wang|张=zhang|刘=liu|陈=chen|杨=yang|黄=huang|赵=zhao'),
    familyFirst: '',
    countries: ['CN', 'SG', 'HK'],
    language: 'zh',
    roles: ['知识产权经理', '专利代理师', '法务总监'],
  },
  {
    weight: 10,
    given: parts(
      'Иван=ivan|Ольга=olga|Дмитрий=dmitry|Наталья=natalya|Сергей=sergey|Олександр=oleksandr|Љубица=ljubica',
    ),
    family: parts('Петров=petrov|Смирнова=smirnova|Кузнецов=kuznetsov|Шевченко=shevchenko|Јовановић=jovanovic'),
    countries: ['RU', 'UA', 'KZ', 'BG', 'RS'],
    language: 'ru',
    roles: ['Патентный поверенный', 'Юрист по интеллектуальной собственности'],
  },
  {
    weight: 4,
    given: parts('太郎=taro|花子=hanako|健=ken|美咲=misaki'),
    family: parts('山田=yamada|佐藤=sato|鈴木=suzuki|高橋=takahashi'),
    familyFirst: '',
    countries: ['JP'],
    language: 'en',
    roles: ['弁理士', '知的財産部長'],
  },
  {
    weight: 3,
    given: parts('민준=minjun|서연=seoyeon|지훈=jihoon|하은=haeun'),
    family: parts('김=kim|이=lee|박=park|최=choi'),
    familyFirst: '',
    countries: ['KR'],
    language: 'en',
    roles: ['변리사'],
  },
  {
    weight: 5,
    given: parts('अमित=amit|प्रिया=priya|Rahul|Anita|Lakshmi'),
    family: parts('शर्मा=sharma|पटेल=patel|Gupta|Singh|Iyer'),
    countries: ['IN'],
    language: 'en',
    roles: [],
  },
  {
    weight: 20,
    given: parts('Seán=sean|Siobhán=siobhan|John|Emily|Oliver|Grace|Chinedu|Wanjiru|Thandiwe'),
    family: parts("O'Brien=obrien|Smith|Johnson|Taylor|Ní Bhriain=nibhriain|Okafor|Kamau|van der Merwe=vandermerwe"),
    countries: ['GB', 'IE', 'US', 'AU', 'NZ', 'ZA', 'NG', 'KE'],
    language: 'en',
    roles: [],
  },
];
const TOTAL_WEIGHT = CULTURES.reduce((sum, culture) => sum + culture.weight, 0);

const COMMON_ROLES = [
  'Patent attorney',
  'Trademark agent',
  'IP manager',
  'Legal counsel',
  'Paralegal',
  'Inventor',
  'Director',
  'Partner',
  'Head of IP, EMEA',
  'Senior associate',
  'Chief executive officer',
  'Formalities officer',
];
const SEGMENT_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['applicant', 35],
  ['agent', 30],
  ['holder', 25],
  ['representative', 10],
];
const PLATFORM_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['ePCT', 45],
  ['Madrid', 35],
  ['Hague', 20],
];

/** One invalid field per invalid row, each refused by the import's rules (contact-row.ts). */
const INVALID_KINDS = [
  'missing-name',
  'long-name',
  'missing-email',
  'bad-email',
  'bad-country',
  'bad-segment',
  'bad-date',
  'future-date',
  'bad-ir-numbers',
  'missing-platform',
  'field-count',
] as const;
const INVALID_SHARE = 0.01;

interface GeneratedRow {
  cells: string[];
  valid: boolean;
  /** The language is not one the platform speaks: imported with a warning (en instead). */
  warning: boolean;
}

function* contactRows(count: number, seed: number, tag: string): Generator<GeneratedRow> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const weighted = (items: ReadonlyArray<readonly [string, number]>): string => {
    let at = random() * items.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [item, weight] of items) if ((at -= weight) < 0) return item;
    return items[items.length - 1][0];
  };
  const chance = (share: number) => random() < share;
  const digits = (length: number) => String(10 ** (length - 1) + Math.floor(random() * 9 * 10 ** (length - 1)));

  for (let i = 0; i < count; i++) {
    let at = random() * TOTAL_WEIGHT;
    const culture = CULTURES.find((c) => (at -= c.weight) < 0) ?? CULTURES[CULTURES.length - 1];
    const given = pick(culture.given);
    const family = pick(culture.family);

    let name =
      culture.familyFirst !== undefined ? `${family[0]}${culture.familyFirst}${given[0]}` : `${given[0]} ${family[0]}`;
    if (culture.familyFirst === undefined && chance(0.01))
      name = `${family[0]}, ${given[0]}`; // quoted in CSV
    else if (culture.familyFirst === undefined && chance(0.005)) name = `${given[0]} "${given[1]}" ${family[0]}`;
    if (chance(0.02)) name = ` ${name}  `; // trimmed by the import

    const country = pick(culture.countries);
    const tld = country === 'GB' ? 'co.uk' : country === 'US' ? 'com' : country.toLowerCase();
    // Unique in the run: the file's tag and the row's number.
    let email = `${given[1]}.${family[1]}${chance(0.02) ? '+ip' : ''}.${tag}${i.toString(36)}@example.${tld}`;
    if (chance(0.04)) email = email.toUpperCase(); // compared case-insensitively
    if (chance(0.02)) email = `  ${email} `;

    const segment = weighted(SEGMENT_WEIGHTS);
    const irShare = segment === 'holder' ? 0.7 : segment === 'agent' ? 0.4 : 0.15;
    const irNumbers = chance(irShare)
      ? Array.from({ length: 1 + Math.floor(random() * 4) }, () => digits(6 + Math.floor(random() * 3))).join(
          chance(0.1) ? '; ' : ';',
        )
      : '';
    const role = chance(0.15)
      ? ''
      : culture.roles.length > 0 && chance(0.3)
        ? pick(culture.roles)
        : chance(0.002)
          ? '=SUM(1+1)' // stored as text, escaped in any CSV export
          : pick(COMMON_ROLES);
    let since = '';
    if (chance(0.8)) {
      const year = 1985 + Math.floor(random() * 40);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * new Date(Date.UTC(year, month, 0)).getUTCDate());
      since = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    const platform = weighted(PLATFORM_WEIGHTS);
    let language = chance(0.85) ? culture.language : 'en';
    if (chance(0.1)) language = '';
    else if (chance(0.02)) language = pick(UNSUPPORTED_LANGUAGES);
    else if (chance(0.03)) language = language.toUpperCase();

    let cells = [
      name,
      email,
      chance(0.03) ? country.toLowerCase() : country,
      chance(0.03) ? ` ${segment[0].toUpperCase()}${segment.slice(1)} ` : segment,
      irNumbers,
      role,
      since,
      platform,
      language,
    ];

    const invalid = chance(INVALID_SHARE) ? pick(INVALID_KINDS) : null;
    switch (invalid) {
      case 'missing-name':
        cells[0] = '  ';
        break;
      case 'long-name':
        cells[0] = `${name.trim()} `.repeat(Math.ceil(201 / name.trim().length) + 1);
        break;
      case 'missing-email':
        cells[1] = '';
        break;
      case 'bad-email':
        cells[1] = pick(['not-an-email', `${given[1]}@`, `${given[1]} ${family[1]}@example.org`]);
        break;
      case 'bad-country':
        cells[2] = pick(['XX', 'ZZ', 'FRA', '12']);
        break;
      case 'bad-segment':
        cells[3] = pick(['customer', 'client', 'licensee']);
        break;
      case 'bad-date':
        cells[6] = pick(['2017-13-45', '2019-02-30', '01/02/2015', '2020-1-1']);
        break;
      case 'future-date':
        cells[6] = '2999-01-01';
        break;
      case 'bad-ir-numbers':
        cells[4] = pick(['12ab;;', '12345', '123456789', 'IR 1234567']);
        break;
      case 'missing-platform':
        cells[7] = '';
        break;
      case 'field-count':
        cells = cells.slice(0, -1);
        break;
    }
    const spoken = cells.length === HEADER.length ? cells[8].trim().toLowerCase() : '';
    yield {
      cells,
      valid: invalid === null,
      warning: invalid !== 'field-count' && spoken !== '' && !SUPPORTED_LANGUAGES.includes(spoken),
    };
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface CsvFile {
  label: string;
  path: string;
  rows: number;
  seed: number;
  tag: string;
  bytes: number;
  valid: number;
  invalid: number;
  warnings: number;
}

/** Writes the extract as the platforms deliver it: UTF-8 BOM, CRLF, header, trailing empty line. */
async function writeCsv(directory: string, label: string, rows: number, seed: number, tag: string): Promise<CsvFile> {
  const path = join(directory, `contacts-${label}.csv`);
  const out = createWriteStream(path);
  const file: CsvFile = { label, path, rows, seed, tag, bytes: 0, valid: 0, invalid: 0, warnings: 0 };
  let chunk = `\uFEFF${HEADER.join(',')}\r\n`;
  for (const row of contactRows(rows, seed, tag)) {
    chunk += `${row.cells.map(csvCell).join(',')}\r\n`;
    if (row.valid) file.valid++;
    else file.invalid++;
    if (row.warning) file.warnings++;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(`${chunk}\r\n`);
  await finished(out);
  file.bytes = statSync(path).size;
  return file;
}

// ---------------------------------------------------------------------------------------------
// Cleaning up whatever happens

// ---------------------------------------------------------------------------------------------
// The database

function adminUrl(): string {
  const url = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(host)) {
    throw new Error(`BENCH_DATABASE_URL points to ${host}: benchmarks send traffic to the loopback interface only.`);
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Baselines: plain inserts of as many rows, straight into scratch tables

interface BaselineRound {
  inserted: number;
  rate: number;
}

/** The items in groups of BATCH_ROWS; a null counts towards its group but is left out (an invalid file row). */
function* batchesOf<T>(items: Iterable<T | null>): Generator<T[]> {
  let batch: T[] = [];
  let count = 0;
  for (const item of items) {
    if (item !== null) batch.push(item);
    if (++count % BATCH_ROWS === 0) {
      yield batch;
      batch = [];
    }
  }
  yield batch;
}

/** Empties the tables, then hands each batch, as columns, to `write`; only the writes are timed. */
async function timedBatches(
  databaseUrl: string,
  tables: string[],
  batches: Iterable<unknown[][]>,
  write: (client: Client, columns: unknown[][]) => Promise<unknown>,
): Promise<BaselineRound> {
  return withClient(databaseUrl, async (client) => {
    await client.query(`TRUNCATE ${tables.join(', ')}`);
    let inserted = 0;
    let ms = 0;
    for (const batch of batches) {
      if (batch.length === 0) continue;
      const columns = batch[0].map((_, c) => batch.map((row) => row[c]));
      const started = now();
      await write(client, columns);
      ms += now() - started;
      inserted += batch.length;
    }
    return { inserted, rate: inserted / (ms / 1000) };
  });
}

/** The file's valid rows, plain columns only as the import stores them; null for an invalid row. */
function* plainContactRows(file: CsvFile): Generator<Array<string | null> | null> {
  for (const row of contactRows(file.rows, file.seed, file.tag)) {
    if (!row.valid) {
      yield null;
      continue;
    }
    const [, , country, segment, , role, since, platform, language] = row.cells.map((cell) => cell.trim());
    const spoken = language.toLowerCase();
    const plain = [
      country.toUpperCase(),
      segment.toLowerCase(),
      role,
      since,
      platform,
      SUPPORTED_LANGUAGES.includes(spoken) ? spoken : 'en',
    ];
    yield plain.map((value) => (value === '' ? null : value));
  }
}

/** 500 file rows per statement, one transaction each. */
const contactsBaseline = (databaseUrl: string, file: CsvFile) =>
  timedBatches(databaseUrl, [SCRATCH_TABLE], batchesOf(plainContactRows(file)), (client, columns) =>
    client.query(
      `INSERT INTO ${SCRATCH_TABLE} (id, country, segment, role, relationship_since, platform, language, collected_at)
       SELECT gen_random_uuid(), u.*, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[]) AS u`,
      columns,
    ),
  );

/** A campaign's rows without the work: an invitation (id, contact, language) and a 32-byte token hash each. */
function* invitationRows(count: number): Generator<[string, string, string, Buffer]> {
  for (let i = 0; i < count; i++) {
    yield [randomUUID(), randomUUID(), SUPPORTED_LANGUAGES[i % SUPPORTED_LANGUAGES.length], randomBytes(32)];
  }
}

/** 500 invitations and their token hashes per transaction, as a campaign batch writes them. */
function invitationsBaseline(databaseUrl: string, count: number): Promise<BaselineRound> {
  const surveyId = randomUUID();
  return timedBatches(
    databaseUrl,
    [INVITATIONS_TABLE, TOKENS_TABLE],
    batchesOf(invitationRows(count)),
    async (client, [ids, contactIds, languages, hashes]) => {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${INVITATIONS_TABLE} (id, survey_id, contact_id, language)
         SELECT u.id, $1::uuid, u.contact_id, u.language FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS u(id, contact_id, language)`,
        [surveyId, ids, contactIds, languages],
      );
      await client.query(
        `INSERT INTO ${TOKENS_TABLE} (token_hash, invitation_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
        [hashes, ids],
      );
      await client.query('COMMIT');
    },
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP, to 127.0.0.1 only

interface Reply {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

function send(options: RequestOptions, timeoutMs: number, write: (req: ClientRequest) => void): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ ...options, host: '127.0.0.1', timeout: timeoutMs }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < MB) text += chunk;
      });
      res.on('error', reject);
      res.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          // Not JSON: the text is in the error message if the status was not the one expected.
        }
        resolve({ status: res.statusCode ?? 0, text, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${options.path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    write(req);
  });
}

async function call(
  port: number,
  method: string,
  path: string,
  expected: number,
  options: { token?: string; json?: unknown } = {},
): Promise<Record<string, unknown>> {
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  const reply = await send(
    {
      port,
      method,
      path,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
      },
    },
    REQUEST_TIMEOUT_MS,
    (req) => req.end(payload),
  );
  if (reply.status !== expected) {
    throw new Error(`${method} ${path}: status ${reply.status}, expected ${expected}: ${reply.text.slice(0, 500)}`);
  }
  return reply.body;
}

function uploadCsv(port: number, token: string, file: CsvFile): Promise<Reply> {
  return send(
    {
      port,
      method: 'POST',
      path: `${API}/contacts/imports`,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Length': file.bytes,
      },
    },
    UPLOAD_TIMEOUT_MS,
    (req) => {
      const source = createReadStream(file.path);
      source.on('error', (error) => req.destroy(error));
      source.pipe(req);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The API, as a process of its own

interface RunningApi {
  child: ChildProcess;
  pid: number;
  port: number;
  output: () => string;
  exited: Promise<void>;
}

async function stopApi(api: RunningApi): Promise<void> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGTERM');
  const stopped = await Promise.race([api.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!stopped) {
    console.error(`API process ${api.pid} did not stop in ${STOP_TIMEOUT_MS} ms; killing it`);
    api.child.kill('SIGKILL');
    await api.exited;
  }
}

/** Starts dist/apps/api/.../main.js (migrations run at start) and waits for /health/ready. */
async function startApi(env: Record<string, string>): Promise<RunningApi> {
  // main.js listens on PORT and prints the configured port, not the one bound: pick a free one.
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(API_NODE_OPTIONS ? { NODE_OPTIONS: API_NODE_OPTIONS } : {}),
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.pid === undefined) throw new Error('could not start the API process');
  const api: RunningApi = { child, pid: child.pid, port, output: () => output, exited };
  cleanups.push(() => stopApi(api));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the API process exited early (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    const ready = await send({ port, method: 'GET', path: '/health/ready' }, 2000, (req) => req.end()).then(
      (reply) => reply.status === 200,
      () => false,
    );
    if (ready) return api;
    await sleep(250);
  }
  throw new Error(`the API was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
}

// ---------------------------------------------------------------------------------------------
// Staff: the first administrator (INITIAL_ADMIN_PASSWORD) enrols a second factor and creates an
// analyst, all through the API as on a new installation; the analyst logs in (no second factor).

async function login(port: number, email: string, password: string): Promise<string> {
  const tokens = await call(port, 'POST', `${API}/auth/login`, 200, { json: { email, password } });
  return tokens.accessToken as string;
}

async function createAnalyst(port: number, admin: Credentials, analyst: Credentials): Promise<void> {
  const token = await login(port, admin.email, admin.password);
  const { secret } = await call(port, 'POST', `${API}/auth/mfa/totp/setup`, 200, { token });
  const otp = TOTP.generate({ secret: Secret.fromBase32(secret as string) });
  await call(port, 'POST', `${API}/auth/mfa/totp/confirm`, 200, { token, json: { otp } });
  await call(port, 'POST', `${API}/users`, 201, {
    token,
    json: { email: analyst.email, displayName: 'Bench analyst', role: 'analyst', password: analyst.password },
  });
}

interface Credentials {
  email: string;
  password: string;
}

// ---------------------------------------------------------------------------------------------
// Memory of the API process

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // the process is gone
  }
}

/** VmRSS of the process every 50 ms; the peak since the last reset. */
class MemorySampler {
  private readonly timer: NodeJS.Timeout;
  peakKb = 0;
  samples = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  sample(): number | null {
    const kb = procStatusKb(this.pid, 'VmRSS');
    if (kb !== null) {
      this.samples++;
      this.peakKb = Math.max(this.peakKb, kb);
    }
    return kb;
  }

  /** Median RSS over a second of quiet. */
  async idleKb(): Promise<number> {
    const values: number[] = [];
    for (let i = 0; i < 10; i++) {
      const kb = this.sample();
      if (kb !== null) values.push(kb);
      await sleep(100);
    }
    if (values.length === 0) throw new Error(`cannot read /proc/${this.pid}/status`);
    return median(values);
  }

  /** Starts a new peak; also resets the kernel's VmHWM (false when it cannot be reset). */
  resetPeak(): boolean {
    this.peakKb = 0;
    this.samples = 0;
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Polling, and memory around a piece of work

/** GETs `path` every 100 ms until `done(body)`; gives up at `deadline` or if the API process dies. */
async function pollUntil(
  api: RunningApi,
  token: string,
  what: string,
  path: string,
  body: Record<string, unknown>,
  done: (body: Record<string, unknown>) => boolean,
  deadline: number,
  onProgress: (body: Record<string, unknown>) => void = () => undefined,
): Promise<Record<string, unknown>> {
  while (!done(body)) {
    if (Date.now() > deadline) {
      throw new Error(`${what} not finished after ${IMPORT_MAX_SECONDS} s (BENCH_IMPORT_MAX_SECONDS)`);
    }
    if (api.child.exitCode !== null || api.child.signalCode !== null) {
      throw new Error(`the API process died during ${what}:\n${api.output()}`);
    }
    await sleep(POLL_EVERY_MS);
    body = await call(api.port, 'GET', path, 200, { token });
    onProgress(body);
  }
  return body;
}

interface Progress {
  processed: number;
  peakKb: number;
  ms: number;
}

/** The API process's memory while a piece of work ran. */
interface Memory {
  pid: number;
  idleKb: number;
  peakKb: number;
  samples: number;
  /** VmHWM at the end, reset before the work; null when it could not be reset. */
  hwmKb: number | null;
  /** Rows (or invitations) the work is about; the timeline ends there. */
  total: number;
  timeline: Progress[];
}

/**
 * Idle RSS over a second of quiet, then `work` while RSS is sampled every 50 ms and at each
 * `progress(processed)`, to show how the peak moves (does it level off?); VmHWM reset before.
 */
async function withMemory<T extends object>(
  api: RunningApi,
  total: number,
  work: (progress: (processed: number) => void) => Promise<T>,
): Promise<T & Memory> {
  const sampler = new MemorySampler(api.pid);
  try {
    const idleKb = await sampler.idleKb();
    const hwmReset = sampler.resetPeak();
    const timeline: Progress[] = [];
    const progress = (processed: number) => {
      sampler.sample();
      timeline.push({ processed, peakKb: sampler.peakKb, ms: now() });
    };
    const result = await work(progress);
    progress(total);
    const hwmKb = hwmReset ? procStatusKb(api.pid, 'VmHWM') : null;
    return {
      ...result,
      pid: api.pid,
      idleKb,
      peakKb: sampler.peakKb,
      samples: sampler.samples,
      hwmKb,
      total,
      timeline,
    };
  } finally {
    sampler.stop();
  }
}

/** "key actual (from: expected)" for each figure that differs. */
function differences(actual: Record<string, unknown>, expected: Record<string, unknown>, from: string): string[] {
  return Object.entries(expected)
    .filter(([key, value]) => actual[key] !== value)
    .map(([key, value]) => `${key} ${String(actual[key])} (${from}: ${String(value)})`);
}

// ---------------------------------------------------------------------------------------------
// An import

interface ImportResult {
  uploadMs: number;
  processingMs: number;
  /** startedAt to finishedAt as the API recorded them. */
  serverMs: number;
  job: Record<string, unknown>;
}

async function runImport(
  api: RunningApi,
  token: string,
  file: CsvFile,
  onProgress?: (job: Record<string, unknown>) => void,
): Promise<ImportResult> {
  const deadline = Date.now() + IMPORT_MAX_SECONDS * 1000;
  const started = now();
  const reply = await uploadCsv(api.port, token, file);
  const uploaded = now();
  if (reply.status !== 202) {
    throw new Error(`upload of ${file.label}: status ${reply.status}, expected 202: ${reply.text.slice(0, 500)}`);
  }
  const path = `${API}/contacts/imports/${reply.body.id as string}`;
  const finished = (job: Record<string, unknown>) => job.status === 'completed' || job.status === 'failed';
  const job = await pollUntil(api, token, `import of ${file.label}`, path, reply.body, finished, deadline, onProgress);
  const done = now();
  if (job.status === 'failed') throw new Error(`import of ${file.label} failed: ${String(job.failureReason)}`);
  const serverMs = Date.parse(job.finishedAt as string) - Date.parse(job.startedAt as string);
  return { uploadMs: uploaded - started, processingMs: done - uploaded, serverMs, job };
}

interface Measured extends ImportResult, Memory {
  file: CsvFile;
  mismatches: string[];
}

function checkCounts(file: CsvFile, job: Record<string, unknown>): string[] {
  const expected = {
    totalRows: file.rows,
    processedRows: file.rows,
    created: file.valid,
    updated: 0,
    rejected: file.invalid,
    warnings: file.warnings,
  };
  return differences(job, expected, 'generated');
}

/**
 * A fresh API process: log in, import a small file to warm it up, let it settle, then import the
 * file measured while its memory is sampled; stop the process.
 */
async function measureInProcess(
  env: Record<string, string>,
  analyst: Credentials,
  warmUp: CsvFile,
  file: CsvFile,
): Promise<Measured> {
  const api = await startApi(env);
  try {
    const token = await login(api.port, analyst.email, analyst.password);
    const warm = await runImport(api, token, warmUp);
    const warmMismatches = checkCounts(warmUp, warm.job);
    if (warmMismatches.length > 0) throw new Error(`warm-up import: ${warmMismatches.join(', ')}`);
    await sleep(2000);
    const result = await withMemory(api, file.rows, (progress) =>
      runImport(api, token, file, (job) => progress(job.processedRows as number)),
    );
    const measured: Measured = { ...result, file, mismatches: checkCounts(file, result.job) };
    console.log(
      `  ${file.label}: imported by API process ${api.pid} in ${seconds(result.uploadMs + result.processingMs)}` +
        `, peak RSS ${mb(measured.peakKb * 1024)} (idle ${mb(measured.idleKb * 1024)})`,
    );
    return measured;
  } finally {
    await stopApi(api);
  }
}

// ---------------------------------------------------------------------------------------------
// A campaign to every contact

interface CampaignMeasured extends Memory {
  /** Contacts the imports created: all of them are invited. */
  contacts: number;
  acceptMs: number;
  invitingMs: number;
  /** createdAt to finishedAt as the API recorded them. */
  serverMs: number;
  campaign: Record<string, unknown>;
  mismatches: string[];
}

/**
 * A fresh API process, so that the memory measured is the campaign's and not the heap an import
 * grew: the analyst creates and publishes the sample survey, then, after 2 s of quiet, creates a
 * campaign with an empty target (everyone), polled until it completes while memory is sampled.
 * The counts are checked against the contacts created, and the tokens and queued mail (read from
 * the database) against the invitations.
 */
async function measureCampaign(
  env: Record<string, string>,
  analyst: Credentials,
  databaseUrl: string,
  contacts: number,
): Promise<CampaignMeasured> {
  const api = await startApi(env);
  try {
    const token = await login(api.port, analyst.email, analyst.password);
    const json = { name: 'Bench survey', questionnaire: sampleSatisfactionQuestionnaire() };
    const survey = (await call(api.port, 'POST', `${API}/surveys`, 201, { token, json })).id as string;
    await call(api.port, 'POST', `${API}/surveys/${survey}/publish`, 200, { token });
    await sleep(2000);
    const result = await withMemory(api, contacts, async (progress) => {
      const deadline = Date.now() + IMPORT_MAX_SECONDS * 1000;
      const started = now();
      const created = await call(api.port, 'POST', `${API}/surveys/${survey}/campaigns`, 202, {
        token,
        json: { name: 'Everyone', target: {} },
      });
      const accepted = now();
      const campaign = await pollUntil(
        api,
        token,
        'the campaign',
        `${API}/campaigns/${created.id as string}`,
        created,
        (c) => c.status !== 'inviting',
        deadline,
        (c) => progress(c.invitedCount as number),
      );
      const invitingMs = now() - accepted;
      const serverMs = Date.parse(campaign.finishedAt as string) - Date.parse(campaign.createdAt as string);
      return { acceptMs: accepted - started, invitingMs, serverMs, campaign };
    });
    const { rows } = await withClient(databaseUrl, (client) =>
      client.query(
        `SELECT (SELECT count(*) FROM invitation_tokens)::int AS tokens,
                (SELECT count(*) FROM mail_outbox WHERE kind = 'invitation' AND status = 'pending')::int AS "pendingMail"`,
      ),
    );
    const invited = result.campaign.invitedCount;
    const mismatches = [
      ...differences(
        result.campaign,
        { status: 'completed', targetCount: contacts, invitedCount: contacts },
        'expected',
      ),
      ...differences(rows[0], { tokens: invited, pendingMail: invited }, 'invitedCount'),
    ];
    console.log(
      `  ${int(contacts)} contacts: invited by API process ${api.pid} in ${seconds(result.acceptMs + result.invitingMs)}` +
        `, peak RSS ${mb(result.peakKb * 1024)} (idle ${mb(result.idleKb * 1024)})`,
    );
    return { ...result, contacts, mismatches };
  } finally {
    await stopApi(api);
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (rate: number, baseline: number) => `${(rate / baseline).toFixed(3)} (1/${(baseline / rate).toFixed(1)})`;
const meanRate = (rounds: BaselineRound[]) => rounds.reduce((sum, r) => sum + r.rate, 0) / rounds.length;
const roundsText = (rounds: BaselineRound[]) =>
  `${int(rounds[0].inserted)} rows): ` +
  `${rounds.map((r, i) => `round ${i + 1} ${int(r.rate)} rows/s`).join(', ')}; mean ${int(meanRate(rounds))} rows/s`;

/** The peak above idle, from VmHWM when it could be reset (it sees between samples), in kB. */
const peakDeltaKb = (m: Memory) => Math.max(m.hwmKb ?? m.peakKb, m.peakKb) - m.idleKb;

/** The first progress point at which this share of the work had been done. */
const pointAt = (m: Memory, share: number) =>
  m.timeline.find((t) => t.processed >= share * m.total) ?? m.timeline[m.timeline.length - 1];

/** The sampled peak above idle once this share of the work had been done, in kB. */
const peakAtShareKb = (m: Memory, share: number) =>
  (share === 1 ? peakDeltaKb(m) + m.idleKb : pointAt(m, share).peakKb) - m.idleKb;

function printProgress(m: Memory, what: string, by: string): void {
  const at = [0, 0.25, 0.5, 0.75, 1].map((share) => `${share * 100}% ${mb(peakAtShareKb(m, share) * 1024)}`);
  console.log(`  peak RSS − idle so far, ${int(m.total)} ${what}, by ${by}: ${at.join(' | ')}`);
}

type Row<T> = readonly [label: string, value: (item: T) => string];

const MEMORY_ROWS: Row<Memory>[] = [
  ['idle RSS before', (m) => mb(m.idleKb * 1024)],
  ['peak RSS (50 ms samples)', (m) => `${mb(m.peakKb * 1024)} (${m.samples} samples)`],
  ['VmHWM (reset before)', (m) => (m.hwmKb === null ? 'not resettable' : mb(m.hwmKb * 1024))],
  ['peak RSS − idle', (m) => mb(peakDeltaKb(m) * 1024)],
];

const countsRow = (label: string): Row<{ mismatches: string[] }> => [
  label,
  (m) => (m.mismatches.length === 0 ? 'yes' : `NO: ${m.mismatches.join(', ')}`),
];

/** A column per item (headed `heads`), a line per row. */
function printTable<T>(title: string, heads: string[], items: T[], rows: Row<T>[]): void {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const columns = items.map((item, i) => Math.max(18, heads[i].length, ...rows.map(([, v]) => v(item).length)) + 2);
  const line = (label: string, values: string[]) =>
    `  ${label.padEnd(width)}${values.map((v, i) => v.padStart(columns[i])).join('')}`;
  console.log(`\n${title}`);
  console.log(line('', heads));
  for (const [label, value] of rows) console.log(line(label, items.map(value)));
}

function printCampaignFigures(c: CampaignMeasured, rounds: BaselineRound[]): void {
  const overallRate = c.contacts / ((c.acceptMs + c.invitingMs) / 1000);
  // Does a batch cost more as invitations accumulate?
  const quarters = [0, 0.25, 0.5, 0.75].map((share) => {
    const [from, to] = [pointAt(c, share), pointAt(c, share + 0.25)];
    return int((to.processed - from.processed) / ((to.ms - from.ms) / 1000));
  });
  printTable(
    `Campaign to every contact (${BATCH_ROWS} per batch: invitations, token hashes, mail rendered, encrypted and queued)`,
    [`${int(c.contacts)} contacts`],
    [c],
    [
      [
        'targetCount / invitedCount',
        () => `${int(Number(c.campaign.targetCount))} / ${int(Number(c.campaign.invitedCount))}`,
      ],
      ['create (request to 202)', () => seconds(c.acceptMs)],
      ['inviting (202 to completed)', () => `${seconds(c.invitingMs)} (server ${seconds(c.serverMs)})`],
      ['invitations/s overall', () => int(overallRate)],
      ['invitations/s inviting only', () => int(c.contacts / (c.invitingMs / 1000))],
      ['invitations/s by quarter', () => quarters.join(' | ')],
      ['campaign ÷ baseline rows/s', () => ratio(overallRate, meanRate(rounds))],
      ...MEMORY_ROWS,
      countsRow('counts as expected'),
    ],
  );
  console.log(
    `\n  baseline (INSERT ... SELECT FROM unnest, ${BATCH_ROWS} invitations (uuid, uuid, uuid, text) and their token ` +
      `hashes (bytea, uuid) per transaction, statements timed, ${roundsText(rounds)}`,
  );
  printProgress(c, 'invitations', 'invitations made');
}

function printFigures(measured: Measured[], rounds: BaselineRound[], constrained: Measured | null): void {
  const overallRate = (m: Measured) => m.file.rows / ((m.uploadMs + m.processingMs) / 1000);
  printTable(
    'Contact import (CSV, text/csv), the API in its own process',
    measured.map((m) => `${int(m.file.rows)} rows`),
    measured,
    [
      ['file size', (m) => mb(m.file.bytes)],
      ['valid / invalid / warnings', (m) => `${int(m.file.valid)} / ${int(m.file.invalid)} / ${int(m.file.warnings)}`],
      ['upload (request to 202)', (m) => seconds(m.uploadMs)],
      ['processing (202 to completed)', (m) => `${seconds(m.processingMs)} (server ${seconds(m.serverMs)})`],
      ['rows/s overall', (m) => int(overallRate(m))],
      ['rows/s processing only', (m) => int(m.file.rows / (m.processingMs / 1000))],
      ['import ÷ baseline rows/s', (m) => ratio(overallRate(m), meanRate(rounds))],
      ...MEMORY_ROWS,
      countsRow('counts as generated'),
    ],
  );
  console.log(
    `\n  baseline (INSERT ... SELECT FROM unnest, ${BATCH_ROWS} file rows per statement, plain columns, statements timed, ` +
      roundsText(rounds),
  );
  for (const m of measured) printProgress(m, 'rows', 'rows processed');
  const [small, big] = measured;
  const floorKb = 1024; // a delta under 1 MB is noise; it would make the ratio meaningless
  const peakRatio = Math.max(peakDeltaKb(big), floorKb) / Math.max(peakDeltaKb(small), floorKb);
  const rowsRatio = `${(big.file.rows / small.file.rows).toFixed(0)}x the rows`;
  console.log(
    `  peak RSS − idle, ${int(big.file.rows)} rows ÷ ${int(small.file.rows)} rows: ${peakRatio.toFixed(2)}x for ${rowsRatio}`,
  );
  // Streaming with a lazy collector: the heap grows until V8's first full collections, then
  // levels off; so the decisive figure is the capped run.
  const firstHalfKb = peakAtShareKb(big, 0.5) - peakAtShareKb(big, 0);
  const secondHalfKb = peakDeltaKb(big) - peakAtShareKb(big, 0.5);
  console.log(
    `  peak RSS − idle grew ${mb(firstHalfKb * 1024)} over the first half of the ${int(big.file.rows)} rows, ` +
      `${mb(secondHalfKb * 1024)} over the second`,
  );
  if (constrained) {
    console.log(
      `  with a ${CONSTRAINED_HEAP_MB} MB heap: ${int(constrained.file.rows)} rows in ` +
        `${seconds(constrained.uploadMs + constrained.processingMs)} (${int(overallRate(constrained))} rows/s), ` +
        `peak RSS − idle ${mb(peakDeltaKb(constrained) * 1024)}, counts ` +
        (constrained.mismatches.length === 0 ? 'as generated' : `WRONG: ${constrained.mismatches.join(', ')}`),
    );
  }
  const verdict =
    constrained && constrained.mismatches.length === 0
      ? `bounded: ${int(constrained.file.rows)} rows (${mb(constrained.file.bytes)}) import correctly through a ` +
        `${CONSTRAINED_HEAP_MB} MB heap; the file is streamed, not loaded whole`
      : `NOT shown bounded: the import did not complete correctly with a ${CONSTRAINED_HEAP_MB} MB heap`;
  console.log(`  verdict: ${verdict}`);
}

// ---------------------------------------------------------------------------------------------

function newestSourceNewerThan(directory: string, builtAt: number): string | null {
  let newest: { path: string; mtime: number } | null = null;
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const mtime = statSync(path).mtimeMs;
        if (mtime > builtAt && (!newest || mtime > newest.mtime)) newest = { path, mtime };
      }
    }
  };
  walk(directory, 0);
  return newest === null ? null : (newest as { path: string }).path;
}

async function main(): Promise<void> {
  const bigRows = bigRowsArgument();
  if (![BUILT_MAIN, BUILT_IMPORTS, BUILT_CAMPAIGNS].every(existsSync)) {
    console.error(
      `No build of the API with contact imports and campaigns at ${BUILT_MAIN}.\nRun \`npm run build:api\` first, then this again.`,
    );
    process.exitCode = 1;
    return;
  }
  const newer = newestSourceNewerThan(join(ROOT, 'apps/api/src'), statSync(BUILT_MAIN).mtimeMs);
  if (newer) {
    console.log(`note: ${newer.slice(ROOT.length + 1)} is newer than the build; the figures are of the build`);
  }

  const work = mkdtempSync(join(tmpdir(), 'survey-bench-import-'));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));

  console.log(`generating extracts in ${work}`);
  const small = await writeCsv(work, `${SMALL_ROWS}`, SMALL_ROWS, 10_001, 's');
  const big = await writeCsv(work, `${bigRows}`, bigRows, 100_001, 'b');
  const warmUps = [
    await writeCsv(work, 'warm-up-1', WARM_UP_ROWS, 1_001, 'w'),
    await writeCsv(work, 'warm-up-2', WARM_UP_ROWS, 1_002, 'v'),
    await writeCsv(work, 'warm-up-3', WARM_UP_ROWS, 1_003, 'u'),
  ];
  const constrainedFile = await writeCsv(work, `${bigRows}, ${CONSTRAINED_HEAP_MB} MB heap`, bigRows, 100_003, 'c');
  for (const file of [small, big]) {
    console.log(
      `  ${int(file.rows)} rows, ${mb(file.bytes)}: ${int(file.valid)} valid, ${int(file.invalid)} invalid, ` +
        `${int(file.warnings)} with a language the platform does not speak`,
    );
  }

  const databaseUrl = await createBenchDatabase(adminUrl(), `survey_bench_${randomBytes(5).toString('hex')}`);
  await withClient(databaseUrl, (client) =>
    client.query(
      `CREATE TABLE ${SCRATCH_TABLE} (id uuid PRIMARY KEY, country char(2) NOT NULL, segment text NOT NULL,
         role text, relationship_since date, platform text NOT NULL, language text NOT NULL,
         collected_at timestamptz NOT NULL);
       CREATE INDEX ${SCRATCH_TABLE}_targeting_idx ON ${SCRATCH_TABLE} (country, segment);
       CREATE TABLE ${INVITATIONS_TABLE} (id uuid PRIMARY KEY, survey_id uuid NOT NULL, contact_id uuid NOT NULL,
         language text NOT NULL);
       CREATE TABLE ${TOKENS_TABLE} (token_hash bytea PRIMARY KEY, invitation_id uuid NOT NULL);`,
    ),
  );

  const admin: Credentials = { email: 'bench-admin@localhost', password: randomBytes(18).toString('base64url') };
  const analyst: Credentials = { email: 'bench-analyst@localhost', password: randomBytes(18).toString('base64url') };
  const dataDir = join(work, 'api-data');
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    MASTER_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    INITIAL_ADMIN_EMAIL: admin.email,
    INITIAL_ADMIN_PASSWORD: admin.password,
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    MAIL_POLL_INTERVAL_MS: '0',
    DEMO: '0',
    CONTACT_IMPORT_MAX_BYTES: '200mb',
  };

  const rounds: BaselineRound[] = [];
  console.log('baseline round 1');
  rounds.push(await contactsBaseline(databaseUrl, big));

  // Staff set up in a process of its own, so that both measured processes have the same history
  // (start, one login, a warm-up import): password hashing leaves native memory behind.
  console.log('staff: the first administrator enrols a second factor and creates an analyst');
  const setUpApi = await startApi(env);
  await createAnalyst(setUpApi.port, admin, analyst).finally(() => stopApi(setUpApi));

  console.log('imports (each in a fresh API process, after a warm-up import of 1,000 rows)');
  const measured = [
    await measureInProcess(env, analyst, warmUps[0], small),
    await measureInProcess(env, analyst, warmUps[1], big),
  ];

  // The decisive test of streaming: the same size of file through an API whose V8 heap is capped
  // far below what holding the file's rows would take. Peaks above without the cap are garbage
  // V8 was simply allowed to keep.
  console.log(`the ${int(bigRows)}-row import again, in an API process limited to a ${CONSTRAINED_HEAP_MB} MB heap`);
  const constrained = await measureInProcess(
    { ...env, NODE_OPTIONS: `--max-old-space-size=${CONSTRAINED_HEAP_MB}` },
    analyst,
    warmUps[2],
    constrainedFile,
  ).catch((error: Error) => {
    console.log(`  the capped import failed: ${error.message.split('\n')[0]}`);
    return null;
  });

  console.log('baseline round 2');
  rounds.push(await contactsBaseline(databaseUrl, big));

  // Every contact the imports created (the warm-ups' counts were checked) is invited.
  const created = (files: Array<{ valid: number }>) => files.reduce((sum, file) => sum + file.valid, 0);
  const imported = constrained ? [...measured, constrained] : measured;
  const contacts =
    created(constrained ? warmUps : warmUps.slice(0, 2)) +
    created(imported.map((m) => ({ valid: m.job.created as number })));
  const campaignRounds: BaselineRound[] = [];
  console.log(`campaign baseline round 1 (${int(contacts)} invitations)`);
  campaignRounds.push(await invitationsBaseline(databaseUrl, contacts));
  console.log('campaign to every contact (in a fresh API process, after creating and publishing a survey)');
  const campaign = await measureCampaign(env, analyst, databaseUrl, contacts);
  console.log('campaign baseline round 2');
  campaignRounds.push(await invitationsBaseline(databaseUrl, contacts));

  printFigures(measured, rounds, constrained);
  printCampaignFigures(campaign, campaignRounds);
  if (!constrained || [...imported, campaign].some((m) => m.mismatches.length > 0)) process.exitCode = 1;
}

runBenchmark(main, TIMEOUT_SECONDS);
