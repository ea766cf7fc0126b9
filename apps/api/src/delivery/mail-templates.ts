import { escapeHtml, type Catalogue } from '@survey/messages';
import { looksLikeFormula } from '../common/spreadsheet-text';
import { fillPlaceholders, type MailText, type Placeholder } from './mail-texts';
import {
  NoticeLanguage,
  noticeDirection,
  noticeLanguageOrDefault,
  pluralForm,
  typeset,
} from '../privacy-notice/notice-languages';

/**
 * The invitation and reminder e-mails, in the six languages. Every value that comes from outside
 * (name, titles, links, the short privacy notice) is escaped in the HTML part; the HTML loads
 * nothing from anywhere (no image, font, stylesheet or tracker), and the subject carries no
 * personal value.
 */

/** `new-link`: the respondent asked for a fresh link on the expired-link page. */
export type SurveyMailKind = 'invitation' | 'reminder' | 'new-link';

export interface SurveyMailInput {
  kind: SurveyMailKind;
  /** The contact's language; anything but the six supported ones gives English. */
  language: string;
  organisationName: string;
  surveyTitle: string;
  recipientName: string;
  /** The personal link to the survey (its token in the fragment). */
  surveyUrl: string;
  optOutUrl: string;
  privacyNoticeUrl: string;
  /** PrivacyNoticeService.shortNotice(language). */
  shortNotice: string;
  closesAt?: Date | null;
  /** About how long answering takes; the sentence is left out when unknown. */
  estimatedMinutes?: number | null;
  /** When the personal link stops working: the {deadline} of a survey's own text. */
  deadline?: Date | null;
  /**
   * The survey's own subject and body (validated by validateMailTexts) instead of the platform's;
   * the opt-out and privacy parts are appended all the same.
   */
  custom?: MailText | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The language the message was written in (after falling back to English). */
  language: NoticeLanguage;
}

interface MailWords {
  subject: Record<SurveyMailKind, (title: string) => string>;
  greeting: (name: string) => string;
  /** When the name is blank. */
  anonymousGreeting: string;
  /** Why they receive it, and what is asked. */
  body: Record<SurveyMailKind, (organisation: string, title: string) => string[]>;
  duration: (minutes: number) => string;
  closes: (date: string) => string;
  /** Label of the button. */
  answer: string;
  /** Before the bare survey link in the text part. */
  answerLink: string;
  /** Before the bare survey link under the HTML button. */
  copyLink: string;
  optOut: string;
  optOutEffect: string;
  privacyHeading: string;
  fullNotice: string;
  thanks: string;
  signOff: string;
}

/** "about N minutes" in each language. */
function aboutMinutes(language: NoticeLanguage, minutes: number): string {
  const form = pluralForm(language, minutes);
  switch (language) {
    case 'en':
      return form === 'one' ? 'about 1 minute' : `about ${minutes} minutes`;
    case 'fr':
      return `environ ${minutes} minute${form === 'one' ? '' : 's'}`;
    case 'es':
      return form === 'one' ? 'alrededor de 1 minuto' : `unos ${minutes} minutos`;
    case 'ar':
      if (form === 'one') return 'نحو دقيقة واحدة';
      if (form === 'two') return 'نحو دقيقتين';
      if (form === 'few') return `نحو ${minutes} دقائق`;
      return `نحو ${minutes} دقيقة`;
    case 'zh':
      return `约${minutes}分钟`;
    case 'ru':
      return `около ${minutes} ${form === 'one' ? 'минуты' : 'минут'}`;
  }
}

