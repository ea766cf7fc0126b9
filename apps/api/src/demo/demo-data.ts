import type { INestApplicationContext } from '@nestjs/common';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { generatePassword } from '../auth/passwords';
import { StaffRole } from '../auth/roles';
import { ContactImportsService } from '../contacts/contact-imports.service';
import { Segment } from '../contacts/contact.entity';
import { CampaignsService } from '../delivery/campaigns.service';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';

export interface DemoLogin {
  role: StaffRole;
  email: string;
  password: string;
}

export interface DemoSummary {
  logins: DemoLogin[];
  contacts: number;
  rejectedRows: number;
  surveyId: string;
  invited: number;
}

export const DEMO_CONTACTS = 3000;

/** Countries, weighted by how often they appear, with the language their filers get. */
const COUNTRIES: [code: string, language: string, weight: number][] = [
  ['US', 'en', 14],
  ['CN', 'zh', 12],
  ['JP', 'en', 8],
  ['DE', 'en', 8],
  ['KR', 'en', 6],
  ['FR', 'fr', 6],
  ['GB', 'en', 4],
  ['CH', 'fr', 4],
  ['IT', 'en', 3],
  ['ES', 'es', 3],
  ['NL', 'en', 3],
  ['SE', 'en', 2],
  ['IN', 'en', 3],
  ['CA', 'fr', 2],
  ['BR', 'es', 2],
  ['MX', 'es', 2],
  ['AR', 'es', 1],
  ['CO', 'es', 1],
  ['RU', 'ru', 3],
  ['KZ', 'ru', 1],
  ['AE', 'ar', 1],
  ['EG', 'ar', 1],
  ['SA', 'ar', 1],
  ['MA', 'ar', 1],
  ['AU', 'en', 2],
  ['IL', 'en', 1],
  ['SG', 'zh', 1],
  ['TR', 'en', 1],
  ['BE', 'fr', 1],
  ['AT', 'en', 1],
];

const NAMES: Record<string, [first: string[], last: string[]]> = {
  en: [
    ['James', 'Mary', 'Ayşe', 'Hiroshi', 'Min-jun', 'Priya', 'Lars', 'Giulia', 'Sven', 'Olivia'],
    ['Smith', 'Tanaka', 'Kim', 'Rossi', 'Jansen', 'Sharma', 'Andersson', 'Müller', 'Cohen', 'Yılmaz'],
  ],
  fr: [
    ['Amélie', 'Étienne', 'Chloé', 'François', 'Inès', 'Léo'],
    ['Durand', 'Lefèvre', 'Girard', 'Mercier', 'Dubois', 'Fontaine'],
  ],
  es: [
    ['María José', 'Andrés', 'Lucía', 'Joaquín', 'Sofía', 'Íñigo'],
    ['García', 'Rodríguez', 'Núñez', 'Peña', 'Gómez', 'Castaño'],
  ],
  ar: [
    ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'يوسف', 'مريم'],
    ['العلي', 'الحسن', 'المصري', 'الشامي', 'النجار', 'الخطيب'],
  ],
  zh: [
    ['伟', '芳', '娜', '敏', '静', '强'],
    ['李', '王', '张', '刘', '陈', '杨'],
  ],
  ru: [
    ['Иван', 'Анна', 'Дмитрий', 'Ольга', 'Сергей', 'Мария'],
    ['Петров', 'Иванова', 'Смирнов', 'Кузнецова', 'Попов', 'Соколова'],
  ],
};
const SEGMENTS = ['agent', 'applicant', 'holder', 'representative'];
const ROLES = [
  'Patent attorney',
  'Trademark agent',
  'IP manager',
  'Inventor',
  'Paralegal',
  'Legal counsel',
  'Director',
];
const PLATFORMS: [string, number][] = [
  ['ePCT', 5],
  ['Madrid', 4],
  ['Hague', 1],
];

