import { validateQuestionnaire, type Questionnaire } from '@survey/questionnaire';
import { withholdRankingsWhole } from './composition/compose';
import type { WithheldReason } from './composition/plan';
import { keys } from './composition/tables';
import { statisticsItems } from './items';
import { itemFigures, quantileOf, withheldFigures } from './metrics';
import { readTally, tallyLayout, tallyOf } from './tally';

const en = (text: string) => ({ en: text });

function questionnaire(): Questionnaire {
  const result = validateQuestionnaire(
    {
      title: en('T'),
      pages: [
        {
          name: 'p',
          elements: [
            {
              type: 'ranking',
              name: 'order',
              title: en('Order'),
              choices: [
                { value: 'a', text: en('A') },
                { value: 'b', text: en('B') },
                { value: 3, text: en('C') },
              ],
            },
            { type: 'slider', name: 'level', title: en('Level'), min: 1, max: 2, step: 0.25 },
            { type: 'expression', name: 'twice', title: en('Twice'), expression: '{level} * 2' },
            { type: 'rating', name: 'score', title: en('Score'), rateMin: 1, rateMax: 5 },
          ],
        },
      ],
    },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('statistics items of rankings and sliders', () => {
  const q = questionnaire();
  const items = statisticsItems([q]);

  it('has one item per ranking choice over its ranks, one slider item over its points, none for an expression', () => {
    expect(items.map((item) => [item.name, item.type, item.options.map((option) => option.value)])).toEqual([
      ['order.a', 'ranking', [1, 2, 3]],
      ['order.b', 'ranking', [1, 2, 3]],
      ['order.3', 'ranking', [1, 2, 3]],
      ['level', 'slider', [1, 1.25, 1.5, 1.75, 2]],
      ['score', 'rating', [1, 2, 3, 4, 5]],
    ]);
  });

  it("counts each choice at the rank the answer gave it, and the slider's point", () => {
    const layout = tallyLayout(q);
    const counts = readTally(
      tallyOf(q, { order: [3, 'a', 'b'], level: 1.75, twice: 3.5 })
        .slice(1, -1)
        .split(','),
      layout,
    );
    const itemCounts = (name: string) => {
      const index = layout.items.findIndex((item) => item.name === name);
      const first = layout.firstField[index];
      return counts.slice(first, first + 1 + layout.items[index].options.length);
    };
    // [answered, rank 1, rank 2, rank 3]
    expect(itemCounts('order.a')).toEqual([1, 0, 1, 0]);
    expect(itemCounts('order.b')).toEqual([1, 0, 0, 1]);
    expect(itemCounts('order.3')).toEqual([1, 1, 0, 0]);
    expect(itemCounts('level')).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('gives the mean and quartiles of a slider, and the mean rank and first-choice share of a choice', () => {
    const slider = items.find((item) => item.type === 'slider')!;
    const values = [1, 1.25, 1.25, 1.5, 2, 2, 2];
    const histogram = slider.options.map((option) => values.filter((v) => v === option.value).length);
    const sorted = [...values].sort((a, b) => a - b);
    // R type 7 by hand: position (n - 1) p, interpolated.
    const type7 = (p: number) => {
      const h = (sorted.length - 1) * p;
      return sorted[Math.floor(h)] + (sorted[Math.ceil(h)] - sorted[Math.floor(h)]) * (h - Math.floor(h));
    };
    const figures = itemFigures(slider, histogram);
    expect(figures.mean?.value).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
    expect(figures.quartiles).toEqual({ q1: type7(0.25), median: type7(0.5), q3: type7(0.75) });
    expect(quantileOf([1, 2], [0, 0], 0.5)).toBeNull();

    const choice = items.find((item) => item.name === 'order.a')!;
    const ranking = itemFigures(choice, [3, 1, 0]);
    expect(ranking.mean?.value).toBeCloseTo(5 / 4, 12);
    expect(ranking.firstChoiceShare).toBe(3 / 4);
    expect(withheldFigures(choice)).toEqual({ mean: null, firstChoiceShare: null });
    expect(withheldFigures(slider)).toEqual({ mean: null, quartiles: null });
  });

  it("withholds all of a ranking's answer counts in a report when any one is withheld, and nothing else", () => {
    const shown = new Set(items.flatMap((item) => item.options.map((_, o) => keys.option(item.name, o))));
    const withheld = new Map<string, WithheldReason>([
      [keys.option('order.b', 2), 'primary'],
      [keys.option('score', 0), 'primary'],
    ]);
    withholdRankingsWhole(items, shown, withheld);
    const ranking = items.filter((item) => item.type === 'ranking');
    for (const item of ranking) {
      item.options.forEach((_, o) => expect(withheld.has(keys.option(item.name, o))).toBe(true));
    }
    expect(withheld.get(keys.option('order.b', 2))).toBe('primary');
    expect(withheld.has(keys.option('level', 0))).toBe(false);
    expect(withheld.has(keys.option('score', 1))).toBe(false);
    // Nothing withheld: all shown.
    const none = new Map<string, WithheldReason>();
    withholdRankingsWhole(items, shown, none);
    expect(none.size).toBe(0);
  });
});
