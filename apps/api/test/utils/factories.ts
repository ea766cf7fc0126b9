import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { StaffRole } from '../../src/auth/roles';
import { PageQueryDto } from '../../src/common/pagination';
import type { ContactImport } from '../../src/contacts/contact-import.entity';
import { ContactImportsService } from '../../src/contacts/contact-imports.service';
import { ContactsService } from '../../src/contacts/contacts.service';
import { Transactions } from '../../src/database/transactions';
import { CampaignsService } from '../../src/delivery/campaigns.service';
import type { CampaignTargetDto } from '../../src/delivery/delivery.dto';
import { InvitationQueryDto } from '../../src/delivery/delivery.dto';
import type { Invitation } from '../../src/delivery/campaign.entity';
import { InvitationTokens } from '../../src/delivery/invitation-tokens';
import { RespondentService } from '../../src/ingestion/respondent.service';
import { IdentityVerification, PrivacyRequestChannel } from '../../src/privacy-requests/privacy-request.entity';
import { PrivacyRequestWorkflowService } from '../../src/privacy-requests/privacy-request-workflow.service';
import type { RegisterPrivacyRequestDto } from '../../src/privacy-requests/privacy-requests.dto';
import { SurveyStatus } from '../../src/surveys/survey.entity';
import type { CreateSurveyDto } from '../../src/surveys/surveys.dto';
import { SurveysService } from '../../src/surveys/surveys.service';
import { UsersService } from '../../src/users/users.service';
import type { MediumTest } from './medium';
import { answersFor, designRows, type Given } from './answered-survey';
import { completeAnswers, extractCsv, type ExtractRow } from './respondents';
import { TEST_PASSWORD } from './staff';

/**
 * Small factories for service-level tests: each makes realistic rows through the service that
 * owns them (as a staff member or a respondent would), takes overrides, and returns ids.
 */

let sequence = 0;
const next = () => ++sequence;

/** The staff member a factory acts as when the test names none: one analyst per test database. */
const defaultActors = new WeakMap<MediumTest, Promise<string>>();
function actorOf(t: MediumTest, actorId: string | undefined): Promise<string> {
  if (actorId) return Promise.resolve(actorId);
  let actor = defaultActors.get(t);
  if (!actor) {
    actor = newStaffUser(t, { role: StaffRole.Analyst }).then((user) => user.id);
    defaultActors.set(t, actor);
  }
  return actor;
}

export interface NewStaffUser {
  id: string;
  email: string;
  role: StaffRole;
}

/** A staff account, as an administrator creates one (no second factor: services do not ask for one). */
export async function newStaffUser(
  t: MediumTest,
  overrides: Partial<{ email: string; displayName: string; role: StaffRole; password: string }> = {},
): Promise<NewStaffUser> {
  const role = overrides.role ?? StaffRole.Analyst;
  const user = await t.get(UsersService).create({
    email: overrides.email ?? `${role.replace('_', '-')}-${next()}-${randomUUID().slice(0, 8)}@staff.example.org`,
    displayName: overrides.displayName ?? `Test ${role}`,
    role,
    password: overrides.password ?? TEST_PASSWORD,
  });
  return { id: user.id, email: user.email, role: user.role };
}

export interface NewSurveyOptions extends Partial<Omit<CreateSurveyDto, 'questionnaire'>> {
  /** draft (as created), published (open, the default) or closed. */
  status?: 'draft' | 'published' | 'closed';
  questionnaire?: Questionnaire | Record<string, unknown>;
  actorId?: string;
}

/** A survey with the sample satisfaction questionnaire, open for answers unless asked otherwise. */
export async function newSurvey(t: MediumTest, options: NewSurveyOptions = {}): Promise<{ id: string }> {
  const { status = 'published', questionnaire, actorId, ...settings } = options;
  const actor = await actorOf(t, actorId);
  const surveys = t.get(SurveysService);
  const { survey } = await surveys.create(actor, {
    name: `Survey ${next()}`,
    ...settings,
    questionnaire: (questionnaire ?? sampleSatisfactionQuestionnaire()) as Record<string, unknown>,
  });
  if (status !== 'draft') await surveys.publish(actor, survey.id);
  if (status === 'closed') await surveys.close(survey.id);
  const stored = await surveys.survey(survey.id);
  const expected = { draft: SurveyStatus.Draft, published: SurveyStatus.Open, closed: SurveyStatus.Closed }[status];
  if (stored.status !== expected) throw new Error(`newSurvey: the survey is ${stored.status}, not ${expected}`);
  return { id: survey.id };
}

