import { escapeHtml, type Catalogue } from '@survey/messages';
import { MAIL_STYLE, mailHtmlDocument } from '../delivery/mail-templates';
import { NoticeLanguage, noticeLanguageOrDefault, typeset } from '../privacy-notice/notice-languages';
import type { PrivacyRequestType } from '../privacy-notice/privacy-request-types';
import { RejectionReason } from './privacy-request.entity';

/**
 * The e-mails of the privacy-request workflow, in the six languages: the verification link, the
 * notice that more time is needed, the answer (with the download link of an access package) and
 * a refusal. As with survey mail, the HTML part loads nothing from anywhere and every value from
 * outside is escaped; subjects carry no personal value.
 */

export type PrivacyMail =
  | { kind: 'verification'; verifyUrl: string; expiresAt: Date }
  | { kind: 'extended'; dueAt: Date; reason: string }
  | { kind: 'completed'; nothingHeld: boolean; download?: { url: string; expiresAt: Date } }
  | { kind: 'rejected'; reason: RejectionReason; note: string | null };

export interface PrivacyMailInput {
  language: string;
  type: PrivacyRequestType;
  organisationName: string;
  contactEmail: string;
  receivedAt: Date;
  mail: PrivacyMail;
}

export interface RenderedPrivacyMail {
  subject: string;
  text: string;
  html: string;
  language: NoticeLanguage;
}

interface Words {
  title: Record<PrivacyRequestType, string>;
  subject: {
    verification: string;
    extended: string;
    completed: string;
    accessReady: string;
    rejected: string;
  };
  greeting: string;
  received: (org: string, title: string) => string;
  confirm: (date: string) => string;
  confirmButton: string;
  unconfirmed: string;
  concerns: (date: string, title: string) => string;
  extended: (date: string) => string;
  reason: (reason: string) => string;
  done: Record<Exclude<PrivacyRequestType, 'access'>, string>;
  nothingHeld: string;
  accessReady: (date: string) => string;
  downloadButton: string;
  personalLink: string;
  refused: string;
  reasons: Record<RejectionReason, string>;
  explanation: (note: string) => string;
  copyLink: string;
  contact: (email: string) => string;
  signOff: string;
}

