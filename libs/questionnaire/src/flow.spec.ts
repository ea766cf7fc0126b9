import { resolveFlow } from './flow';
import type { Questionnaire } from './types';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;

const en = (text: string) => ({ en: text });

/**
 * Four pages: screen (q1 rating 0–10, used: boolean), why (q2, comment), detail (q3 radiogroup,
 * shown only to users), end (q4 rating).
 */
function flowQuestionnaire(extra: Json = {}, pageExtra: Record<number, Json> = {}): Questionnaire {
  const pages = [
    {
      name: 'screen',
      elements: [
        { type: 'rating', name: 'q1', title: en('Score'), rateMin: 0, rateMax: 10 },
        { type: 'boolean', name: 'used', title: en('Used it?') },
      ],
    },
    { name: 'why', elements: [{ type: 'comment', name: 'q2', title: en('Why?') }] },
    {
      name: 'detail',
      elements: [
        {
          type: 'radiogroup',
          name: 'q3',
          title: en('Which?'),
          isRequired: true,
          choices: [
            { value: 'a', text: en('A') },
            { value: 'b', text: en('B') },
          ],
        },
      ],
    },
    { name: 'end', elements: [{ type: 'rating', name: 'q4', title: en('Again'), rateMin: 1, rateMax: 5 }] },
  ].map((page, index) => ({ ...page, ...pageExtra[index] }));
  const result = validateQuestionnaire({ title: en('Flow'), pages, ...extra }, { languages: ['en'] });
  if (!result.ok) throw new Error(`invalid test questionnaire: ${JSON.stringify(result.errors)}`);
  return result.questionnaire;
}

function problems(input: Json): { field: string; message: string }[] {
  const result = validateQuestionnaire(input, { languages: ['en'] });
  if (result.ok) throw new Error('expected the questionnaire to be refused');
  return result.errors;
}

function baseInput(): Json {
  return JSON.parse(JSON.stringify(flowQuestionnaire())) as Json;
}

const skipWhy = { triggers: [{ type: 'skip', expression: '{q1} >= 9', gotoName: 'q3' }] };

describe('flow: skip triggers', () => {
  it('passes over the pages between the trigger page and the target when the expression holds', () => {
    const q = flowQuestionnaire(skipWhy);
    const flow = resolveFlow(q, { q1: 10 });
    expect(flow.pages).toEqual(['shown', 'skipped', 'shown', 'shown']);
    expect(flow.questions.get('q2')).toBe('skipped');
    expect(resolveFlow(q, { q1: 3 }).pages).toEqual(['shown', 'shown', 'shown', 'shown']);
  });

  it('refuses an answer to a question a jump passed over, and accepts the same answer without the jump', () => {
    const q = flowQuestionnaire(skipWhy);
    const refused = validateAnswers(q, { q1: 9, q2: 'text', q3: 'a' });
    expect(refused).toEqual({
      ok: false,
      errors: [{ field: 'answers.q2', message: expect.stringContaining('jump') }],
    });
    expect(validateAnswers(q, { q1: 8, q2: 'text', q3: 'a' }).ok).toBe(true);
  });

  it('does not require a skipped required question', () => {
    const q = flowQuestionnaire({ triggers: [{ type: 'skip', expression: '{used} = false', gotoName: 'q4' }] });
    expect(validateAnswers(q, { used: false }).ok).toBe(true);
    expect(validateAnswers(q, { used: true })).toEqual({
      ok: false,
      errors: [{ field: 'answers.q3', message: 'is required' }],
    });
  });

  it('applies the first trigger that holds, in list order', () => {
    const q = flowQuestionnaire({
      triggers: [
        { type: 'skip', expression: '{q1} > 5', gotoName: 'q4' },
        { type: 'skip', expression: '{q1} > 2', gotoName: 'q3' },
      ],
    });
    expect(resolveFlow(q, { q1: 7 }).pages).toEqual(['shown', 'skipped', 'skipped', 'shown']);
    expect(resolveFlow(q, { q1: 4 }).pages).toEqual(['shown', 'skipped', 'shown', 'shown']);
  });

  it('does not fire a trigger whose home page was itself passed over', () => {
    const q = flowQuestionnaire({
      triggers: [
        { type: 'skip', expression: '{q1} = 10', gotoName: 'q3' },
        { type: 'complete', expression: '{q2} empty' },
      ],
    });
    // q2's page is skipped, so "q2 empty" (true) must not end the survey.
    expect(resolveFlow(q, { q1: 10 }).pages).toEqual(['shown', 'skipped', 'shown', 'shown']);
    expect(resolveFlow(q, { q1: 1 }).pages).toEqual(['shown', 'shown', 'ended', 'ended']);
  });
});