export const SURVEY_MAIL_WORDS: Catalogue<MailWords> = {
  en: {
    subject: {
      invitation: (title) => `Your opinion on our services: ${title}`,
      reminder: (title) => `Reminder – your opinion on our services: ${title}`,
      'new-link': (title) => `Your new link to the survey: ${title}`,
    },
    greeting: (name) => `Dear ${name},`,
    anonymousGreeting: 'Dear Sir or Madam,',
    body: {
      invitation: (org, title) => [
        `You are receiving this message because you have used the filing services of ${org} or contacted us about them.`,
        `We are conducting a satisfaction survey, “${title}”, and would value your opinion.`,
      ],
      reminder: (org, title) => [
        `We recently invited you, as a user of the filing services of ${org}, to take part in our satisfaction survey “${title}”.`,
        'If you have not yet had the opportunity to respond, we would still value your opinion. If you have answered in the meantime, thank you, and please disregard this message.',
      ],
      'new-link': (org, title) => [
        `As you asked, here is a new personal link to the satisfaction survey “${title}” of ${org}.`,
        'The link you used before no longer works. If you did not ask for a new link, you can ignore this message.',
      ],
    },
    duration: (minutes) => `The survey takes ${aboutMinutes('en', minutes)}.`,
    closes: (date) => `It is open until ${date}.`,
    answer: 'Take the survey',
    answerLink: 'To take the survey, open this link:',
    copyLink: 'If the button does not work, copy this address into your browser:',
    optOut: 'If you prefer not to take part, you can opt out here:',
    optOutEffect: 'You will not receive any further message about this survey.',
    privacyHeading: 'Your personal data',
    fullNotice: 'Full privacy notice:',
    thanks: 'Thank you for your time.',
    signOff: 'Kind regards,',
  },
  fr: {
    subject: {
      invitation: (title) => `Votre avis sur nos services : ${title}`,
      reminder: (title) => `Rappel – votre avis sur nos services : ${title}`,
      'new-link': (title) => `Votre nouveau lien vers l’enquête : ${title}`,
    },
    greeting: (name) => `Bonjour ${name},`,
    anonymousGreeting: 'Madame, Monsieur,',
    body: {
      invitation: (org, title) => [
        `Vous recevez ce message parce que vous avez utilisé les services de dépôt de ${org} ou que vous nous avez contactés à leur sujet.`,
        `Nous menons une enquête de satisfaction, « ${title} », et votre avis nous serait précieux.`,
      ],
      reminder: (org, title) => [
        `Nous vous avons récemment invité, en tant qu’utilisateur des services de dépôt de ${org}, à participer à notre enquête de satisfaction « ${title} ».`,
        'Si vous n’avez pas encore eu l’occasion d’y répondre, votre avis nous serait toujours précieux. Si vous avez répondu entre-temps, nous vous en remercions et vous prions de ne pas tenir compte de ce message.',
      ],
      'new-link': (org, title) => [
        `Comme vous l’avez demandé, voici un nouveau lien personnel vers l’enquête de satisfaction « ${title} » de ${org}.`,
        'Le lien que vous avez utilisé auparavant ne fonctionne plus. Si vous n’avez pas demandé de nouveau lien, vous pouvez ignorer ce message.',
      ],
    },
    duration: (minutes) => `Le questionnaire prend ${aboutMinutes('fr', minutes)}.`,
    closes: (date) => `Il est ouvert jusqu’au ${date}.`,
    answer: 'Répondre à l’enquête',
    answerLink: 'Pour répondre à l’enquête, ouvrez ce lien :',
    copyLink: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    optOut: 'Si vous préférez ne pas participer, vous pouvez vous désinscrire ici :',
    optOutEffect: 'Vous ne recevrez alors plus aucun message concernant cette enquête.',
    privacyHeading: 'Vos données personnelles',
    fullNotice: 'Déclaration de confidentialité complète :',
    thanks: 'Nous vous remercions de votre attention.',
    signOff: 'Cordialement,',
  },
  es: {
    subject: {
      invitation: (title) => `Su opinión sobre nuestros servicios: ${title}`,
      reminder: (title) => `Recordatorio – su opinión sobre nuestros servicios: ${title}`,
      'new-link': (title) => `Su nuevo enlace a la encuesta: ${title}`,
    },
    greeting: (name) => `Estimado/a ${name}:`,
    anonymousGreeting: 'Estimado/a señor/a:',
    body: {
      invitation: (org, title) => [
        `Recibe este mensaje porque ha utilizado los servicios de presentación de solicitudes de ${org} o se ha puesto en contacto con nosotros acerca de ellos.`,
        `Estamos realizando una encuesta de satisfacción, «${title}», y su opinión nos resultaría muy valiosa.`,
      ],
      reminder: (org, title) => [
        `Hace poco le invitamos, como usuario/a de los servicios de presentación de solicitudes de ${org}, a participar en nuestra encuesta de satisfacción «${title}».`,
        'Si aún no ha tenido ocasión de responder, su opinión nos sigue interesando. Si ya ha respondido, le damos las gracias y le rogamos que no tenga en cuenta este mensaje.',
      ],
      'new-link': (org, title) => [
        `Tal como lo solicitó, le enviamos un nuevo enlace personal a la encuesta de satisfacción «${title}» de ${org}.`,
        'El enlace que utilizó anteriormente ya no funciona. Si no solicitó un nuevo enlace, puede ignorar este mensaje.',
      ],
    },
    duration: (minutes) => `Responder le llevará ${aboutMinutes('es', minutes)}.`,
    closes: (date) => `La encuesta estará abierta hasta el ${date}.`,
    answer: 'Responder a la encuesta',
    answerLink: 'Para responder a la encuesta, abra este enlace:',
    copyLink: 'Si el botón no funciona, copie esta dirección en su navegador:',
    optOut: 'Si prefiere no participar, puede darse de baja aquí:',
    optOutEffect: 'No recibirá ningún otro mensaje sobre esta encuesta.',
    privacyHeading: 'Sus datos personales',
    fullNotice: 'Declaración de privacidad completa:',
    thanks: 'Le agradecemos su tiempo.',
    signOff: 'Atentamente,',
  },
  ar: {
    subject: {
      invitation: (title) => `رأيكم في خدماتنا: ${title}`,
      reminder: (title) => `تذكير – رأيكم في خدماتنا: ${title}`,
      'new-link': (title) => `رابطكم الجديد إلى الاستطلاع: ${title}`,
    },
    greeting: (name) => `السيد/السيدة ${name} المحترم(ة)،`,
    anonymousGreeting: 'السيد/السيدة المحترم(ة)،',
    body: {
      invitation: (org, title) => [
        `تصلكم هذه الرسالة لأنكم استخدمتم خدمات الإيداع لدى ${org} أو تواصلتم معنا بشأنها.`,
        `نجري حاليًا استطلاعًا لقياس مدى الرضا بعنوان «${title}»، ويهمنا كثيرًا أن نعرف رأيكم.`,
      ],
      reminder: (org, title) => [
        `دعوناكم مؤخرًا، بصفتكم من مستخدمي خدمات الإيداع لدى ${org}، إلى المشاركة في استطلاعنا لقياس مدى الرضا «${title}».`,
        'وإذا لم تُتح لكم الفرصة بعد للرد، فإن رأيكم لا يزال يهمنا. وإذا كنتم قد أجبتم في هذه الأثناء، فنشكركم ونرجو تجاهل هذه الرسالة.',
      ],
      'new-link': (org, title) => [
        `بناءً على طلبكم، نرسل إليكم رابطًا شخصيًا جديدًا إلى استطلاع مدى الرضا «${title}» الذي تجريه ${org}.`,
        'لم يعد الرابط الذي استخدمتموه من قبل صالحًا. وإذا لم تطلبوا رابطًا جديدًا، يمكنكم تجاهل هذه الرسالة.',
      ],
    },
    duration: (minutes) => `يستغرق الاستطلاع ${aboutMinutes('ar', minutes)}.`,
    closes: (date) => `ويظل متاحًا حتى ${date}.`,
    answer: 'المشاركة في الاستطلاع',
    answerLink: 'للمشاركة في الاستطلاع، يُرجى فتح هذا الرابط:',
    copyLink: 'إذا لم يعمل الزر، يُرجى نسخ هذا العنوان ولصقه في متصفحكم:',
    optOut: 'إذا كنتم تفضلون عدم المشاركة، يمكنكم إلغاء الاشتراك من هنا:',
    optOutEffect: 'ولن تصلكم بعد ذلك أي رسالة أخرى بشأن هذا الاستطلاع.',
    privacyHeading: 'بياناتكم الشخصية',
    fullNotice: 'بيان الخصوصية الكامل:',
    thanks: 'نشكركم على وقتكم.',
    signOff: 'مع خالص التحية،',
  },
  zh: {
    subject: {
      invitation: (title) => `满意度调查邀请：${title}`,
      reminder: (title) => `满意度调查提醒：${title}`,
      'new-link': (title) => `您的调查新链接：${title}`,
    },
    greeting: (name) => `尊敬的${name}：`,
    anonymousGreeting: '尊敬的用户：',
    body: {
      invitation: (org, title) => [
        `您收到此邮件，是因为您曾使用${org}的申请提交服务，或曾就这些服务与我们联系。`,
        `我们正在开展满意度调查“${title}”，诚挚希望听取您的意见。`,
      ],
      reminder: (org, title) => [
        `我们近期曾邀请您作为${org}申请提交服务的用户，参加我们的满意度调查“${title}”。`,
        '如果您尚未有机会作答，我们仍然十分期待您的意见。如果您已在此期间作答，谨致谢意，并请忽略本邮件。',
      ],
      'new-link': (org, title) => [
        `应您的要求，现发送${org}满意度调查“${title}”的新个人链接。`,
        '您之前使用的链接已失效。如果您并未申请新链接，请忽略本邮件。',
      ],
    },
    duration: (minutes) => `完成调查${aboutMinutes('zh', minutes)}。`,
    closes: (date) => `调查开放至${date}。`,
    answer: '参加调查',
    answerLink: '请打开以下链接参加调查：',
    copyLink: '如果按钮无法使用，请将以下地址复制到浏览器中：',
    optOut: '如果您不希望参加，可在此退出：',
    optOutEffect: '此后您将不会再收到关于本次调查的任何消息。',
    privacyHeading: '您的个人数据',
    fullNotice: '完整隐私声明：',
    thanks: '感谢您拨冗参与。',
    signOff: '此致敬礼！',
  },
  ru: {
    subject: {
      invitation: (title) => `Ваше мнение о наших услугах: ${title}`,
      reminder: (title) => `Напоминание: Ваше мнение о наших услугах — ${title}`,
      'new-link': (title) => `Ваша новая ссылка на опрос: ${title}`,
    },
    greeting: (name) => `Уважаемый(-ая) ${name}!`,
    anonymousGreeting: 'Здравствуйте!',
    body: {
      invitation: (org, title) => [
        `Вы получили это письмо, поскольку пользовались услугами ${org} по подаче заявок или обращались к нам по поводу этих услуг.`,
        `Мы проводим опрос об удовлетворенности «${title}» и будем признательны, если Вы поделитесь своим мнением.`,
      ],
      reminder: (org, title) => [
        `Недавно мы пригласили Вас как пользователя услуг ${org} по подаче заявок принять участие в нашем опросе об удовлетворенности «${title}».`,
        'Если у Вас еще не было возможности ответить, мы по-прежнему будем рады узнать Ваше мнение. Если Вы уже ответили, благодарим Вас и просим не обращать внимания на это письмо.',
      ],
      'new-link': (org, title) => [
        `По Вашей просьбе направляем новую персональную ссылку на опрос об удовлетворенности «${title}», который проводит ${org}.`,
        'Ссылка, которой Вы пользовались ранее, больше не действует. Если Вы не запрашивали новую ссылку, просто не обращайте внимания на это письмо.',
      ],
    },
    duration: (minutes) => `Заполнение анкеты займет ${aboutMinutes('ru', minutes)}.`,
    // The long Russian date ends with «г.», which also ends the sentence.
    closes: (date) => `Опрос открыт до ${date}${date.endsWith('.') ? '' : '.'}`,
    answer: 'Пройти опрос',
    answerLink: 'Чтобы пройти опрос, откройте эту ссылку:',
    copyLink: 'Если кнопка не работает, скопируйте этот адрес в адресную строку браузера:',
    optOut: 'Если Вы предпочитаете не участвовать, Вы можете отказаться здесь:',
    optOutEffect: 'После этого Вы больше не получите никаких сообщений об этом опросе.',
    privacyHeading: 'Ваши персональные данные',
    fullNotice: 'Полное уведомление о конфиденциальности:',
    thanks: 'Благодарим Вас за уделенное время.',
    signOff: 'С уважением,',
  },
};

