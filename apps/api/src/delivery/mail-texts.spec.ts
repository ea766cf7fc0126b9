import { renderSurveyMail } from './mail-templates';
import { validateMailTexts } from './mail-texts';

const BASE = {
  kind: 'invitation' as const,
  language: 'ar',
  organisationName: 'Example IP Office',
  surveyTitle: 'Filers 2027',
  recipientName: 'Sam <script>',
  surveyUrl: 'https://surveys.example.org/r/#tok',
  optOutUrl: 'https://surveys.example.org/r/opt-out#tok',
  privacyNoticeUrl: 'https://surveys.example.org/r/privacy',
  shortNotice: 'Short notice.',
  deadline: new Date('2027-03-15T12:00:00Z'),
};

describe('a survey’s own mail texts', () => {
  it('accepts the four placeholders and trims, and refuses the rest naming the field', () => {
    const ok = validateMailTexts(
      { reminder: { fr: { subject: ' Rappel avant le {deadline} ', body: '{name} : {link} {optOutLink}' } } },
      ['fr'],
    );
    expect(ok).toEqual({
      ok: true,
      texts: { reminder: { fr: { subject: 'Rappel avant le {deadline}', body: '{name} : {link} {optOutLink}' } } },
    });
    const refused = validateMailTexts(
      { invitation: { fr: { subject: 'a\nb', body: '{link}{x}' }, en: { subject: 'x', body: '{link}' } } },
      ['fr'],
    );
    expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toEqual([
      'texts.invitation.fr.subject',
      'texts.invitation.fr.body',
      'texts.invitation',
    ]);
  });

  it('renders the text with escaped values, links, and the opt-out and privacy parts it cannot remove', () => {
    const mail = renderSurveyMail({
      ...BASE,
      custom: { subject: 'Avant le {deadline}', body: 'Bonjour {name}\n\n{link}' },
    });
    expect(mail.language).toBe('ar');
    expect(mail.subject).toBe('Avant le 15 مارس 2027');
    expect(mail.text.startsWith('Bonjour Sam <script>\n\nhttps://surveys.example.org/r/#tok\n')).toBe(true);
    expect(mail.text).toContain('https://surveys.example.org/r/opt-out#tok');
    expect(mail.text).toContain('Short notice.');
    expect(mail.html).toContain('<bdi>Sam &lt;script&gt;</bdi>');
    expect(mail.html).toContain('<a href="https://surveys.example.org/r/#tok"');
    expect(mail.html).toContain('<a href="https://surveys.example.org/r/opt-out#tok"');
    expect(mail.html).toContain('<a href="https://surveys.example.org/r/privacy"');
    expect(mail.html).not.toContain('<script>');
  });
});