export const PRIVACY_MAIL_WORDS: Catalogue<Words> = {
  en: {
    title: {
      access: 'access to your personal data',
      rectification: 'correction of your personal data',
      erasure: 'erasure of your personal data',
      objection: 'objection to being contacted about our surveys',
    },
    subject: {
      verification: 'Please confirm your privacy request',
      extended: 'Your privacy request: more time needed',
      completed: 'Your privacy request has been completed',
      accessReady: 'Your personal data are ready to download',
      rejected: 'Your privacy request could not be granted',
    },
    greeting: 'Hello,',
    received: (org, title) => `${org} has received a request from this e-mail address concerning: ${title}.`,
    confirm: (date) => `To confirm that you made this request, please open the link below by ${date}:`,
    confirmButton: 'Confirm my request',
    unconfirmed:
      'We act on the request only once it is confirmed. If you did not make it, you can ignore this message; the unconfirmed request will be deleted.',
    concerns: (date, title) => `This message concerns your request of ${date}: ${title}.`,
    extended: (date) => `We need more time to answer your request. We will answer by ${date} at the latest.`,
    reason: (reason) => `Reason: ${reason}`,
    done: {
      rectification:
        'We have corrected the data we hold about you as you asked. Our survey provider has been asked to correct its copies too.',
      erasure:
        'We have erased the personal data we held about you: your contact details, your invitations and your answers. Our survey provider has been asked to delete its copies too. Published reports, which contain only anonymous totals, are not affected. Your e-mail address will be removed from our records of this request once this message has been sent.',
      objection:
        'We have recorded your objection: you will receive no further invitation or reminder for our surveys, and any message still waiting to be sent has been cancelled.',
    },
    nothingHeld:
      'We checked our records: apart from this request, we hold no personal data linked to this e-mail address, so there was nothing to change.',
    accessReady: (date) =>
      `The data we hold about you are ready. You can download them, as a readable page or as a JSON file, from the link below until ${date}:`,
    downloadButton: 'Download my data',
    personalLink: 'The link works only for you: do not pass it on.',
    refused: 'We are unable to grant your request.',
    reasons: {
      [RejectionReason.IdentityNotVerified]:
        'We could not verify that the request comes from the person the data concern.',
      [RejectionReason.NoDataHeld]: 'We hold no personal data about you, so there is nothing to act on.',
      [RejectionReason.ManifestlyUnfounded]: 'The request is manifestly unfounded.',
      [RejectionReason.Excessive]: 'The request is excessive, in particular because it repeats earlier requests.',
      [RejectionReason.Other]: 'See the explanation below.',
    },
    explanation: (note) => `Explanation: ${note}`,
    copyLink: 'If the button does not work, copy this address into your browser:',
    contact: (email) => `If you have questions, or wish to contest this answer, write to ${email}.`,
    signOff: 'Kind regards,',
  },
  fr: {
    title: {
      access: 'accès à vos données personnelles',
      rectification: 'rectification de vos données personnelles',
      erasure: 'effacement de vos données personnelles',
      objection: 'opposition à être contacté(e) pour nos enquêtes',
    },
    subject: {
      verification: 'Veuillez confirmer votre demande relative à vos données personnelles',
      extended: 'Votre demande relative à vos données personnelles : délai prolongé',
      completed: 'Votre demande relative à vos données personnelles a été traitée',
      accessReady: 'Vos données personnelles sont prêtes à être téléchargées',
      rejected: 'Votre demande relative à vos données personnelles n’a pas pu être satisfaite',
    },
    greeting: 'Bonjour,',
    received: (org, title) => `${org} a reçu depuis cette adresse électronique une demande concernant : ${title}.`,
    confirm: (date) =>
      `Pour confirmer que vous êtes bien l’auteur de cette demande, veuillez ouvrir le lien ci-dessous avant le ${date} :`,
    confirmButton: 'Confirmer ma demande',
    unconfirmed:
      'Nous ne donnerons suite à la demande qu’une fois celle-ci confirmée. Si vous n’en êtes pas l’auteur, vous pouvez ignorer ce message ; la demande non confirmée sera supprimée.',
    concerns: (date, title) => `Ce message concerne votre demande du ${date} : ${title}.`,
    extended: (date) =>
      `Nous avons besoin de plus de temps pour répondre à votre demande. Nous vous répondrons au plus tard le ${date}.`,
    reason: (reason) => `Motif : ${reason}`,
    done: {
      rectification:
        'Nous avons rectifié les données vous concernant comme vous l’avez demandé. Notre prestataire d’enquête a également été invité à corriger ses copies.',
      erasure:
        'Nous avons effacé les données personnelles que nous détenions à votre sujet : vos coordonnées, vos invitations et vos réponses. Notre prestataire d’enquête a également été invité à supprimer ses copies. Les rapports publiés, qui ne contiennent que des totaux anonymes, ne sont pas concernés. Votre adresse électronique sera retirée de nos registres relatifs à cette demande dès l’envoi de ce message.',
      objection:
        'Nous avons enregistré votre opposition : vous ne recevrez plus aucune invitation ni aucun rappel pour nos enquêtes, et les messages encore en attente d’envoi ont été annulés.',
    },
    nothingHeld:
      'Nous avons vérifié nos registres : en dehors de cette demande, nous ne détenons aucune donnée personnelle liée à cette adresse électronique ; il n’y avait donc rien à modifier.',
    accessReady: (date) =>
      `Les données que nous détenons à votre sujet sont prêtes. Vous pouvez les télécharger, sous forme de page lisible ou de fichier JSON, à partir du lien ci-dessous jusqu’au ${date} :`,
    downloadButton: 'Télécharger mes données',
    personalLink: 'Ce lien est personnel : ne le transmettez pas.',
    refused: 'Nous ne sommes pas en mesure de donner suite à votre demande.',
    reasons: {
      [RejectionReason.IdentityNotVerified]:
        'Nous n’avons pas pu vérifier que la demande émane de la personne concernée par les données.',
      [RejectionReason.NoDataHeld]:
        'Nous ne détenons aucune donnée personnelle vous concernant ; il n’y a donc rien à traiter.',
      [RejectionReason.ManifestlyUnfounded]: 'La demande est manifestement infondée.',
      [RejectionReason.Excessive]: 'La demande est excessive, notamment en raison de son caractère répétitif.',
      [RejectionReason.Other]: 'Voir l’explication ci-dessous.',
    },
    explanation: (note) => `Explication : ${note}`,
    copyLink: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    contact: (email) => `Pour toute question, ou pour contester cette réponse, écrivez à ${email}.`,
    signOff: 'Cordialement,',
  },
  es: {
    title: {
      access: 'acceso a sus datos personales',
      rectification: 'rectificación de sus datos personales',
      erasure: 'supresión de sus datos personales',
      objection: 'oposición a ser contactado/a para nuestras encuestas',
    },
    subject: {
      verification: 'Confirme su solicitud sobre sus datos personales',
      extended: 'Su solicitud sobre sus datos personales: plazo ampliado',
      completed: 'Su solicitud sobre sus datos personales ha sido atendida',
      accessReady: 'Sus datos personales están listos para descargar',
      rejected: 'No ha sido posible atender su solicitud sobre sus datos personales',
    },
    greeting: 'Estimado/a señor/a:',
    received: (org, title) =>
      `${org} ha recibido desde esta dirección de correo electrónico una solicitud relativa a: ${title}.`,
    confirm: (date) =>
      `Para confirmar que usted ha realizado esta solicitud, abra el siguiente enlace antes del ${date}:`,
    confirmButton: 'Confirmar mi solicitud',
    unconfirmed:
      'Solo tramitaremos la solicitud una vez confirmada. Si usted no la ha realizado, puede ignorar este mensaje; la solicitud no confirmada se eliminará.',
    concerns: (date, title) => `Este mensaje se refiere a su solicitud del ${date}: ${title}.`,
    extended: (date) =>
      `Necesitamos más tiempo para responder a su solicitud. Le responderemos a más tardar el ${date}.`,
    reason: (reason) => `Motivo: ${reason}`,
    done: {
      rectification:
        'Hemos rectificado los datos que conservamos sobre usted, tal como lo solicitó. También hemos pedido a nuestro proveedor de encuestas que corrija sus copias.',
      erasure:
        'Hemos suprimido los datos personales que conservábamos sobre usted: sus datos de contacto, sus invitaciones y sus respuestas. También hemos pedido a nuestro proveedor de encuestas que elimine sus copias. Los informes publicados, que solo contienen totales anónimos, no se ven afectados. Su dirección de correo electrónico se eliminará de nuestros registros de esta solicitud en cuanto se envíe este mensaje.',
      objection:
        'Hemos registrado su oposición: no recibirá más invitaciones ni recordatorios para nuestras encuestas, y se han cancelado los mensajes pendientes de envío.',
    },
    nothingHeld:
      'Hemos comprobado nuestros registros: aparte de esta solicitud, no conservamos ningún dato personal vinculado a esta dirección de correo electrónico, por lo que no había nada que modificar.',
    accessReady: (date) =>
      `Los datos que conservamos sobre usted están listos. Puede descargarlos, como página legible o como archivo JSON, desde el siguiente enlace hasta el ${date}:`,
    downloadButton: 'Descargar mis datos',
    personalLink: 'Este enlace es personal: no lo comparta.',
    refused: 'No podemos atender su solicitud.',
    reasons: {
      [RejectionReason.IdentityNotVerified]:
        'No hemos podido verificar que la solicitud procede de la persona a la que se refieren los datos.',
      [RejectionReason.NoDataHeld]:
        'No conservamos ningún dato personal sobre usted, por lo que no hay nada que tramitar.',
      [RejectionReason.ManifestlyUnfounded]: 'La solicitud es manifiestamente infundada.',
      [RejectionReason.Excessive]: 'La solicitud es excesiva, en particular por su carácter repetitivo.',
      [RejectionReason.Other]: 'Consulte la explicación a continuación.',
    },
    explanation: (note) => `Explicación: ${note}`,
    copyLink: 'Si el botón no funciona, copie esta dirección en su navegador:',
    contact: (email) => `Si tiene preguntas o desea impugnar esta respuesta, escriba a ${email}.`,
    signOff: 'Atentamente,',
  },
  ar: {
    title: {
      access: 'الاطلاع على بياناتكم الشخصية',
      rectification: 'تصحيح بياناتكم الشخصية',
      erasure: 'محو بياناتكم الشخصية',
      objection: 'الاعتراض على التواصل معكم بشأن استطلاعاتنا',
    },
    subject: {
      verification: 'يُرجى تأكيد طلبكم المتعلق ببياناتكم الشخصية',
      extended: 'طلبكم المتعلق ببياناتكم الشخصية: تمديد المهلة',
      completed: 'تمت معالجة طلبكم المتعلق ببياناتكم الشخصية',
      accessReady: 'بياناتكم الشخصية جاهزة للتنزيل',
      rejected: 'تعذّرت الاستجابة لطلبكم المتعلق ببياناتكم الشخصية',
    },
    greeting: 'السيد/السيدة المحترم(ة)،',
    received: (org, title) => `تلقّت ${org} من عنوان البريد الإلكتروني هذا طلبًا بشأن: ${title}.`,
    confirm: (date) => `لتأكيد أنكم مقدّمو هذا الطلب، يُرجى فتح الرابط أدناه قبل ${date}:`,
    confirmButton: 'تأكيد طلبي',
    unconfirmed:
      'لن نتخذ أي إجراء بشأن الطلب إلا بعد تأكيده. وإذا لم تكونوا قد قدّمتموه، يمكنكم تجاهل هذه الرسالة، وسيُحذف الطلب غير المؤكد.',
    concerns: (date, title) => `تتعلق هذه الرسالة بطلبكم المؤرخ ${date}: ${title}.`,
    extended: (date) => `نحتاج إلى مزيد من الوقت للرد على طلبكم. وسنرد عليكم في موعد أقصاه ${date}.`,
    reason: (reason) => `السبب: ${reason}`,
    done: {
      rectification:
        'صحّحنا البيانات التي نحتفظ بها عنكم وفقًا لطلبكم. وطلبنا كذلك من مزوّد خدمة الاستطلاع تصحيح النسخ التي لديه.',
      erasure:
        'محونا البيانات الشخصية التي كنا نحتفظ بها عنكم: بيانات الاتصال بكم ودعواتكم وإجاباتكم. وطلبنا كذلك من مزوّد خدمة الاستطلاع حذف النسخ التي لديه. ولا تتأثر التقارير المنشورة لأنها لا تتضمن سوى مجاميع مجهولة الهوية. وسيُحذف عنوان بريدكم الإلكتروني من سجلاتنا الخاصة بهذا الطلب فور إرسال هذه الرسالة.',
      objection:
        'سجّلنا اعتراضكم: لن تصلكم بعد الآن أي دعوة أو تذكير بشأن استطلاعاتنا، وأُلغيت أي رسائل كانت لا تزال في انتظار الإرسال.',
    },
    nothingHeld:
      'راجعنا سجلاتنا: لا نحتفظ بأي بيانات شخصية مرتبطة بعنوان البريد الإلكتروني هذا باستثناء هذا الطلب، ولذلك لم يكن هناك ما يستدعي التغيير.',
    accessReady: (date) =>
      `البيانات التي نحتفظ بها عنكم جاهزة. يمكنكم تنزيلها في صورة صفحة مقروءة أو ملف JSON من الرابط أدناه حتى ${date}:`,
    downloadButton: 'تنزيل بياناتي',
    personalLink: 'هذا الرابط شخصي، فيُرجى عدم مشاركته.',
    refused: 'يتعذّر علينا الاستجابة لطلبكم.',
    reasons: {
      [RejectionReason.IdentityNotVerified]: 'لم نتمكن من التحقق من أن الطلب مقدَّم من الشخص الذي تخصه البيانات.',
      [RejectionReason.NoDataHeld]: 'لا نحتفظ بأي بيانات شخصية عنكم، ولذلك لا يوجد ما يمكن اتخاذ إجراء بشأنه.',
      [RejectionReason.ManifestlyUnfounded]: 'الطلب لا يستند بشكل واضح إلى أي أساس.',
      [RejectionReason.Excessive]: 'الطلب مفرط، لا سيما بسبب تكراره.',
      [RejectionReason.Other]: 'يُرجى الاطلاع على التوضيح أدناه.',
    },
    explanation: (note) => `توضيح: ${note}`,
    copyLink: 'إذا لم يعمل الزر، يُرجى نسخ هذا العنوان ولصقه في متصفحكم:',
    contact: (email) => `إذا كانت لديكم أي أسئلة أو رغبتم في الاعتراض على هذا الرد، يُرجى الكتابة إلى ${email}.`,
    signOff: 'مع خالص التحية،',
  },
  zh: {
    title: {
      access: '查阅您的个人数据',
      rectification: '更正您的个人数据',
      erasure: '删除您的个人数据',
      objection: '反对我们就调查与您联系',
    },
    subject: {
      verification: '请确认您关于个人数据的请求',
      extended: '您关于个人数据的请求：延长答复期限',
      completed: '您关于个人数据的请求已处理完毕',
      accessReady: '您的个人数据已可下载',
      rejected: '您关于个人数据的请求未能获准',
    },
    greeting: '您好：',
    received: (org, title) => `${org}收到了通过此电子邮件地址提出的请求，内容为：${title}。`,
    confirm: (date) => `为确认此请求确由您本人提出，请在${date}之前打开以下链接：`,
    confirmButton: '确认我的请求',
    unconfirmed: '我们只会在请求得到确认后予以处理。如果此请求并非由您提出，请忽略本邮件；未经确认的请求将被删除。',
    concerns: (date, title) => `本邮件涉及您于${date}提出的请求：${title}。`,
    extended: (date) => `我们需要更多时间答复您的请求，最迟将于${date}前答复。`,
    reason: (reason) => `原因：${reason}`,
    done: {
      rectification: '我们已按您的要求更正了所持有的关于您的数据，并已要求我们的调查服务提供商同样更正其副本。',
      erasure:
        '我们已删除所持有的关于您的个人数据，包括您的联系信息、邀请记录和答复。我们也已要求调查服务提供商删除其副本。已发布的报告仅包含匿名汇总数据，不受影响。本邮件发出后，您的电子邮件地址将从我们关于此请求的记录中删除。',
      objection: '我们已记录您的反对意见：您将不会再收到我们任何调查的邀请或提醒，尚待发送的邮件也已取消。',
    },
    nothingHeld: '我们已核查记录：除本请求外，我们未持有与此电子邮件地址相关的任何个人数据，因此无需作任何更改。',
    accessReady: (date) =>
      `我们所持有的关于您的数据已准备就绪。您可在${date}之前通过以下链接下载，格式为可阅读的网页或JSON文件：`,
    downloadButton: '下载我的数据',
    personalLink: '此链接仅供您本人使用，请勿转发。',
    refused: '我们无法满足您的请求。',
    reasons: {
      [RejectionReason.IdentityNotVerified]: '我们无法核实该请求是否由数据所涉本人提出。',
      [RejectionReason.NoDataHeld]: '我们未持有关于您的任何个人数据，因此无需处理。',
      [RejectionReason.ManifestlyUnfounded]: '该请求明显缺乏依据。',
      [RejectionReason.Excessive]: '该请求过度，尤其是因为其重复提出。',
      [RejectionReason.Other]: '请参阅以下说明。',
    },
    explanation: (note) => `说明：${note}`,
    copyLink: '如果按钮无法使用，请将以下地址复制到浏览器中：',
    contact: (email) => `如有疑问或希望对本答复提出异议，请致函${email}。`,
    signOff: '此致敬礼！',
  },
  ru: {
    title: {
      access: 'доступ к Вашим персональным данным',
      rectification: 'исправление Ваших персональных данных',
      erasure: 'удаление Ваших персональных данных',
      objection: 'возражение против обращений к Вам в связи с нашими опросами',
    },
    subject: {
      verification: 'Пожалуйста, подтвердите Ваш запрос о персональных данных',
      extended: 'Ваш запрос о персональных данных: срок продлен',
      completed: 'Ваш запрос о персональных данных выполнен',
      accessReady: 'Ваши персональные данные готовы к загрузке',
      rejected: 'Ваш запрос о персональных данных не может быть удовлетворен',
    },
    greeting: 'Здравствуйте!',
    received: (org, title) => `В ${org} с этого адреса электронной почты поступил запрос: ${title}.`,
    confirm: (date) => `Чтобы подтвердить, что этот запрос направили Вы, откройте ссылку ниже до ${date}:`,
    confirmButton: 'Подтвердить запрос',
    unconfirmed:
      'Мы приступим к рассмотрению запроса только после его подтверждения. Если Вы его не направляли, просто проигнорируйте это письмо: неподтвержденный запрос будет удален.',
    concerns: (date, title) => `Это письмо касается Вашего запроса от ${date}: ${title}.`,
    extended: (date) => `Нам требуется больше времени для ответа на Ваш запрос. Мы ответим не позднее ${date}.`,
    reason: (reason) => `Причина: ${reason}`,
    done: {
      rectification:
        'Мы исправили хранящиеся у нас данные о Вас, как Вы просили. Мы также попросили нашего поставщика услуг по проведению опросов исправить имеющиеся у него копии.',
      erasure:
        'Мы удалили хранившиеся у нас персональные данные о Вас: Ваши контактные данные, приглашения и ответы. Мы также попросили нашего поставщика услуг по проведению опросов удалить имеющиеся у него копии. Опубликованные отчеты, содержащие только анонимные итоговые данные, это не затрагивает. Ваш адрес электронной почты будет удален из наших записей об этом запросе сразу после отправки этого письма.',
      objection:
        'Мы зарегистрировали Ваше возражение: Вы больше не будете получать приглашения и напоминания о наших опросах, а сообщения, ожидавшие отправки, отменены.',
    },
    nothingHeld:
      'Мы проверили наши записи: помимо этого запроса, у нас нет персональных данных, связанных с этим адресом электронной почты, поэтому изменять было нечего.',
    accessReady: (date) =>
      `Данные, которые мы храним о Вас, готовы. Вы можете загрузить их в виде удобной для чтения страницы или файла JSON по ссылке ниже до ${date}:`,
    downloadButton: 'Загрузить мои данные',
    personalLink: 'Эта ссылка предназначена только для Вас: не передавайте ее другим.',
    refused: 'Мы не можем удовлетворить Ваш запрос.',
    reasons: {
      [RejectionReason.IdentityNotVerified]:
        'Нам не удалось убедиться, что запрос исходит от лица, к которому относятся данные.',
      [RejectionReason.NoDataHeld]: 'У нас нет персональных данных о Вас, поэтому предпринимать нечего.',
      [RejectionReason.ManifestlyUnfounded]: 'Запрос явно необоснован.',
      [RejectionReason.Excessive]: 'Запрос является чрезмерным, в частности ввиду его повторного характера.',
      [RejectionReason.Other]: 'См. пояснение ниже.',
    },
    explanation: (note) => `Пояснение: ${note}`,
    copyLink: 'Если кнопка не работает, скопируйте этот адрес в адресную строку браузера:',
    contact: (email) => `Если у Вас есть вопросы или Вы хотите оспорить этот ответ, напишите по адресу ${email}.`,
    signOff: 'С уважением,',
  },
};

