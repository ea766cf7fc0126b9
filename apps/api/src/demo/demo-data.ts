import type { INestApplicationContext } from '@nestjs/common';
import { sampleSatisfactionQuestionnaire, type Answers, type Questionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { generatePassword } from '../auth/passwords';
import { StaffRole } from '../auth/roles';
import { ContactImportsService } from '../contacts/contact-imports.service';
import { Segment } from '../contacts/contact.entity';
import { KeystoreService } from '../crypto/keystore.service';
import { CampaignsService } from '../delivery/campaigns.service';
import { NewResponse, ResponseStore } from '../ingestion/response-store';
import { ResponseChannel } from '../ingestion/response.entity';
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
  responses: number;
}

/** Share of demo invitees who answer, who only open the link, and who start without finishing. */
const DEMO_FUNNEL = { completed: 0.42, openedOnly: 0.12, startedOnly: 0.06 };

const SUGGESTIONS = [
  'Faster replies from the helpdesk would help.',
  'Plus de webinaires en français, s’il vous plaît.',
  'El portal es claro, pero lento en horas punta.',
  'Please keep the fee tables up to date.',
  'يرجى تبسيط نموذج الإيداع.',
  '希望提供更多中文指南。',
  'Спасибо, всё понятно и удобно.',
];

/** A plausible, valid answer set for the sample questionnaire. */
function demoAnswers(random: () => number): Answers {
  const nps = weighted(random, [
    [10, 18],
    [9, 22],
    [8, 20],
    [7, 14],
    [6, 8],
    [5, 6],
    [4, 4],
    [3, 3],
    [2, 2],
    [1, 1],
    [0, 2],
  ]);
  const answers: Answers = {
    nps,
    satisfaction: Math.max(1, Math.min(5, Math.round(nps / 2.2 + random() * 1.4))),
    mainService: weighted(random, [
      ['pct', 5],
      ['madrid', 3],
      ['hague', 2],
    ]),
    channels: ['eservices', 'email', 'phone', 'webinar'].filter(() => random() < 0.45),
    filerType: weighted(random, [
      ['applicant', 3],
      ['attorney', 4],
      ['paralegal', 2],
      ['other', 1],
    ]),
    contactedSupport: random() < 0.35,
  };
  if (nps <= 6 && random() < 0.6) answers.npsReason = 'Processing took longer than announced.';
  if (answers.contactedSupport) {
    const score = () => 1 + Math.floor(random() * 5);
    answers.support = { timeliness: score(), clarity: score(), courtesy: score() };
  }
  if (random() < 0.3) answers.suggestions = SUGGESTIONS[Math.floor(random() * SUGGESTIONS.length)];
  if ((answers.channels as string[]).length === 0) delete answers.channels;
  return answers;
}

/**
 * Synthetic answers for part of the demo campaign, stored as web submissions would store them
 * (pseudonym, snapshot, free text encrypted), spread over the last three weeks; a few more
 * invitees only opened or started the survey, so the funnel has every stage.
 */
async function addDemoResponses(app: INestApplicationContext, surveyId: string, questionnaire: Questionnaire) {
  const dataSource = app.get(DataSource);
  const random = mulberry32(4711);
  const invitees: (NewResponse['snapshot'] & { id: string; contact_id: string; language: string })[] =
    await dataSource.query(
      `SELECT i.id, i.contact_id, i.language, c.country, c.segment, c.role,
              c.relationship_since::text AS "relationshipSince"
         FROM invitations i JOIN contacts c ON c.id = i.contact_id
        WHERE i.survey_id = $1 ORDER BY i.id`,
      [surveyId],
    );
  const now = Date.now();
  const responses: NewResponse[] = [];
  const opened: string[] = [];
  const started: string[] = [];
  for (const invitee of invitees) {
    const draw = random();
    if (draw < DEMO_FUNNEL.completed) {
      responses.push({
        id: randomUUID(),
        surveyId,
        questionnaireVersion: 1,
        invitationId: invitee.id,
        contactId: invitee.contact_id,
        channel: ResponseChannel.Web,
        providerResponseId: null,
        apiKeyId: null,
        answers: demoAnswers(random),
        language: invitee.language,
        snapshot: invitee,
        submittedAt: new Date(now - Math.floor(random() * 21 * 86_400_000)),
      });
    } else if (draw < DEMO_FUNNEL.completed + DEMO_FUNNEL.openedOnly) {
      opened.push(invitee.id);
    } else if (draw < DEMO_FUNNEL.completed + DEMO_FUNNEL.openedOnly + DEMO_FUNNEL.startedOnly) {
      started.push(invitee.id);
    }
  }
  await dataSource.transaction(async (manager) => {
    const keys = await app.get(KeystoreService).keysFor(
      responses.map((r) => r.contactId),
      manager,
    );
    await app.get(ResponseStore).insert(manager, responses, () => questionnaire, keys, new Date(now));
    await manager.query('UPDATE invitations SET opened_at = now() WHERE id = ANY($1::uuid[])', [opened]);
    await manager.query('UPDATE invitations SET opened_at = now(), started_at = now() WHERE id = ANY($1::uuid[])', [
      started,
    ]);
  });
  return responses.length;
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
 * a few thousand synthetic contacts, a campaign whose mail lands in the outbox, and synthetic
 * responses from part of its invitees.
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
  const questionnaire = sampleSatisfactionQuestionnaire();
  const { survey } = await surveys.create(analyst.id, {
    name: 'Filer satisfaction survey (demo)',
    questionnaire: questionnaire as unknown as Record<string, unknown>,
  });
  await surveys.publish(analyst.id, survey.id);
  const campaigns = app.get(CampaignsService);
  const wave = await campaigns.create(analyst.id, survey.id, {
    name: 'Demo wave 1',
    target: { countries: ['FR', 'CH', 'ES', 'AE', 'CN', 'RU'], segments: [Segment.Agent, Segment.Applicant] },
  });
  await campaigns.settled(wave.id);
  const campaign = await campaigns.get(wave.id);
  const responses = await addDemoResponses(app, survey.id, questionnaire);
  return {
    logins,
    contacts: finished.created,
    rejectedRows: finished.rejected,
    surveyId: survey.id,
    invited: campaign.invitedCount,
    responses,
  };
}

export function describeDemo(summary: DemoSummary, { withLogins = true }: { withLogins?: boolean } = {}): string[] {
  return [
    `  Demo data:               ${summary.contacts} synthetic contacts, a six-language survey, ${summary.invited} invitations,`,
    `                           ${summary.responses} synthetic responses`,
    withLogins
      ? '                           (mail in the outbox folder); one login per role, passwords shown this once:'
      : '                           (mail in the outbox folder); one login per role, in the block below',
    ...(withLogins
      ? summary.logins.map((login) => `    ${login.role.padEnd(22)} ${login.email}  ${login.password}`)
      : []),
  ];
}
