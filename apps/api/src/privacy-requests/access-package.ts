import {
  COMMENT_SUFFIX,
  NONE_VALUE,
  OTHER_VALUE,
  formatExpressionValue,
  localize,
  otherCommentKey,
  questionsOf,
  takesExtraItems,
  withoutPiping,
  type AnswerValue,
  type Answers,
  type Language,
  type Question,
  type Questionnaire,
} from '@survey/questionnaire';
import { CONTACT_FIELDS, type ContactFieldKey } from '../contacts/contact-fields';
import { escapeHtml, type Catalogue } from '@survey/messages';
import { noticeDirection } from '../privacy-notice/notice-languages';
import { CONTACT_FIELD_LABELS } from '../privacy-notice/privacy-notice.texts';
import type { PrivacyRequestType } from '../privacy-notice/privacy-request-types';
import { formatMailDate } from './privacy-request-mails';

/**
 * The access package (P7): every field held about a person, as JSON (what the download's `json`
 * format returns) and as a readable page in their language. Built by the fulfilment from the
 * live tables (see PersonalDataInventory), so it lists what is really held.
 */
export const ACCESS_PACKAGE_FORMAT = 'survey-platform.access-package/1';

export type AnsweredQuestion = {
  /** Question name (the key in the raw data). */
  name: string;
  /** Question text in the person's language. */
  question: string;
  /** The answer as shown to them (choice labels, not codes). */
  answer: string;
  value: AnswerValue;
};

export type PackageSurvey = {
  id: string;
  /** The questionnaire's title in the person's language. */
  title: string;
};

export type AccessPackage = {
  format: typeof ACCESS_PACKAGE_FORMAT;
  generatedAt: string;
  language: Language;
  controller: { organisation: string; privacyContact: string };
  request: { id: string; type: PrivacyRequestType; receivedAt: string; verifiedAt: string | null };
  /** null: no contact record holds this address. */
  contact: {
    id: string;
    fields: Record<ContactFieldKey, string | string[] | null>;
    collectedAt: string;
    createdAt: string;
    updatedAt: string;
    objectedAt: string | null;
  } | null;
  invitations: Array<{
    id: string;
    survey: PackageSurvey;
    language: string;
    invitedAt: string;
    deliveryStatus: string;
    remindersSent: number;
    lastMailedAt: string | null;
    openedAt: string | null;
    startedAt: string | null;
    completedAt: string | null;
    optedOutAt: string | null;
    /**
     * Whether the survey removes the link between responses and invitations when it closes
     * (retention: anonymisation at close), and when it did; after that, the response is no
     * longer this person's data and is not in the package.
     */
    anonymisation: { atClose: boolean; anonymisedAt: string | null };
    /** Answers saved but not submitted. */
    draft: { savedAt: string; questionnaireVersion: number; answers: AnsweredQuestion[] } | null;
  }>;
  responses: Array<{
    id: string;
    survey: PackageSurvey;
    /** The pseudonym the survey provider and analysts know these answers by. */
    pseudonym: string;
    questionnaireVersion: number;
    channel: string;
    language: string;
    submittedAt: string;
    /** Demographics copied from the contact when the answers were submitted. */
    snapshot: { country: string; segment: string; role: string | null; relationshipBand: string };
    answers: AnsweredQuestion[];
  }>;
  privacyRequests: Array<{
    id: string;
    type: PrivacyRequestType;
    status: string;
    channel: string;
    receivedAt: string;
    verifiedAt: string | null;
    dueAt: string | null;
    closedAt: string | null;
    details: string | null;
  }>;
  /** E-mails queued or sent to the person (their content is deleted once sent). */
  mail: Array<{ kind: string; status: string; createdAt: string; sentAt: string | null }>;
  retention: { months: number };
};

interface PackageWords {
  title: string;
  intro: (org: string, date: string) => string;
  request: string;
  requestLine: (title: string, date: string) => string;
  contact: string;
  noContact: string;
  invitations: string;
  responses: string;
  draft: string;
  requests: string;
  mail: string;
  retention: (months: number) => string;
  none: string;
  questionsHeading: string;
  answerHeading: string;
  pseudonym: string;
  yes: string;
  no: string;
  /** Labels of the "Other" and "None" items of choice questions that give none. */
  otherItem: string;
  noneItem: string;
  labels: Record<
    | 'survey'
    | 'invitedAt'
    | 'deliveryStatus'
    | 'remindersSent'
    | 'openedAt'
    | 'startedAt'
    | 'completedAt'
    | 'optedOutAt'
    | 'anonymisedAt'
    | 'submittedAt'
    | 'channel'
    | 'status'
    | 'receivedAt'
    | 'closedAt'
    | 'details'
    | 'kind'
    | 'sentAt'
    | 'objectedAt'
    | 'collectedAt',
    string
  >;
  types: Record<PrivacyRequestType, string>;
}

