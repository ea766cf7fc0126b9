import type { ApiClient } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { ContactImportsService } from '../../src/contacts/contact-imports.service';
import type { TestApp } from './app';
import { answered, dataOf } from './client';
import { importContacts } from './respondents';

/** The stated purpose every read of a contact's identifying fields needs. */
export const PURPOSE = { 'X-Purpose': 'survey-administration' };
export const HEADER = 'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language';

/** Uploads through the typed client (202 with its Location), waits for the background job, and returns the finished import. */
export async function importFinished(t: TestApp, api: ApiClient, file: Buffer | string, contentType?: string) {
  const { data: job, response } = await answered(importContacts(api, file, contentType), 202);
  expect(response.headers.get('location')).toBe(`/api/v1/contacts/imports/${job!.id}`);
  await t.app.get(ContactImportsService).settled(job!.id);
  return dataOf(api.GET('/api/v1/contacts/imports/{id}', { params: { path: { id: job!.id } } }));
}

/** One contact with its identifying fields, read for the survey-administration purpose. */
export function readContact(api: ApiClient, id: string) {
  return api.GET('/api/v1/contacts/{id}', { params: { path: { id }, header: PURPOSE } });
}

/** The id of the contact with this address, found by reading each contact as staff would. */
export async function contactIdByEmail(t: TestApp, api: ApiClient, email: string): Promise<string | undefined> {
  const rows: { id: string }[] = await t.app.get(DataSource).query('SELECT id FROM contacts ORDER BY created_at, id');
  for (const { id } of rows) {
    if ((await readContact(api, id)).data?.email === email) return id;
  }
  return undefined;
}
