import { describe, expect, it } from '@jest/globals';
import {
  validateAnswers,
  validateQuestionnaire,
  type Questionnaire,
  type RankingQuestion,
  type SliderQuestion,
} from '@survey/questionnaire';
import fc from 'fast-check';
import { movedRanking, rankingOrder, sliderAnswer, withAnswer } from './answers';

/**
 * What the ranking and slider controls send, checked against the server's validator: every
 * answer the page can produce is accepted, and the expression the page shows is the value the
 * server would store.
 */

const en = (text: string) => ({ en: text });

function questionnaire(slider: { min: number; max: number; step: number }, choices: number): Questionnaire {
  const result = validateQuestionnaire(
    {
      title: en('T'),
      pages: [
        {
          name: 'p',
          elements: [
            {
              type: 'ranking',
              name: 'rank',
              title: en('Rank'),
              isRequired: true,
              choices: Array.from({ length: choices }, (_, i) => ({ value: i % 2 ? `c${i}` : i, text: en(`C${i}`) })),
            },
            { type: 'slider', name: 'level', title: en('Level'), isRequired: true, ...slider },
            { type: 'expression', name: 'twice', title: en('Twice'), expression: '{level} * 2' },
          ],
        },
      ],
    },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

const scales = fc
  .record({
    min: fc.integer({ min: -50, max: 50 }),
    steps: fc.integer({ min: 1, max: 100 }),
    step: fc.constantFrom(0.1, 0.25, 0.5, 1, 2, 5),
  })
  .map(({ min, steps, step }) => ({ min: min / 10, max: min / 10 + steps * step, step }));

describe('ranking and slider answers from the page', () => {
  it('every sequence of moves, and any position of the range input, gives answers the server accepts', () => {
    fc.assert(
      fc.property(
        scales,
        fc.integer({ min: 2, max: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scale, choices, moves, position) => {
          const q = questionnaire(scale, choices);
          const ranking = q.pages[0].elements[0] as RankingQuestion;
          const slider = q.pages[0].elements[1] as SliderQuestion;
          let order = rankingOrder(ranking, undefined);
          for (const [from, to] of moves) order = movedRanking(order, from % choices, to % choices);
          // What a range input reports: any number between the ends, as a string.
          const level = sliderAnswer(slider, String(slider.min + position * (slider.max - slider.min)));
          let answers = withAnswer(q, {}, 'rank', order);
          answers = withAnswer(q, answers, 'level', level);
          const checked = validateAnswers(q, answers);
          expect(checked).toEqual({ ok: true, answers });
          // The page shows the value the server computes and stores.
          expect(answers.twice).toBe(level * 2);
        },
      ),
    );
  });

  it('a move keeps every choice once, and an answer from an older version is completed', () => {
    expect(movedRanking(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(movedRanking(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const ranking = {
      choices: [
        { value: 'a', text: en('A') },
        { value: 'b', text: en('B') },
        { value: 'c', text: en('C') },
      ],
    };
    expect(rankingOrder(ranking, ['c', 'x'])).toEqual(['c', 'a', 'b']);
    expect(rankingOrder(ranking, undefined)).toEqual(['a', 'b', 'c']);
  });

  it('snaps the range input to the nearest point within the ends', () => {
    const slider = { min: 0, max: 1, step: 0.1 };
    expect(sliderAnswer(slider, '0.30000000000000004')).toBe(0.3);
    expect(sliderAnswer(slider, '2')).toBe(1);
    expect(sliderAnswer(slider, '-1')).toBe(0);
  });
});