export const ACCESS_PACKAGE_WORDS: Catalogue<PackageWords> = {
  en: {
    title: 'Your personal data',
    intro: (org, date) => `Everything ${org} holds about you, as of ${date}.`,
    request: 'Your request',
    requestLine: (title, date) => `${title}, received on ${date}.`,
    contact: 'Your contact details',
    noContact: 'We hold no contact record for this e-mail address.',
    invitations: 'Survey invitations',
    responses: 'Your answers',
    draft: 'Answers saved but not submitted',
    requests: 'Your privacy requests',
    mail: 'E-mails to you',
    retention: (months) => `We keep these data at most ${months} months after they were collected, then delete them.`,
    none: 'None.',
    questionsHeading: 'Question',
    answerHeading: 'Answer',
    pseudonym: 'Pseudonym',
    yes: 'Yes',
    no: 'No',
    otherItem: 'Other',
    noneItem: 'None',
    labels: {
      survey: 'Survey',
      invitedAt: 'Invited on',
      deliveryStatus: 'Delivery',
      remindersSent: 'Reminders',
      openedAt: 'Opened on',
      startedAt: 'Started on',
      completedAt: 'Completed on',
      anonymisedAt: 'Answers anonymised on (no longer linked to you)',
      optedOutAt: 'Opted out on',
      submittedAt: 'Submitted on',
      channel: 'Channel',
      status: 'Status',
      receivedAt: 'Received on',
      closedAt: 'Closed on',
      details: 'Details',
      kind: 'Message',
      sentAt: 'Sent on',
      objectedAt: 'Objected to contact on',
      collectedAt: 'Collected on',
    },
    types: {
      access: 'Access',
      rectification: 'Rectification',
      erasure: 'Erasure',
      objection: 'Objection',
    },
  },
  fr: {
    title: 'Vos données personnelles',
    intro: (org, date) => `Tout ce que ${org} détient à votre sujet, au ${date}.`,
    request: 'Votre demande',
    requestLine: (title, date) => `${title}, reçue le ${date}.`,
    contact: 'Vos coordonnées',
    noContact: 'Nous ne détenons aucune fiche de contact pour cette adresse électronique.',
    invitations: 'Invitations aux enquêtes',
    responses: 'Vos réponses',
    draft: 'Réponses enregistrées mais non envoyées',
    requests: 'Vos demandes relatives à vos données',
    mail: 'Courriels qui vous sont destinés',
    retention: (months) =>
      `Nous conservons ces données au plus ${months} mois après leur collecte, puis nous les supprimons.`,
    none: 'Aucun.',
    questionsHeading: 'Question',
    answerHeading: 'Réponse',
    pseudonym: 'Pseudonyme',
    yes: 'Oui',
    no: 'Non',
    otherItem: 'Autre',
    noneItem: 'Aucun',
    labels: {
      survey: 'Enquête',
      invitedAt: 'Invitation le',
      deliveryStatus: 'Remise',
      remindersSent: 'Rappels',
      openedAt: 'Ouverte le',
      startedAt: 'Commencée le',
      completedAt: 'Terminée le',
      anonymisedAt: 'Réponses anonymisées le (plus liées à vous)',
      optedOutAt: 'Désinscription le',
      submittedAt: 'Envoyée le',
      channel: 'Canal',
      status: 'État',
      receivedAt: 'Reçue le',
      closedAt: 'Close le',
      details: 'Précisions',
      kind: 'Message',
      sentAt: 'Envoyé le',
      objectedAt: 'Opposition au contact le',
      collectedAt: 'Collectées le',
    },
    types: {
      access: 'Accès',
      rectification: 'Rectification',
      erasure: 'Effacement',
      objection: 'Opposition',
    },
  },
  es: {
    title: 'Sus datos personales',
    intro: (org, date) => `Todo lo que ${org} conserva sobre usted, a fecha de ${date}.`,
    request: 'Su solicitud',
    requestLine: (title, date) => `${title}, recibida el ${date}.`,
    contact: 'Sus datos de contacto',
    noContact: 'No conservamos ninguna ficha de contacto para esta dirección de correo electrónico.',
    invitations: 'Invitaciones a encuestas',
    responses: 'Sus respuestas',
    draft: 'Respuestas guardadas pero no enviadas',
    requests: 'Sus solicitudes sobre sus datos',
    mail: 'Mensajes dirigidos a usted',
    retention: (months) =>
      `Conservamos estos datos como máximo ${months} meses después de su recogida y luego los suprimimos.`,
    none: 'Ninguno.',
    questionsHeading: 'Pregunta',
    answerHeading: 'Respuesta',
    pseudonym: 'Seudónimo',
    yes: 'Sí',
    no: 'No',
    otherItem: 'Otro',
    noneItem: 'Ninguno',
    labels: {
      survey: 'Encuesta',
      invitedAt: 'Invitación el',
      deliveryStatus: 'Entrega',
      remindersSent: 'Recordatorios',
      openedAt: 'Abierta el',
      startedAt: 'Iniciada el',
      completedAt: 'Completada el',
      anonymisedAt: 'Respuestas anonimizadas el (ya no vinculadas a usted)',
      optedOutAt: 'Baja el',
      submittedAt: 'Enviada el',
      channel: 'Canal',
      status: 'Estado',
      receivedAt: 'Recibida el',
      closedAt: 'Cerrada el',
      details: 'Detalles',
      kind: 'Mensaje',
      sentAt: 'Enviado el',
      objectedAt: 'Oposición al contacto el',
      collectedAt: 'Recogidos el',
    },
    types: {
      access: 'Acceso',
      rectification: 'Rectificación',
      erasure: 'Supresión',
      objection: 'Oposición',
    },
  },
  ar: {
    title: 'بياناتكم الشخصية',
    intro: (org, date) => `كل ما تحتفظ به ${org} عنكم، حتى ${date}.`,
    request: 'طلبكم',
    requestLine: (title, date) => `${title}، وقد ورد في ${date}.`,
    contact: 'بيانات الاتصال بكم',
    noContact: 'لا نحتفظ بأي سجل اتصال لعنوان البريد الإلكتروني هذا.',
    invitations: 'الدعوات إلى الاستطلاعات',
    responses: 'إجاباتكم',
    draft: 'إجابات محفوظة لم تُرسل',
    requests: 'طلباتكم المتعلقة ببياناتكم',
    mail: 'الرسائل الموجهة إليكم',
    retention: (months) => `نحتفظ بهذه البيانات مدة أقصاها ${months} شهرًا من تاريخ جمعها، ثم نحذفها.`,
    none: 'لا يوجد.',
    questionsHeading: 'السؤال',
    answerHeading: 'الإجابة',
    pseudonym: 'الاسم المستعار',
    yes: 'نعم',
    no: 'لا',
    otherItem: 'أخرى',
    noneItem: 'لا شيء',
    labels: {
      survey: 'الاستطلاع',
      invitedAt: 'تاريخ الدعوة',
      deliveryStatus: 'التسليم',
      remindersSent: 'التذكيرات',
      openedAt: 'تاريخ الفتح',
      startedAt: 'تاريخ البدء',
      completedAt: 'تاريخ الإكمال',
      anonymisedAt: 'تاريخ إخفاء هوية الإجابات (لم تعد مرتبطة بك)',
      optedOutAt: 'تاريخ إلغاء الاشتراك',
      submittedAt: 'تاريخ الإرسال',
      channel: 'القناة',
      status: 'الحالة',
      receivedAt: 'تاريخ الورود',
      closedAt: 'تاريخ الإغلاق',
      details: 'التفاصيل',
      kind: 'الرسالة',
      sentAt: 'تاريخ الإرسال',
      objectedAt: 'تاريخ الاعتراض على التواصل',
      collectedAt: 'تاريخ الجمع',
    },
    types: {
      access: 'الاطلاع',
      rectification: 'التصحيح',
      erasure: 'المحو',
      objection: 'الاعتراض',
    },
  },
  zh: {
    title: '您的个人数据',
    intro: (org, date) => `截至${date}，${org}所持有的关于您的全部数据。`,
    request: '您的请求',
    requestLine: (title, date) => `${title}，收到日期：${date}。`,
    contact: '您的联系信息',
    noContact: '我们未持有此电子邮件地址的联系记录。',
    invitations: '调查邀请',
    responses: '您的答复',
    draft: '已保存但未提交的答复',
    requests: '您关于个人数据的请求',
    mail: '发给您的电子邮件',
    retention: (months) => `我们自收集之日起最多保存这些数据${months}个月，之后予以删除。`,
    none: '无。',
    questionsHeading: '问题',
    answerHeading: '答复',
    pseudonym: '化名',
    yes: '是',
    no: '否',
    otherItem: '其他',
    noneItem: '无',
    labels: {
      survey: '调查',
      invitedAt: '邀请日期',
      deliveryStatus: '投递',
      remindersSent: '提醒次数',
      openedAt: '打开日期',
      startedAt: '开始日期',
      completedAt: '完成日期',
      anonymisedAt: '答复匿名化日期（不再与您关联）',
      optedOutAt: '退出日期',
      submittedAt: '提交日期',
      channel: '渠道',
      status: '状态',
      receivedAt: '收到日期',
      closedAt: '结案日期',
      details: '详情',
      kind: '邮件',
      sentAt: '发送日期',
      objectedAt: '反对联系日期',
      collectedAt: '收集日期',
    },
    types: {
      access: '查阅',
      rectification: '更正',
      erasure: '删除',
      objection: '反对',
    },
  },
  ru: {
    title: 'Ваши персональные данные',
    intro: (org, date) => `Все данные о Вас, которые хранятся в ${org}, по состоянию на ${date}.`,
    request: 'Ваш запрос',
    requestLine: (title, date) => `${title}; получен ${date}.`,
    contact: 'Ваши контактные данные',
    noContact: 'У нас нет контактной записи для этого адреса электронной почты.',
    invitations: 'Приглашения к опросам',
    responses: 'Ваши ответы',
    draft: 'Сохраненные, но не отправленные ответы',
    requests: 'Ваши запросы о персональных данных',
    mail: 'Письма, адресованные Вам',
    retention: (months) => `Мы храним эти данные не более ${months} мес. с момента их сбора, после чего удаляем их.`,
    none: 'Нет.',
    questionsHeading: 'Вопрос',
    answerHeading: 'Ответ',
    pseudonym: 'Псевдоним',
    yes: 'Да',
    no: 'Нет',
    otherItem: 'Другое',
    noneItem: 'Ничего',
    labels: {
      survey: 'Опрос',
      invitedAt: 'Дата приглашения',
      deliveryStatus: 'Доставка',
      remindersSent: 'Напоминания',
      openedAt: 'Дата открытия',
      startedAt: 'Дата начала',
      completedAt: 'Дата завершения',
      anonymisedAt: 'Дата обезличивания ответов (больше не связаны с вами)',
      optedOutAt: 'Дата отказа',
      submittedAt: 'Дата отправки',
      channel: 'Канал',
      status: 'Статус',
      receivedAt: 'Дата получения',
      closedAt: 'Дата закрытия',
      details: 'Подробности',
      kind: 'Письмо',
      sentAt: 'Дата отправки',
      objectedAt: 'Дата возражения против обращений',
      collectedAt: 'Дата сбора',
    },
    types: {
      access: 'Доступ',
      rectification: 'Исправление',
      erasure: 'Удаление',
      objection: 'Возражение',
    },
  },
};

