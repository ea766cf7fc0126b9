import type { components } from '@survey/api-client';
import { ProblemType } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

type Texts = components['schemas']['UpdateMailTextsDto']['texts'];

const PUBLIC_URL = 'https://surveys.example.org';
const CUSTOM: Texts = {
  invitation: {
    en: {
      subject: 'Five minutes for our filing services (until {deadline})',
      body: 'Dear {name},\n\nTell us what works: {link}\n\nAnswer by {deadline}. <b>Thank you</b> & see you.',
    },
  },
};

describe('A survey’s own invitation and reminder texts', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let analyst: string;
  let analystEmail: string;
  let surveyId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, ORGANISATION_NAME: 'Example IP Office' },
    });
    const staff = await newStaff(t.app, StaffRole.Analyst);
    analystEmail = staff.email;
    analyst = await sessionFor(t.app, staff);
    const survey = await dataOf(
      t.api({ staff: analyst }).POST('/api/v1/surveys', { body: { name: 'Mail texts', languages: ['en', 'fr'] } }),
      201,
    );
    surveyId = survey.id;
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  const api = () => t.api({ staff: analyst });
  const path = (id = surveyId) => ({ params: { path: { id } } });
  const save = (texts: Texts, id = surveyId) =>
    api().PUT('/api/v1/surveys/{id}/mail-texts', { ...path(id), body: { texts } });
  const send = () => t.app.get(MailSender).runOnce(500);

  it('starts with the platform’s texts', async () => {
    const texts = await dataOf(api().GET('/api/v1/surveys/{id}/mail-texts', path()));
    expect(texts).toMatchObject({ version: null, texts: {}, placeholders: ['name', 'link', 'optOutLink', 'deadline'] });
  });

  it.each([
    [
      'a body without {link}',
      { invitation: { en: { subject: 'Hello', body: 'Dear {name}' } } },
      'texts.invitation.en.body',
      'needsLink',
    ],
    [
      'an unknown placeholder',
      { invitation: { en: { subject: 'Hi', body: '{link} {surname}' } } },
      'texts.invitation.en.body',
      'placeholder',
    ],
    [
      'a name in the subject',
      { reminder: { en: { subject: 'Hi {name}', body: '{link}' } } },
      'texts.reminder.en.subject',
      'placeholder',
    ],
    [
      'a link in the subject',
      { reminder: { en: { subject: 'Go {link}', body: '{link}' } } },
      'texts.reminder.en.subject',
      'placeholder',
    ],
    [
      'a blank subject',
      { invitation: { fr: { subject: '  ', body: '{link}' } } },
      'texts.invitation.fr.subject',
      'isLength',
    ],
    [
      'a language the survey lacks',
      { invitation: { es: { subject: 'Hola', body: '{link}' } } },
      'texts.invitation',
      undefined,
    ],
    ['another kind', { welcome: { en: { subject: 'Hi', body: '{link}' } } }, 'texts', undefined],
    ['a missing body', { invitation: { en: { subject: 'Hi' } } }, 'texts.invitation.en.body', 'isString'],
  ])('refuses %s naming its field and, for a client to word it, its rule', async (_case, texts, field, reason) => {
    const problem = await problemOf(save(texts as Texts), 400);
    expect(problem.type).toBe(ProblemType.Validation);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    expect(problem.errors?.map((e) => e.reason)).toEqual([reason]);
    expect(JSON.stringify(problem)).not.toMatch(/surname|Hola/);
  });

  it('versions each change', async () => {
    expect(await dataOf(save(CUSTOM))).toMatchObject({ version: 1, texts: CUSTOM });
    const second = { ...CUSTOM, reminder: { fr: { subject: 'Rappel', body: 'Votre lien : {link}' } } };
    expect(await dataOf(save(second))).toMatchObject({ version: 2, texts: second });
    expect((await dataOf(api().GET('/api/v1/surveys/{id}/mail-texts', path()))).version).toBe(2);
    await answered(save(CUSTOM), 200);
  });

  it('mails a campaign in the survey’s words as of its start, with the opt-out and privacy parts appended', async () => {
    smtp.inbox.length = 0;
    const { campaignId, invitees } = await surveyWithInvitees(t.app, analyst, {
      name: 'Own words',
      beforeCampaign: async (id) => void (await dataOf(save(CUSTOM, id))),
    });
    const campaign = await dataOf(api().GET('/api/v1/campaigns/{id}', path(campaignId)));
    expect(campaign.mailTextsVersion).toBe(1);
    // A later version, with a reminder text: the running campaign does not take it.
    await dataOf(
      save({ ...CUSTOM, reminder: { en: { subject: 'Later wording', body: 'Later: {link}' } } }, campaign.surveyId),
    );
    await send();
    const english = invitees.filter((invitee) => invitee.language === 'en').length;
    expect(english).toBeGreaterThan(0);
    const own = smtp.inbox.filter((d) => d.mail.subject?.startsWith('Five minutes for our filing services'));
    expect(own).toHaveLength(english);
    expect(smtp.inbox).toHaveLength(invitees.length);
    for (const { mail } of own) {
      expect((mail.text ?? '').startsWith('Dear ')).toBe(true);
      expect(mail.text).toContain(`\n\nTell us what works: ${PUBLIC_URL}/r/#`);
      expect(mail.text).toContain(`${PUBLIC_URL}/r/opt-out#`);
      expect(mail.text).toContain('If you prefer not to take part, you can opt out here:');
      expect(mail.text).toContain(`${PUBLIC_URL}/r/privacy`);
      expect(mail.html).toContain('&lt;b&gt;Thank you&lt;/b&gt; &amp; see you.');
    }
    smtp.inbox.length = 0;
    await dataOf(api().POST('/api/v1/campaigns/{id}/reminders', { ...path(campaignId), body: { override: true } }));
    await send();
    expect(smtp.inbox.length).toBeGreaterThan(0);
    expect(smtp.inbox.filter((d) => d.mail.subject === 'Later wording')).toEqual([]);
  });

  it('previews the text in each language with sample values, escaped', async () => {
    const preview = await dataOf(
      api().POST('/api/v1/surveys/{id}/mail-texts/preview', {
        ...path(),
        body: { kind: 'invitation', language: 'en' },
      }),
    );
    expect(preview.subject).toMatch(/^Five minutes for our filing services \(until .+ \d{4}\)$/);
    expect(preview.text).toContain('Dear Alex Example,');
    expect(preview.text).toContain(`${PUBLIC_URL}/r/#SAMPLE-LINK-TOKEN`);
    expect(preview.html).toContain('&lt;b&gt;Thank you&lt;/b&gt; &amp; see you.');
    expect(preview.html).not.toContain('<b>Thank you</b>');
    for (const part of [preview.text, preview.html]) {
      expect(part).toContain(`${PUBLIC_URL}/r/opt-out#SAMPLE-LINK-TOKEN`);
      expect(part).toContain(`${PUBLIC_URL}/r/privacy`);
    }
    const french = await dataOf(
      api().POST('/api/v1/surveys/{id}/mail-texts/preview', { ...path(), body: { kind: 'reminder', language: 'fr' } }),
    );
    expect(french.language).toBe('fr');
    expect(french.subject).toMatch(/^Rappel/);
    const unsaved = await dataOf(
      api().POST('/api/v1/surveys/{id}/mail-texts/preview', {
        ...path(),
        body: {
          kind: 'reminder',
          language: 'fr',
          texts: { reminder: { fr: { subject: 'Rappel maison', body: 'Lien : {link}' } } },
        },
      }),
    );
    expect(unsaved.subject).toBe('Rappel maison');
    const problem = await problemOf(
      api().POST('/api/v1/surveys/{id}/mail-texts/preview', {
        ...path(),
        body: { kind: 'invitation', language: 'ar' },
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['language']);
  });

  it('test-sends to the analyst’s own address only, limited and audited', async () => {
    smtp.inbox.length = 0;
    const sendTest = () =>
      api().POST('/api/v1/surveys/{id}/mail-texts/test-send', {
        ...path(),
        body: { kind: 'invitation', language: 'en' },
      });
    expect(await dataOf(sendTest(), 202)).toEqual({ status: 'queued' });
    await send();
    expect(smtp.inbox.map((d) => d.to)).toEqual([analystEmail]);
    const mail = smtp.inbox[0].mail;
    expect(mail.subject).toMatch(/^\[TEST\] Five minutes for our filing services/);
    expect(mail.text).toContain('Dear Alex Example,');
    expect(mail.text).toContain(`${PUBLIC_URL}/r/privacy`);
    expect(mail.html).toContain('&lt;b&gt;Thank you&lt;/b&gt;');
    for (let i = 1; i < 5; i++) await answered(sendTest(), 202);
    const audited: { n: number }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'survey.mail_test_sent' AND resource_id = $1`,
        [surveyId],
      );
    expect(audited[0].n).toBe(5);
    const limited = await problemOf(sendTest(), 429);
    expect(limited.type).toBe(ProblemType.TooManyAttempts);
    const problem = await problemOf(
      api().POST('/api/v1/surveys/{id}/mail-texts/test-send', {
        ...path(),
        body: { kind: 'invitation', language: 'en', to: 'x@example.org' } as never,
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(['to']);
  });
});
