import { describe, expect, it } from '@jest/globals';
import { validateQuestionnaire } from '@survey/questionnaire';
import { newQuestion, withType } from './draft';

/** The editor's new questions and type changes give questionnaires the validator accepts once texts are written. */
describe('ranking, slider and expression questions in the editor draft', () => {
  const en = (text: string) => ({ en: text });
  const titled = (question: Record<string, unknown>) => ({
    ...question,
    title: en('Title'),
    ...(Array.isArray(question.choices) && {
      choices: (question.choices as { value: unknown }[]).map((choice) => ({ ...choice, text: en('Choice') })),
    }),
  });
  const check = (...elements: Record<string, unknown>[]) =>
    validateQuestionnaire({ title: en('T'), pages: [{ name: 'p', elements }] }, { languages: ['en'] });

  it('starts each new type with what it needs', () => {
    expect(check(titled(newQuestion('ranking', 'r1'))).ok).toBe(true);
    expect(check(titled(newQuestion('slider', 's1'))).ok).toBe(true);
    // A calculation must be written before the questionnaire is valid.
    const expression = titled(newQuestion('expression', 'e1'));
    expect(check(titled(newQuestion('slider', 's1')), expression).ok).toBe(false);
    expect(check(titled(newQuestion('slider', 's1')), { ...expression, expression: '{s1} * 2' }).ok).toBe(true);
  });

  it('keeps the choices from a radio group to a ranking, and drops what a slider or expression cannot have', () => {
    const radio = { type: 'radiogroup', name: 'q', title: en('Q'), isRequired: true, choices: [{ value: 'a' }] };
    expect(withType(radio, 'ranking')).toMatchObject({ type: 'ranking', choices: [{ value: 'a' }], isRequired: true });
    const slider = withType(radio, 'slider');
    expect(slider).not.toHaveProperty('choices');
    expect(slider).toMatchObject({ min: 0, max: 100, step: 1 });
    const expression = withType(slider, 'expression');
    expect(Object.keys(expression)).not.toContain('min');
    expect(expression).not.toHaveProperty('isRequired');
  });
});