function choiceText(
  choices: Array<{ value: string | number; text: Parameters<typeof localize>[0] }>,
  value: unknown,
  language: Language,
): string {
  const choice = choices.find((c) => c.value === value);
  return choice ? localize(choice.text, language) : String(value);
}

/** The question's choices with its "None" and "Other" items, labelled as the person saw them. */
function choicesShown(question: Question, language: Language) {
  if (question.type !== 'radiogroup' && question.type !== 'dropdown' && question.type !== 'checkbox') return [];
  const words = ACCESS_PACKAGE_WORDS[language];
  if (!takesExtraItems(question)) return question.choices;
  return [
    ...question.choices,
    ...(question.showNoneItem ? [{ value: NONE_VALUE, text: question.noneText ?? { en: words.noneItem } }] : []),
    ...(question.showOtherItem ? [{ value: OTHER_VALUE, text: question.otherText ?? { en: words.otherItem } }] : []),
  ];
}

/**
 * An answer as the person saw it: choice labels rather than codes, in their language; an "Other"
 * answer with what they wrote (`comment`).
 */
export function describeAnswer(question: Question, value: AnswerValue, language: Language, comment?: unknown): string {
  const words = ACCESS_PACKAGE_WORDS[language];
  const written = typeof comment === 'string' ? `: ${comment}` : '';
  const label = (v: unknown) =>
    choiceText(choicesShown(question, language), v, language) + (v === OTHER_VALUE ? written : '');
  switch (question.type) {
    case 'radiogroup':
    case 'dropdown':
      return label(value);
    case 'checkbox':
      return (Array.isArray(value) ? value : [value]).map(label).join('; ');
    case 'boolean':
      return value === true
        ? localize(question.labelTrue, language) || words.yes
        : localize(question.labelFalse, language) || words.no;
    case 'matrix': {
      const answer = (value ?? {}) as Record<string, string | number>;
      return question.rows
        .filter((row) => answer[row.value] !== undefined)
        .map((row) => `${localize(row.text, language)}: ${choiceText(question.columns, answer[row.value], language)}`)
        .join('; ');
    }
    case 'ranking':
      // In the order the person ranked them: "1. …; 2. …".
      return (Array.isArray(value) ? value : [value])
        .map((v, index) => `${index + 1}. ${choiceText(question.choices, v, language)}`)
        .join('; ');
    case 'expression':
      return typeof value === 'number' ? formatExpressionValue(question, value, language) : String(value);
    case 'multipletext': {
      const answer = (value ?? {}) as Record<string, string>;
      return question.items
        .filter((item) => answer[item.name] !== undefined)
        .map((item) => `${localize(item.title, language)}: ${answer[item.name]}`)
        .join('; ');
    }
    default:
      return String(value);
  }
}

