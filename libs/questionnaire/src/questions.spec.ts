import { findQuestion, freeTextQuestionNames, isNumericQuestion, questionsOf } from './questions';
import { sampleSatisfactionQuestionnaire } from './sample';

describe('question helpers', () => {
  const sample = sampleSatisfactionQuestionnaire();

  it('lists questions in document order, across pages', () => {
    expect(questionsOf(sample).map((q) => q.name)).toEqual([
      'nps',
      'npsReason',
      'satisfaction',
      'mainService',
      'channels',
      'filerType',
      'contactedSupport',
      'support',
      'suggestions',
    ]);
  });

  it('finds a question by its exact name', () => {
    expect(findQuestion(sample, 'filerType')?.type).toBe('dropdown');
    expect(findQuestion(sample, 'filertype')).toBeUndefined();
    expect(findQuestion(sample, 'constructor')).toBeUndefined();
  });

  it('names the free-text questions, whose answers the API encrypts', () => {
    expect(freeTextQuestionNames(sample)).toEqual(['npsReason', 'suggestions']);
  });

  it('calls only ratings numeric', () => {
    expect(
      questionsOf(sample)
        .filter(isNumericQuestion)
        .map((q) => q.name),
    ).toEqual(['nps', 'satisfaction']);
  });
});