/** A date the way the language writes it, with Latin digits, as a UTC date. */
export function formatMailDate(language: NoticeLanguage, date: Date): string {
  return new Intl.DateTimeFormat(`${language}-u-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Control characters and bidirectional overrides cannot start a new line or reorder the text. */
function singleLine(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkedUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('links must be http(s) URLs');
  return value;
}

const STYLE = MAIL_STYLE;

/** One block of the message: a paragraph, or a link with its button label. */
type Block = { paragraph: string } | { link: string; label: string };

function blocksOf(words: Words, input: PrivacyMailInput, language: NoticeLanguage): Block[] {
  const date = (d: Date) => formatMailDate(language, d);
  const title = words.title[input.type];
  const organisation = singleLine(input.organisationName);
  const concerns = { paragraph: words.concerns(date(input.receivedAt), title) };
  const mail = input.mail;
  switch (mail.kind) {
    case 'verification':
      return [
        { paragraph: words.received(organisation, title) },
        { paragraph: words.confirm(date(mail.expiresAt)) },
        { link: checkedUrl(mail.verifyUrl), label: words.confirmButton },
        { paragraph: words.unconfirmed },
      ];
    case 'extended':
      return [
        concerns,
        { paragraph: words.extended(date(mail.dueAt)) },
        { paragraph: words.reason(singleLine(mail.reason)) },
      ];
    case 'completed': {
      if (input.type === 'access') {
        if (!mail.download) throw new Error('an answer to an access request carries its download link');
        return [
          concerns,
          { paragraph: words.accessReady(date(mail.download.expiresAt)) },
          { link: checkedUrl(mail.download.url), label: words.downloadButton },
          { paragraph: words.personalLink },
        ];
      }
      return [concerns, { paragraph: mail.nothingHeld ? words.nothingHeld : words.done[input.type] }];
    }
    case 'rejected':
      return [
        concerns,
        { paragraph: words.refused },
        { paragraph: words.reasons[mail.reason] },
        ...(mail.note ? [{ paragraph: words.explanation(singleLine(mail.note)) }] : []),
      ];
  }
}

function subjectOf(words: Words, input: PrivacyMailInput): string {
  switch (input.mail.kind) {
    case 'verification':
      return words.subject.verification;
    case 'extended':
      return words.subject.extended;
    case 'completed':
      return input.type === 'access' ? words.subject.accessReady : words.subject.completed;
    case 'rejected':
      return words.subject.rejected;
  }
}

/** Renders one workflow e-mail: subject, plain-text part and HTML part, in the request's language. */
export function renderPrivacyMail(input: PrivacyMailInput): RenderedPrivacyMail {
  const language = noticeLanguageOrDefault(input.language);
  const words = PRIVACY_MAIL_WORDS[language];
  const set = (text: string) => typeset(language, text);
  const blocks = blocksOf(words, input, language);
  const organisation = singleLine(input.organisationName);
  const closing = input.mail.kind === 'verification' ? [] : [set(words.contact(input.contactEmail))];
  const subject = set(subjectOf(words, input));

  const text = [
    set(words.greeting),
    '',
    ...blocks.flatMap((block) => ('paragraph' in block ? [set(block.paragraph), ''] : [block.link, ''])),
    ...closing.flatMap((line) => [line, '']),
    set(words.signOff),
    organisation,
    '',
  ].join('\n');

  const e = escapeHtml;
  const paragraph = (html: string, style = STYLE.p) => `<p style="${style}">${html}</p>`;
  const html = mailHtmlDocument(language, subject, [
    paragraph(e(set(words.greeting))),
    ...blocks.flatMap((block) =>
      'paragraph' in block
        ? [paragraph(e(set(block.paragraph)))]
        : [
            paragraph(`<a href="${e(block.link)}" style="${STYLE.button}">${e(set(block.label))}</a>`),
            paragraph(
              `${e(set(words.copyLink))}<br><span dir="ltr" style="${STYLE.url}"><a href="${e(block.link)}" style="${STYLE.link}">${e(block.link)}</a></span>`,
              STYLE.small,
            ),
          ],
    ),
    ...closing.map((line) => paragraph(e(line), STYLE.small)),
    paragraph(`${e(set(words.signOff))}<br>${e(organisation)}`),
  ]);

  return { subject, text, html, language };
}
