import type { Catalogue } from '@survey/messages';

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

interface ValidationTexts {
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
  refused: string;
}

const n = (value: number | undefined) => String(value ?? '');

/**
 * Sentences for the API's validation rules, in the six languages of the platform's catalogues:
 * a field's refusal is shown next to it in the console's language, never as the API's English.
 */
export const VALIDATION_MESSAGES: Catalogue<ValidationTexts> = {
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
    refused: 'Cette valeur a été refusée.',
  },
  es: {
    required: 'Este campo es obligatorio.',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `Escriba entre ${n(min)} y ${n(max)} caracteres.`
        : min !== undefined && min > 1
          ? `Escriba al menos ${n(min)} caracteres.`
          : max !== undefined
            ? `Escriba como máximo ${n(max)} caracteres (y no solo espacios).`
            : 'Este texto es demasiado corto o demasiado largo.',
    email: 'Escriba una dirección de correo, como nombre@example.org.',
    choose: 'Elija una de las opciones ofrecidas.',
    atLeast: ({ min }) => `Elija al menos ${n(min ?? 1)}.`,
    format: 'No tiene el formato esperado.',
    number: 'Escriba un número entero.',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `Escriba un número de ${n(min)} a ${n(max)}.`
        : min !== undefined
          ? `Escriba un número de al menos ${n(min)}.`
          : `Escriba un número de como máximo ${n(max)}.`,
    date: 'Escriba una fecha válida.',
    notAccepted: 'Este campo no se acepta aquí.',
    incorrect: 'No es correcto.',
    refused: 'Este valor fue rechazado.',
  },
  ar: {
    required: 'هذا الحقل مطلوب.',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `أدخل ما بين ${n(min)} و${n(max)} حرفًا.`
        : min !== undefined && min > 1
          ? `أدخل ${n(min)} أحرف على الأقل.`
          : max !== undefined
            ? `أدخل ${n(max)} حرفًا على الأكثر (وليس مسافات فقط).`
            : 'هذا النص قصير جدًا أو طويل جدًا.',
    email: 'أدخل عنوان بريد إلكتروني، مثل name@example.org.',
    choose: 'اختر أحد الخيارات المعروضة.',
    atLeast: ({ min }) => `اختر ${n(min ?? 1)} على الأقل.`,
    format: 'هذه القيمة ليست بالتنسيق المتوقع.',
    number: 'أدخل عددًا صحيحًا.',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `أدخل عددًا من ${n(min)} إلى ${n(max)}.`
        : min !== undefined
          ? `أدخل عددًا لا يقل عن ${n(min)}.`
          : `أدخل عددًا لا يزيد على ${n(max)}.`,
    date: 'أدخل تاريخًا صحيحًا.',
    notAccepted: 'هذا الحقل غير مقبول هنا.',
    incorrect: 'هذا غير صحيح.',
    refused: 'رُفضت هذه القيمة.',
  },
  zh: {
    required: '此项为必填。',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `请输入 ${n(min)} 至 ${n(max)} 个字符。`
        : min !== undefined && min > 1
          ? `请至少输入 ${n(min)} 个字符。`
          : max !== undefined
            ? `最多输入 ${n(max)} 个字符（不能只有空格）。`
            : '文字过短或过长。',
    email: '请输入电子邮件地址，例如 name@example.org。',
    choose: '请从给出的选项中选择一项。',
    atLeast: ({ min }) => `请至少选择 ${n(min ?? 1)} 项。`,
    format: '格式不符合要求。',
    number: '请输入整数。',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `请输入 ${n(min)} 至 ${n(max)} 之间的数字。`
        : min !== undefined
          ? `请输入不小于 ${n(min)} 的数字。`
          : `请输入不大于 ${n(max)} 的数字。`,
    date: '请输入有效日期。',
    notAccepted: '此处不接受该字段。',
    incorrect: '不正确。',
    refused: '该值被拒绝。',
  },
  ru: {
    required: 'Это поле обязательно.',
    length: ({ min, max }) =>
      min !== undefined && min > 1 && max !== undefined
        ? `Введите от ${n(min)} до ${n(max)} символов.`
        : min !== undefined && min > 1
          ? `Введите не менее ${n(min)} символов.`
          : max !== undefined
            ? `Введите не более ${n(max)} символов (и не только пробелы).`
            : 'Текст слишком короткий или слишком длинный.',
    email: 'Введите адрес эл. почты, например name@example.org.',
    choose: 'Выберите один из предложенных вариантов.',
    atLeast: ({ min }) => `Выберите не менее ${n(min ?? 1)}.`,
    format: 'Значение не в ожидаемом формате.',
    number: 'Введите целое число.',
    range: ({ min, max }) =>
      min !== undefined && max !== undefined
        ? `Введите число от ${n(min)} до ${n(max)}.`
        : min !== undefined
          ? `Введите число не меньше ${n(min)}.`
          : `Введите число не больше ${n(max)}.`,
    date: 'Введите правильную дату.',
    notAccepted: 'Это поле здесь не принимается.',
    incorrect: 'Неверно.',
    refused: 'Значение отклонено.',
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
  arrayMaxSize: 'refused',
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
};

/** A refusal as a sentence in the console's language; the API's words only for a rule it does not know. */
export function sentenceOf(texts: ValidationTexts, refusal: Refusal): string {
  const key = refusal.reason ? SENTENCE_OF_REASON[refusal.reason] : undefined;
  if (!key) return refusal.message;
  const text = texts[key];
  return typeof text === 'function' ? text(refusal.limits ?? {}) : text;
}
