import { describe, expect, it } from '@jest/globals';
import { flowLines } from './flow-summary';

describe('the flow as the editor lists it', () => {
  it('lists page conditions, then jumps and early ends in trigger order, readably', () => {
    const draft = {
      pages: [
        { name: 'overall', elements: [{ name: 'nps' }, { name: 'satisfaction' }] },
        { name: 'why', visibleIf: '{nps} <= 6', elements: [{ name: 'reason' }] },
        { name: 'end', elements: [{ name: 'suggestions' }] },
      ],
      triggers: [
        { type: 'complete', expression: '{nps} != 0' },
        { type: 'skip', expression: '{satisfaction} >= 4', gotoName: 'suggestions' },
        { type: 'skip', expression: '{nps} = 1', gotoName: 'nowhere' },
        { type: 'setvalue', expression: '{nps} = 1' },
        'not a trigger',
      ],
    };
    expect(flowLines(draft)).toEqual([
      { kind: 'page', page: 'why', condition: '{nps} ≤ 6' },
      { kind: 'complete', condition: '{nps} ≠ 0' },
      { kind: 'skip', condition: '{satisfaction} ≥ 4', question: 'suggestions', page: 'end' },
      { kind: 'skip', condition: '{nps} = 1', question: 'nowhere', page: null },
    ]);
  });

  it('has nothing to list for a draft without flow, or one that is not an object', () => {
    expect(flowLines({ pages: [{ name: 'p', elements: [] }] })).toEqual([]);
    expect(flowLines(null)).toEqual([]);
    expect(flowLines({ pages: 'x', triggers: {} })).toEqual([]);
  });
});