/** One contact of an extract; every field has a plausible default. */
export function contactRow(overrides: Partial<ExtractRow> = {}): ExtractRow {
  const n = next();
  return {
    name: `Filer ${n}`,
    email: `filer-${n}-${randomUUID().slice(0, 6)}@example.org`,
    country: 'FR',
    segment: 'agent',
    ...overrides,
  };
}

export interface ImportedContacts {
  importId: string;
  /** The finished import, with its counts. */
  job: ContactImport;
  /** The ids of the contacts the rows made, in the rows' order (rows refused have none). */
  contactIds: string[];
}

/**
 * Imports contacts through the contact-import service, as an upload of an extract would, and
 * waits for the import to finish. `rows` is a number of default rows or the rows themselves.
 */
export async function newContacts(
  t: MediumTest,
  rows: number | Partial<ExtractRow>[] = 1,
  options: { actorId?: string } = {},
): Promise<ImportedContacts> {
  const extract = (typeof rows === 'number' ? Array.from({ length: rows }, () => ({})) : rows).map(contactRow);
  const file = extractCsv(extract);
  const { job, imports } = await importFile(t, file, 'text/csv', options);
  const contacts = t.get(ContactsService);
  const contactIds: string[] = [];
  for (const row of extract) {
    const [contact] = await contacts.findByEmail(row.email);
    if (contact) contactIds.push(contact.id);
  }
  return { importId: job.id, job: await imports.get(job.id), contactIds };
}

/** Imports a file as uploaded (any content type the route takes), and waits for the import to finish. */
export async function importFile(
  t: MediumTest,
  file: Buffer,
  contentType = 'text/csv',
  options: { actorId?: string } = {},
): Promise<{ job: ContactImport; imports: ContactImportsService }> {
  const imports = t.get(ContactImportsService);
  const started = await imports.start(
    await actorOf(t, options.actorId),
    Readable.from([file]),
    contentType,
    String(file.length),
  );
  await imports.settled(started.id);
  return { job: await imports.get(started.id), imports };
}

export interface NewInvitation {
  invitationId: string;
  contactId: string;
  /** A secret-link token issued to the invitation, as a reminder would issue one. */
  token: string;
}

/**
 * A campaign of an open survey (every contact unless a target is given), its invitations made by
 * the delivery service, each with a token the test keeps.
 */
export async function newCampaign(
  t: MediumTest,
  surveyId: string,
  options: { name?: string; target?: CampaignTargetDto; maxReminders?: number; actorId?: string } = {},
): Promise<{ campaignId: string; invitations: NewInvitation[] }> {
  const campaigns = t.get(CampaignsService);
  const campaign = await campaigns.create(await actorOf(t, options.actorId), surveyId, {
    name: options.name ?? `Campaign ${next()}`,
    target: options.target ?? {},
    ...(options.maxReminders !== undefined ? { maxReminders: options.maxReminders } : {}),
  });
  await campaigns.settled(campaign.id);
  const invitations: Invitation[] = [];
  for (let page = 1; ; page++) {
    const query = Object.assign(new InvitationQueryDto(), { campaignId: campaign.id, page, limit: 100 });
    const { items } = await campaigns.invitations(surveyId, query);
    invitations.push(...items);
    if (items.length < query.limit) break;
  }
  const tokens = await t.get(Transactions).run((tx) =>
    InvitationTokens.issue(
      tx,
      invitations.map((i) => i.id),
    ),
  );
  return {
    campaignId: campaign.id,
    invitations: invitations.map((invitation, i) => ({
      invitationId: invitation.id,
      contactId: invitation.contactId,
      token: tokens[i],
    })),
  };
}