/** The answers in questionnaire order, each with its question's text; answers to unknown questions last. */
export function answeredQuestions(
  questionnaire: Questionnaire | null,
  answers: Answers,
  language: Language,
): AnsweredQuestion[] {
  const questions = questionnaire ? questionsOf(questionnaire) : [];
  const known = new Set(questions.map((q) => q.name));
  const listed = questions
    .filter((question) => answers[question.name] !== undefined)
    .map((question) => ({
      name: question.name,
      question: withoutPiping(localize(question.title, language)),
      answer: describeAnswer(question, answers[question.name], language, answers[otherCommentKey(question.name)]),
      value: answers[question.name],
    }));
  const others = Object.entries(answers)
    .filter(
      ([name]) =>
        !known.has(name) && !(name.endsWith(COMMENT_SUFFIX) && known.has(name.slice(0, -COMMENT_SUFFIX.length))),
    )
    .map(([name, value]) => ({ name, question: name, answer: JSON.stringify(value), value }));
  return [...listed, ...others];
}

/** What every part of the page is written with, in the package's language. */
function pageParts(pkg: AccessPackage) {
  const language = pkg.language;
  const words = ACCESS_PACKAGE_WORDS[language];
  const e = escapeHtml;
  const day = (iso: string | null) => (iso ? formatMailDate(language, new Date(iso)) : '–');
  const table = (rows: Array<[string, string]>) =>
    `<table>${rows.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>`;
  const answersTable = (answers: AnsweredQuestion[]) =>
    answers.length === 0
      ? `<p>${e(words.none)}</p>`
      : `<table><thead><tr><th>${e(words.questionsHeading)}</th><th>${e(words.answerHeading)}</th></tr></thead><tbody>${answers
          .map((a) => `<tr><td>${e(a.question)}</td><td>${e(a.answer)}</td></tr>`)
          .join('')}</tbody></table>`;
  const list = <T>(items: T[], render: (item: T) => string) =>
    items.length === 0 ? `<p>${e(words.none)}</p>` : items.map(render).join('');
  return { language, words, l: words.labels, e, day, table, answersTable, list };
}

