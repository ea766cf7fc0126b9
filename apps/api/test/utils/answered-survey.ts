import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { clientFor } from './app';
import { answered } from './client';
import { completeAnswers, extractCsv, surveyWithInvitees, type ExtractRow, type Invitee } from './respondents';

export const K = 5;
/** Respondents by country and segment: IT is under k, and so are the DE–holder and ES–applicant cells. */
export const DESIGN: Array<[country: string, segment: string, count: number]> = [
  ['FR', 'agent', 8],
  ['FR', 'applicant', 7],
  ['FR', 'holder', 5],
  ['DE', 'agent', 6],
  ['DE', 'applicant', 6],
  ['DE', 'holder', 3],
  ['ES', 'agent', 5],
  ['ES', 'applicant', 3],
  ['IT', 'agent', 2],
];
const ROLES = ['Patent attorney', 'Paralegal', ''];
const SINCE = ['2010-01-15', '2020-05-01', ''];

export interface Given {
  invitee: Invitee;
  country: string;
  segment: string;
  answers: Record<string, unknown>;
}

/** The 45 filers of DESIGN, in its order, as rows of a contact extract (filer0@example.org …). */
export function designRows(): ExtractRow[] {
  const rows: ExtractRow[] = [];
  for (const [country, segment, count] of DESIGN) {
    for (let j = 0; j < count; j += 1) {
      const i = rows.length;
      rows.push({
        name: `Filer ${i}`,
        email: `filer${i}@example.org`,
        country,
        segment,
        role: ROLES[i % 3],
        customerSince: SINCE[i % 3],
      });
    }
  }
  return rows;
}

/** Answers that vary with the respondent's position, so that every figure is non-trivial. */
export function answersFor(i: number): Record<string, unknown> {
  const nps = (i * 7) % 11;
  const contactedSupport = i % 3 === 0;
  return completeAnswers({
    nps,
    ...(nps <= 6 ? { npsReason: `Reason number ${i}` } : {}),
    satisfaction: 1 + ((i * 3) % 5),
    mainService: ['pct', 'madrid', 'hague'][i % 3],
    channels: i % 2 ? ['eservices'] : ['email', 'phone'],
    filerType: ['applicant', 'attorney', 'paralegal', 'other'][i % 4],
    contactedSupport,
    ...(contactedSupport ? { support: { timeliness: 1 + (i % 5), clarity: 1 + ((i + 2) % 5), courtesy: 5 } } : {}),
    suggestions: `Secret remark ${i} from a filer`,
  });
}

/**
 * A survey answered by 45 synthetic filers laid out as DESIGN says (k = 5), with what each
 * answered, so tests can compute every figure themselves.
 */
export async function answeredSurvey(
  app: NestExpressApplication,
  analystToken: string,
): Promise<{ surveyId: string; campaignId: string; given: Given[] }> {
  const survey = await surveyWithInvitees(app, analystToken, { contactsCsv: extractCsv(designRows()) });
  // Contacts of one import share their creation time, so the database's order among them is the
  // ids' (random): sort by group, so every run gives each group the same answers.
  const invitees = [...survey.invitees].sort(
    (a, b) => a.country.localeCompare(b.country) || a.segment.localeCompare(b.segment),
  );
  const given = invitees.map((invitee, i) => ({
    invitee,
    country: invitee.country,
    segment: invitee.segment,
    answers: answersFor(i),
  }));
  for (const { invitee, answers } of given) {
    const respondent = clientFor(app.getHttpServer() as Server, { invitation: invitee.token });
    await answered(respondent.POST('/api/v1/respond/submit', { body: { answers } }), 200);
  }
  return { surveyId: survey.surveyId, campaignId: survey.campaignId, given };
}
