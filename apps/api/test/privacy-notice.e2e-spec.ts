import type { ParameterObject } from '@nestjs/swagger';
import request from 'supertest';
import { ProblemType, type components } from '@survey/api-client';
import { openApiDocumentOf } from '../src/app.factory';
import { CONTACT_FIELDS } from '../src/contacts/contact-fields';
import { NOTICE_LANGUAGES } from '../src/privacy-notice/notice-languages';
import { NOTICE_SECTION_IDS, PrivacyNoticeDto } from '../src/privacy-notice/privacy-notice.dto';
import { PrivacyNoticeModule } from '../src/privacy-notice/privacy-notice.module';
import { CONTACT_FIELD_LABELS } from '../src/privacy-notice/privacy-notice.texts';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';

type Problem = components['schemas']['ProblemDto'];

const NOTICE = '/api/v1/privacy-notice';

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
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Importing the module again is harmless once app.module.ts imports it too.
    subject = await createTestApp({ databaseUrl: db.url, imports: [PrivacyNoticeModule] });
    http = request(subject.app.getHttpServer());
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
    const res = await http.get(NOTICE).query({ lang }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['set-cookie']).toBeUndefined();
    const notice = res.body as PrivacyNoticeDto;
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
      const notice = (await http.get(NOTICE).query({ lang }).expect(200)).body as PrivacyNoticeDto;
      const items = section(notice, 'data-held').items;
      expect(items).toHaveLength(CONTACT_FIELDS.length + 1);
      for (const field of CONTACT_FIELDS) {
        const label = CONTACT_FIELD_LABELS[field.key]?.[lang];
        expect(label).toBeTruthy();
        expect(items.map((item) => item.toLocaleLowerCase(lang))).toContain(label.toLocaleLowerCase(lang));
      }
    }
  });

  it('answers in English without lang, and accepts the code in any case', async () => {
    const plain = (await http.get(NOTICE).expect(200)).body as PrivacyNoticeDto;
    expect(plain.language).toBe('en');
    expect(plain.direction).toBe('ltr');
    const upper = (await http.get(NOTICE).query({ lang: 'FR' }).expect(200)).body as PrivacyNoticeDto;
    expect(upper.language).toBe('fr');
  });

  it.each(['de', 'en-GB', 'xx', '', 'fr,en'])('refuses lang=%j as a problem naming lang', async (lang) => {
    const res = await http.get(NOTICE).query({ lang }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem.type).toBe(ProblemType.Validation);
    expect(problem.errors?.[0]?.field).toBe('lang');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('refuses a repeated or unknown query parameter', async () => {
    const repeated = await http.get(`${NOTICE}?lang=fr&lang=es`).expect(400);
    expect((repeated.body as Problem).errors?.[0]?.field).toBe('lang');
    const unknown = await http.get(NOTICE).query({ lang: 'fr', debug: '1' }).expect(400);
    expect((unknown.body as Problem).errors?.[0]?.field).toBe('debug');
  });

  it('may be cached for a few minutes, as it holds no personal data', async () => {
    const res = await http.get(NOTICE).query({ lang: 'es' }).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['pragma']).toBeUndefined();
    // Every other API answer stays no-store.
    const live = await http.get('/health/live').expect(200);
    expect(live.headers['cache-control']).toBe('no-store');
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
    const otherHttp = request(other.app.getHttpServer());
    for (const lang of NOTICE_LANGUAGES) {
      const notice = (await otherHttp.get(NOTICE).query({ lang }).expect(200)).body as PrivacyNoticeDto;
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