/** Control characters and bidirectional overrides cannot start a new line or reorder the text. */
function singleLine(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/[\u202a-\u202e\u2066-\u2069\ue000]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The name the greeting may use, or '' for the greeting without a name. An imported name is
 * shown as text (escaped in HTML, on one line, without direction overrides); one that starts
 * like a spreadsheet formula (`=`, `+`, `-`, `@`) or holds no letter at all is not a name anyone
 * should be greeted by, so the message falls back to "Dear Sir or Madam" rather than print it.
 */
export function greetingName(value: string): string {
  const name = singleLine(value);
  return looksLikeFormula(name) || !/\p{L}/u.test(name) ? '' : name;
}

/** Only absolute http(s) links are put in a message (never `javascript:` or `data:`). */
function checkedUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL`);
  return value;
}

function formatDate(language: NoticeLanguage, date: Date): string {
  // Latin digits everywhere, like the rest of the message; the closing date is a UTC date.
  return new Intl.DateTimeFormat(`${language}-u-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Stands for the name while the greeting around it is escaped (a private-use character). */
const NAME_SLOT = '\ue000';

/** Inline styles of every mail the platform sends (mail clients ignore style sheets). */
export const MAIL_STYLE = {
  body: 'margin:0;padding:0;background-color:#ffffff;',
  wrapper:
    'max-width:600px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;',
  p: 'margin:0 0 16px 0;',
  button:
    'display:inline-block;padding:12px 24px;background-color:#0b4f8a;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  small: 'margin:0 0 16px 0;font-size:14px;color:#444444;',
  url: 'word-break:break-all;',
  rule: 'border:none;border-top:1px solid #dddddd;margin:24px 0;',
  notice: 'margin:0 0 12px 0;font-size:13px;line-height:1.4;color:#555555;',
  heading: 'margin:0 0 8px 0;font-size:14px;font-weight:bold;color:#333333;',
  link: 'color:#0b4f8a;',
};
const STYLE = MAIL_STYLE;

/** The HTML document around a mail's paragraphs: language, direction, title and the centred column. */
export function mailHtmlDocument(language: NoticeLanguage, subject: string, content: string[]): string {
  const direction = noticeDirection(language);
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${direction}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div dir="${direction}" style="${STYLE.wrapper}">`,
    ...content,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Renders the invitation or reminder for one contact: subject, plain-text part and HTML part. */
export function renderSurveyMail(input: SurveyMailInput): RenderedMail {
  if (input.custom) return renderCustomMail(input, input.custom);
  const language = noticeLanguageOrDefault(input.language);
  const words = SURVEY_MAIL_WORDS[language];
  const set = (text: string) => typeset(language, text);
  // Chinese puts no space between sentences, nor after its full-width colon.
  const space = language === 'zh' ? '' : ' ';
  const organisation = singleLine(input.organisationName);
  const title = singleLine(input.surveyTitle);
  const name = greetingName(input.recipientName);
  const surveyUrl = checkedUrl('surveyUrl', input.surveyUrl);
  const optOutUrl = checkedUrl('optOutUrl', input.optOutUrl);
  const privacyNoticeUrl = checkedUrl('privacyNoticeUrl', input.privacyNoticeUrl);
  const shortNotice = input.shortNotice.trim();

  const greeting = set(name ? words.greeting(name) : words.anonymousGreeting);
  const body = words.body[input.kind](organisation, title).map(set);
  const practical = [
    ...(input.estimatedMinutes && input.estimatedMinutes > 0
      ? [words.duration(Math.max(1, Math.round(input.estimatedMinutes)))]
      : []),
    ...(input.closesAt ? [words.closes(formatDate(language, input.closesAt))] : []),
  ]
    .map(set)
    .join(space);
  const subject = set(words.subject[input.kind](title));

  const text = [
    greeting,
    '',
    ...body.flatMap((paragraph) => [paragraph, '']),
    ...(practical ? [practical, ''] : []),
    set(words.answerLink),
    surveyUrl,
    '',
    set(words.optOut),
    optOutUrl,
    set(words.optOutEffect),
    '',
    set(words.thanks),
    '',
    set(words.signOff),
    organisation,
    '',
    '----------',
    set(words.privacyHeading),
    shortNotice,
    `${set(words.fullNotice)}${space}${privacyNoticeUrl}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const link = (url: string, label: string, style = STYLE.link) => `<a href="${e(url)}" style="${style}">${label}</a>`;
  const bareUrl = (url: string) => `<span dir="ltr" style="${STYLE.url}">${link(url, e(url))}</span>`;
  const paragraph = (html: string, style = STYLE.p) => `<p style="${style}">${html}</p>`;
  // The name is isolated (<bdi>) so a Latin name does not scramble an Arabic line, or the reverse.
  const greetingHtml = name
    ? e(set(words.greeting(NAME_SLOT))).replace(NAME_SLOT, () => `<bdi>${e(name)}</bdi>`)
    : e(greeting);

  const html = mailHtmlDocument(language, subject, [
    paragraph(greetingHtml),
    ...body.map((p) => paragraph(e(p))),
    ...(practical ? [paragraph(e(practical))] : []),
    paragraph(link(surveyUrl, e(set(words.answer)), STYLE.button)),
    paragraph(`${e(set(words.copyLink))}<br>${bareUrl(surveyUrl)}`, STYLE.small),
    paragraph(`${e(set(words.optOut))}<br>${bareUrl(optOutUrl)}<br>${e(set(words.optOutEffect))}`, STYLE.small),
    paragraph(e(set(words.thanks))),
    paragraph(`${e(set(words.signOff))}<br>${e(organisation)}`),
    `<hr style="${STYLE.rule}">`,
    paragraph(e(set(words.privacyHeading)), STYLE.heading),
    paragraph(e(shortNotice), STYLE.notice),
    paragraph(`${e(set(words.fullNotice))}${space}${bareUrl(privacyNoticeUrl)}`, STYLE.notice),
  ]);

  return { subject, text, html, language };
}

/**
 * A survey's own text: its subject and paragraphs with the placeholders filled in (escaped in
 * the HTML part, links drawn as links), then the parts no survey can remove: how to opt out,
 * and the privacy notice.
 */
function renderCustomMail(input: SurveyMailInput, custom: MailText): RenderedMail {
  const language = noticeLanguageOrDefault(input.language);
  const words = SURVEY_MAIL_WORDS[language];
  const set = (text: string) => typeset(language, text);
  const space = language === 'zh' ? '' : ' ';
  // The same rule as the standard greeting: a formula-like or letterless name is left out.
  const name = greetingName(input.recipientName);
  const surveyUrl = checkedUrl('surveyUrl', input.surveyUrl);
  const optOutUrl = checkedUrl('optOutUrl', input.optOutUrl);
  const privacyNoticeUrl = checkedUrl('privacyNoticeUrl', input.privacyNoticeUrl);
  const shortNotice = input.shortNotice.trim();
  const deadline = input.deadline ? formatDate(language, input.deadline) : '';
  const plain: Record<Placeholder, string> = { name, link: surveyUrl, optOutLink: optOutUrl, deadline };
  const subject = singleLine(fillPlaceholders(custom.subject, (p) => (p === 'deadline' ? deadline : '')));
  const paragraphs = custom.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');

  const text = [
    ...paragraphs.flatMap((paragraph) => [fillPlaceholders(paragraph, (p) => plain[p]), '']),
    set(words.optOut),
    optOutUrl,
    set(words.optOutEffect),
    '',
    '----------',
    set(words.privacyHeading),
    shortNotice,
    `${set(words.fullNotice)}${space}${privacyNoticeUrl}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const link = (url: string, label: string) => `<a href="${e(url)}" style="${STYLE.link}">${label}</a>`;
  const bareUrl = (url: string) => `<span dir="ltr" style="${STYLE.url}">${link(url, e(url))}</span>`;
  const paragraph = (html: string, style = STYLE.p) => `<p style="${style}">${html}</p>`;
  const html: Record<Placeholder, string> = {
    name: `<bdi>${e(name)}</bdi>`,
    link: bareUrl(surveyUrl),
    optOutLink: bareUrl(optOutUrl),
    deadline: e(deadline),
  };
  // Escaped first, then filled: a placeholder holds no character that escaping changes.
  const body = paragraphs.map((p) => paragraph(fillPlaceholders(e(p), (name) => html[name]).replace(/\n/g, '<br>')));
  const document = mailHtmlDocument(language, subject, [
    ...body,
    paragraph(`${e(set(words.optOut))}<br>${bareUrl(optOutUrl)}<br>${e(set(words.optOutEffect))}`, STYLE.small),
    `<hr style="${STYLE.rule}">`,
    paragraph(e(set(words.privacyHeading)), STYLE.heading),
    paragraph(e(shortNotice), STYLE.notice),
    paragraph(`${e(set(words.fullNotice))}${space}${bareUrl(privacyNoticeUrl)}`, STYLE.notice),
  ]);
  return { subject, text, html: document, language };
}
