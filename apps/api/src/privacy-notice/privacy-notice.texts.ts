import type { Catalogue } from '@survey/messages';
import type { ContactFieldKey } from '../contacts/contact-fields';
import { NoticeLanguage, pluralForm, Translated } from './notice-languages';
import type { NoticeAudience } from './privacy-notice.recipients';
import type { PrivacyRequestType } from './privacy-request-types';

/**
 * The words of the privacy notice, in the six languages. Nothing here states a fact about the
 * system (how long, who, which fields, which address): those come from configuration and from
 * the tables the system itself runs on, and are passed in.
 */

/** How each field held about a contact is called in the notice. Lower-case, for use mid-sentence. */
export const CONTACT_FIELD_LABELS: Readonly<Record<ContactFieldKey, Translated>> = {
  name: {
    en: 'name',
    fr: 'nom',
    es: 'nombre',
    ar: 'الاسم',
    zh: '姓名',
    ru: 'имя',
  },
  email: {
    en: 'e-mail address',
    fr: 'adresse électronique',
    es: 'dirección de correo electrónico',
    ar: 'عنوان البريد الإلكتروني',
    zh: '电子邮件地址',
    ru: 'адрес электронной почты',
  },
  registrationNumbers: {
    en: 'international registration numbers',
    fr: 'numéros d’enregistrement international',
    es: 'números de registro internacional',
    ar: 'أرقام التسجيل الدولي',
    zh: '国际注册号',
    ru: 'номера международной регистрации',
  },
  country: {
    en: 'country',
    fr: 'pays',
    es: 'país',
    ar: 'البلد',
    zh: '国家',
    ru: 'страна',
  },
  segment: {
    en: 'segment (agent, applicant, holder or representative)',
    fr: 'segment (agent, déposant, titulaire ou mandataire)',
    es: 'segmento (agente, solicitante, titular o mandatario)',
    ar: 'الفئة (وكيل أو مودِع أو مالك أو ممثل)',
    zh: '用户类别（代理人、申请人、持有人或代表）',
    ru: 'категория (агент, заявитель, владелец или представитель)',
  },
  role: {
    en: 'role',
    fr: 'rôle',
    es: 'función',
    ar: 'الدور',
    zh: '角色',
    ru: 'роль',
  },
  relationshipSince: {
    en: 'length of your relationship with us',
    fr: 'ancienneté de votre relation avec nous',
    es: 'antigüedad de su relación con nosotros',
    ar: 'مدة علاقتكم بنا',
    zh: '您与我们建立联系的时间长短',
    ru: 'продолжительность Ваших отношений с нами',
  },
  platform: {
    en: 'filing platform your details come from',
    fr: 'plateforme de dépôt dont proviennent vos données',
    es: 'plataforma de presentación de la que proceden sus datos',
    ar: 'منصة الإيداع التي أُخذت منها بياناتكم',
    zh: '您的数据所来自的申请提交平台',
    ru: 'платформа подачи заявок, из которой получены Ваши данные',
  },
  language: {
    en: 'preferred language',
    fr: 'langue de correspondance préférée',
    es: 'idioma preferido',
    ar: 'اللغة المفضلة',
    zh: '首选语言',
    ru: 'предпочтительный язык',
  },
};

/**
 * The reasons staff may give for reading identifying data (config.dataAccessPurposes). A purpose
 * configured without a label here is shown by its name.
 */
export const DATA_ACCESS_PURPOSE_LABELS: Readonly<Record<string, Translated>> = {
  'survey-administration': {
    en: 'running a survey (invitations, reminders, list of contacts)',
    fr: 'organisation d’une enquête (invitations, rappels, liste des contacts)',
    es: 'organización de una encuesta (invitaciones, recordatorios, lista de contactos)',
    ar: 'إدارة استطلاع (الدعوات والتذكيرات وقائمة جهات الاتصال)',
    zh: '组织调查（邀请、提醒、联系人名单）',
    ru: 'проведение опроса (приглашения, напоминания, список контактов)',
  },
  'survey-analysis': {
    en: 'analysing the results of a survey',
    fr: 'analyse des résultats d’une enquête',
    es: 'análisis de los resultados de una encuesta',
    ar: 'تحليل نتائج استطلاع',
    zh: '分析调查结果',
    ru: 'анализ результатов опроса',
  },
  'data-quality': {
    en: 'checking and correcting the quality of the data',
    fr: 'contrôle et correction de la qualité des données',
    es: 'control y corrección de la calidad de los datos',
    ar: 'التحقق من جودة البيانات وتصحيحها',
    zh: '核查和纠正数据质量',
    ru: 'проверка и исправление качества данных',
  },
  'privacy-request': {
    en: 'handling a request about your data',
    fr: 'traitement d’une demande concernant vos données',
    es: 'tramitación de una solicitud relativa a sus datos',
    ar: 'معالجة طلب يتعلق ببياناتكم',
    zh: '处理与您的数据有关的请求',
    ru: 'рассмотрение запроса, касающегося Ваших данных',
  },
  'security-investigation': {
    en: 'investigating a security incident',
    fr: 'enquête sur un incident de sécurité',
    es: 'investigación de un incidente de seguridad',
    ar: 'التحقيق في حادث أمني',
    zh: '调查安全事件',
    ru: 'расследование инцидента безопасности',
  },
};

/** What is put into the words. */
export interface NoticeFacts {
  organisation: string;
  contactEmail: string;
  retentionMonths: number;
  /** Where the full notice and the request form are. */
  requestFormUrl: string;
  /** The labels of the fields stored encrypted, already joined as a list in the language. */
  encryptedFields: string;
}

