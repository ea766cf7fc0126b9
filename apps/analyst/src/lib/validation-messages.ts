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
    atMost: ({ max }) => `Elija como máximo ${n(max)}.`,
    notFuture: 'Escriba una fecha que no esté en el futuro.',
    future: 'Escriba una fecha futura.',
    tooFar: 'Esta fecha está demasiado lejos.',
    tooEarly: 'Esta fecha es demasiado temprana.',
    placeholder: 'Use solo los marcadores ofrecidos, donde se permiten.',
    oneLine: 'Escríbalo en una sola línea.',
    needsLink: 'Incluya {link}, el enlace de la persona a la encuesta.',
    distinct: 'Elija dos valores diferentes.',
    later: 'Escriba una fecha final que no sea anterior a la de inicio.',
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
    atMost: ({ max }) => `اختر ${n(max)} على الأكثر.`,
    notFuture: 'أدخل تاريخًا ليس في المستقبل.',
    future: 'أدخل تاريخًا في المستقبل.',
    tooFar: 'هذا التاريخ بعيد جدًا.',
    tooEarly: 'هذا التاريخ مبكر جدًا.',
    placeholder: 'استخدم العناصر النائبة المعروضة فقط، حيث يُسمح بها.',
    oneLine: 'اكتبه في سطر واحد.',
    needsLink: 'أدرج {link}، رابط الشخص إلى الاستبيان.',
    distinct: 'اختر قيمتين مختلفتين.',
    later: 'أدخل تاريخ نهاية لا يسبق تاريخ البداية.',
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
    atMost: ({ max }) => `最多选择 ${n(max)} 项。`,
    notFuture: '请输入不晚于今天的日期。',
    future: '请输入将来的日期。',
    tooFar: '该日期太远。',
    tooEarly: '该日期太早。',
    placeholder: '只能在允许的位置使用所提供的占位符。',
    oneLine: '请写在一行内。',
    needsLink: '请包含 {link}，即此人参与调查的链接。',
    distinct: '请选择两个不同的值。',
    later: '结束日期不能早于开始日期。',
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
    atMost: ({ max }) => `Выберите не более ${n(max)}.`,
    notFuture: 'Введите дату, которая не в будущем.',
    future: 'Введите дату в будущем.',
    tooFar: 'Эта дата слишком далеко.',
    tooEarly: 'Эта дата слишком ранняя.',
    placeholder: 'Используйте только предложенные подстановки и только там, где они разрешены.',
    oneLine: 'Напишите в одну строку.',
    needsLink: 'Включите {link} — ссылку человека на опрос.',
    distinct: 'Выберите два разных значения.',
    later: 'Введите дату окончания не раньше даты начала.',
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
