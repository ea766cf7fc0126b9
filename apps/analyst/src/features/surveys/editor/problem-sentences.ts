import {
  isLanguage,
  locateField,
  problemKind,
  type FieldLocation,
  type QuestionnaireProblem,
} from '@survey/questionnaire';
import { useMemo } from 'react';
import { useLocale, useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';

/** A problem of the questionnaire, worded for the analyst, with the validator's path kept. */
export interface ProblemSentence {
  field: string;
  sentence: string;
}

type Words = (typeof surveyMessages)['en'];

/** "choice 1 of question 2 ‘Overall satisfaction’", in the console's language. */
function fieldName(location: FieldLocation, t: Words): string {
  const w = t.problemWords;
  const owner = location.question
    ? w.question(location.question.number, location.question.title ?? location.question.name)
    : location.page
      ? w.page(location.page.number)
      : w.questionnaire;
  const part = location.part ? w.parts[location.part](location.item) : undefined;
  const named = part && location.property ? `${location.property} ${part}` : (part ?? location.property);
  return named ? w.of(named, owner) : owner;
}

/** One problem as a sentence naming its field and, for a text, its language. */
export function problemSentence(draft: unknown, problem: QuestionnaireProblem, t: Words, titles: string): string {
  const location = locateField(draft, problem.field, isLanguage(titles) ? titles : 'en');
  const what = fieldName(location, t);
  const kind = problemKind(problem);
  if (kind && location.language) {
    const language = t.languageNames[location.language];
    return kind === 'text-missing' ? t.problemWords.missing(language, what) : t.problemWords.blank(language, what);
  }
  return t.problemWords.other(what, problem.message.replace(/[.:]$/, ''));
}

/** The questionnaire's problems as sentences, listed and by field (for the message beside each input). */
export function useProblemSentences(draft: unknown, problems: QuestionnaireProblem[]) {
  const t = useMessages(surveyMessages);
  const { locale } = useLocale();
  return useMemo(() => {
    const list = problems.map((problem) => ({
      field: problem.field,
      sentence: problemSentence(draft, problem, t, locale),
    }));
    const byField = new Map<string, string[]>();
    for (const { field, sentence } of list) byField.set(field, [...(byField.get(field) ?? []), sentence]);
    return { list, byField };
  }, [draft, problems, t, locale]);
}
