import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../../src/auth/roles';
import { createTestApp, TestApp } from './app';
import { launchBrowser } from './browser';
import { dataOf } from './client';
import { createTestDatabase, TestDatabase } from './database';
import { horizontalOverflow, screenshot, seriousAxeViolations, type Watched } from './respondent-browser';
import { Invitee, surveyWithInvitees } from './respondents';
import { newStaff, sessionFor } from './staff';

const root = join(__dirname, '../../../..');

export type SurveyInvitee = Invitee & { surveyId: string };

/** The page's state: no horizontal scrolling at 360 px, no serious or critical axe violation, a screenshot. */
export async function checkState(page: Page, name: string): Promise<void> {
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, name);
}

/** The element that says which state the survey page is in (`data-state`). */
export const surveyState = (page: Page) => page.getByTestId('survey-state');

/** Waits until the page says every answer is saved on the server. */
export async function saved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
}

/**
 * The app serving the built respondent SPA on a loopback port, with two open surveys of ten
 * invited contacts each, and a Chromium to open their links in.
 */
export class RespondentApp {
  private readonly used = new Set<string>();

  private constructor(
    private readonly db: TestDatabase,
    readonly t: TestApp,
    readonly browser: Browser,
    readonly origin: string,
    readonly analyst: string,
    /** Invitations of the two open surveys, handed out once each by `invitee()`. */
    readonly invitees: SurveyInvitee[],
  ) {}

  static async start(): Promise<RespondentApp> {
    if (!existsSync(join(root, 'dist/apps/respondent/index.html'))) {
      throw new Error('The respondent app is not built: npm test builds it first (or npm run build:spa).');
    }
    const db = await createTestDatabase();
    const t = await createTestApp({
      databaseUrl: db.url,
      env: { RESPOND_MAX_INVALID_TOKENS: '5', INVITATION_LINK_DAYS: '30' },
    });
    await t.app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    const invitees: SurveyInvitee[] = [];
    for (const name of ['Filers satisfaction', 'Filers satisfaction (second wave)']) {
      const made = await surveyWithInvitees(t.app, analyst, { name, importContacts: invitees.length === 0 });
      invitees.push(...made.invitees.map((i) => ({ ...i, surveyId: made.surveyId })));
    }
    return new RespondentApp(db, t, await launchBrowser(), origin, analyst, invitees);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.t?.close();
    await this.db?.drop();
  }

  get dataSource(): DataSource {
    return this.t.app.get(DataSource);
  }

  /** An invitation of the open survey no other test has used, in the given language if there is one. */
  invitee(language?: string): SurveyInvitee {
    const found =
      this.invitees.find(
        (i) => !this.used.has(i.invitationId) && (language === undefined || i.language === language),
      ) ?? this.invitees.find((i) => !this.used.has(i.invitationId));
    if (!found) throw new Error('No unused invitation left');
    this.used.add(found.invitationId);
    return found;
  }

  /** The survey's web responses as analysts read them (free text decrypted). */
  async storedAnswers(invitation: SurveyInvitee): Promise<{ answers: Record<string, unknown>; language: string }> {
    const [row] = await this.dataSource.query('SELECT id FROM responses WHERE invitation_id = $1', [
      invitation.invitationId,
    ]);
    if (!row) throw new Error('no response stored');
    const page = await dataOf(
      this.t
        .api({ staff: this.analyst })
        .GET('/api/v1/surveys/{id}/responses', { params: { path: { id: invitation.surveyId } } }),
    );
    const found = page.items.find((item) => item.responseId === row.id);
    if (!found) throw new Error('response not listed');
    return found;
  }

  async responseCount(invitation: Invitee): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1', [
      invitation.invitationId,
    ]);
    return row.n as number;
  }

  /** The draft answers the server holds for this person's link, if any. */
  async draftOf(person: Invitee): Promise<Record<string, unknown> | null> {
    const view = await dataOf(this.t.api({ invitation: person.token }).GET('/api/v1/respond'));
    return (view.draft?.answers as Record<string, unknown>) ?? null;
  }

  /** Nothing left the origin, no URL carried the token, and the page broke no CSP rule. */
  expectClean(watched: Watched, token?: string): void {
    expect(watched.requested.filter((url) => !url.startsWith(`${this.origin}/`))).toEqual([]);
    if (token) expect(watched.requested.filter((url) => url.includes(token))).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
  }
}