/** A respondent's submission through the ingestion service, with complete answers unless given. */
export async function newResponse(
  t: MediumTest,
  invitation: Pick<NewInvitation, 'token'>,
  answers: Record<string, unknown> = completeAnswers(),
): Promise<{ submittedAt: Date }> {
  const submitted = await t.get(RespondentService).submit(invitation.token, '192.0.2.1', { answers });
  return { submittedAt: new Date(submitted.submittedAt) };
}

/** A draft saved by a respondent who has not submitted. */
export async function newDraft(
  t: MediumTest,
  invitation: Pick<NewInvitation, 'token'>,
  answers: Record<string, unknown> = { nps: 3 },
): Promise<void> {
  await t.get(RespondentService).saveDraft(invitation.token, '192.0.2.1', { answers });
}

/**
 * An open survey, contacts imported for it, a campaign inviting them all: the usual starting
 * point of a test about answers.
 */
export async function surveyWithInvitations(
  t: MediumTest,
  options: { contacts?: number | Partial<ExtractRow>[]; survey?: NewSurveyOptions; actorId?: string } = {},
): Promise<{ surveyId: string; campaignId: string; invitations: NewInvitation[]; contactIds: string[] }> {
  const { contactIds } = await newContacts(t, options.contacts ?? 3, { actorId: options.actorId });
  const { id: surveyId } = await newSurvey(t, { actorId: options.actorId, ...options.survey });
  const { campaignId, invitations } = await newCampaign(t, surveyId, { actorId: options.actorId });
  return { surveyId, campaignId, invitations, contactIds };
}

/** A page query as the pipe would build it (its offset is a getter). */
export function pageQuery<T extends PageQueryDto>(type: new () => T, fields: Partial<T> = {}): T {
  return Object.assign(new type(), fields);
}

/**
 * The survey of answered-survey.ts made through the services: 45 filers laid out as DESIGN says
 * (k = 5), each answering answersFor(position in country, segment order), with what each answered.
 */
export async function newAnsweredSurvey(
  t: MediumTest,
  options: { actorId?: string } = {},
): Promise<{ surveyId: string; campaignId: string; given: Given[] }> {
  const rows = designRows();
  const { contactIds } = await newContacts(t, rows, options);
  const rowOf = new Map(contactIds.map((id, i) => [id, rows[i]]));
  const { id: surveyId } = await newSurvey(t, { name: 'Filers satisfaction', actorId: options.actorId });
  const { campaignId, invitations } = await newCampaign(t, surveyId, { name: 'Everyone', actorId: options.actorId });
  // Sorted by group, so every run gives each group the same answers (ids are random).
  const invitees = invitations
    .filter((invitation) => rowOf.has(invitation.contactId))
    .map((invitation) => ({ invitation, row: rowOf.get(invitation.contactId)! }))
    .sort((a, b) => a.row.country.localeCompare(b.row.country) || a.row.segment.localeCompare(b.row.segment));
  const given: Given[] = [];
  for (const [i, { invitation, row }] of invitees.entries()) {
    const answers = answersFor(i);
    await newResponse(t, invitation, answers);
    given.push({
      invitee: { ...invitation, language: row.language ?? 'en', country: row.country, segment: row.segment },
      country: row.country,
      segment: row.segment,
      answers,
    });
  }
  return { surveyId, campaignId, given };
}

/**
 * A privacy request a privacy officer registers (it came by letter, identity checked on a signed
 * letter): verified at once, its clock running. Returns its id.
 */
export async function newPrivacyRequest(
  t: MediumTest,
  overrides: Partial<RegisterPrivacyRequestDto> & { actorId?: string } = {},
): Promise<{ id: string }> {
  const { actorId, ...dto } = overrides;
  const officer = actorId ?? (await newStaffUser(t, { role: StaffRole.PrivacyOfficer })).id;
  const registered = await t.get(PrivacyRequestWorkflowService).register(officer, {
    type: 'access',
    email: `person-${next()}@example.org`,
    channel: PrivacyRequestChannel.Letter,
    identityVerification: IdentityVerification.SignedLetter,
    ...dto,
  });
  return { id: registered.id };
}
