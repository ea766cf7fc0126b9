import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';

const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/**
 * A number of filings (min/max and a numeric validator with its own message) and the date of the
 * last filing (bounded): new objects on each call.
 */
export function filingQuestions(): Questionnaire['pages'][number]['elements'] {
  return [
    {
      type: 'text',
      name: 'filings',
      title: six('How many applications did you file last year?'),
      inputType: 'number',
      min: 0,
      max: 100000,
      validators: [{ type: 'numeric', maxValue: 5000, text: six('At most 5000, please') }],
    },
    {
      type: 'text',
      name: 'lastFiling',
      title: six('When did you last file?'),
      inputType: 'date',
      min: '2000-01-01',
      max: '2030-12-31',
    },
  ];
}

/**
 * The sample questionnaire with a last page of the SurveyJS input types and items beyond the
 * sample: a number of filings (min/max and a numeric validator with its own message), the date of
 * the last filing, a reference checked by a regular expression, the office with "Other" and "None"
 * items in random order, and the ways of contact with an "Other" item.
 */
export function inputTypesQuestionnaire(): Questionnaire {
  const questionnaire = sampleSatisfactionQuestionnaire();
  questionnaire.pages.push({
    name: 'details',
    title: six('About your filings'),
    elements: [
      ...filingQuestions(),
      {
        type: 'text',
        name: 'reference',
        title: six('Your last application number'),
        validators: [{ type: 'regex', regex: '^PCT/[A-Z]{2}[0-9]{4}/[0-9]{6}$' }],
      },
      {
        type: 'radiogroup',
        name: 'office',
        title: six('Which office did you file with?'),
        choicesOrder: 'random',
        choices: [
          { value: 'ib', text: six('International Bureau') },
          { value: 'national', text: six('A national office') },
        ],
        showOtherItem: true,
        otherText: six('Another office'),
        showNoneItem: true,
      },
      {
        type: 'checkbox',
        name: 'contactWays',
        title: six('How do you reach us?'),
        choices: [
          { value: 'web', text: six('Web form') },
          { value: 'phone', text: six('Telephone') },
        ],
        showOtherItem: true,
      },
    ],
  });
  return questionnaire;
}