/** What the notice says about anonymisation at close: in general, or for one survey. */
export type AnonymisationFacts =
  | { survey: false }
  | { survey: true; atClose: false }
  | {
      survey: true;
      atClose: true;
      /** The day it closed, written in the language; null while open. */ closedOn: string | null;
    };

export interface NoticeTexts {
  title: string;
  dataHeld: {
    heading: string;
    paragraphs: (facts: NoticeFacts) => string[];
    answers: string;
  };
  recipients: {
    heading: string;
    paragraphs: string[];
    audiences: Record<NoticeAudience, string>;
  };
  purpose: {
    heading: string;
    paragraphs: string[];
    /** Leads into the list of reasons staff may give for reading identifying data. */
    purposesIntro: string;
  };
  security: {
    heading: string;
    paragraphs: string[];
    encryption: (facts: NoticeFacts) => string;
    accessControl: string;
    auditLog: string;
  };
  rights: {
    heading: string;
    paragraphs: (facts: NoticeFacts) => string[];
    requests: Record<PrivacyRequestType, string>;
  };
  retention: {
    heading: string;
    paragraphs: (facts: NoticeFacts) => string[];
    /** Anonymisation at close: in general, or for one survey (with the date it closed, once known). */
    anonymisation: (facts: AnonymisationFacts) => string;
  };
  /** Two or three sentences for the foot of an e-mail. */
  short: (facts: NoticeFacts) => string;
}

/**
 * "24 months" as it reads after "at most" / "no longer than" in each language (Russian takes the
 * genitive, Arabic the accusative with its own plural rules).
 */
export function atMostMonths(language: NoticeLanguage, months: number): string {
  const form = pluralForm(language, months);
  switch (language) {
    case 'en':
      return form === 'one' ? `${months} month` : `${months} months`;
    case 'fr':
      return `${months} mois`;
    case 'es':
      return form === 'one' ? `${months} mes` : `${months} meses`;
    case 'ar':
      if (form === 'one') return 'شهرًا واحدًا';
      if (form === 'two') return 'شهرين';
      if (form === 'few') return `${months} أشهر`;
      if (form === 'many') return `${months} شهرًا`;
      return `${months} شهر`;
    case 'zh':
      return `${months}个月`;
    case 'ru':
      return form === 'one' ? `${months} месяца` : `${months} месяцев`;
  }
}

