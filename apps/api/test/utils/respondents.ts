import type { NestExpressApplication } from '@nestjs/platform-express';
import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ContactImportsService } from '../../src/contacts/contact-imports.service';
import { CampaignsService } from '../../src/delivery/campaigns.service';
import { InvitationTokens } from '../../src/delivery/invitation-tokens';

export const FIXTURE = readFileSync(join(__dirname, '../fixtures/contacts-extract.csv'));
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A complete, valid answer set for the sample questionnaire (no support matrix: contactedSupport is false). */
export function completeAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nps: 9,
    satisfaction: 4,
    mainService: 'pct',
    channels: ['eservices', 'email'],
    filerType: 'attorney',
    contactedSupport: false,
    suggestions: 'More webinars, please.',
    ...overrides,
  };
}

export interface Invitee {
  invitationId: string;
  contactId: string;
  /** A fresh secret-link token, issued as a reminder would issue one. */
  token: string;
  language: string;
  country: string;
  segment: string;
}

/** One contact of a synthetic extract, in the filing platforms' columns (see shared/fixtures/README.md). */
export interface ExtractRow {
  name: string;
  email: string;
  country: string;
  segment: string;
  role?: string;
  customerSince?: string;
  language?: string;
}

/** A contact extract shaped as the fixture is (BOM, CRLF, header row), for tests that need many contacts. */
export function extractCsv(rows: ExtractRow[]): Buffer {
  const header = 'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language';
  const lines = rows.map((row) =>
    [
      row.name,
      row.email,
      row.country,
      row.segment,
      '',
      row.role ?? '',
      row.customerSince ?? '',
      'ePCT',
      row.language ?? 'en',
    ].join(','),
  );
  return Buffer.from(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`, 'utf8');
}

/**
 * Imports the fixture's contacts (10) (or `contactsCsv`), opens a survey and invites them all through the API, then
 * issues each invitation a token whose plain value the test keeps (mailed ones are not kept).
 */
export async function surveyWithInvitees(
  app: NestExpressApplication,
  analystToken: string,
  options: { questionnaire?: Questionnaire; name?: string; importContacts?: boolean; contactsCsv?: Buffer } = {},
): Promise<{ surveyId: string; campaignId: string; invitees: Invitee[] }> {
  const api = () => request(app.getHttpServer());
  if (options.importContacts ?? true) {
    const job = await api()
      .post('/api/v1/contacts/imports')
      .set(bearer(analystToken))
      .set('Content-Type', 'text/csv')
      .send(options.contactsCsv ?? FIXTURE)
      .expect(202);
    await app.get(ContactImportsService).settled(job.body.id);
  }
  const survey = await api()
    .post('/api/v1/surveys')
    .set(bearer(analystToken))
    .send({
      name: options.name ?? 'Filers satisfaction',
      questionnaire: options.questionnaire ?? sampleSatisfactionQuestionnaire(),
    })
    .expect(201);
  const surveyId = survey.body.id as string;
  await api().post(`/api/v1/surveys/${surveyId}/publish`).set(bearer(analystToken)).expect(200);
  const campaign = await api()
    .post(`/api/v1/surveys/${surveyId}/campaigns`)
    .set(bearer(analystToken))
    .send({ name: 'Everyone', target: {} })
    .expect(202);
  await app.get(CampaignsService).settled(campaign.body.id);
  const dataSource = app.get(DataSource);
  const rows: Omit<Invitee, 'token'>[] = await dataSource.query(
    `SELECT i.id AS "invitationId", i.contact_id AS "contactId", i.language, c.country, c.segment
       FROM invitations i JOIN contacts c ON c.id = i.contact_id
      WHERE i.survey_id = $1 ORDER BY c.created_at, c.id`,
    [surveyId],
  );
  const tokens = await dataSource.transaction((manager) =>
    InvitationTokens.issue(
      manager,
      rows.map((row) => row.invitationId),
    ),
  );
  return {
    surveyId,
    campaignId: campaign.body.id as string,
    invitees: rows.map((row, i) => ({ ...row, token: tokens[i] })),
  };
}