type PageParts = ReturnType<typeof pageParts>;

function contactHtml(pkg: AccessPackage, { language, words, l, e, day, table }: PageParts): string {
  return pkg.contact
    ? table([
        ...CONTACT_FIELDS.map((field): [string, string] => {
          const value = pkg.contact!.fields[field.key];
          return [CONTACT_FIELD_LABELS[field.key][language], Array.isArray(value) ? value.join('; ') : (value ?? '–')];
        }),
        [l.collectedAt, day(pkg.contact.collectedAt)],
        ...(pkg.contact.objectedAt ? [[l.objectedAt, day(pkg.contact.objectedAt)] as [string, string]] : []),
      ])
    : `<p>${e(words.noContact)}</p>`;
}

function invitationsHtml(pkg: AccessPackage, { words, l, e, day, table, answersTable, list }: PageParts): string {
  return list(
    pkg.invitations,
    (inv) =>
      `<article><h3>${e(inv.survey.title)}</h3>${table([
        [l.invitedAt, day(inv.invitedAt)],
        [l.deliveryStatus, inv.deliveryStatus],
        [l.remindersSent, String(inv.remindersSent)],
        [l.openedAt, day(inv.openedAt)],
        [l.startedAt, day(inv.startedAt)],
        [l.completedAt, day(inv.completedAt)],
        [l.optedOutAt, day(inv.optedOutAt)],
        ...(inv.anonymisation.anonymisedAt
          ? [[l.anonymisedAt, day(inv.anonymisation.anonymisedAt)] as [string, string]]
          : []),
      ])}${inv.draft ? `<h4>${e(words.draft)}</h4>${answersTable(inv.draft.answers)}` : ''}</article>`,
  );
}