export const NOTICE_TEXTS: Catalogue<NoticeTexts> = {
  en: {
    title: 'Privacy notice: user satisfaction surveys',
    dataHeld: {
      heading: 'The data we hold about you',
      paragraphs: (f) => [
        `${f.organisation} (“we”) processes your personal data because you have used our services or contacted us about them. These data were taken from our existing filing platforms and are processed for our satisfaction surveys.`,
        'We hold the following data, and nothing else:',
      ],
      answers: 'your answers to the questionnaire',
    },
    recipients: {
      heading: 'Who receives your data',
      paragraphs: [
        'Your data are made available only to the following recipients. No personal data is passed to anyone else.',
      ],
      audiences: {
        'customer-experience':
          'Authorised staff of our customer-experience section, who are responsible for analysing the survey results.',
        'privacy-officers':
          'Our authorised privacy officers, who handle requests concerning your data and oversee how long they are kept.',
        'survey-provider':
          'The external survey provider, which collects the answers to the questionnaire and analyses the raw data to produce statistics together with our customer-experience section. It receives pseudonymised data only, never your name or e-mail address.',
        management:
          'Our management, which receives only a statistical report in anonymous, aggregated form, from which no one can be identified.',
      },
    },
    purpose: {
      heading: 'Why we process your data',
      paragraphs: [
        'Your data are used only to conduct satisfaction surveys about our services and to analyse their results, in order to improve those services.',
        'From the answers, we produce a statistical report in anonymous, aggregated form, from which no one can be identified.',
        'Your data are not used for any other purpose and are not disclosed to any other recipient.',
      ],
      purposesIntro:
        'Authorised staff may consult identifying data only for one of the following reasons, which they must state and which is recorded each time:',
    },
    security: {
      heading: 'How we protect your data',
      paragraphs: [
        'We and our survey provider have put in place appropriate security controls to protect your personal data, including:',
      ],
      encryption: (f) => `Encryption of identifying data (${f.encryptedFields}) with a key specific to each person.`,
      accessControl:
        'Access control: only authorised staff, according to their role, and the survey provider, limited to the surveys it runs, can reach the data.',
      auditLog:
        'An audit log that records every consultation of identifying data with its reason, in which any alteration would be detected.',
    },
    rights: {
      heading: 'Your rights and how to exercise them',
      paragraphs: (f) => [
        `To exercise your rights, use the request form at ${f.requestFormUrl} or write to ${f.contactEmail}, stating precisely what you are asking for. We verify your identity before acting on a request, and we answer within one month.`,
        'In addition, every message about a survey contains a link to stop receiving messages about it.',
        'You may ask to:',
      ],
      requests: {
        access: 'Access your data: receive a copy of the data we hold about you.',
        rectification: 'Rectify your data: have inaccurate or incomplete data corrected.',
        erasure: 'Erase your data: have them deleted before the end of the retention period.',
        objection:
          'Object to the processing of your data: we then stop using them for our surveys and no longer contact you about them.',
      },
    },
    retention: {
      heading: 'How long we keep your data',
      paragraphs: (f) => [
        `The data collected for a survey are kept only as long as necessary for the purposes described above, and for no longer than ${atMostMonths('en', f.retentionMonths)}.`,
        'When that period ends, or when you ask for erasure, the data are irrevocably deleted: the encryption key specific to you is destroyed (crypto-shredding), so that any remaining copy becomes unreadable, and the records are deleted.',
      ],
      anonymisation: (a) =>
        !a.survey
          ? 'Unless a survey states otherwise, when it closes the link between your answers and your identity is removed for good: we then keep only the fact that you took part, and your answers are no longer personal data. Free-text answers, which may still mention someone, stay encrypted and are deleted with the rest at the end of the retention period.'
          : !a.atClose
            ? 'Your answers to this survey stay linked to you until they are deleted at the end of the retention period.'
            : a.closedOn === null
              ? 'Your answers to this survey are anonymised when it closes: the link between them and your identity is then removed for good, and they are no longer personal data. Free-text answers stay encrypted and are deleted with the rest at the end of the retention period.'
              : `This survey closed on ${a.closedOn}: within a day of that date, the link between your answers and your identity was removed for good, and they are no longer personal data. Free-text answers stay encrypted and are deleted with the rest at the end of the retention period.`,
    },
    short: (f) =>
      `${f.organisation} processes your contact details and your answers solely for its satisfaction surveys about its services; only its authorised staff and, in pseudonymised form, its survey provider have access to them. Your data are kept for no longer than ${atMostMonths('en', f.retentionMonths)} and are then irrevocably deleted. You may access, rectify or erase your data, or object to their processing: see the full privacy notice at ${f.requestFormUrl}`,
  },

  fr: {
    title: 'Déclaration de confidentialité : enquêtes de satisfaction auprès des utilisateurs',
    dataHeld: {
      heading: 'Les données que nous détenons à votre sujet',
      paragraphs: (f) => [
        `${f.organisation} (« nous ») traite vos données personnelles parce que vous avez utilisé nos services ou que vous nous avez contactés à leur sujet. Ces données ont été extraites de nos plateformes de dépôt existantes et sont traitées dans le cadre de nos enquêtes de satisfaction.`,
        'Nous détenons les données suivantes, et aucune autre :',
      ],
      answers: 'vos réponses au questionnaire',
    },
    recipients: {
      heading: 'Qui reçoit vos données',
      paragraphs: [
        'Vos données ne sont mises à la disposition que des destinataires suivants. Aucune donnée personnelle n’est transmise à d’autres parties.',
      ],
      audiences: {
        'customer-experience':
          'Le personnel habilité de notre section de l’expérience client, chargé d’analyser les résultats des enquêtes.',
        'privacy-officers':
          'Nos responsables habilités de la protection des données, qui traitent les demandes relatives à vos données et veillent à leur durée de conservation.',
        'survey-provider':
          'Le prestataire de services externe, qui recueille les réponses au questionnaire et analyse les données brutes afin d’établir des statistiques en collaboration avec notre section de l’expérience client. Il ne reçoit que des données pseudonymisées, jamais votre nom ni votre adresse électronique.',
        management:
          'Notre direction, qui ne reçoit qu’un rapport statistique sous une forme anonyme et synthétique, ne permettant d’identifier personne.',
      },
    },
    purpose: {
      heading: 'Pourquoi nous traitons vos données',
      paragraphs: [
        'Vos données sont utilisées uniquement pour mener des enquêtes de satisfaction sur nos services et en analyser les résultats, afin d’améliorer ces services.',
        'À partir des réponses, nous établissons un rapport statistique sous une forme anonyme et synthétique, ne permettant d’identifier personne.',
        'Vos données ne sont pas utilisées à d’autres fins ni communiquées à d’autres destinataires.',
      ],
      purposesIntro:
        'Le personnel habilité ne peut consulter les données d’identification que pour l’un des motifs suivants, qu’il doit indiquer et qui est consigné à chaque consultation :',
    },
    security: {
      heading: 'Comment nous protégeons vos données',
      paragraphs: [
        'Avec notre prestataire de services, nous avons mis en place des contrôles de sécurité appropriés pour protéger vos données personnelles, notamment :',
      ],
      encryption: (f) =>
        `Le chiffrement des données d’identification (${f.encryptedFields}) avec une clé propre à chaque personne.`,
      accessControl:
        'Le contrôle des accès : seuls le personnel habilité, selon son rôle, et le prestataire, pour les seules enquêtes qu’il réalise, peuvent accéder aux données.',
      auditLog:
        'Un journal d’audit qui consigne chaque consultation des données d’identification avec son motif, et dans lequel toute altération serait détectée.',
    },
    rights: {
      heading: 'Vos droits et comment les exercer',
      paragraphs: (f) => [
        `Pour exercer vos droits, utilisez le formulaire de demande à l’adresse ${f.requestFormUrl} ou écrivez à ${f.contactEmail} en indiquant précisément votre demande. Nous vérifions votre identité avant de donner suite à une demande et nous y répondons dans un délai d’un mois.`,
        'En outre, chaque message relatif à une enquête contient un lien permettant de ne plus recevoir de messages à son sujet.',
        'Vous pouvez demander à :',
      ],
      requests: {
        access: 'Accéder à vos données : recevoir une copie des données que nous détenons à votre sujet.',
        rectification: 'Rectifier vos données : faire corriger des données inexactes ou incomplètes.',
        erasure: 'Effacer vos données : les faire supprimer avant la fin de la durée de conservation.',
        objection:
          'Vous opposer au traitement de vos données : nous cessons alors de les utiliser pour nos enquêtes et ne vous sollicitons plus à ce titre.',
      },
    },
    retention: {
      heading: 'Combien de temps nous conservons vos données',
      paragraphs: (f) => [
        `Les données recueillies dans le cadre d’une enquête sont conservées pendant la durée nécessaire aux fins décrites ci-dessus, et pas plus de ${atMostMonths('fr', f.retentionMonths)}.`,
        'À l’expiration de ce délai, ou si vous en demandez l’effacement, les données sont irrévocablement supprimées : la clé de chiffrement qui vous est propre est détruite (effacement cryptographique), ce qui rend illisible toute copie subsistante, puis les enregistrements sont supprimés.',
      ],
      anonymisation: (a) =>
        !a.survey
          ? 'Sauf indication contraire pour une enquête, le lien entre vos réponses et votre identité est définitivement supprimé à la clôture de l’enquête : nous ne conservons alors que le fait que vous y avez participé, et vos réponses ne sont plus des données personnelles. Les réponses en texte libre, qui peuvent encore mentionner une personne, restent chiffrées et sont supprimées avec le reste à la fin de la durée de conservation.'
          : !a.atClose
            ? 'Vos réponses à cette enquête restent liées à votre identité jusqu’à leur suppression à la fin de la durée de conservation.'
            : a.closedOn === null
              ? 'Vos réponses à cette enquête sont anonymisées à sa clôture : le lien entre elles et votre identité est alors définitivement supprimé, et elles ne sont plus des données personnelles. Les réponses en texte libre restent chiffrées et sont supprimées avec le reste à la fin de la durée de conservation.'
              : `Cette enquête a été clôturée le ${a.closedOn} : dans la journée qui a suivi, le lien entre vos réponses et votre identité a été définitivement supprimé, et elles ne sont plus des données personnelles. Les réponses en texte libre restent chiffrées et sont supprimées avec le reste à la fin de la durée de conservation.`,
    },
    short: (f) =>
      `${f.organisation} traite vos coordonnées et vos réponses uniquement aux fins de ses enquêtes de satisfaction sur ses services ; seuls son personnel habilité et, sous forme pseudonymisée, son prestataire de services y ont accès. Vos données sont conservées ${atMostMonths('fr', f.retentionMonths)} au plus, puis irrévocablement supprimées. Vous pouvez accéder à vos données, les rectifier, les effacer ou vous opposer à leur traitement : voir la déclaration de confidentialité complète à l’adresse ${f.requestFormUrl}`,
  },

  es: {
    title: 'Declaración de privacidad: encuestas de satisfacción de los usuarios',
    dataHeld: {
      heading: 'Los datos que conservamos sobre usted',
      paragraphs: (f) => [
        `${f.organisation} («nosotros») trata sus datos personales porque usted ha utilizado nuestros servicios o se ha puesto en contacto con nosotros acerca de ellos. Estos datos se extrajeron de nuestras plataformas de presentación de solicitudes y se tratan en el marco de nuestras encuestas de satisfacción.`,
        'Conservamos los siguientes datos, y ningún otro:',
      ],
      answers: 'sus respuestas al cuestionario',
    },
    recipients: {
      heading: 'Quién recibe sus datos',
      paragraphs: [
        'Sus datos solo se ponen a disposición de los siguientes destinatarios. No se comunica ningún dato personal a nadie más.',
      ],
      audiences: {
        'customer-experience':
          'El personal autorizado de nuestra Sección de Experiencia del Cliente, encargado de analizar los resultados de las encuestas.',
        'privacy-officers':
          'Nuestros responsables autorizados de protección de datos, que tramitan las solicitudes relativas a sus datos y supervisan su plazo de conservación.',
        'survey-provider':
          'El proveedor de servicios externo, que recopila las respuestas al cuestionario y analiza los datos brutos para elaborar estadísticas en colaboración con nuestra Sección de Experiencia del Cliente. Solo recibe datos seudonimizados, nunca su nombre ni su dirección de correo electrónico.',
        management:
          'Nuestra dirección, que solo recibe un informe estadístico en forma anónima y agregada, que no permite identificar a nadie.',
      },
    },
    purpose: {
      heading: 'Por qué tratamos sus datos',
      paragraphs: [
        'Sus datos se utilizan únicamente para realizar encuestas de satisfacción sobre nuestros servicios y analizar sus resultados, con el fin de mejorar dichos servicios.',
        'A partir de las respuestas elaboramos un informe estadístico en forma anónima y agregada, que no permite identificar a nadie.',
        'Sus datos no se utilizan para ningún otro fin ni se comunican a ningún otro destinatario.',
      ],
      purposesIntro:
        'El personal autorizado solo puede consultar los datos de identificación por uno de los siguientes motivos, que debe indicar y que queda registrado en cada consulta:',
    },
    security: {
      heading: 'Cómo protegemos sus datos',
      paragraphs: [
        'Junto con nuestro proveedor de servicios, hemos establecido controles de seguridad adecuados para proteger sus datos personales, entre ellos:',
      ],
      encryption: (f) =>
        `El cifrado de los datos de identificación (${f.encryptedFields}) con una clave propia de cada persona.`,
      accessControl:
        'El control de acceso: solo el personal autorizado, según su función, y el proveedor, limitado a las encuestas que realiza, pueden acceder a los datos.',
      auditLog:
        'Un registro de auditoría que anota cada consulta de los datos de identificación con su motivo, y en el que se detectaría cualquier alteración.',
    },
    rights: {
      heading: 'Sus derechos y cómo ejercerlos',
      paragraphs: (f) => [
        `Para ejercer sus derechos, utilice el formulario de solicitud en ${f.requestFormUrl} o escriba a ${f.contactEmail}, indicando con precisión lo que solicita. Verificamos su identidad antes de tramitar una solicitud y respondemos en el plazo de un mes.`,
        'Además, cada mensaje relativo a una encuesta contiene un enlace para dejar de recibir mensajes sobre ella.',
        'Puede solicitar:',
      ],
      requests: {
        access: 'El acceso a sus datos: recibir una copia de los datos que conservamos sobre usted.',
        rectification: 'La rectificación de sus datos: la corrección de datos inexactos o incompletos.',
        erasure: 'La supresión de sus datos: su eliminación antes de que finalice el plazo de conservación.',
        objection:
          'La oposición al tratamiento de sus datos: dejaremos de utilizarlos para nuestras encuestas y no volveremos a contactarle por ese motivo.',
      },
    },
    retention: {
      heading: 'Cuánto tiempo conservamos sus datos',
      paragraphs: (f) => [
        `Los datos recopilados en el marco de una encuesta se conservan solo durante el tiempo necesario para los fines descritos anteriormente, y nunca más de ${atMostMonths('es', f.retentionMonths)}.`,
        'Al término de ese plazo, o si usted solicita su supresión, los datos se eliminan de forma irrevocable: se destruye la clave de cifrado que le corresponde (borrado criptográfico), lo que hace ilegible cualquier copia restante, y se eliminan los registros.',
      ],
      anonymisation: (a) =>
        !a.survey
          ? 'Salvo que se indique otra cosa para una encuesta, al cerrarse esta se elimina definitivamente el vínculo entre sus respuestas y su identidad: a partir de entonces solo conservamos el hecho de que usted participó, y sus respuestas dejan de ser datos personales. Las respuestas de texto libre, que aún pueden mencionar a alguien, siguen cifradas y se eliminan con el resto al término del plazo de conservación.'
          : !a.atClose
            ? 'Sus respuestas a esta encuesta permanecen vinculadas a usted hasta que se eliminan al término del plazo de conservación.'
            : a.closedOn === null
              ? 'Sus respuestas a esta encuesta se anonimizan cuando se cierra: el vínculo entre ellas y su identidad se elimina entonces definitivamente, y dejan de ser datos personales. Las respuestas de texto libre siguen cifradas y se eliminan con el resto al término del plazo de conservación.'
              : `Esta encuesta se cerró el ${a.closedOn}: en el día siguiente a esa fecha, el vínculo entre sus respuestas y su identidad se eliminó definitivamente, y dejaron de ser datos personales. Las respuestas de texto libre siguen cifradas y se eliminan con el resto al término del plazo de conservación.`,
    },
    short: (f) =>
      `${f.organisation} trata sus datos de contacto y sus respuestas únicamente para sus encuestas de satisfacción sobre sus servicios; solo tienen acceso a ellos su personal autorizado y, en forma seudonimizada, su proveedor de servicios de encuestas. Sus datos se conservan como máximo ${atMostMonths('es', f.retentionMonths)} y después se eliminan de forma irrevocable. Puede acceder a sus datos, rectificarlos, suprimirlos u oponerse a su tratamiento: consulte la declaración de privacidad completa en ${f.requestFormUrl}`,
  },

  ar: {
    title: 'بيان الخصوصية: استطلاعات رضا المستخدمين',
    dataHeld: {
      heading: 'البيانات التي نحتفظ بها عنكم',
      paragraphs: (f) => [
        `نعالج في ${f.organisation} بياناتكم الشخصية لأنكم استخدمتم خدماتنا أو تواصلتم معنا بشأنها. وقد استُخرجت هذه البيانات من منصات الإيداع القائمة لدينا، وهي تُعالَج في إطار استطلاعات الرضا التي نجريها.`,
        'نحتفظ بالبيانات التالية دون سواها:',
      ],
      answers: 'إجاباتكم على الاستبيان',
    },
    recipients: {
      heading: 'الجهات التي تتلقى بياناتكم',
      paragraphs: ['لا تُتاح بياناتكم إلا للجهات التالية، ولا تُنقل أي بيانات شخصية إلى أي طرف آخر.'],
      audiences: {
        'customer-experience': 'الموظفون المأذون لهم في قسم تجربة العملاء لدينا، المكلفون بتحليل نتائج الاستطلاعات.',
        'privacy-officers':
          'مسؤولو حماية البيانات المأذون لهم لدينا، الذين يعالجون الطلبات المتعلقة ببياناتكم ويشرفون على مدة الاحتفاظ بها.',
        'survey-provider':
          'مقدّم الخدمات الخارجي، الذي يجمع الإجابات على الاستبيان ويحلل البيانات الأولية لإعداد الإحصاءات بالتعاون مع قسم تجربة العملاء لدينا. ولا يتلقى سوى بيانات مستعارة الهوية، ولا يتلقى أبدًا اسمكم أو عنوان بريدكم الإلكتروني.',
        management:
          'الإدارة لدينا، التي لا تتلقى سوى تقرير إحصائي في شكل مجهول الهوية ومجمّع، لا يمكن من خلاله التعرف على أي شخص.',
      },
    },
    purpose: {
      heading: 'لماذا نعالج بياناتكم',
      paragraphs: [
        'لا تُستخدم بياناتكم إلا لإجراء استطلاعات الرضا عن خدماتنا وتحليل نتائجها، بهدف تحسين هذه الخدمات.',
        'ونُعدّ انطلاقًا من الإجابات تقريرًا إحصائيًا في شكل مجهول الهوية ومجمّع، لا يمكن من خلاله التعرف على أي شخص.',
        'ولا تُستخدم بياناتكم لأي غرض آخر، ولا تُبلَّغ إلى أي جهة أخرى.',
      ],
      purposesIntro:
        'ولا يجوز للموظفين المأذون لهم الاطلاع على بيانات الهوية إلا لأحد الأسباب التالية، الذي يتعين عليهم ذكره ويُسجَّل عند كل اطلاع:',
    },
    security: {
      heading: 'كيف نحمي بياناتكم',
      paragraphs: ['وضعنا، بالتعاون مع مقدّم خدمات الاستطلاع، ضوابط أمنية مناسبة لحماية بياناتكم الشخصية، منها:'],
      encryption: (f) => `تشفير بيانات الهوية (${f.encryptedFields}) بمفتاح خاص بكل شخص.`,
      accessControl:
        'التحكم في الوصول: لا يصل إلى البيانات إلا الموظفون المأذون لهم وفقًا لأدوارهم، ومقدّم الخدمات في حدود الاستطلاعات التي يجريها.',
      auditLog: 'سجل تدقيق يقيّد كل اطلاع على بيانات الهوية مع سببه، ويُكشف فيه أي تلاعب.',
    },
    rights: {
      heading: 'حقوقكم وكيفية ممارستها',
      paragraphs: (f) => [
        `لممارسة حقوقكم، يُرجى استخدام استمارة الطلب على العنوان ${f.requestFormUrl} أو الكتابة إلى ${f.contactEmail}، مع تحديد طلبكم بدقة. ونتحقق من هويتكم قبل معالجة أي طلب، ونرد عليه في غضون شهر واحد.`,
        'كما تتضمن كل رسالة تتعلق باستطلاع ما رابطًا للتوقف عن تلقي الرسائل بشأنه.',
        'يمكنكم أن تطلبوا:',
      ],
      requests: {
        access: 'الاطلاع على بياناتكم: الحصول على نسخة من البيانات التي نحتفظ بها عنكم.',
        rectification: 'تصحيح بياناتكم: تصويب البيانات غير الدقيقة أو غير المكتملة.',
        erasure: 'محو بياناتكم: حذفها قبل انتهاء مدة الاحتفاظ بها.',
        objection: 'الاعتراض على معالجة بياناتكم: فنتوقف عن استخدامها في استطلاعاتنا ولا نتواصل معكم بشأنها بعد ذلك.',
      },
    },
    retention: {
      heading: 'مدة الاحتفاظ ببياناتكم',
      paragraphs: (f) => [
        `يُحتفظ بالبيانات التي تُجمع في إطار أي استطلاع للمدة اللازمة للأغراض المبيّنة أعلاه فقط، على ألا تتجاوز ${atMostMonths('ar', f.retentionMonths)}.`,
        'وعند انقضاء هذه المدة، أو إذا طلبتم محو بياناتكم، تُحذف البيانات حذفًا نهائيًا لا رجعة فيه: إذ يُتلف مفتاح التشفير الخاص بكم (الإتلاف التشفيري)، فتصبح أي نسخة متبقية غير قابلة للقراءة، ثم تُحذف السجلات.',
      ],
      anonymisation: (a) =>
        !a.survey
          ? 'ما لم يُذكر خلاف ذلك بشأن استطلاع ما، تُزال الصلة بين إجاباتكم وهويتكم نهائيًا عند إغلاق الاستطلاع: فلا نحتفظ بعد ذلك إلا بواقعة مشاركتكم، ولا تعود إجاباتكم بيانات شخصية. أما الإجابات النصية الحرة، التي قد تذكر شخصًا ما، فتبقى مشفرة وتُحذف مع سائر البيانات عند انتهاء مدة الاحتفاظ.'
          : !a.atClose
            ? 'تبقى إجاباتكم على هذا الاستطلاع مرتبطة بكم إلى أن تُحذف عند انتهاء مدة الاحتفاظ.'
            : a.closedOn === null
              ? 'تُجعل إجاباتكم على هذا الاستطلاع مجهولة الهوية عند إغلاقه: إذ تُزال الصلة بينها وبين هويتكم نهائيًا، فلا تعود بيانات شخصية. وتبقى الإجابات النصية الحرة مشفرة وتُحذف مع سائر البيانات عند انتهاء مدة الاحتفاظ.'
              : `أُغلق هذا الاستطلاع في ${a.closedOn}: وفي غضون يوم من ذلك التاريخ أُزيلت الصلة بين إجاباتكم وهويتكم نهائيًا، فلم تعد بيانات شخصية. وتبقى الإجابات النصية الحرة مشفرة وتُحذف مع سائر البيانات عند انتهاء مدة الاحتفاظ.`,
    },
    short: (f) =>
      `تُعالَج بيانات الاتصال الخاصة بكم وإجاباتكم من قِبل ${f.organisation} لأغراض استطلاعات الرضا عن خدماتنا فقط، ولا يطّلع عليها إلا الموظفون المأذون لهم، ومقدّم خدمات الاستطلاع في شكل مستعار الهوية. ويُحتفظ ببياناتكم مدة لا تتجاوز ${atMostMonths('ar', f.retentionMonths)}، ثم تُحذف حذفًا نهائيًا. ويمكنكم الاطلاع على بياناتكم أو تصحيحها أو محوها أو الاعتراض على معالجتها: انظروا بيان الخصوصية الكامل على العنوان ${f.requestFormUrl}`,
  },

  zh: {
    title: '隐私声明：用户满意度调查',
    dataHeld: {
      heading: '我们持有的您的数据',
      paragraphs: (f) => [
        `${f.organisation}（“我们”）处理您的个人数据，是因为您曾使用我们的服务，或曾就这些服务与我们联系。这些数据取自我们现有的申请提交平台，并为开展满意度调查而处理。`,
        '我们仅持有以下数据，不持有其他任何数据：',
      ],
      answers: '您对调查问卷的答复',
    },
    recipients: {
      heading: '谁会收到您的数据',
      paragraphs: ['您的数据仅提供给以下接收方。任何个人数据均不会转交给其他任何人。'],
      audiences: {
        'customer-experience': '我们客户体验科中经授权的工作人员，负责分析调查结果。',
        'privacy-officers': '我们经授权的数据保护官员，负责处理与您的数据有关的请求，并监督数据的保存期限。',
        'survey-provider':
          '外部服务提供商，负责收集问卷答复并分析原始数据，与我们的客户体验科合作编制统计数据。该提供商仅接收假名化数据，绝不会获得您的姓名或电子邮件地址。',
        management: '我们的管理层，仅接收以匿名、汇总形式呈现的统计报告，无法从中识别任何个人。',
      },
    },
    purpose: {
      heading: '我们为何处理您的数据',
      paragraphs: [
        '您的数据仅用于开展关于我们服务的满意度调查并分析调查结果，以改进这些服务。',
        '我们根据答复编制统计报告，报告以匿名、汇总形式呈现，无法从中识别任何个人。',
        '您的数据不会用于任何其他目的，也不会透露给任何其他接收方。',
      ],
      purposesIntro: '经授权的工作人员只能出于以下原因之一查阅身份数据，每次查阅都须说明原因并予以记录：',
    },
    security: {
      heading: '我们如何保护您的数据',
      paragraphs: ['我们已与调查服务提供商共同采取适当的安全控制措施保护您的个人数据，包括：'],
      encryption: (f) => `使用每人专属的密钥对身份数据（${f.encryptedFields}）进行加密。`,
      accessControl: '访问控制：只有经授权的工作人员可按其角色访问数据，服务提供商的访问仅限于其执行的调查。',
      auditLog: '审计日志：记录每一次查阅身份数据的行为及其原因，任何篡改都会被发现。',
    },
    rights: {
      heading: '您的权利及行使方式',
      paragraphs: (f) => [
        `如需行使您的权利，请使用 ${f.requestFormUrl} 上的申请表，或致函 ${f.contactEmail}，并准确说明您的请求。我们会在处理请求前核实您的身份，并在一个月内予以答复。`,
        '此外，每封与调查有关的邮件都附有链接，供您停止接收关于该调查的消息。',
        '您可以要求：',
      ],
      requests: {
        access: '查阅您的数据：获取我们持有的您的数据副本。',
        rectification: '更正您的数据：更正不准确或不完整的数据。',
        erasure: '删除您的数据：在保存期限届满前删除这些数据。',
        objection: '反对处理您的数据：我们将停止在调查中使用这些数据，也不再为调查与您联系。',
      },
    },
    retention: {
      heading: '我们保存您的数据的期限',
      paragraphs: (f) => [
        `在调查中收集的数据仅在实现上述目的所需的期限内保存，最长不超过${atMostMonths('zh', f.retentionMonths)}。`,
        '期限届满时，或在您要求删除时，数据将被不可恢复地删除：销毁您专属的加密密钥（加密销毁），使任何残留副本都无法读取，然后删除相关记录。',
      ],
      anonymisation: (a) =>
        !a.survey
          ? '除非某项调查另有说明，调查结束时，您的答复与您身份之间的关联将被永久删除：此后我们只保留您参与过调查这一事实，您的答复不再属于个人数据。自由文本答复可能仍会提及某人，因此继续加密保存，并在保存期限届满时与其他数据一并删除。'
          : !a.atClose
            ? '您对本调查的答复将一直与您关联，直至在保存期限届满时被删除。'
            : a.closedOn === null
              ? '本调查结束时，您的答复将被匿名化：届时答复与您身份之间的关联将被永久删除，答复不再属于个人数据。自由文本答复继续加密保存，并在保存期限届满时与其他数据一并删除。'
              : `本调查已于${a.closedOn}结束：在该日期后一天内，您的答复与您身份之间的关联已被永久删除，答复不再属于个人数据。自由文本答复继续加密保存，并在保存期限届满时与其他数据一并删除。`,
    },
    short: (f) =>
      `${f.organisation}仅为开展关于其服务的满意度调查而处理您的联系信息和答复；只有经授权的工作人员以及（以假名化形式）调查服务提供商可以访问这些数据。您的数据最长保存${atMostMonths('zh', f.retentionMonths)}，之后将被不可恢复地删除。您可以查阅、更正或删除您的数据，或反对对其进行处理，详见完整隐私声明：${f.requestFormUrl}`,
  },

  ru: {
    title: 'Уведомление о конфиденциальности: опросы об удовлетворенности пользователей',
    dataHeld: {
      heading: 'Какие данные о Вас мы храним',
      paragraphs: (f) => [
        `${f.organisation} («мы») обрабатывает Ваши персональные данные, поскольку Вы пользовались нашими услугами или обращались к нам по поводу этих услуг. Эти данные получены из наших платформ подачи заявок и обрабатываются в рамках наших опросов об удовлетворенности.`,
        'Мы храним следующие данные и никакие другие:',
      ],
      answers: 'Ваши ответы на вопросы анкеты',
    },
    recipients: {
      heading: 'Кто получает Ваши данные',
      paragraphs: [
        'Ваши данные доступны только следующим получателям. Никакие персональные данные не передаются кому-либо еще.',
      ],
      audiences: {
        'customer-experience':
          'Уполномоченные сотрудники нашей Секции клиентского опыта, которые анализируют результаты опросов.',
        'privacy-officers':
          'Наши уполномоченные сотрудники по защите данных, которые рассматривают запросы, касающиеся Ваших данных, и следят за сроками их хранения.',
        'survey-provider':
          'Внешний поставщик услуг, который собирает ответы на вопросы анкеты и анализирует исходные данные, чтобы подготовить статистику совместно с нашей Секцией клиентского опыта. Он получает только псевдонимизированные данные и никогда не получает Ваше имя или адрес электронной почты.',
        management:
          'Наше руководство, которое получает только статистический отчет в анонимной обобщенной форме, не позволяющей установить чью-либо личность.',
      },
    },
    purpose: {
      heading: 'Зачем мы обрабатываем Ваши данные',
      paragraphs: [
        'Ваши данные используются исключительно для проведения опросов об удовлетворенности нашими услугами и анализа их результатов в целях улучшения этих услуг.',
        'На основе ответов мы составляем статистический отчет в анонимной обобщенной форме, не позволяющей установить чью-либо личность.',
        'Ваши данные не используются ни для каких иных целей и не передаются никаким иным получателям.',
      ],
      purposesIntro:
        'Уполномоченные сотрудники могут просматривать идентификационные данные только по одной из следующих причин, которую они обязаны указать и которая фиксируется при каждом просмотре:',
    },
    security: {
      heading: 'Как мы защищаем Ваши данные',
      paragraphs: [
        'Совместно с поставщиком услуг мы приняли надлежащие меры безопасности для защиты Ваших персональных данных, в том числе:',
      ],
      encryption: (f) =>
        `Шифрование идентификационных данных (${f.encryptedFields}) с помощью ключа, индивидуального для каждого человека.`,
      accessControl:
        'Контроль доступа: доступ к данным имеют только уполномоченные сотрудники в соответствии со своей ролью, а также поставщик услуг — только в рамках проводимых им опросов.',
      auditLog:
        'Журнал аудита, в котором фиксируется каждый просмотр идентификационных данных с указанием причины и в котором любое изменение было бы обнаружено.',
    },
    rights: {
      heading: 'Ваши права и как их осуществить',
      paragraphs: (f) => [
        `Чтобы воспользоваться своими правами, заполните форму запроса по адресу ${f.requestFormUrl} или напишите на ${f.contactEmail}, точно указав, о чем Вы просите. Прежде чем выполнить запрос, мы проверяем Вашу личность; ответ дается в течение одного месяца.`,
        'Кроме того, в каждом сообщении, касающемся опроса, есть ссылка, позволяющая отказаться от дальнейших сообщений о нем.',
        'Вы можете потребовать:',
      ],
      requests: {
        access: 'Доступ к Вашим данным: получить копию данных, которые мы о Вас храним.',
        rectification: 'Исправление Ваших данных: исправить неточные или неполные данные.',
        erasure: 'Удаление Ваших данных: удалить их до истечения срока хранения.',
        objection:
          'Прекращение обработки Ваших данных (возражение): мы перестанем использовать их в наших опросах и больше не будем обращаться к Вам в связи с ними.',
      },
    },
    retention: {
      heading: 'Как долго мы храним Ваши данные',
      paragraphs: (f) => [
        `Данные, собранные в рамках опроса, хранятся только в течение срока, необходимого для указанных выше целей, и не более ${atMostMonths('ru', f.retentionMonths)}.`,
        'По истечении этого срока или по Вашему запросу на удаление данные безвозвратно уничтожаются: Ваш индивидуальный ключ шифрования уничтожается (криптографическое удаление), в результате чего любые оставшиеся копии становятся нечитаемыми, а затем удаляются сами записи.',
      ],
      anonymisation: (a) =>
        !a.survey
          ? 'Если для опроса не указано иное, после его закрытия связь между Вашими ответами и Вашей личностью безвозвратно удаляется: после этого мы храним только сам факт Вашего участия, и Ваши ответы больше не являются персональными данными. Ответы в свободной форме, в которых может упоминаться какое-либо лицо, остаются зашифрованными и удаляются вместе с остальными данными по истечении срока хранения.'
          : !a.atClose
            ? 'Ваши ответы на этот опрос остаются связанными с Вами до их удаления по истечении срока хранения.'
            : a.closedOn === null
              ? 'Ваши ответы на этот опрос обезличиваются после его закрытия: связь между ними и Вашей личностью безвозвратно удаляется, и они больше не являются персональными данными. Ответы в свободной форме остаются зашифрованными и удаляются вместе с остальными данными по истечении срока хранения.'
              : `Этот опрос был закрыт ${a.closedOn}: в течение суток после этой даты связь между Вашими ответами и Вашей личностью была безвозвратно удалена, и они больше не являются персональными данными. Ответы в свободной форме остаются зашифрованными и удаляются вместе с остальными данными по истечении срока хранения.`,
    },
    short: (f) =>
      `${f.organisation} обрабатывает Ваши контактные данные и ответы исключительно для проведения опросов об удовлетворенности своими услугами; доступ к ним имеют только уполномоченные сотрудники и, в псевдонимизированном виде, поставщик услуг по проведению опросов. Ваши данные хранятся не более ${atMostMonths('ru', f.retentionMonths)}, после чего безвозвратно удаляются. Вы можете получить доступ к своим данным, исправить или удалить их либо возразить против их обработки: полное уведомление о конфиденциальности размещено по адресу ${f.requestFormUrl}`,
  },
};
