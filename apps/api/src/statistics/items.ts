import type { Catalogue } from '@survey/messages';
import {
  expressionReferences,
  parseExpression,
  NONE_VALUE,
  OTHER_VALUE,
  localize,
  questionsOf,
  sliderPoint,
  sliderPointCount,
  withoutPiping,
  type ChoiceValue,
  type Language,
  type LocalizedText,
  type Question,
  type Questionnaire,
  type RatingKind,
  type ExtraItemsQuestion,
} from '@survey/questionnaire';

export type ItemValue = string | number | boolean;

export interface ItemOption {
  value: ItemValue;
  text: LocalizedText;
}

/**
 * What statistics count for one question, or for one row of a matrix: whether it was answered,
 * and how often each option was chosen. Free-text questions (comment, text, e-mail, telephone)
 * and information blocks are never items.
 */
export interface StatisticsItem {
  name: string;
  /** The answer's key in `responses.answers`, and for a matrix row the row's key inside it. */
  path: [string] | [string, string];
  type: Exclude<Question['type'], 'comment' | 'text' | 'multipletext' | 'html' | 'expression'>;
  ratingKind?: RatingKind;
  /**
   * A ranking's item for one of its choices: this choice's value. The item's options are the
   * ranks 1…n, and a response counts for the rank at which it put the choice.
   */
  ranked?: ChoiceValue;
  /** Several options may be chosen at once (checkbox). */
  multiple: boolean;
  title: LocalizedText;
  /** For a matrix row, the row's own text, shown after the matrix title. */
  rowTitle?: LocalizedText;
  options: ItemOption[];
}

export const BOOLEAN_TEXTS: Readonly<Record<'true' | 'false', Catalogue<string>>> = {
  true: { en: 'Yes', fr: 'Oui', es: 'Sí', ar: 'نعم', zh: '是', ru: 'Да' },
  false: { en: 'No', fr: 'Non', es: 'No', ar: 'لا', zh: '否', ru: 'Нет' },
};

function ratingOptions(rateMin: number, rateMax: number): ItemOption[] {
  const options: ItemOption[] = [];
  for (let value = rateMin; value <= rateMax; value += 1) options.push({ value, text: { en: String(value) } });
  return options;
}

function choiceOptions(choices: { value: ChoiceValue; text: LocalizedText }[]): ItemOption[] {
  return choices.map((choice) => ({ value: choice.value, text: choice.text }));
}

export const EXTRA_ITEM_TEXTS: Readonly<Record<'other' | 'none', Catalogue<string>>> = {
  other: { en: 'Other', fr: 'Autre', es: 'Otro', ar: 'أخرى', zh: '其他', ru: 'Другое' },
  none: { en: 'None', fr: 'Aucun', es: 'Ninguno', ar: 'لا شيء', zh: '无', ru: 'Ничего' },
};

/**
 * The "None" and "Other" items as categories after the choices, as respondents saw them. "Other"
 * is counted as chosen; what the respondent wrote with it is free text and never counted.
 */
function extraItemOptions(question: ExtraItemsQuestion): ItemOption[] {
  return [
    ...(question.showNoneItem ? [{ value: NONE_VALUE, text: question.noneText ?? EXTRA_ITEM_TEXTS.none }] : []),
    ...(question.showOtherItem ? [{ value: OTHER_VALUE, text: question.otherText ?? EXTRA_ITEM_TEXTS.other }] : []),
  ];
}

function itemsOfQuestion(question: Question): StatisticsItem[] {
  // Reports show no one's answers: a piped `{name}` in a title reads as an ellipsis.
  const title = Object.fromEntries(
    Object.entries(question.title).map(([language, text]) => [language, withoutPiping(text)]),
  ) as LocalizedText;
  const base = { name: question.name, path: [question.name] as [string], title, multiple: false };
  switch (question.type) {
    case 'comment':
    case 'text':
    case 'multipletext':
    case 'html':
    case 'expression':
      // Free text, no answer, or a value with no options to count: number, date and expression
      // questions are summarised apart (`measureItems`).
      return [];
    case 'slider': {
      const points: ItemOption[] = [];
      for (let index = 0; index < sliderPointCount(question); index += 1) {
        const value = sliderPoint(question, index);
        points.push({ value, text: { en: String(value) } });
      }
      return [{ ...base, type: 'slider', options: points }];
    }
    case 'ranking': {
      const ranks = ratingOptions(1, question.choices.length);
      return question.choices.map((choice) => ({
        ...base,
        name: `${question.name}.${choice.value}`,
        type: 'ranking' as const,
        ranked: choice.value,
        rowTitle: choice.text,
        options: ranks,
      }));
    }
    case 'rating':
      return [
        {
          ...base,
          type: 'rating',
          ratingKind: question.ratingKind ?? 'scale',
          options: ratingOptions(question.rateMin, question.rateMax),
        },
      ];
    case 'radiogroup':
      return [
        { ...base, type: 'radiogroup', options: [...choiceOptions(question.choices), ...extraItemOptions(question)] },
      ];
    case 'dropdown':
      return [{ ...base, type: question.type, options: choiceOptions(question.choices) }];
    case 'checkbox':
      return [
        {
          ...base,
          type: 'checkbox',
          multiple: true,
          options: [...choiceOptions(question.choices), ...extraItemOptions(question)],
        },
      ];
    case 'boolean':
      return [
        {
          ...base,
          type: 'boolean',
          options: [
            { value: true, text: question.labelTrue ?? BOOLEAN_TEXTS.true },
            { value: false, text: question.labelFalse ?? BOOLEAN_TEXTS.false },
          ],
        },
      ];
    case 'matrix':
      return question.rows.map((row) => ({
        ...base,
        name: `${question.name}.${row.value}`,
        path: [question.name, row.value] as [string, string],
        type: 'matrix' as const,
        rowTitle: row.text,
        options: choiceOptions(question.columns),
      }));
  }
}

