import {
  SURVEYJS_CHOICE,
  SURVEYJS_CHOICE_LEFT_OUT,
  SURVEYJS_MULTIPLETEXT_ITEM,
  SURVEYJS_PAGE,
  SURVEYJS_PAGE_LEFT_OUT,
  SURVEYJS_QUESTION_COMMON,
  SURVEYJS_QUESTION_LEFT_OUT,
  SURVEYJS_QUESTION_TYPES,
  SURVEYJS_QUESTION_TYPES_LEFT_OUT,
  SURVEYJS_SURVEY,
  SURVEYJS_SURVEY_LEFT_OUT,
  SURVEYJS_TRIGGER_TYPES,
  SURVEYJS_TRIGGER_TYPES_LEFT_OUT,
  type SurveyJsProperty,
} from './surveyjs-support';

/** Where docs/surveyjs.md holds the generated part. */
export const SURVEYJS_DOC_START = '<!-- generated from libs/questionnaire/src/surveyjs-support.ts: start -->';
export const SURVEYJS_DOC_END = '<!-- generated from libs/questionnaire/src/surveyjs-support.ts: end -->';

function names(properties: readonly SurveyJsProperty[]): string {
  return properties
    .map((property) => {
      const note = property.kind === 'text' ? ' (text)' : property.extension ? ' (extension of this platform)' : '';
      return `\`${property.name}\`${note}`;
    })
    .join(', ');
}

function reasons(table: Readonly<Record<string, string>>): string[] {
  return Object.keys(table)
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map((key) => `- \`${key}\`: ${table[key]}.`);
}

/** The supported subset and everything left out with its reason, as Markdown. */
export function surveyJsSubsetMarkdown(): string {
  const lines = [
    SURVEYJS_DOC_START,
    '',
    '### Supported',
    '',
    `- Survey: ${names(SURVEYJS_SURVEY)}.`,
    `- Page: ${names(SURVEYJS_PAGE)}.`,
    `- Every question: ${names(SURVEYJS_QUESTION_COMMON)}, unless its type says otherwise.`,
    ...Object.entries(SURVEYJS_QUESTION_TYPES).map(([type, entry]) => {
      const without = entry.without?.length ? `; without ${entry.without.map((name) => `\`${name}\``).join(', ')}` : '';
      return `- Question type \`${type}\`: ${names(entry.properties)}${without}.`;
    }),
    `- Choice, matrix row or column: ${names(SURVEYJS_CHOICE)}.`,
    `- Multipletext item: ${names(SURVEYJS_MULTIPLETEXT_ITEM)}.`,
    ...Object.entries(SURVEYJS_TRIGGER_TYPES).map(
      ([type, properties]) => `- Trigger \`${type}\`: ${names(properties)}.`,
    ),
    '',
    '### Left out on purpose',
    '',
    '#### Question types',
    '',
    ...reasons(SURVEYJS_QUESTION_TYPES_LEFT_OUT),
    '',
    '#### Trigger types',
    '',
    ...reasons(SURVEYJS_TRIGGER_TYPES_LEFT_OUT),
    '',
    '#### Survey properties',
    '',
    ...reasons(SURVEYJS_SURVEY_LEFT_OUT),
    '',
    '#### Page properties',
    '',
    ...reasons(SURVEYJS_PAGE_LEFT_OUT),
    '',
    '#### Question properties',
    '',
    ...reasons(SURVEYJS_QUESTION_LEFT_OUT),
    '',
    '#### Choice, row and column properties',
    '',
    ...reasons(SURVEYJS_CHOICE_LEFT_OUT),
    '',
    SURVEYJS_DOC_END,
  ];
  return lines.join('\n');
}
