import type { ParameterObject } from '@nestjs/swagger';
import { ProblemType, type components, type operations } from '@survey/api-client';
import { openApiDocumentOf } from '../src/app.factory';
import { CONTACT_FIELDS } from '../src/contacts/contact-fields';
import { NOTICE_LANGUAGES } from '../src/privacy-notice/notice-languages';
import { NOTICE_SECTION_IDS } from '../src/privacy-notice/privacy-notice.dto';
import { PrivacyNoticeModule } from '../src/privacy-notice/privacy-notice.module';
import { CONTACT_FIELD_LABELS } from '../src/privacy-notice/privacy-notice.texts';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';

type PrivacyNoticeDto = components['schemas']['PrivacyNoticeDto'];
type NoticeQuery = NonNullable<operations['getPrivacyNotice']['parameters']['query']>;

function allText(notice: PrivacyNoticeDto): string {
  return [
    notice.title,
    ...notice.sections.flatMap((section) => [section.heading, ...section.paragraphs, ...section.items]),
  ].join('\n');
}

function section(notice: PrivacyNoticeDto, id: string): PrivacyNoticeDto['sections'][number] {
  const found = notice.sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

describe('GET /privacy-notice', () => {
  let db: TestDatabase;
  let subject: TestApp;
  let other: TestApp;

  const getNotice = (query?: NoticeQuery, app = subject) =>
    app.api().GET('/api/v1/privacy-notice', query ? { params: { query } } : {});
  /** A query the spec does not allow, sent as it is. */
  const refusedQuery = (query: Record<string, unknown>) => getNotice(query as NoticeQuery);

  beforeAll(async () => {
    db = await createTestDatabase();
    // Importing the module again is harmless once app.module.ts imports it too.
    subject = await createTestApp({ databaseUrl: db.url, imports: [PrivacyNoticeModule] });
    other = await createTestApp({
      databaseUrl: db.url,
      migrate: false,
      imports: [PrivacyNoticeModule],
      env: {
        RETENTION_MONTHS: '12',
        ORGANISATION_NAME: 'Office of Marks & Designs',
        PRIVACY_CONTACT_EMAIL: 'DPO@Marks.example.org',
        PUBLIC_URL: 'https://surveys.marks.example.org/',
      },
    });
  });

  afterAll(async () => {
    await other?.close();
    await subject?.close();
    await db?.drop();
  });

  it.each(NOTICE_LANGUAGES)('answers %s with every section, without credentials', async (lang) => {
    const { data, response } = await answered(getNotice({ lang }), 200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('set-cookie')).toBeNull();
    const notice = data!;
    expect(notice.language).toBe(lang);
    expect(notice.direction).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(notice.sections.map((s) => s.id)).toEqual([...NOTICE_SECTION_IDS]);
    for (const s of notice.sections) {
      expect(s.heading).toBeTruthy();
      expect(s.paragraphs.length + s.items.length).toBeGreaterThan(0);
    }
    expect(notice).toMatchObject({
      organisation: subject.config.privacy.organisationName,
      contactEmail: subject.config.privacy.contactEmail,
      retentionMonths: 24,
      requestFormUrl: `${subject.config.publicUrl}/r/privacy`,
    });
    const text = allText(notice);
    expect(text).toContain(subject.config.privacy.organisationName);
    expect(text).toContain(subject.config.privacy.contactEmail);
    expect(text).toContain(`${subject.config.publicUrl}/r/privacy`);
    expect(section(notice, 'retention').paragraphs.join(' ')).toContain('24');
    expect(section(notice, 'rights').items).toHaveLength(4);
    expect(text).not.toMatch(/undefined|\$\{|\[object /);
  });

  it('lists, in each language, a label for every field held about a contact, and the answers', async () => {
    for (const lang of NOTICE_LANGUAGES) {
      const items = section(await dataOf(getNotice({ lang })), 'data-held').items;
      expect(items).toHaveLength(CONTACT_FIELDS.length + 1);
      for (const field of CONTACT_FIELDS) {
        const label = CONTACT_FIELD_LABELS[field.key]?.[lang];
        expect(label).toBeTruthy();
        expect(items.map((item) => item.toLocaleLowerCase(lang))).toContain(label.toLocaleLowerCase(lang));
      }
    }
  });

  it('answers in English without lang, and accepts the code in any case', async () => {
    const plain = await dataOf(getNotice());
    expect(plain.language).toBe('en');
    expect(plain.direction).toBe('ltr');
    const upper = await dataOf(refusedQuery({ lang: 'FR' }));
    expect(upper.language).toBe('fr');
  });

  it.each(['de', 'en-GB', 'xx', '', 'fr,en'])('refuses lang=%j as a problem naming lang', async (lang) => {
    const { error: problem, response } = await answered(refusedQuery({ lang }), 400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem?.type).toBe(ProblemType.Validation);
    expect(problem?.errors?.[0]?.field).toBe('lang');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a repeated or unknown query parameter', async () => {
    // The client writes an array as the parameter repeated: ?lang=fr&lang=es.
    const repeated = await problemOf(refusedQuery({ lang: ['fr', 'es'] }), 400);
    expect(repeated.errors?.[0]?.field).toBe('lang');
    const unknown = await problemOf(refusedQuery({ lang: 'fr', debug: '1' }), 400);
    expect(unknown.errors?.[0]?.field).toBe('debug');
  });

  it('may be cached for a few minutes, as it holds no personal data', async () => {
    const { response } = await answered(getNotice({ lang: 'es' }), 200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('pragma')).toBeNull();
    // Every other API answer stays no-store.
    const live = await answered(subject.api().GET('/health/live'), 200);
    expect(live.response.headers.get('cache-control')).toBe('no-store');
  });

  it('is documented as a public operation taking one of the six languages', () => {
    const operation = openApiDocumentOf(subject.app).paths['/api/v1/privacy-notice']?.get;
    expect(operation?.operationId).toBe('getPrivacyNotice');
    expect(operation?.security).toEqual([]);
    const lang = (operation?.parameters as ParameterObject[]).find((p) => p.name === 'lang');
    expect(lang).toMatchObject({ in: 'query', required: false });
    expect(JSON.stringify(openApiDocumentOf(subject.app).components?.schemas?.NoticeLanguage)).toContain('"ar"');
  });

  it('follows the configuration: retention, organisation, contact address and public URL', async () => {
    for (const lang of NOTICE_LANGUAGES) {
      const notice = await dataOf(getNotice({ lang }, other));
      expect(notice).toMatchObject({
        organisation: 'Office of Marks & Designs',
        contactEmail: 'dpo@marks.example.org',
        retentionMonths: 12,
        requestFormUrl: 'https://surveys.marks.example.org/r/privacy',
      });
      const text = allText(notice);
      expect(text).toContain('12');
      expect(text).not.toContain('24');
      expect(text).toContain('Office of Marks & Designs');
      expect(text).toContain('dpo@marks.example.org');
      expect(text).toContain('https://surveys.marks.example.org/r/privacy');
      expect(text).not.toMatch(/WIPO|OMPI|ВОИС|الويبو|产权组织|privacy@localhost|localhost/);
      expect(section(notice, 'retention').paragraphs.join(' ')).toContain('12');
    }
  });
});
