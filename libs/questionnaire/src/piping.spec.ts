import { pipeText, pipedReferences, withoutPiping } from './piping';
import type { Questionnaire } from './types';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const words = { yes: 'Yes', no: 'No' };

function questionnaire(...pages: Json[][]): Questionnaire {
  const result = validateQuestionnaire(
    { title: { en: 'T' }, pages: pages.map((elements, index) => ({ name: `p${index}`, elements })) },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

function refused(input: Json): { field: string; message: string }[] {
  const result = validateQuestionnaire(input, { languages: ['en'] });
  if (result.ok) throw new Error('expected the questionnaire to be refused');
  return result.errors;
}

const service = {
  type: 'radiogroup',
  name: 'service',
  title: { en: 'Service' },
  choices: [
    { value: 'pct', text: { en: 'PCT', fr: 'PCT (brevets)' } },
    { value: 'madrid', text: { en: 'Madrid', fr: 'Madrid (marques)' } },
  ],
};
const channels = { ...service, type: 'checkbox', name: 'channels' };
const used = { type: 'boolean', name: 'used', title: { en: 'Used?' }, labelTrue: { en: 'I did' } };
const score = { type: 'rating', name: 'score', title: { en: 'Score' }, rateMin: 1, rateMax: 5 };
const note = { type: 'comment', name: 'note', title: { en: 'Note' } };

describe('pipeText', () => {
  const q = questionnaire(
    [service, channels, used, score, note],
    [{ type: 'comment', name: 'why', title: { en: 'Why {service} and {score}?' } }],
  );

  it('shows choice texts in the respondent language, numbers, yes/no labels and the own text', () => {
    const answers = { service: 'madrid', channels: ['pct', 'madrid'], used: true, score: 4, note: '<b>hi</b>' };
    expect(pipeText('{service}|{channels}|{used}|{score}|{note}', q, answers, 'fr', words)).toBe(
      'Madrid (marques)|PCT (brevets), Madrid (marques)|I did|4|<b>hi</b>',
    );
    expect(pipeText('{used}', q, { used: false }, 'en', words)).toBe('No');
  });

  it('shows nothing for an unanswered question and leaves other braces alone', () => {
    expect(pipeText('You chose {service}. {not a name} {}', q, {}, 'en', words)).toBe('You chose . {not a name} {}');
  });

  it('finds placeholders with their positions, and replaces them with an ellipsis where no answers are', () => {
    expect(pipedReferences('a {x} b {y_2}')).toEqual([
      { name: 'x', position: 3 },
      { name: 'y_2', position: 9 },
    ]);
    expect(withoutPiping('Why {service}?')).toBe('Why …?');
  });
});

describe('validateQuestionnaire: piping', () => {
  const matrix = {
    type: 'matrix',
    name: 'grid',
    title: { en: 'Grid' },
    rows: [{ value: 'r', text: { en: 'R' } }],
    columns: [{ value: 1, text: { en: '1' } }],
  };

  it('accepts earlier answers in question titles, descriptions and later page titles', () => {
    const input = {
      title: { en: 'T' },
      pages: [
        { name: 'a', elements: [service, { ...note, description: { en: 'About {service}' } }] },
        { name: 'b', title: { en: 'More on {service}' }, elements: [{ ...score, title: { en: '{note} then?' } }] },
      ],
    };
    expect(validateQuestionnaire(input, { languages: ['en'] }).ok).toBe(true);
  });

  it('refuses placeholders naming unknown, later, own or matrix questions, and page titles naming their own page', () => {
    const errors = refused({
      title: { en: 'T' },
      pages: [
        {
          name: 'a',
          title: { en: 'About {service}' },
          elements: [matrix, service, { ...note, title: { en: '{nothing} {Service} {score} {note} {grid}' } }, score],
        },
      ],
    });
    expect(errors).toEqual([
      { field: 'pages[0].title.en', message: expect.stringContaining('does not come earlier') },
      { field: 'pages[0].elements[2].title.en', message: expect.stringContaining('does not exist at character 1') },
      { field: 'pages[0].elements[2].title.en', message: expect.stringContaining('does not exist at character 11') },
      { field: 'pages[0].elements[2].title.en', message: expect.stringContaining('does not come earlier') },
      { field: 'pages[0].elements[2].title.en', message: expect.stringContaining('does not come earlier') },
      { field: 'pages[0].elements[2].title.en', message: expect.stringContaining('matrix') },
    ]);
  });
});
