import { NOTICE_LANGUAGES } from '../privacy-notice/notice-languages';
import { renderSurveyMail, SurveyMailInput } from './mail-templates';

const SURVEY_URL = 'https://surveys.example.org/r/#tok_3Xb9Qp';
const OPT_OUT_URL = 'https://surveys.example.org/r/opt-out#tok_3Xb9Qp';
const NOTICE_URL = 'https://surveys.example.org/r/privacy';
const SHORT_NOTICE = `Example IP Office processes your contact details and answers for its surveys only. Kept 24 months at most. Full notice: ${NOTICE_URL}`;

function input(overrides: Partial<SurveyMailInput> = {}): SurveyMailInput {
  return {
    kind: 'invitation',
    language: 'en',
    organisationName: 'Example IP Office',
    surveyTitle: 'Madrid System users 2027',
    recipientName: 'Amélie Durand',
    surveyUrl: SURVEY_URL,
    optOutUrl: OPT_OUT_URL,
    privacyNoticeUrl: NOTICE_URL,
    shortNotice: SHORT_NOTICE,
    closesAt: new Date('2027-03-15T12:00:00Z'),
    estimatedMinutes: 10,
    ...overrides,
  };
}

const ALLOWED_URLS = [SURVEY_URL, OPT_OUT_URL, NOTICE_URL];

