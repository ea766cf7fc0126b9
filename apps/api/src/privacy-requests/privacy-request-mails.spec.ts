import { LANGUAGES } from '@survey/questionnaire';
import { PRIVACY_REQUEST_TYPES } from '../privacy-notice/privacy-request-types';
import { PrivacyMail, renderPrivacyMail } from './privacy-request-mails';
import { RejectionReason } from './privacy-request.entity';

const BASE = {
  organisationName: 'Example IP Office',
  contactEmail: 'dpo@office.example.org',
  receivedAt: new Date('2027-03-01T09:00:00Z'),
};
const VERIFY_URL = 'https://surveys.example.org/r/verify-request#' + 'a'.repeat(43);
const DOWNLOAD_URL = 'https://surveys.example.org/r/download#' + 'b'.repeat(43);

const MAILS: PrivacyMail[] = [
  { kind: 'verification', verifyUrl: VERIFY_URL, expiresAt: new Date('2027-03-08T09:00:00Z') },
  { kind: 'extended', dueAt: new Date('2027-05-01T09:00:00Z'), reason: 'Several surveys' },
  { kind: 'completed', nothingHeld: false, download: { url: DOWNLOAD_URL, expiresAt: new Date('2027-03-08Z') } },
  { kind: 'completed', nothingHeld: true, download: { url: DOWNLOAD_URL, expiresAt: new Date('2027-03-08Z') } },
  { kind: 'rejected', reason: RejectionReason.Other, note: 'Because' },
];

describe('renderPrivacyMail', () => {
  it.each(LANGUAGES.flatMap((language) => PRIVACY_REQUEST_TYPES.map((type) => [language, type] as const)))(
    'writes every message in %s for %s requests, with its links and no personal value in the subject',
    (language, type) => {
      const subjects = new Set<string>();
      for (const mail of MAILS) {
        const rendered = renderPrivacyMail({ ...BASE, language, type, mail });
        expect(rendered.language).toBe(language);
        expect(rendered.subject).not.toMatch(/@|Example IP Office/);
        expect(rendered.subject).not.toMatch(/[\r\n]/);
        expect(rendered.html).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
        expect(rendered.text).toContain('Example IP Office');
        if (mail.kind === 'verification') expect(rendered.text).toContain(VERIFY_URL);
        if (mail.kind === 'completed' && type === 'access') expect(rendered.text).toContain(DOWNLOAD_URL);
        if (mail.kind !== 'verification') expect(rendered.text).toContain('dpo@office.example.org');
        subjects.add(rendered.subject);
      }
      expect(subjects.size).toBeGreaterThanOrEqual(3);
    },
  );

  it('escapes what staff wrote and keeps it on one line', () => {
    const rendered = renderPrivacyMail({
      ...BASE,
      language: 'en',
      type: 'erasure',
      mail: { kind: 'rejected', reason: RejectionReason.Other, note: '<script>x</script>\r\nBcc: evil@example.org' },
    });
    expect(rendered.html).toContain('&lt;script&gt;x&lt;/script&gt; Bcc: evil@example.org');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.text).toContain('Explanation: <script>x</script> Bcc: evil@example.org');
  });

  it('says there was nothing to change when we hold nothing on the person', () => {
    const rendered = renderPrivacyMail({
      ...BASE,
      language: 'fr',
      type: 'erasure',
      mail: { kind: 'completed', nothingHeld: true },
    });
    expect(rendered.text).toMatch(/nous ne détenons aucune donnée personnelle liée à cette adresse/);
    expect(rendered.text).not.toMatch(/Nous avons effacé/);
  });

  it('falls back to English, and refuses a link that is not http(s)', () => {
    expect(renderPrivacyMail({ ...BASE, language: 'de', type: 'access', mail: MAILS[0] }).subject).toBe(
      'Please confirm your privacy request',
    );
    expect(() =>
      renderPrivacyMail({
        ...BASE,
        language: 'en',
        type: 'access',
        mail: { kind: 'verification', verifyUrl: 'javascript:alert(1)', expiresAt: new Date() },
      }),
    ).toThrow();
  });
});
