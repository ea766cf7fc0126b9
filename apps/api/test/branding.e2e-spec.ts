import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { contrastRatio, formatRatio } from '../src/branding/brand-colour';
import { LOGO_MAX_BYTES } from '../src/branding/logo-image';
import { createTestApp, TestApp } from './utils/app';
import { image, SCRIPTED_SVG, uploadLogo } from './utils/branding';
import { dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees, type Invitee } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const ORGANISATION = 'Example IP Office';

describe('Branding of the respondent app', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let management: string;
  let privacyOfficer: string;
  let surveyId: string;
  let otherSurveyId: string;
  let invitee: Invitee;
  let otherInvitee: Invitee;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { ORGANISATION_NAME: ORGANISATION } });
    admin = await sessionFor(t.app, await newStaff(t.app, StaffRole.Admin));
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    privacyOfficer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    const first = await surveyWithInvitees(t.app, analyst, { name: 'Branded', languages: ['en', 'fr'] });
    surveyId = first.surveyId;
    invitee = first.invitees[0];
    const second = await surveyWithInvitees(t.app, analyst, { name: 'Other', importContacts: false });
    otherSurveyId = second.surveyId;
    otherInvitee = second.invitees[0];
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const asAdmin = () => t.api({ staff: admin });
  const asAnalyst = () => t.api({ staff: analyst });
  const path = (id = surveyId) => ({ params: { path: { id } } });
  const respondentBrand = async (who: Invitee = invitee, lang?: 'en' | 'fr') =>
    (await dataOf(t.api({ invitation: who.token }).GET('/api/v1/respond', { params: { query: lang ? { lang } : {} } })))
      .brand;
  const auditCount = async (action: string): Promise<number> =>
    (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM audit_events WHERE action = $1', [action]))[0].n;

  describe('colours and titles', () => {
    it('shows respondents the app’s own look and the organisation’s name until a brand is set', async () => {
      expect(await respondentBrand()).toEqual({
        organisationName: ORGANISATION,
        primaryColor: null,
        title: null,
        logoUrl: null,
      });
    });

    it('lets administrators set the organisation’s default, which surveys without their own use', async () => {
      const saved = await dataOf(
        asAdmin().PUT('/api/v1/branding', {
          body: { primaryColor: '#1A237E', title: { en: 'Client survey', fr: 'Enquête clients' } },
        }),
      );
      expect(saved).toMatchObject({ primaryColor: '#1a237e', title: { en: 'Client survey', fr: 'Enquête clients' } });
      expect(await respondentBrand(invitee, 'fr')).toMatchObject({ primaryColor: '#1a237e', title: 'Enquête clients' });
      expect(await auditCount('branding.default_changed')).toBe(1);
    });

    it('lets whoever edits the survey override it field by field, for that survey’s respondents only', async () => {
      const saved = await dataOf(
        asAnalyst().PUT('/api/v1/surveys/{id}/branding', {
          ...path(),
          body: { primaryColor: '#004d40', title: { en: 'Filers 2026', fr: 'Déposants 2026' } },
        }),
      );
      expect(saved).toMatchObject({
        primaryColor: '#004d40',
        organisationDefault: { primaryColor: '#1a237e' },
      });
      expect(await respondentBrand(invitee, 'en')).toMatchObject({ primaryColor: '#004d40', title: 'Filers 2026' });
      // The other survey's respondents still see the organisation's brand, nothing of this survey's.
      expect(await respondentBrand(otherInvitee, 'en')).toMatchObject({
        primaryColor: '#1a237e',
        title: 'Client survey',
      });
      expect(await auditCount('survey.branding_changed')).toBe(1);
    });

    it('refuses a primary colour without AA contrast, naming the field and the ratio measured', async () => {
      const refused = await problemOf(
        asAnalyst().PUT('/api/v1/surveys/{id}/branding', { ...path(), body: { primaryColor: '#FFCC00' } }),
        400,
      );
      const ratio = formatRatio(Math.min(contrastRatio('#ffcc00', '#ffffff'), contrastRatio('#ffcc00', '#f6f7f9')));
      expect(refused.errors).toEqual([
        expect.objectContaining({ field: 'primaryColor', reason: 'contrast', limits: { min: 4.5 } }),
      ]);
      expect(refused.errors?.[0].message).toContain(ratio);
      expect(refused.errors?.[0].message).toContain('4.5:1');
      // Nothing was written.
      expect((await respondentBrand()).primaryColor).toBe('#004d40');

      const fromAdmin = await problemOf(asAdmin().PUT('/api/v1/branding', { body: { primaryColor: '#8a8a8a' } }), 400);
      expect(fromAdmin.errors?.[0]).toMatchObject({ field: 'primaryColor', reason: 'contrast' });
      expect(fromAdmin.errors?.[0].message).toMatch(/\d\.\d\d:1/);
    });

    it.each(['#fff', 'red', '#12345g', 'rgb(0,0,0)'])('refuses %s as a colour format', async (colour) => {
      const refused = await problemOf(asAdmin().PUT('/api/v1/branding', { body: { primaryColor: colour } }), 400);
      expect(refused.errors?.map((e) => e.field)).toEqual(['primaryColor']);
    });

    it('asks a survey’s title in each of its languages, and in no other', async () => {
      const missing = await problemOf(
        asAnalyst().PUT('/api/v1/surveys/{id}/branding', { ...path(), body: { title: { en: 'Only English' } } }),
        400,
      );
      expect(missing.errors?.map((e) => e.field)).toEqual(['title.fr']);
      const foreign = await problemOf(
        asAnalyst().PUT('/api/v1/surveys/{id}/branding', {
          ...path(),
          body: { title: { en: 'A', fr: 'B', de: 'C' } },
        }),
        400,
      );
      expect(foreign.errors?.map((e) => e.field)).toEqual(['title.de']);
      const tooLong = await problemOf(
        asAnalyst().PUT('/api/v1/surveys/{id}/branding', {
          ...path(),
          body: { title: { en: 'x'.repeat(121), fr: 'B' } },
        }),
        400,
      );
      expect(tooLong.errors?.[0]).toMatchObject({ field: 'title.en', limits: { min: 1, max: 120 } });
    });

    it('keeps the roles: only administrators set the default, only the survey’s editors its own', async () => {
      await problemOf(asAnalyst().PUT('/api/v1/branding', { body: { primaryColor: '#000000' } }), 403);
      await problemOf(
        asAdmin().PUT('/api/v1/surveys/{id}/branding', { ...path(), body: { primaryColor: '#000000' } }),
        403,
      );
      await problemOf(
        t.api({ staff: management }).PUT('/api/v1/surveys/{id}/branding', { ...path(), body: { primaryColor: null } }),
        403,
      );
      await problemOf(uploadLogo(asAnalyst(), await image('png')), 403);
      await problemOf(uploadLogo(t.api({ staff: privacyOfficer }), await image('png'), { surveyId }), 403);
      // Privacy officers read surveys, and so their brand.
      await dataOf(t.api({ staff: privacyOfficer }).GET('/api/v1/surveys/{id}/branding', path()));
    });
  });

  describe('logos', () => {
    it.each([
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
      ['webp', 'image/webp'],
    ] as const)('accepts a %s logo, whatever Content-Type the client claims', async (format, mediaType) => {
      const saved = await dataOf(
        uploadLogo(asAnalyst(), await image(format, 120, 40), { surveyId, contentType: 'application/octet-stream' }),
      );
      expect(saved.logo).toMatchObject({ mediaType, width: 120, height: 40 });
      expect((await respondentBrand()).logoUrl).toBe(saved.logo?.url);
    });

    it('refuses an SVG renamed .png and sent as image/png, by its first bytes', async () => {
      const before = await dataOf(asAnalyst().GET('/api/v1/surveys/{id}/branding', path()));
      const refused = await problemOf(
        uploadLogo(asAnalyst(), SCRIPTED_SVG, { surveyId, contentType: 'image/png' }),
        415,
      );
      expect(refused.errors).toEqual([expect.objectContaining({ field: 'logo' })]);
      expect(refused.errors?.[0].message).toContain('SVG');
      const after = await dataOf(asAnalyst().GET('/api/v1/surveys/{id}/branding', path()));
      expect(after.logo).toEqual(before.logo);
    });

    it('refuses a GIF and a file that only starts like a PNG', async () => {
      const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
      expect((await problemOf(uploadLogo(asAdmin(), gif, { contentType: 'image/gif' }), 415)).errors?.[0].field).toBe(
        'logo',
      );
      const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
      expect((await problemOf(uploadLogo(asAdmin(), fake), 400)).errors?.[0].field).toBe('logo');
      expect((await problemOf(uploadLogo(asAdmin(), Buffer.alloc(0)), 400)).errors?.[0].field).toBe('logo');
    });

    it('refuses a file over the size limit and an image over the pixel limit', async () => {
      const png = await image('png');
      const large = Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES, 0)]);
      const tooLarge = await problemOf(uploadLogo(asAdmin(), large), 413);
      expect(tooLarge.errors).toEqual([expect.objectContaining({ field: 'logo' })]);
      const wide = await problemOf(uploadLogo(asAdmin(), await image('png', 2000, 10)), 400);
      expect(wide.errors?.[0]).toMatchObject({ field: 'logo' });
      expect(wide.errors?.[0].message).toContain('2000×10');
    });

    it('stores the image re-encoded, without its metadata', async () => {
      const withExif = await sharp(await image('jpeg', 50, 50))
        .withExif({ IFD0: { Copyright: 'Secret-Maker-XYZ', ImageDescription: 'Secret-Maker-XYZ' } })
        .jpeg()
        .toBuffer();
      expect(withExif.includes('Secret-Maker-XYZ')).toBe(true);
      const saved = await dataOf(uploadLogo(asAdmin(), withExif, { contentType: 'image/jpeg' }));
      const served = await t.api().GET('/api/v1/branding/logos/{logoId}', {
        params: { path: { logoId: saved.logo!.url.split('/').pop()! } },
        parseAs: 'arrayBuffer',
      });
      const bytes = Buffer.from(served.data as ArrayBuffer);
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(bytes.includes('Secret-Maker-XYZ')).toBe(false);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    });

    it('serves a logo with its type, nosniff, a CSP that allows nothing, and an ETag', async () => {
      const saved = await dataOf(uploadLogo(asAdmin(), await image('png', 30, 30)));
      const logoId = saved.logo!.url.split('/').pop()!;
      expect(saved.logo!.url).toBe(`/api/v1/branding/logos/${logoId}`);
      const served = await t.api().GET('/api/v1/branding/logos/{logoId}', {
        params: { path: { logoId } },
        parseAs: 'arrayBuffer',
      });
      const headers = served.response.headers;
      expect(served.response.status).toBe(200);
      expect(headers.get('content-type')).toBe('image/png');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(headers.get('content-security-policy')).toContain('sandbox');
      expect(headers.get('cache-control')).toBe('public, max-age=86400');
      const etag = headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
      const again = await t.api().GET('/api/v1/branding/logos/{logoId}', {
        params: { path: { logoId } },
        headers: { 'If-None-Match': etag! },
        parseAs: 'arrayBuffer',
      });
      expect(again.response.status).toBe(304);

      // A new upload gets a new URL; the old one no longer answers.
      const replaced = await dataOf(uploadLogo(asAdmin(), await image('webp', 30, 30)));
      expect(replaced.logo!.url).not.toBe(saved.logo!.url);
      const gone = await t.api().GET('/api/v1/branding/logos/{logoId}', { params: { path: { logoId } } });
      expect(gone.response.status).toBe(404);
    });

    it('removes a survey’s logo, after which its respondents see the organisation’s', async () => {
      const organisation = await dataOf(asAdmin().GET('/api/v1/branding'));
      const removed = await dataOf(asAnalyst().DELETE('/api/v1/surveys/{id}/branding/logo', path()));
      expect(removed.logo).toBeNull();
      expect((await respondentBrand()).logoUrl).toBe(organisation.logo?.url);
      await problemOf(asAnalyst().DELETE('/api/v1/surveys/{id}/branding/logo', path()), 404);
      expect(await auditCount('survey.branding_changed')).toBeGreaterThanOrEqual(5);
    });
  });

  describe('pages without a survey link', () => {
    it('get the organisation’s brand from a public route that says nothing of any survey', async () => {
      const brand = await dataOf(t.api().GET('/api/v1/branding/default', { params: { query: { lang: 'fr' } } }));
      expect(brand).toMatchObject({
        organisationName: ORGANISATION,
        primaryColor: '#1a237e',
        title: 'Enquête clients',
      });
      expect(JSON.stringify(brand)).not.toContain('#004d40');
      await problemOf(t.api().GET('/api/v1/branding/default', { params: { query: { lang: 'xx' as 'en' } } }), 400);
    });
  });

  it('refuses changes to a closed survey’s brand, as to the survey itself', async () => {
    await dataOf(asAnalyst().POST('/api/v1/surveys/{id}/close', path(otherSurveyId)));
    const refused = await problemOf(
      asAnalyst().PUT('/api/v1/surveys/{id}/branding', { ...path(otherSurveyId), body: { primaryColor: '#000000' } }),
      409,
    );
    expect(refused.detail).toContain('closed');
    await problemOf(uploadLogo(asAnalyst(), await image('png'), { surveyId: otherSurveyId }), 409);
  });
});
