import { sampleSatisfactionQuestionnaire, type Answers } from '@survey/questionnaire';
import { readTally, TALLY_GROUP_LIMIT, tallyLayout, tallyOf } from './tally';

const questionnaire = sampleSatisfactionQuestionnaire();
const layout = tallyLayout(questionnaire);

/** Adds tallies as PostgreSQL's sum(tally[w]) would, word by word. */
function sum(tallies: string[]): string[] {
  const words = tallies.map((text) => text.slice(1, -1).split(',').map(BigInt));
  return Array.from({ length: layout.words }, (_, w) => words.reduce((total, row) => total + row[w], 0n).toString());
}

function field(item: string, option?: unknown): number {
  const index = layout.items.findIndex((candidate) => candidate.name === item);
  if (option === undefined) return layout.firstField[index];
  return layout.firstField[index] + 1 + layout.items[index].options.findIndex((o) => o.value === option);
}

describe('response tallies', () => {
  it('lays out one answered counter and one per option for every item but free text', () => {
    expect(layout.items.map((item) => item.name)).toEqual([
      'nps',
      'satisfaction',
      'mainService',
      'channels',
      'filerType',
      'contactedSupport',
      'support.timeliness',
      'support.clarity',
      'support.courtesy',
    ]);
    expect(layout.fields).toBe(layout.items.reduce((total, item) => total + 1 + item.options.length, 0));
    expect(layout.words).toBe(Math.ceil(layout.fields / 3));
    expect(tallyLayout(questionnaire)).toBe(layout);
  });

  it('counts what each response answered and chose, and adds up without carrying between fields', () => {
    const a: Answers = {
      nps: 10,
      satisfaction: 5,
      channels: ['email', 'phone'],
      contactedSupport: true,
      support: { timeliness: 2 },
    };
    const b: Answers = { nps: 0, satisfaction: 5, channels: ['email'], contactedSupport: false, suggestions: 'free' };
    const many = Array.from({ length: 1000 }, () => tallyOf(questionnaire, a));
    const counts = readTally(sum([...many, tallyOf(questionnaire, b)]), layout);
    expect(counts[field('nps')]).toBe(1001);
    expect(counts[field('nps', 10)]).toBe(1000);
    expect(counts[field('nps', 0)]).toBe(1);
    expect(counts[field('satisfaction', 5)]).toBe(1001);
    expect(counts[field('channels')]).toBe(1001);
    expect(counts[field('channels', 'email')]).toBe(1001);
    expect(counts[field('channels', 'phone')]).toBe(1000);
    expect(counts[field('contactedSupport', true)]).toBe(1000);
    expect(counts[field('contactedSupport', false)]).toBe(1);
    expect(counts[field('support.timeliness')]).toBe(1000);
    expect(counts[field('support.timeliness', 2)]).toBe(1000);
    expect(counts[field('support.clarity')]).toBe(0);
    expect(counts[field('mainService')]).toBe(0);
    expect(counts.reduce((total, count) => total + count, 0)).toBe(
      2 * 1001 + 2 * 1001 + (1001 + 1001 + 1000) + 2 * 1001 + 2 * 1000,
    );
  });

  it('holds a field up to the group limit, the largest count the statistics query accepts', () => {
    const one = tallyOf(questionnaire, { nps: 10, mainService: 'hague' });
    const words = one.slice(1, -1).split(',').map(BigInt);
    const scaled = words.map((word) => (word * BigInt(TALLY_GROUP_LIMIT - 1)).toString());
    const counts = readTally(scaled, layout);
    expect(counts[field('nps', 10)]).toBe(TALLY_GROUP_LIMIT - 1);
    expect(counts[field('mainService', 'hague')]).toBe(TALLY_GROUP_LIMIT - 1);
    expect(counts[field('nps', 9)]).toBe(0);
    for (const word of scaled) expect(BigInt(word) < 2n ** 63n).toBe(true);
  });

  it('ignores answers to questions the version does not ask and options it does not offer', () => {
    const counts = readTally(sum([tallyOf(questionnaire, { unknown: 3, mainService: 'moon' } as Answers)]), layout);
    expect(counts[field('mainService')]).toBe(1);
    expect(counts.reduce((total, count) => total + count, 0)).toBe(1);
  });

  it('gives information blocks no item and no counter, and reports show a piped placeholder as an ellipsis', () => {
    const withBlock = sampleSatisfactionQuestionnaire();
    withBlock.pages[0].elements.unshift({
      type: 'html',
      name: 'intro',
      title: { en: 'Intro' },
      html: { en: '<p>Hello</p>' },
    });
    withBlock.pages[0].elements[3].title = { ...withBlock.pages[0].elements[3].title, en: 'Why {nps}?' };
    const items = tallyLayout(withBlock).items;
    expect(items.map((item) => item.name)).toEqual(layout.items.map((item) => item.name));
    expect(tallyLayout(withBlock).fields).toBe(layout.fields);
    const piped = items.find((item) => item.name === withBlock.pages[0].elements[3].name);
    expect(piped?.title.en).toBe('Why …?');
  });
});
