import 'reflect-metadata';
import { ACCESS_METADATA, AccessRule } from '../auth/access.decorator';
import { API_KEY_SCOPES, STAFF_ROLES } from '../auth/roles';
import { loadConfig } from '../config/app-config';
import { CONTACT_FIELDS } from '../contacts/contact-fields';
import { ContactsController } from '../contacts/contacts.controller';
import { NOTICE_LANGUAGES } from './notice-languages';
import { NOTICE_SECTION_IDS } from './privacy-notice.dto';
import {
  AUDIENCE_ACCESS,
  noticeAudiences,
  RECIPIENTS_BY_API_KEY_SCOPE,
  RECIPIENTS_BY_ROLE,
} from './privacy-notice.recipients';
import { PrivacyNoticeService } from './privacy-notice.service';
import { atMostMonths, CONTACT_FIELD_LABELS, NOTICE_TEXTS } from './privacy-notice.texts';
import { PRIVACY_REQUEST_TYPES } from './privacy-request-types';

function service(env: NodeJS.ProcessEnv = {}): PrivacyNoticeService {
  return new PrivacyNoticeService(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://surveys.example.org', ...env }));
}

function allText(notice: ReturnType<PrivacyNoticeService['notice']>): string {
  return [notice.title, ...notice.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...s.items])].join('\n');
}

describe('PrivacyNoticeService', () => {
  it('has a label for every contact field in every language, and no two alike', () => {
    for (const language of NOTICE_LANGUAGES) {
      const labels = CONTACT_FIELDS.map((field) => CONTACT_FIELD_LABELS[field.key]?.[language]);
      for (const label of labels) expect(label?.trim()).toBeTruthy();
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it.each(NOTICE_LANGUAGES)('renders every section in %s from the configuration', (language) => {
    const notice = service({ RETENTION_MONTHS: '18', ORGANISATION_NAME: 'Example IP Office' }).notice(language);
    expect(notice.language).toBe(language);
    expect(notice.direction).toBe(language === 'ar' ? 'rtl' : 'ltr');
    expect(notice.sections.map((s) => s.id)).toEqual([...NOTICE_SECTION_IDS]);
    expect(notice.retentionMonths).toBe(18);
    expect(notice.requestFormUrl).toBe('https://surveys.example.org/r/privacy');
    const text = allText(notice);
    expect(text).toContain('Example IP Office');
    expect(text).toContain('18');
    expect(text).not.toContain('24');
    expect(text).not.toMatch(/undefined|\$\{|\[object /);
    expect(notice.sections.find((s) => s.id === 'rights')!.items).toHaveLength(PRIVACY_REQUEST_TYPES.length);
  });

  it('falls back to English for a language it does not speak', () => {
    expect(service().notice('de').language).toBe('en');
    expect(service().shortNotice('pt')).toBe(service().shortNotice('en'));
  });

  it('names in the security section exactly the fields stored encrypted', () => {
    const security = service()
      .notice('en')
      .sections.find((s) => s.id === 'security')!;
    const encryption = security.items[0];
    for (const field of CONTACT_FIELDS) {
      const label = CONTACT_FIELD_LABELS[field.key].en;
      if (field.encrypted) expect(encryption).toContain(label);
      else expect(encryption).not.toContain(label);
    }
  });

  it('lists the configured reasons for reading personal data, an unknown one by its name', () => {
    const purpose = service({ DATA_ACCESS_PURPOSES: 'survey-analysis,fraud-check' })
      .notice('fr')
      .sections.find((s) => s.id === 'purpose')!;
    expect(purpose.items).toEqual(['Analyse des résultats d’une enquête', 'Fraud check']);
  });

  it('gives, in two or three sentences, who, why, how long, the rights and where the full notice is', () => {
    for (const language of NOTICE_LANGUAGES) {
      const short = service({ RETENTION_MONTHS: '6', ORGANISATION_NAME: 'Example IP Office' }).shortNotice(language);
      expect(short).toContain('Example IP Office');
      expect(short).toContain(atMostMonths(language, 6));
      expect(short).toContain('https://surveys.example.org/r/privacy');
      expect(short.length).toBeLessThan(600);
      const sentences = short.split(/[.。](?=\s|$)|。/).filter((s) => s.trim());
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(3);
    }
  });

  it('puts the months in the right grammatical form', () => {
    expect(atMostMonths('en', 1)).toBe('1 month');
    expect(atMostMonths('ru', 21)).toBe('21 месяца');
    expect(atMostMonths('ru', 24)).toBe('24 месяцев');
    expect(atMostMonths('ar', 2)).toBe('شهرين');
    expect(atMostMonths('ar', 6)).toBe('6 أشهر');
    expect(atMostMonths('ar', 24)).toBe('24 شهرًا');
    expect(atMostMonths('es', 12)).toBe('12 meses');
  });

  it('uses French no-break spaces before colons and inside guillemets', () => {
    const notice = service().notice('fr');
    expect(notice.title).toContain('\u00a0:');
    expect(allText(notice)).not.toMatch(/ :|« | »/);
  });

  describe('recipients', () => {
    it('decides for every staff role and every API-key scope', () => {
      expect(Object.keys(RECIPIENTS_BY_ROLE).sort()).toEqual([...STAFF_ROLES].sort());
      expect(Object.keys(RECIPIENTS_BY_API_KEY_SCOPE).sort()).toEqual([...API_KEY_SCOPES].sort());
    });

    it('names as seeing identifying data exactly the roles that may read a contact', () => {
      const rule = Reflect.getMetadata(ACCESS_METADATA, ContactsController.prototype.getContact) as AccessRule;
      const identified = STAFF_ROLES.filter((role) => {
        const audience = RECIPIENTS_BY_ROLE[role];
        return audience !== null && AUDIENCE_ACCESS[audience] === 'identified';
      });
      expect([...(rule.roles ?? [])].sort()).toEqual(identified.sort());
      expect(rule.apiKey).toBeUndefined();
    });

    it('describes each audience in every language, the provider as seeing pseudonymised data only', () => {
      expect(AUDIENCE_ACCESS['survey-provider']).toBe('pseudonymised');
      expect(AUDIENCE_ACCESS.management).toBe('aggregate');
      const audiences = noticeAudiences();
      for (const language of NOTICE_LANGUAGES) {
        const items = service()
          .notice(language)
          .sections.find((s) => s.id === 'recipients')!.items;
        expect(items).toEqual(audiences.map((a) => NOTICE_TEXTS[language].recipients.audiences[a]));
      }
    });
  });
});
