import type { components } from '@survey/api-client';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { StaffRole } from '../../src/auth/roles';
import { ContactImportsService } from '../../src/contacts/contact-imports.service';
import { KeystoreService } from '../../src/crypto/keystore.service';
import { createTestApp, TestApp } from './app';
import { dataOf } from './client';
import { createTestDatabase, TestDatabase } from './database';
import { importContacts, surveyWithInvitees, type Invitee } from './respondents';
import { newStaff, sessionFor, type TestStaff } from './staff';

export type Batch = components['schemas']['ProviderBatchDto'];
export type BatchResult = components['schemas']['ProviderBatchResultDto'];
type Contact = components['schemas']['ContactDto'];

export const PROBLEM_JSON = /^application\/problem\+json/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The fields a problem document names. */
export const fieldsOf = (problem: unknown) =>
  ((problem as components['schemas']['ProblemDto'] | undefined)?.errors ?? []).map((e) => e.field);

/** An invitee with what the contact record says about them (read once, with a purpose). */
export type Person = Invitee & Pick<Contact, 'name' | 'email' | 'role' | 'relationshipSince'>;

export interface ProviderSurvey {
  id: string;
  campaignId: string;
  people: Person[];
}

/** An app on its own database with an administrator, an analyst and surveys whose invitees answer as the test says. */
export interface ProviderWorld {
  t: TestApp;
  dataSource: DataSource;
  admin: TestStaff;
  analystStaff: TestStaff;
  /** The analyst's session token. */
  analyst: string;
  /** One per name given, in that order; all invite the same ten contacts of the fixture. */
  surveys: ProviderSurvey[];
  close(): Promise<void>;
}

/**
 * Imports the fixture's ten contacts once, then opens one survey per name with a campaign inviting them all.
 * In the first survey the contact whose name and role look like formulas comes first, so CSV escaping is exercised.
 */
export async function providerWorld(names: string[], env: NodeJS.ProcessEnv = {}): Promise<ProviderWorld> {
  const db: TestDatabase = await createTestDatabase();
  const t = await createTestApp({ databaseUrl: db.url, env });
  const close = async () => {
    await t.close();
    await db.drop();
  };
  try {
    const server = t.app.getHttpServer() as Server;
    // Listening once lets concurrent requests share the server (supertest would otherwise listen per request).
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const admin = await newStaff(t.app, StaffRole.Admin);
    const analystStaff = await newStaff(t.app, StaffRole.Analyst);
    const analyst = await sessionFor(t.app, analystStaff);
    const surveys: ProviderSurvey[] = [];
    for (const [i, name] of names.entries()) {
      const made = await surveyWithInvitees(t.app, analyst, { name, importContacts: i === 0 });
      const people = await withContacts(t, analyst, made.invitees);
      if (i === 0) {
        people.sort((x, y) => Number(y.email === 'formula@example.com') - Number(x.email === 'formula@example.com'));
      }
      surveys.push({ id: made.surveyId, campaignId: made.campaignId, people });
    }
    return { t, dataSource: t.app.get(DataSource), admin, analystStaff, analyst, surveys, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function withContacts(t: TestApp, analyst: string, invitees: Invitee[]): Promise<Person[]> {
  return Promise.all(
    invitees.map(async (invitee) => {
      const { name, email, role, relationshipSince } = await dataOf(
        t.api({ staff: analyst }).GET('/api/v1/contacts/{id}', {
          params: { path: { id: invitee.contactId }, header: { 'X-Purpose': 'survey-administration' } },
        }),
      );
      return { ...invitee, name, email, role, relationshipSince };
    }),
  );
}

/** Imports one more contact, after the surveys' campaigns: invited to none of them. */
export async function importContact(world: ProviderWorld, email: string): Promise<{ id: string; email: string }> {
  const { t, analyst, dataSource } = world;
  const extract =
    'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language\r\n' +
    `Late Comer,${email},NZ,holder,,,2024-01-01,ePCT,en\r\n`;
  const job = await dataOf(importContacts(t.api({ staff: analyst }), extract), 202);
  await t.app.get(ContactImportsService).settled(job.id);
  const [row] = await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
    t.app.get(KeystoreService).emailIndex(email),
  ]);
  return { id: row.id as string, email };
}

/** A provider's batch, sent with an API key (and an Idempotency-Key when given). */
export function postBatch(t: TestApp, apiKey: string, surveyId: string, body: unknown, idempotencyKey?: string) {
  return t.api({ apiKey }).POST('/api/v1/provider/surveys/{id}/responses', {
    params: {
      path: { id: surveyId },
      ...(idempotencyKey === undefined ? {} : { header: { 'Idempotency-Key': idempotencyKey } }),
    },
    body: body as Batch,
  });
}

export const countResponses = async (dataSource: DataSource) =>
  Number((await dataSource.query('SELECT count(*)::int AS n FROM responses'))[0].n);

export const responsesOf = async (
  dataSource: DataSource,
  invitationId: string,
): Promise<{ id: string; channel: string }[]> =>
  dataSource.query('SELECT id, channel FROM responses WHERE invitation_id = $1', [invitationId]);

export const auditCount = async (dataSource: DataSource, action: string) =>
  Number((await dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE action = $1', [action]))[0].n);

/** Fails the test when any personal value of these people is in the text. */
export function expectNoPersonalData(text: string, people: Person[]): void {
  const lower = text.toLowerCase();
  for (const value of people.flatMap((p) => [p.email, p.name])) expect(lower).not.toContain(value.toLowerCase());
}

export const SECRET_SUGGESTION = 'Geneva helpdesk answered within the hour, thanks';
/** Free-text answers a spreadsheet would run as formulas. */
export const FORMULAS = ['=SUM(1)', '+1', '-1', '@x'];
