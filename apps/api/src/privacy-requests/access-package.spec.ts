import { sampleSatisfactionQuestionnaire, questionsOf, type Questionnaire } from '@survey/questionnaire';
import { ACCESS_PACKAGE_FORMAT, AccessPackage, answeredQuestions, renderAccessPackageHtml } from './access-package';

const questionnaire = sampleSatisfactionQuestionnaire();
const question = (name: string) => questionsOf(questionnaire).find((q) => q.name === name)!;

describe('answeredQuestions', () => {
  it('lists answers in questionnaire order with question and choice texts in the language', () => {
    const answers = answeredQuestions(
      questionnaire,
      { suggestions: 'Plus de webinaires', nps: 9, mainService: 'pct', channels: ['eservices', 'email'] },
      'fr',
    );
    expect(answers.map((a) => a.name)).toEqual(['nps', 'mainService', 'channels', 'suggestions']);
    const main = question('mainService');
    if (main.type !== 'radiogroup' && main.type !== 'dropdown') throw new Error('sample changed');
    expect(answers[1]).toEqual({
      name: 'mainService',
      question: main.title.fr,
      answer: main.choices.find((c) => c.value === 'pct')!.text.fr,
      value: 'pct',
    });
    expect(answers[2].answer.split('; ')).toHaveLength(2);
    expect(answers[3]).toMatchObject({ answer: 'Plus de webinaires', value: 'Plus de webinaires' });
  });

  it('keeps answers to questions the questionnaire no longer has, under their name', () => {
    expect(answeredQuestions(null, { gone: 3 }, 'en')).toEqual([
      { name: 'gone', question: 'gone', answer: '3', value: 3 },
    ]);
  });
});

describe('answeredQuestions: ranking, slider and expression', () => {
  const six = (en: string) => ({ en, fr: `${en} (fr)`, es: en, ar: en, zh: en, ru: en });
  const questionnaire: Questionnaire = {
    title: six('T'),
    pages: [
      {
        name: 'p',
        elements: [
          {
            type: 'ranking',
            name: 'order',
            title: six('Order'),
            choices: [
              { value: 'a', text: six('Speed') },
              { value: 2, text: six('Price') },
            ],
          },
          { type: 'slider', name: 'effort', title: six('Effort'), min: 0, max: 1, step: 0.5 },
          {
            type: 'expression',
            name: 'share',
            title: six('Share'),
            expression: '{effort}',
            displayStyle: 'percent',
            maximumFractionDigits: 0,
          },
        ],
      },
    ],
  };

  it('lists a ranking in the order given, with choice texts, and formats a computed value as the person saw it', () => {
    const answers = answeredQuestions(questionnaire, { order: [2, 'a'], effort: 0.5, share: 0.5 }, 'fr');
    expect(answers.map(({ name, answer }) => [name, answer])).toEqual([
      ['order', '1. Price (fr); 2. Speed (fr)'],
      ['effort', '0.5'],
      ['share', expect.stringMatching(/^50\s?%$/)],
    ]);
  });
});

describe('renderAccessPackageHtml', () => {
  const pkg: AccessPackage = {
    format: ACCESS_PACKAGE_FORMAT,
    generatedAt: '2027-03-02T10:00:00.000Z',
    language: 'ar',
    controller: { organisation: 'Office <b>', privacyContact: 'dpo@example.org' },
    request: { id: 'r1', type: 'access', receivedAt: '2027-03-01T10:00:00.000Z', verifiedAt: null },
    contact: {
      id: 'c1',
      fields: {
        name: '<img src=x onerror=alert(1)>',
        email: 'a@example.org',
        registrationNumbers: ['1234567', '7654321'],
        country: 'AE',
        segment: 'agent',
        role: null,
        relationshipSince: null,
        platform: 'Hague',
        language: 'ar',
      },
      collectedAt: '2027-01-01T00:00:00.000Z',
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2027-01-01T00:00:00.000Z',
      objectedAt: null,
    },
    invitations: [],
    responses: [],
    privacyRequests: [],
    mail: [],
    retention: { months: 24 },
  };

  it('is a right-to-left page in the language, with every value escaped and nothing loaded from anywhere', () => {
    const html = renderAccessPackageHtml(pkg);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('Office &lt;b&gt;');
    expect(html).toContain('1234567; 7654321');
    expect(html).not.toMatch(/<script|<link|src="|href="/);
    expect(html).toContain('بياناتكم الشخصية');
  });
});