/**
 * The items of a survey across all its published versions: questions in the order of the
 * latest version, then any that only older versions asked; an item's options are the latest
 * version's, then options only older versions offered, so every stored answer has its place.
 */
export function statisticsItems(versions: Questionnaire[]): StatisticsItem[] {
  const byName = new Map<string, StatisticsItem>();
  for (const questionnaire of [...versions].reverse()) {
    for (const question of questionsOf(questionnaire)) {
      for (const item of itemsOfQuestion(question)) {
        const known = byName.get(item.name);
        if (!known) {
          byName.set(item.name, item);
        } else if (known.type === item.type && known.ranked === item.ranked) {
          const seen = new Set(known.options.map((option) => JSON.stringify(option.value)));
          for (const option of item.options) if (!seen.has(JSON.stringify(option.value))) known.options.push(option);
        }
      }
    }
  }
  return [...byName.values()];
}

export function itemTitle(item: StatisticsItem, language: Language): string {
  const title = localize(item.title, language);
  return item.rowTitle ? `${title} — ${localize(item.rowTitle, language)}` : title;
}

export function optionLabel(option: ItemOption, language: Language): string {
  return localize(option.text, language);
}

/**
 * A question whose answers are summarised rather than counted option by option: a number or date
 * input (`text` with `inputType` number or date) or a computed `expression` (always a number in
 * the subset). `versions` are the questionnaire versions in which the question has this kind, so
 * that an answer stored under the same name by a version where it meant something else is never read.
 */
export interface MeasureItem {
  name: string;
  /** What the answers are: numbers (inputs and expressions) or calendar dates `YYYY-MM-DD`. */
  kind: 'number' | 'date';
  /** Which question type asks it, as in the latest version that asks it. */
  source: 'text' | 'expression';
  title: LocalizedText;
  versions: number[];
  /** An expression's: the questions it reads (in any version), whose figures its summary is linked to. */
  references: string[];
}

function referencesOf(question: Question): string[] {
  if (question.type !== 'expression') return [];
  const parsed = parseExpression(question.expression);
  return parsed.ok ? expressionReferences(parsed.expression) : [];
}

function measureKindOf(question: Question): MeasureItem['kind'] | null {
  if (question.type === 'expression') return 'number';
  if (question.type === 'text' && question.inputType === 'number') return 'number';
  if (question.type === 'text' && question.inputType === 'date') return 'date';
  return null;
}

/**
 * The number, date and expression questions of a survey across its published versions, in the
 * order of the latest version, then any only older versions asked. A name asked as a number in one
 * version and as a date in another keeps the latest version's kind and only those versions' answers.
 */
export function measureItems(versions: { version: number; questionnaire: Questionnaire }[]): MeasureItem[] {
  const byName = new Map<string, MeasureItem>();
  for (const { version, questionnaire } of [...versions].sort((a, b) => b.version - a.version)) {
    for (const question of questionsOf(questionnaire)) {
      const kind = measureKindOf(question);
      if (!kind) continue;
      const known = byName.get(question.name);
      if (!known) {
        const title = Object.fromEntries(
          Object.entries(question.title).map(([language, text]) => [language, withoutPiping(text)]),
        ) as LocalizedText;
        byName.set(question.name, {
          name: question.name,
          kind,
          source: question.type === 'expression' ? 'expression' : 'text',
          title,
          versions: [version],
          references: referencesOf(question),
        });
      } else if (known.kind === kind) {
        known.versions.push(version);
        known.references = [...new Set([...known.references, ...referencesOf(question)])];
      }
    }
  }
  return [...byName.values()];
}
