import { localize, questionsOf, type Language, type Questionnaire } from '@survey/questionnaire';

/** A closed question (or matrix row) an answer filter can name, with its options as the API writes them. */
export interface ClosedQuestion {
  name: string;
  title: string;
  nps: boolean;
  options: { value: string; label: string }[];
}

/** The survey's questionnaire as the API gives it, if it has pages (a new draft may not). */
export function questionnaireOf(value: unknown): Questionnaire | undefined {
  const candidate = value as Questionnaire | undefined;
  return candidate && Array.isArray(candidate.pages) ? candidate : undefined;
}

/** The closed questions of a questionnaire, in its order. */
export function closedQuestions(questionnaire: Questionnaire | undefined, language: Language): ClosedQuestion[] {
  if (!questionnaire) return [];
  return questionsOf(questionnaire).flatMap((question): ClosedQuestion[] => {
    const title = localize(question.title, language) || question.name;
    switch (question.type) {
      case 'rating': {
        const options = [];
        for (let value = question.rateMin; value <= question.rateMax; value += 1) {
          options.push({ value: String(value), label: String(value) });
        }
        return [{ name: question.name, title, nps: question.ratingKind === 'nps', options }];
      }
      case 'radiogroup':
      case 'dropdown':
      case 'checkbox':
        return [
          {
            name: question.name,
            title,
            nps: false,
            options: question.choices.map((c) => ({ value: String(c.value), label: localize(c.text, language) })),
          },
        ];
      case 'boolean':
        return [
          {
            name: question.name,
            title,
            nps: false,
            options: [
              { value: 'true', label: localize(question.labelTrue, language) || '✓' },
              { value: 'false', label: localize(question.labelFalse, language) || '✗' },
            ],
          },
        ];
      case 'matrix':
        return question.rows.map((row) => ({
          name: `${question.name}.${row.value}`,
          title: `${title} — ${localize(row.text, language)}`,
          nps: false,
          options: question.columns.map((c) => ({ value: String(c.value), label: localize(c.text, language) })),
        }));
      default:
        return [];
    }
  });
}

/** The free-text questions of a questionnaire: name and title. */
export function freeTextQuestions(
  questionnaire: Questionnaire | undefined,
  language: Language,
): { name: string; title: string }[] {
  if (!questionnaire) return [];
  return questionsOf(questionnaire)
    .filter((question) => question.type === 'comment')
    .map((question) => ({ name: question.name, title: localize(question.title, language) || question.name }));
}

/** The NPS classes as answer values. */
export const NPS_CLASSES = {
  detractors: ['0', '1', '2', '3', '4', '5', '6'],
  passives: ['7', '8'],
  promoters: ['9', '10'],
} as const;

/** The interface's name of a stored value (segment, band), or the value itself. */
export function nameOf(names: Readonly<Record<string, string>>, value: string): string {
  return names[value] ?? value;
}
