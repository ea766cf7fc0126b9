import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiClient, components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ContactImportsService } from '../../src/contacts/contact-imports.service';
import { CampaignsService } from '../../src/delivery/campaigns.service';
import { InvitationTokens } from '../../src/delivery/invitation-tokens';
import { clientFor } from './app';
import { dataOf } from './client';

type CreateSurvey = components['schemas']['CreateSurveyDto'];

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
 * Sends a contact file (CSV by default, or JSON) to the import route as the typed client's call.
 * The route takes the file itself as its body: the bytes go as they are, with their length.
 */
export function importContacts(api: ApiClient, file: Buffer | string, contentType = 'text/csv') {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  return api.POST('/api/v1/contacts/imports', {
    params: { header: { 'content-type': contentType, 'content-length': String(bytes.length) } },
    body: bytes as unknown as string,
    bodySerializer: (body) => body,
  });
}

/**
 * Imports the fixture's contacts (10) (or `contactsCsv`), opens a survey and invites them all through the API, then
 * issues each invitation a token whose plain value the test keeps (mailed ones are not kept).
 */
export async function surveyWithInvitees(
  app: NestExpressApplication,
  analystToken: string,
  options: {
    questionnaire?: Questionnaire;
    name?: string;
    importContacts?: boolean;
    contactsCsv?: Buffer;
    /** The survey's languages and default (all six and English when left out). */
    languages?: CreateSurvey['languages'];
    defaultLanguage?: CreateSurvey['defaultLanguage'];
    /** Runs once the survey is published, before its campaign starts (to give it its own mail texts, say). */
    beforeCampaign?: (surveyId: string) => Promise<void>;
  } = {},
): Promise<{ surveyId: string; campaignId: string; invitees: Invitee[] }> {
  const api = clientFor(app.getHttpServer() as Server, { staff: analystToken });
  if (options.importContacts ?? true) {
    const job = await dataOf(importContacts(api, options.contactsCsv ?? FIXTURE), 202);
    await app.get(ContactImportsService).settled(job.id);
  }
  const survey = await dataOf(
    api.POST('/api/v1/surveys', {
      body: {
        name: options.name ?? 'Filers satisfaction',
        questionnaire: (options.questionnaire ??
          sampleSatisfactionQuestionnaire()) as unknown as CreateSurvey['questionnaire'],
        ...(options.languages && { languages: options.languages }),
        ...(options.defaultLanguage && { defaultLanguage: options.defaultLanguage }),
      },
    }),
    201,
  );
  const surveyId = survey.id;
  const path = { params: { path: { id: surveyId } } };
  await dataOf(api.POST('/api/v1/surveys/{id}/publish', path));
  await options.beforeCampaign?.(surveyId);
  const campaign = await dataOf(
    api.POST('/api/v1/surveys/{id}/campaigns', { ...path, body: { name: 'Everyone', target: {} } }),
    202,
  );
  await app.get(CampaignsService).settled(campaign.id);
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
    campaignId: campaign.id,
    invitees: rows.map((row, i) => ({ ...row, token: tokens[i] })),
  };
}