function responsesHtml(pkg: AccessPackage, { words, l, e, day, table, answersTable, list }: PageParts): string {
  return list(
    pkg.responses,
    (response) =>
      `<article><h3>${e(response.survey.title)}</h3>${table([
        [l.submittedAt, day(response.submittedAt)],
        [l.channel, response.channel],
        [words.pseudonym, response.pseudonym],
      ])}${answersTable(response.answers)}</article>`,
  );
}

function requestsHtml(pkg: AccessPackage, { words, l, day, table, list }: PageParts): string {
  return list(
    pkg.privacyRequests,
    (request) =>
      `<article>${table([
        [words.request, words.types[request.type]],
        [l.status, request.status],
        [l.receivedAt, day(request.receivedAt)],
        [l.closedAt, day(request.closedAt)],
        ...(request.details ? [[l.details, request.details] as [string, string]] : []),
      ])}</article>`,
  );
}

function mailHtml(pkg: AccessPackage, { words, l, e, day }: PageParts): string {
  return pkg.mail.length === 0
    ? `<p>${e(words.none)}</p>`
    : `<table><thead><tr><th>${e(l.kind)}</th><th>${e(l.status)}</th><th>${e(l.sentAt)}</th></tr></thead><tbody>${pkg.mail
        .map((m) => `<tr><td>${e(m.kind)}</td><td>${e(m.status)}</td><td>${e(day(m.sentAt))}</td></tr>`)
        .join('')}</tbody></table>`;
}

/** The package as a self-contained HTML page (no script, nothing loaded from anywhere). */
export function renderAccessPackageHtml(pkg: AccessPackage): string {
  const parts = pageParts(pkg);
  const { language, words, e, day } = parts;
  const section = (heading: string, body: string) => `<section><h2>${e(heading)}</h2>${body}</section>`;

  return [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${noticeDirection(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(words.title)}</title>`,
    '<style>body{font-family:Arial,Helvetica,sans-serif;max-width:960px;margin:0 auto;padding:16px;line-height:1.5;color:#1f1f1f}' +
      'table{border-collapse:collapse;margin:8px 0 16px;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:start;vertical-align:top}' +
      'th{background:#f3f3f3;width:30%}article{margin-bottom:24px}</style>',
    '</head>',
    '<body>',
    `<h1>${e(words.title)}</h1>`,
    `<p>${e(words.intro(pkg.controller.organisation, day(pkg.generatedAt)))}</p>`,
    section(
      words.request,
      `<p>${e(words.requestLine(words.types[pkg.request.type], day(pkg.request.receivedAt)))}</p>`,
    ),
    section(words.contact, contactHtml(pkg, parts)),
    section(words.invitations, invitationsHtml(pkg, parts)),
    section(words.responses, responsesHtml(pkg, parts)),
    section(words.requests, requestsHtml(pkg, parts)),
    section(words.mail, mailHtml(pkg, parts)),
    `<p>${e(words.retention(pkg.retention.months))}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
