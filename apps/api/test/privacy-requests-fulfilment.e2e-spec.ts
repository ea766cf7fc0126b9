import { ProblemType, type components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { ApiKeyScope } from '../src/auth/roles';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { answered, dataOf, problemOf } from './utils/client';
import { DAY, DOWNLOAD_LINK, fieldsOf, PrivacyRequestsApp, UNKNOWN_TOKEN } from './utils/privacy-requests';
import { completeAnswers, FIXTURE, importContacts } from './utils/respondents';
import { newApiKey } from './utils/staff';

type Fulfilment = components['schemas']['FulfilPrivacyRequestDto'];
type Changes = NonNullable<Fulfilment['changes']>;
type NewSurvey = components['schemas']['CreateSurveyDto'];
type PackageFormat = 'json' | 'html';

describe('Privacy requests: fulfilling access, rectification and objection, and the provider’s erasure feed', () => {
  const p = PrivacyRequestsApp.forSuite();
  const { as, send, lastMailTo, mailedToken, count, getRequest, fulfil } = p;
  const submit = (token: string, answers: Record<string, unknown>, language?: 'fr') =>
    p.t.api({ invitation: token }).POST('/api/v1/respond/submit', { body: { answers, language } });
  /** The access package is a file: read as text, so its bytes and headers are checked as the person gets them. */
  const download = (token: string | null, format?: PackageFormat) =>
    p.t.api().GET('/api/v1/privacy-requests/package', {
      params: { query: format ? { format } : {} },
      headers: token === null ? {} : { 'X-Download-Token': token },
      parseAs: 'text',
    });

  describe('access', () => {
    it('mails a time-limited link to a package of everything held, as JSON and as a readable page', async () => {
      const email = 'sean.obrien@example.ie';
      const invitee = await p.inviteeOf(email);
      await answered(submit(invitee.token, completeAnswers({ suggestions: 'Sláinte <b>bold</b>' }), 'fr'), 200);
      const id = await p.verifiedRequest('access', email, { language: 'fr', details: 'Tout, merci.' });
      const made = await p.fulfilAccess(id);
      expect(made).toMatchObject({
        status: 'ready',
        filesDone: 2,
        filesTotal: 2,
        byteSize: expect.any(Number),
        request: {
          status: 'completed',
          outcome: { contacts: 1, invitations: 1, responses: 1, privacyRequests: 1 },
        },
      });
      await send();
      const { mail } = lastMailTo(email);
      expect(mail.subject).toBe('Vos données personnelles sont prêtes à être téléchargées');
      const token = DOWNLOAD_LINK.exec(mail.text ?? '')![1];
      expect(await getRequest(id)).toMatchObject({ personalDataRemoved: true, email: null });

      expect(fieldsOf(await problemOf(download(null), 400))).toEqual(['X-Download-Token']);
      expect((await problemOf(download(UNKNOWN_TOKEN), 404)).type).toBe(ProblemType.InvalidLink);
      expect((await problemOf(download('nope'), 404)).type).toBe(ProblemType.InvalidLink);
      expect(fieldsOf(await problemOf(download(token, 'pdf' as unknown as PackageFormat), 400))).toEqual(['format']);

      const json = await answered(download(token), 200);
      expect(json.response.headers.get('cache-control')).toBe('no-store');
      expect(json.response.headers.get('content-type')).toMatch(/application\/json/);
      expect(json.response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      // The spec leaves the package's contents open (it is the person's file, not an API resource).
      const pkg = JSON.parse(json.data!);
      expect(pkg).toMatchObject({
        format: 'survey-platform.access-package/1',
        language: 'fr',
        controller: { organisation: 'Example IP Office', privacyContact: 'dpo@office.example.org' },
        request: { id, type: 'access' },
        contact: {
          fields: {
            name: "O'Brien, Seán",
            email,
            registrationNumbers: ['1600002', '1600003', '1600004'],
            country: 'IE',
            segment: 'holder',
            role: 'Director',
            relationshipSince: '2020-02-29',
            platform: 'Madrid',
            language: 'en',
          },
        },
        retention: { months: 24 },
      });
      expect(pkg.invitations).toHaveLength(1);
      expect(pkg.invitations[0]).toMatchObject({ survey: { id: p.surveyId }, completedAt: expect.any(String) });
      // The survey is open: its responses will be anonymised when it closes, not yet.
      expect(pkg.invitations[0].anonymisation).toEqual({ atClose: true, anonymisedAt: null });
      expect(pkg.responses).toHaveLength(1);
      const answers = pkg.responses[0].answers as { name: string; question: string; answer: string }[];
      const suggestion = answers.find((a) => a.name === 'suggestions')!;
      expect(suggestion.answer).toBe('Sláinte <b>bold</b>');
      const mainService = answers.find((a) => a.name === 'mainService')!;
      const questionnaire = sampleSatisfactionQuestionnaire();
      const question = questionnaire.pages.flatMap((page) => page.elements).find((q) => q.name === 'mainService')!;
      expect(mainService.question).toBe(question.title.fr);
      expect(pkg.privacyRequests).toEqual([
        // As it stood while its package was made.
        expect.objectContaining({ id, type: 'access', status: 'in_progress', details: 'Tout, merci.' }),
      ]);
      expect(pkg.mail.length).toBeGreaterThanOrEqual(1);

      const html = await answered(download(token, 'html'), 200);
      expect(html.response.headers.get('content-type')).toMatch(/text\/html/);
      expect(html.response.headers.get('content-disposition')).toMatch(/\.html"$/);
      expect(html.data).toContain('<html lang="fr" dir="ltr">');
      expect(html.data).toContain('Vos données personnelles');
      expect(html.data).toContain('Sláinte &lt;b&gt;bold&lt;/b&gt;');
      expect(html.data).not.toContain('<b>bold</b>');
      expect(html.data).toContain('O&#39;Brien, Seán');
      expect(html.data).not.toMatch(/<script|src=|href="http/);

      const [row] = await p.dataSource.query('SELECT * FROM privacy_request_downloads WHERE request_id = $1', [id]);
      expect(row.download_count).toBe(2);
      expect(row.package_ciphertext).toBeNull();
      // Both files are stored encrypted, in parts, by the exports module.
      const parts: { data: Buffer }[] = await p.dataSource.query(
        'SELECT data FROM export_parts WHERE export_id = ANY($1::uuid[])',
        [[row.json_file_id, row.html_file_id]],
      );
      expect(parts.length).toBeGreaterThanOrEqual(2);
      for (const part of parts) expect(part.data.toString('latin1')).not.toMatch(/Brien|Sláinte|obrien/);
      const events: { details: object }[] = await p.dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'privacy_request.package_downloaded' AND resource_id = $1`,
        [id],
      );
      expect(events.map((e) => e.details)).toEqual([{ format: 'json' }, { format: 'html' }]);

      p.moveClock(7 * DAY + 60_000);
      expect((await problemOf(download(token), 404)).type).toBe(ProblemType.InvalidLink);
    });

    it('gives someone we hold nothing on a package with only their request', async () => {
      const id = await p.verifiedRequest('access', 'nothing.held@example.net');
      expect(await p.fulfilAccess(id)).toMatchObject({ status: 'ready', request: { knownContact: false } });
      await send();
      const pkg = JSON.parse(await dataOf(download(mailedToken('nothing.held@example.net', DOWNLOAD_LINK))));
      expect(pkg).toMatchObject({ contact: null, invitations: [], responses: [], mail: [] });
      expect(pkg.privacyRequests).toHaveLength(1);
    });
  });

  describe('rectification', () => {
    it('applies changes validated like an import, updates response snapshots and tells the provider', async () => {
      const email = 'm.alali@example.ae';
      const invitee = await p.inviteeOf(email);
      const contactId = invitee.contactId;
      await answered(submit(invitee.token, completeAnswers()), 200);
      const id = await p.verifiedRequest('rectification', email, { language: 'ar', details: 'Wrong country' });
      const rectify = (changes?: Changes) => fulfil(id, changes ? { changes } : {});
      expect(fieldsOf(await problemOf(rectify(), 400))).toEqual(['changes']);
      expect(fieldsOf(await problemOf(rectify({ country: 'XX' }), 400))).toEqual(['changes.country']);
      const segment = { segment: 'customer' } as unknown as Changes;
      expect(fieldsOf(await problemOf(rectify(segment), 400))).toEqual(['changes.segment']);
      expect((await p.dataSource.query('SELECT country FROM contacts WHERE id = $1', [contactId]))[0].country).toBe(
        'AE',
      );

      const done = await dataOf(rectify({ country: 'qa', role: 'General counsel' }));
      expect(done).toMatchObject({
        status: 'completed',
        outcome: { fields: ['country', 'role'], responsesUpdated: 1, providerNotices: 1 },
      });
      const [contact] = await p.dataSource.query('SELECT country, role FROM contacts WHERE id = $1', [contactId]);
      expect(contact).toEqual({ country: 'QA', role: 'General counsel' });
      const [response] = await p.dataSource.query(
        'SELECT country, role, updated_at > received_at AS moved FROM responses WHERE invitation_id = $1',
        [invitee.invitationId],
      );
      expect(response).toEqual({ country: 'QA', role: 'General counsel', moved: true });
      const audit: { action: string; details: Record<string, unknown> }[] = await p.dataSource.query(
        `SELECT action, details FROM audit_events WHERE action IN ('contact.rectified', 'privacy_request.completed')
          ORDER BY seq DESC LIMIT 2`,
      );
      expect(audit.map((a) => a.action).sort()).toEqual(['contact.rectified', 'privacy_request.completed']);
      expect(JSON.stringify(audit)).not.toMatch(/QA|General counsel/);

      await send();
      expect(lastMailTo(email).mail.subject).toBe('تمت معالجة طلبكم المتعلق ببياناتكم الشخصية');
      const notices: { respondent_pseudonym: string; action: string }[] = await p.dataSource.query(
        'SELECT respondent_pseudonym, action FROM provider_erasure_notices WHERE survey_id = $1',
        [p.surveyId],
      );
      const [stored] = await p.dataSource.query('SELECT respondent_pseudonym FROM responses WHERE invitation_id = $1', [
        invitee.invitationId,
      ]);
      expect(notices).toContainEqual({ respondent_pseudonym: stored.respondent_pseudonym, action: 'rectify' });
    });

    it('cannot rectify someone we hold nothing on', async () => {
      const id = await p.verifiedRequest('rectification', 'ghost@example.net');
      await answered(fulfil(id, { changes: { role: 'x' } }), 409);
    });
  });

  describe('objection', () => {
    it('stops all further contact: invitations opted out, queued mail cancelled, future campaigns skip them', async () => {
      const email = 'padded@example.com';
      const invitee = await p.inviteeOf(email);
      const id = await p.verifiedRequest('objection', email);
      const campaignId = await campaignOf(invitee.invitationId);
      await answered(
        as(p.analyst).POST('/api/v1/campaigns/{id}/reminders', { params: { path: { id: campaignId } } }),
        200,
      );
      const queued = await count(`mail_outbox WHERE invitation_id = $1 AND status = 'pending'`, [invitee.invitationId]);
      expect(queued).toBe(1);
      const done = await dataOf(fulfil(id));
      expect(done.outcome).toEqual({ invitationsOptedOut: 1, mailCancelled: 1 });
      const gone = await problemOf(p.t.api({ invitation: invitee.token }).GET('/api/v1/respond'), 410);
      expect(gone.type).toBe(ProblemType.OptedOut);
      expect(await count(`mail_outbox WHERE invitation_id = $1 AND status = 'pending'`, [invitee.invitationId])).toBe(
        0,
      );

      const other = await dataOf(
        as(p.analyst).POST('/api/v1/surveys', {
          body: {
            name: 'Second survey',
            questionnaire: sampleSatisfactionQuestionnaire() as unknown as NewSurvey['questionnaire'],
          },
        }),
        201,
      );
      const survey = { params: { path: { id: other.id } } };
      await answered(as(p.analyst).POST('/api/v1/surveys/{id}/publish', survey), 200);
      const preview = await dataOf(
        as(p.analyst).POST('/api/v1/surveys/{id}/campaigns/preview', { ...survey, body: { countries: ['CH'] } }),
      );
      expect(preview).toEqual({ matching: 0, alreadyInvited: 0, toInvite: 0 });
      // A re-import of the same extract keeps the objection.
      const job = await dataOf(importContacts(as(p.analyst), FIXTURE), 202);
      await p.t.app.get(ContactImportsService).settled(job.id);
      const [contact] = await p.dataSource.query('SELECT objected_at FROM contacts WHERE id = $1', [invitee.contactId]);
      expect(contact.objected_at).toBeInstanceOf(Date);
      await send();
      expect(lastMailTo(email).mail.subject).toBe('Your privacy request has been completed');
    });

    async function campaignOf(invitationId: string): Promise<string> {
      return (await p.dataSource.query('SELECT campaign_id FROM invitations WHERE id = $1', [invitationId]))[0]
        .campaign_id;
    }
  });

  describe('the provider’s erasure feed', () => {
    it('shows a key with erasures:read the notices of its surveys until it acknowledges them', async () => {
      const bound = await newApiKey(p.t.app, p.admin, [ApiKeyScope.ErasuresRead], [p.surveyId]);
      const elsewhere = await newApiKey(p.t.app, p.admin, [ApiKeyScope.ErasuresRead], [randomUUID()]);
      const reader = await newApiKey(p.t.app, p.admin, [ApiKeyScope.ResponsesRead], [p.surveyId]);
      const feed = (apiKey: string) => p.t.api({ apiKey }).GET('/api/v1/provider/erasures');
      const acknowledge = (apiKey: string, ids: string[]) =>
        p.t.api({ apiKey }).POST('/api/v1/provider/erasures/acknowledgements', { body: { ids } });
      await answered(feed(reader.secret), 403);
      await answered(as(p.officer).GET('/api/v1/provider/erasures'), 403);

      const { items } = await dataOf(feed(bound.secret));
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items[0]).toEqual({
        id: expect.any(String),
        surveyId: p.surveyId,
        respondent: expect.stringMatching(/^r_/),
        action: 'rectify',
        createdAt: expect.any(String),
      });
      expect((await dataOf(feed(elsewhere.secret))).meta.total).toBe(0);

      const foreign = await dataOf(acknowledge(elsewhere.secret, [items[0].id]));
      expect(foreign).toEqual({ acknowledged: 0, unknown: [items[0].id] });
      await answered(acknowledge(bound.secret, ['nope']), 400);
      const unknownId = '00000000-0000-4000-8000-000000000001';
      const ack = await dataOf(acknowledge(bound.secret, [...items.map((i) => i.id), unknownId]));
      expect(ack).toEqual({ acknowledged: items.length, unknown: [unknownId] });
      expect((await dataOf(feed(bound.secret))).meta.total).toBe(0);
      // The key's fifth read this minute is its last (PROVIDER_REQUESTS_PER_MINUTE=5 here).
      await answered(feed(bound.secret), 200);
      const limited = await answered(feed(bound.secret), 429);
      expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
      const [event] = await p.dataSource.query(
        `SELECT actor_type, actor_id, details FROM audit_events WHERE action = 'provider_erasures.acknowledged'
          ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_type: 'api_key',
        actor_id: bound.id,
        details: { acknowledged: items.length, unknown: 1 },
      });
    });
  });

  it('never writes an e-mail address, name or free text into the audit log or the application log', async () => {
    const audit = JSON.stringify(await p.dataSource.query('SELECT * FROM audit_events'));
    expect(audit).not.toMatch(/@example\.|Brien|Sláinte|Borrad|Tout, merci|Wrong country/);
    expect(p.t.log.text).not.toMatch(/@example\.|Brien|Sláinte/);
  });
});
