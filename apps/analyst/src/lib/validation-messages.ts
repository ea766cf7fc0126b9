import type { Messages } from './messages';

/** The bounds of a refused rule, as the API gives them (`limits`) or a form's own check. */
export interface Limits {
  min?: number;
  max?: number;
}

/** One refusal of a field: the rule (`reason`), its bounds, and the API's English words. */
export interface Refusal {
  reason?: string;
  limits?: Limits;
  message: string;
}

export interface ValidationTexts {
  required: string;
  length: (limits: Limits) => string;
  email: string;
  choose: string;
  atLeast: (limits: Limits) => string;
  format: string;
  number: string;
  range: (limits: Limits) => string;
  date: string;
  notAccepted: string;
  incorrect: string;
  atMost: (limits: Limits) => string;
  notFuture: string;
  future: string;
  tooFar: string;
  tooEarly: string;
  placeholder: string;
  oneLine: string;
  needsLink: string;
  distinct: string;
  later: string;
  contrast: (limits: Limits) => string;
  refused: string;
}

const n = (value: number | undefined) => String(value ?? '');

/**
 * Sentences for the API's validation rules, in the console's languages:
 * a field's refusal is shown next to it in the console's language, never as the API's English.
 */
export const VALIDATION_MESSAGES: Messages<ValidationTexts> = {
  en: {
    required: 'This field is required.',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `Enter between ${n(min)} and ${n(max)} characters.`
        : min !== undefined && min > 1
          ? `Enter at least ${n(min)} characters.`
          : max !== undefined
            ? `Enter at most ${n(max)} characters (and not only spaces).`
            : 'This text is too short or too long.',
    email: 'Enter an e-mail address, such as name@example.org.',
    choose: 'Choose one of the options offered.',
    atLeast: ({ min }) => `Choose at least ${n(min ?? 1)}.`,
    format: 'This is not in the expected format.',
    number: 'Enter a whole number.',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `Enter a number from ${n(min)} to ${n(max)}.`
        : min !== undefined
          ? `Enter a number of at least ${n(min)}.`
          : `Enter a number of at most ${n(max)}.`,
    date: 'Enter a valid date.',
    notAccepted: 'This field is not accepted here.',
    incorrect: 'This is not correct.',
    atMost: ({ max }) => `Choose at most ${n(max)}.`,
    notFuture: 'Enter a date that is not in the future.',
    future: 'Enter a date in the future.',
    tooFar: 'This date is too far ahead.',
    tooEarly: 'This date is too early.',
    placeholder: 'Use only the placeholders offered, where they are allowed.',
    oneLine: 'Write it on one line.',
    needsLink: 'Include {link}, the person’s link to the survey.',
    distinct: 'Choose two different values.',
    later: 'Enter an end date that is not before the start date.',
    contrast: ({ min }) =>
      `This colour does not contrast enough with white text and the page background: WCAG AA needs at least ${n(min ?? 4.5)}:1.`,
    refused: 'This value was refused.',
  },
  fr: {
    required: 'Ce champ est obligatoire.',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `Saisissez entre ${n(min)} et ${n(max)} caractères.`
        : min !== undefined && min > 1
          ? `Saisissez au moins ${n(min)} caractères.`
          : max !== undefined
            ? `Saisissez au plus ${n(max)} caractères (et pas seulement des espaces).`
            : 'Ce texte est trop court ou trop long.',
    email: 'Saisissez une adresse e-mail, par exemple nom@example.org.',
    choose: 'Choisissez l’une des options proposées.',
    atLeast: ({ min }) => `Choisissez-en au moins ${n(min ?? 1)}.`,
    format: 'Ce n’est pas au format attendu.',
    number: 'Saisissez un nombre entier.',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `Saisissez un nombre de ${n(min)} à ${n(max)}.`
        : min !== undefined
          ? `Saisissez un nombre d’au moins ${n(min)}.`
          : `Saisissez un nombre d’au plus ${n(max)}.`,
    date: 'Saisissez une date valide.',
    notAccepted: 'Ce champ n’est pas accepté ici.',
    incorrect: 'Ce n’est pas correct.',
    atMost: ({ max }) => `Choisissez-en au plus ${n(max)}.`,
    notFuture: 'Saisissez une date qui n’est pas dans le futur.',
    future: 'Saisissez une date dans le futur.',
    tooFar: 'Cette date est trop lointaine.',
    tooEarly: 'Cette date est trop proche.',
    placeholder: 'N’utilisez que les champs proposés, là où ils sont permis.',
    oneLine: 'Écrivez-le sur une seule ligne.',
    needsLink: 'Incluez {link}, le lien de la personne vers l’enquête.',
    distinct: 'Choisissez deux valeurs différentes.',
    later: 'Saisissez une date de fin qui n’est pas avant la date de début.',
    contrast: ({ min }) =>
      `Cette couleur ne contraste pas assez avec le texte blanc et le fond de la page : le niveau WCAG AA demande au moins ${n(min ?? 4.5).replace('.', ',')}:1.`,
    refused: 'Cette valeur a été refusée.',
  },
};

/** Which sentence words each class-validator rule (and the API's own named checks). */
const SENTENCE_OF_REASON: Record<string, keyof ValidationTexts> = {
  isNotEmpty: 'required',
  isDefined: 'required',
  isString: 'required',
  isLength: 'length',
  minLength: 'length',
  maxLength: 'length',
  arrayMinSize: 'atLeast',
  arrayNotEmpty: 'atLeast',
  arrayMaxSize: 'atMost',
  isEmail: 'email',
  isIn: 'choose',
  isEnum: 'choose',
  matches: 'format',
  isUuid: 'format',
  isUUID: 'format',
  isInt: 'number',
  isNumber: 'number',
  min: 'range',
  max: 'range',
  isDate: 'date',
  isDateString: 'date',
  isIso8601: 'date',
  whitelistValidation: 'notAccepted',
  incorrect: 'incorrect',
  notFuture: 'notFuture',
  future: 'future',
  tooFar: 'tooFar',
  tooEarly: 'tooEarly',
  placeholder: 'placeholder',
  oneLine: 'oneLine',
  needsLink: 'needsLink',
  distinct: 'distinct',
  later: 'later',
  contrast: 'contrast',
};

/**
 * A refusal as a sentence in the console's language. A rule the console does not know (or a
 * refusal without one) gets the general sentence: the API's own words are for developers and
 * are never shown to staff.
 */
export function sentenceOf(texts: ValidationTexts, refusal: Refusal): string {
  const { reason } = refusal;
  const key =
    reason !== undefined && Object.hasOwn(SENTENCE_OF_REASON, reason) ? SENTENCE_OF_REASON[reason] : 'refused';
  const text = texts[key];
  return typeof text === 'function' ? text(refusal.limits ?? {}) : text;
}