/** A small deterministic generator, so every demo database looks the same. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, items: [T, number][]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let r = random() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A contact extract shaped like the platforms' (BOM, CRLF), with a few bad rows as real ones have. */
export function demoContactsCsv(count = DEMO_CONTACTS, seed = 2027): string {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const lines = ['full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language'];
  for (let i = 1; i <= count; i++) {
    const [country, language] = weighted(
      random,
      COUNTRIES.map(([c, l, w]) => [[c, l] as const, w]),
    );
    const [first, last] = NAMES[language];
    const name = language === 'zh' ? `${pick(last)}${pick(first)}` : `${pick(first)} ${pick(last)}`;
    const segment = pick(SEGMENTS);
    const numbers =
      segment === 'holder' || random() < 0.2 ? [String(1_000_000 + Math.floor(random() * 8_999_999))] : [];
    const since = `${2000 + Math.floor(random() * 26)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`;
    const email = i % 400 === 0 ? 'not-an-address' : `filer${String(i).padStart(5, '0')}@example.org`;
    const row = [
      name,
      email,
      country,
      segment,
      numbers.join(';'),
      pick(ROLES),
      since,
      weighted(random, PLATFORMS),
      language,
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** True when the database holds no survey and no contact: only then is demo data loaded. */
export async function isEmptyForDemo(app: INestApplicationContext): Promise<boolean> {
  const [row] = await app
    .get(DataSource)
    .query('SELECT NOT EXISTS (SELECT 1 FROM surveys) AND NOT EXISTS (SELECT 1 FROM contacts) AS empty');
  return row.empty === true;
}

/**
 * A working system for a first look: one login per role, a six-language satisfaction survey,
 * a few thousand synthetic contacts and a campaign whose mail lands in the outbox.
 * Responses will be added once ingestion exists (issue 5).
 */
export async function loadDemoData(app: INestApplicationContext): Promise<DemoSummary> {
  const users = app.get(UsersService);
  const logins: DemoLogin[] = [];
  const created: string[] = [];
  for (const role of [StaffRole.Analyst, StaffRole.PrivacyOfficer, StaffRole.Management]) {
    const email = `${role.replace('_', '-')}@demo.localhost`;
    const password = generatePassword();
    const user = await users.create({ email, displayName: `Demo ${role.replace('_', ' ')}`, role, password });
    created.push(user.id);
    logins.push({ role, email, password });
  }
  const analyst = { id: created[0] };

  const imports = app.get(ContactImportsService);
  const csv = Buffer.from(demoContactsCsv(), 'utf8');
  const job = await imports.start(analyst.id, Readable.from([csv]), 'text/csv', String(csv.length));
  await imports.settled(job.id);
  const finished = await imports.get(job.id);

  const surveys = app.get(SurveysService);
  const { survey } = await surveys.create(analyst.id, {
    name: 'Filer satisfaction survey (demo)',
    questionnaire: sampleSatisfactionQuestionnaire() as unknown as Record<string, unknown>,
  });
  await surveys.publish(analyst.id, survey.id);
  const campaigns = app.get(CampaignsService);
  const wave = await campaigns.create(analyst.id, survey.id, {
    name: 'Demo wave 1',
    target: { countries: ['FR', 'CH', 'ES', 'AE', 'CN', 'RU'], segments: [Segment.Agent, Segment.Applicant] },
  });
  await campaigns.settled(wave.id);
  const campaign = await campaigns.get(wave.id);
  return {
    logins,
    contacts: finished.created,
    rejectedRows: finished.rejected,
    surveyId: survey.id,
    invited: campaign.invitedCount,
  };
}

export function describeDemo(summary: DemoSummary): string[] {
  return [
    `  Demo data:               ${summary.contacts} synthetic contacts, a six-language survey, ${summary.invited} invitations`,
    '                           (mail in the outbox folder); one login per role, passwords shown this once:',
    ...summary.logins.map((login) => `    ${login.role.padEnd(22)} ${login.email}  ${login.password}`),
  ];
}