/** Every http(s) URL in the text, as written (HTML entities decoded). */
function urlsIn(text: string): string[] {
  return [...text.replace(/&amp;/g, '&').matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
}

function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('renderSurveyMail', () => {
  describe.each(NOTICE_LANGUAGES)('in %s', (language) => {
    it.each(['invitation', 'reminder'] as const)('renders the %s with every part', (kind) => {
      const mail = renderSurveyMail(input({ kind, language }));
      expect(mail.language).toBe(language);
      expect(mail.subject).toContain('Madrid System users 2027');
      expect(mail.subject).not.toContain('Amélie');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain('Amélie Durand');
        expect(part).toContain('Example IP Office');
        expect(part).toContain(SURVEY_URL);
        expect(part).toContain(OPT_OUT_URL);
        expect(part).toContain(NOTICE_URL);
        expect(part).toContain(SHORT_NOTICE);
        expect(part).toContain('10');
        expect(part).toContain('2027');
        expect(part).not.toMatch(/undefined|\$\{|\[object /);
      }
      expect(mail.text).not.toMatch(/<[a-z!/][^>]*>/i);
      expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}" dir="(ltr|rtl)">`));
      expect(mail.html).toContain(`<a href="${SURVEY_URL}"`);
      expect(mail.html).toContain(`<a href="${OPT_OUT_URL}"`);
      expect(mail.html).toContain(`<a href="${NOTICE_URL}"`);
    });
  });

  it('says something different in each language, and in the reminder', () => {
    const texts = NOTICE_LANGUAGES.map((language) => renderSurveyMail(input({ language })).text);
    expect(new Set(texts).size).toBe(NOTICE_LANGUAGES.length);
    const subjects = NOTICE_LANGUAGES.map((language) => renderSurveyMail(input({ language })).subject);
    expect(new Set(subjects).size).toBe(NOTICE_LANGUAGES.length);
    expect(renderSurveyMail(input({ kind: 'reminder' })).subject).not.toBe(renderSurveyMail(input()).subject);
  });

  it('writes English for an unknown language', () => {
    const english = renderSurveyMail(input({ language: 'en' }));
    for (const language of ['de', 'pt-BR', '', 'EN-us']) {
      const mail = renderSurveyMail(input({ language }));
      expect(mail.language).toBe('en');
      expect(mail.text).toBe(english.text);
      expect(mail.html).toBe(english.html);
    }
  });

  it('sets dir="rtl" for Arabic only', () => {
    expect(renderSurveyMail(input({ language: 'ar' })).html).toContain('<html lang="ar" dir="rtl">');
    for (const language of NOTICE_LANGUAGES.filter((l) => l !== 'ar')) {
      const html = renderSurveyMail(input({ language })).html;
      expect(html).toContain(`<html lang="${language}" dir="ltr">`);
      expect(html).not.toContain('dir="rtl"');
    }
  });

  it('escapes the name and title in the html, and keeps them out of markup', () => {
    const mail = renderSurveyMail(
      input({
        recipientName: `<script>alert("x")</script> O'Brien & Söhne $& $1`,
        surveyTitle: 'Trademarks & <b>Designs</b>',
      }),
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Söhne $&amp; $1');
    expect(mail.html).toContain('Trademarks &amp; &lt;b&gt;Designs&lt;/b&gt;');
    expect(visibleText(mail.html)).toContain(`<script>alert("x")</script> O'Brien & Söhne $& $1`);
    // The plain-text part is not HTML: the values are as given.
    expect(mail.text).toContain(`<script>alert("x")</script> O'Brien & Söhne $& $1`);
    expect(mail.subject).toContain('Trademarks & <b>Designs</b>');
    expect(mail.subject).not.toContain('script');
  });

  it.each([
    '=HYPERLINK("http://evil.example/x?a=1&b=2","Click")',
    '@SUM(1+1)',
    '+33 1 23 45',
    '-1',
    '12345',
    '\u202e—',
  ])('greets a name that starts like a formula or has no letter without printing it: %j', (name) => {
    const mail = renderSurveyMail(input({ recipientName: name }));
    expect(mail.text.split('\n')[0]).toBe('Dear Sir or Madam,');
    expect(mail.html).not.toContain('evil.example');
    expect(mail.html).not.toContain('<bdi>');
    expect(mail.text).not.toContain(name);
  });

  it('leaves a formula-like name out of an edited text too, and keeps an ordinary one', () => {
    const custom = { subject: 'Your opinion', body: 'Hello {name},\n\nPlease answer: {link}' };
    for (const name of ['@SUM(1+1)', '=1+2', '12345']) {
      const mail = renderSurveyMail(input({ recipientName: name, custom }));
      expect(mail.text).not.toContain(name);
      expect(mail.html).not.toContain(name);
      expect(mail.text.split('\n')[0]).toBe('Hello ,');
    }
    expect(renderSurveyMail(input({ recipientName: 'Amélie Durand', custom })).text.split('\n')[0]).toBe(
      'Hello Amélie Durand,',
    );
  });

  it('greets an ordinary name, with letters in any script, by name', () => {
    for (const name of ['Amélie Durand', 'محمد العلي', '李伟', "O'Brien-Smith"]) {
      expect(renderSurveyMail(input({ recipientName: name })).text.split('\n')[0]).toBe(`Dear ${name},`);
    }
  });

  it('lets no line break or direction override in a name or title change the message', () => {
    const mail = renderSurveyMail(
      input({ recipientName: 'Ana\r\nBcc: victim@example.org\u202e', surveyTitle: 'Survey\nSubject: other' }),
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).not.toMatch(/^Bcc:/m);
    expect(mail.text).toContain('Ana Bcc: victim@example.org');
    expect(mail.text).not.toContain('\u202e');
  });

  it('never puts the name or another personal value in the subject', () => {
    for (const language of NOTICE_LANGUAGES) {
      for (const kind of ['invitation', 'reminder'] as const) {
        const mail = renderSurveyMail(input({ language, kind, recipientName: 'Zhang Wei' }));
        expect(mail.subject).not.toContain('Zhang');
        expect(mail.subject).not.toContain('tok_3Xb9Qp');
        expect(mail.subject).not.toContain('http');
      }
    }
  });

  it('links to nothing but the given addresses, and loads nothing', () => {
    for (const language of NOTICE_LANGUAGES) {
      for (const kind of ['invitation', 'reminder'] as const) {
        const mail = renderSurveyMail(input({ language, kind }));
        for (const url of urlsIn(mail.html)) expect(ALLOWED_URLS).toContain(url);
        for (const url of urlsIn(mail.text)) expect(ALLOWED_URLS).toContain(url);
        expect(mail.html).not.toMatch(/<(img|link|script|iframe|object|embed|style)\b/i);
        expect(mail.html).not.toMatch(/url\(|@import|src=/i);
        const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
        expect(new Set(hrefs)).toEqual(new Set(ALLOWED_URLS));
      }
    }
  });

  it('says the opt-out stops every further message about the survey', () => {
    expect(renderSurveyMail(input()).text).toContain('You will not receive any further message about this survey.');
    expect(renderSurveyMail(input({ language: 'fr' })).text).toContain(
      'Vous ne recevrez alors plus aucun message concernant cette enquête.',
    );
  });

  it('leaves out the duration and closing date when unknown, and greets without a name', () => {
    const mail = renderSurveyMail(input({ estimatedMinutes: undefined, closesAt: null, recipientName: '  ' }));
    expect(mail.text).not.toContain('minutes');
    expect(mail.text).not.toContain('open until');
    expect(mail.text.startsWith('Dear Sir or Madam,')).toBe(true);
  });

  it('writes the closing date in the language', () => {
    const closesAt = new Date('2027-03-15T12:00:00Z');
    expect(renderSurveyMail(input({ closesAt })).text).toContain('March 15, 2027');
    expect(renderSurveyMail(input({ language: 'fr', closesAt })).text).toContain('15 mars 2027');
    expect(renderSurveyMail(input({ language: 'ru', closesAt })).text).toContain('15 марта 2027 г.\n');
    expect(renderSurveyMail(input({ language: 'zh', closesAt })).text).toContain('2027年3月15日');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => renderSurveyMail(input({ surveyUrl: 'javascript:alert(1)' }))).toThrow(/surveyUrl/);
    expect(() => renderSurveyMail(input({ optOutUrl: '/relative' }))).toThrow(/optOutUrl/);
  });
});