describe('flow: complete triggers', () => {
  const q = flowQuestionnaire({ triggers: [{ type: 'complete', expression: '{used} = false' }] });

  it('ends the survey after the home page', () => {
    const flow = resolveFlow(q, { used: false });
    expect(flow.ended).toBe(true);
    expect(flow.pages).toEqual(['shown', 'ended', 'ended', 'ended']);
  });

  it('refuses answers after the end and does not require questions there', () => {
    expect(validateAnswers(q, { used: false }).ok).toBe(true);
    expect(validateAnswers(q, { used: false, q4: 3 })).toEqual({
      ok: false,
      errors: [{ field: 'answers.q4', message: expect.stringContaining('ended') }],
    });
  });

  it('leaves the flow undecided when the expression reads an invalid answer: only the root cause is reported', () => {
    expect(validateAnswers(q, { used: 'no', q4: 3 })).toEqual({
      ok: false,
      errors: [{ field: 'answers.used', message: 'must be true or false' }],
    });
  });
});

describe('flow: page visibleIf', () => {
  const q = flowQuestionnaire({}, { 2: { visibleIf: '{used} = true' } });

  it('hides the page and its questions', () => {
    expect(resolveFlow(q, { used: false }).pages[2]).toBe('hidden');
    expect(resolveFlow(q, { used: false }).questions.get('q3')).toBe('page-hidden');
    expect(resolveFlow(q, { used: true }).pages[2]).toBe('shown');
  });

  it('refuses answers on a hidden page and does not require them', () => {
    expect(validateAnswers(q, { used: false }).ok).toBe(true);
    expect(validateAnswers(q, { used: false, q3: 'a' })).toEqual({
      ok: false,
      errors: [{ field: 'answers.q3', message: expect.stringContaining('page') }],
    });
  });

  it('returns page visibleIf and triggers in the cleaned questionnaire, and validating again gives the same', () => {
    const again = validateQuestionnaire(q, { languages: ['en'] });
    expect(again).toEqual({ ok: true, questionnaire: q });
    const withTriggers = flowQuestionnaire(skipWhy);
    expect(withTriggers.triggers).toEqual(skipWhy.triggers);
    expect(validateQuestionnaire(withTriggers, { languages: ['en'] })).toEqual({
      ok: true,
      questionnaire: withTriggers,
    });
  });
});

describe('validateQuestionnaire: flow properties', () => {
  it('refuses a page condition on a question of the same or a later page', () => {
    const input = baseInput();
    (input.pages as Json[])[1].visibleIf = '{q2} notempty';
    (input.pages as Json[])[2].visibleIf = '{q4} = 1';
    expect(problems(input)).toEqual([
      { field: 'pages[1].visibleIf', message: expect.stringContaining('earlier pages') },
      { field: 'pages[2].visibleIf', message: expect.stringContaining('earlier pages') },
    ]);
  });

  it('refuses a skip backwards or to the same page, and to an unknown question', () => {
    const input = {
      ...baseInput(),
      triggers: [
        { type: 'skip', expression: '{q2} notempty', gotoName: 'q1' },
        { type: 'skip', expression: '{q1} = 1', gotoName: 'used' },
        { type: 'skip', expression: '{q1} = 1', gotoName: 'nowhere' },
        { type: 'skip', expression: '{q1} = 1', gotoName: 'Q3' },
      ],
    };
    expect(problems(input)).toEqual([
      { field: 'triggers[0].gotoName', message: expect.stringContaining('jumps go forward') },
      { field: 'triggers[1].gotoName', message: expect.stringContaining('jumps go forward') },
      { field: 'triggers[2].gotoName', message: expect.stringContaining('must be the name') },
      { field: 'triggers[3].gotoName', message: expect.stringContaining('must be the name') },
    ]);
  });

  it('refuses unknown trigger types and properties, missing parts, bad expressions', () => {
    const input = {
      ...baseInput(),
      triggers: [
        { type: 'setvalue', expression: '{q1} = 1', setToName: 'q4' },
        { type: 'complete', expression: '{q1} = 1', gotoName: 'q4' },
        { type: 'skip', expression: '{q1} = 1' },
        { type: 'complete' },
        { type: 'complete', expression: '{q1} == 1' },
        { type: 'complete', expression: "{q3} = 'c'" },
        { type: 'complete', expression: '{nope} = 1' },
        'complete',
      ],
    };
    expect(problems(input)).toEqual([
      { field: 'triggers[0].type', message: 'must be one of skip, complete' },
      { field: 'triggers[1].gotoName', message: 'is not allowed here' },
      { field: 'triggers[2].gotoName', message: expect.stringContaining('is required') },
      { field: 'triggers[3].expression', message: 'is required' },
      { field: 'triggers[4].expression', message: expect.stringContaining('does not parse') },
      { field: 'triggers[5].expression', message: expect.stringContaining('not one of the question') },
      { field: 'triggers[6].expression', message: expect.stringContaining('does not exist') },
      { field: 'triggers[7]', message: expect.stringContaining('must be an object') },
    ]);
  });

  it('refuses a triggers value that is not a list, or too long a list', () => {
    expect(problems({ ...baseInput(), triggers: {} })).toEqual([
      { field: 'triggers', message: 'must be an array of triggers' },
    ]);
    const many = Array.from({ length: 51 }, () => ({ type: 'complete', expression: '{q1} = 1' }));
    expect(problems({ ...baseInput(), triggers: many })).toEqual([
      { field: 'triggers', message: 'must contain at most 50 triggers' },
    ]);
  });
});
