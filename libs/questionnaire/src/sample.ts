import type { LocalizedText } from './languages';
import type { Questionnaire } from './types';
import { validateQuestionnaire } from './validate-questionnaire';

/** Arguments in the order of LANGUAGES, so that every text visibly has all six. */
function t(en: string, fr: string, es: string, ar: string, zh: string, ru: string): LocalizedText {
  return { en, fr, es, ar, zh, ru };
}

const NO_PERSONAL_DATA = t(
  'Please do not include personal data such as names or application numbers.',
  'Merci de ne pas indiquer de données personnelles, comme des noms ou des numéros de demande.',
  'Le rogamos que no incluya datos personales, como nombres o números de solicitud.',
  'يُرجى عدم ذكر أي بيانات شخصية، مثل الأسماء أو أرقام الطلبات.',
  '请勿填写姓名、申请号等个人数据。',
  'Пожалуйста, не указывайте персональные данные, например имена или номера заявок.',
);

const SAMPLE: unknown = {
  title: t(
    'Customer satisfaction survey: international filing services',
    'Enquête de satisfaction : services de dépôt international',
    'Encuesta de satisfacción: servicios de presentación internacional',
    'استبيان رضا العملاء: خدمات الإيداع الدولي',
    '客户满意度调查：国际申请服务',
    'Опрос об удовлетворенности клиентов: услуги по международной подаче заявок',
  ),
  description: t(
    'The survey takes about five minutes. Your answers help us improve our services for applicants and their representatives.',
    'Le questionnaire prend environ cinq minutes. Vos réponses nous aident à améliorer nos services destinés aux déposants et à leurs mandataires.',
    'La encuesta dura unos cinco minutos. Sus respuestas nos ayudan a mejorar nuestros servicios para los solicitantes y sus representantes.',
    'يستغرق ملء الاستبيان نحو خمس دقائق. تساعدنا إجاباتكم على تحسين خدماتنا المقدمة إلى المودعين وممثليهم.',
    '本调查约需五分钟。您的回答将帮助我们改进为申请人及其代理人提供的服务。',
    'Опрос займет около пяти минут. Ваши ответы помогут нам улучшить услуги для заявителей и их представителей.',
  ),
  pages: [
    {
      name: 'overall',
      title: t(
        'Your overall experience',
        'Votre expérience globale',
        'Su experiencia general',
        'تجربتكم بشكل عام',
        '您的总体体验',
        'Ваши общие впечатления',
      ),
      elements: [
        {
          type: 'rating',
          name: 'nps',
          title: t(
            'How likely are you to recommend our services to a colleague or client?',
            'Quelle est la probabilité que vous recommandiez nos services à un collègue ou à un client ?',
            '¿Qué probabilidad hay de que recomiende nuestros servicios a un colega o a un cliente?',
            'ما مدى احتمال أن توصوا بخدماتنا لزميل أو عميل؟',
            '您向同事或客户推荐我们服务的可能性有多大？',
            'Насколько вероятно, что вы порекомендуете наши услуги коллеге или клиенту?',
          ),
          isRequired: true,
          rateMin: 0,
          rateMax: 10,
          minRateDescription: t(
            'Not at all likely',
            'Pas du tout probable',
            'Nada probable',
            'غير محتمل على الإطلاق',
            '完全不可能',
            'Крайне маловероятно',
          ),
          maxRateDescription: t(
            'Extremely likely',
            'Extrêmement probable',
            'Sumamente probable',
            'محتمل جدًا',
            '极有可能',
            'Очень вероятно',
          ),
          ratingKind: 'nps',
        },
        {
          type: 'comment',
          name: 'npsReason',
          title: t(
            'What is the main thing we could do better?',
            'Quel est le principal point que nous pourrions améliorer ?',
            '¿Qué es lo principal que podríamos mejorar?',
            'ما أهم أمر يمكننا تحسينه؟',
            '我们最需要改进的是哪一方面？',
            'Что нам в первую очередь следует улучшить?',
          ),
          description: NO_PERSONAL_DATA,
          visibleIf: '{nps} <= 6',
          maxLength: 2000,
        },
        {
          type: 'rating',
          name: 'satisfaction',
          title: t(
            'Overall, how satisfied are you with the services you used in the past 12 months?',
            'Dans l’ensemble, dans quelle mesure êtes-vous satisfait des services que vous avez utilisés au cours des 12 derniers mois ?',
            'En general, ¿qué tan satisfecho está con los servicios que utilizó en los últimos 12 meses?',
            'بشكل عام، ما مدى رضاكم عن الخدمات التي استخدمتموها خلال الأشهر الاثني عشر الماضية؟',
            '总体而言，您对过去12个月内使用的服务满意程度如何？',
            'В целом, насколько вы удовлетворены услугами, которыми пользовались за последние 12 месяцев?',
          ),
          isRequired: true,
          rateMin: 1,
          rateMax: 5,
          minRateDescription: t(
            'Very dissatisfied',
            'Très insatisfait',
            'Muy insatisfecho',
            'غير راضٍ على الإطلاق',
            '非常不满意',
            'Совсем не удовлетворены',
          ),
          maxRateDescription: t(
            'Very satisfied',
            'Très satisfait',
            'Muy satisfecho',
            'راضٍ جدًا',
            '非常满意',
            'Полностью удовлетворены',
          ),
          ratingKind: 'satisfaction',
        },
      ],
    },
    {
      name: 'services',
      title: t(
        'The services you use',
        'Les services que vous utilisez',
        'Los servicios que utiliza',
        'الخدمات التي تستخدمونها',
        '您使用的服务',
        'Услуги, которыми вы пользуетесь',
      ),
      elements: [
        {
          type: 'radiogroup',
          name: 'mainService',
          title: t(
            'Which service did you use most often?',
            'Quel service avez-vous utilisé le plus souvent ?',
            '¿Qué servicio utilizó con mayor frecuencia?',
            'ما الخدمة التي استخدمتموها أكثر من غيرها؟',
            '您最常使用哪项服务？',
            'Какой услугой вы пользовались чаще всего?',
          ),
          isRequired: true,
          choices: [
            {
              value: 'pct',
              text: t(
                'PCT (international patent applications)',
                'PCT (demandes internationales de brevet)',
                'PCT (solicitudes internacionales de patente)',
                'معاهدة التعاون بشأن البراءات (طلبات البراءات الدولية)',
                'PCT（国际专利申请）',
                'PCT (международные патентные заявки)',
              ),
            },
            {
              value: 'madrid',
              text: t(
                'Madrid System (international trademarks)',
                'Système de Madrid (marques internationales)',
                'Sistema de Madrid (marcas internacionales)',
                'نظام مدريد (العلامات التجارية الدولية)',
                '马德里体系（国际商标）',
                'Мадридская система (международные товарные знаки)',
              ),
            },
            {
              value: 'hague',
              text: t(
                'Hague System (international designs)',
                'Système de La Haye (dessins et modèles internationaux)',
                'Sistema de La Haya (diseños industriales internacionales)',
                'نظام لاهاي (التصاميم الصناعية الدولية)',
                '海牙体系（国际外观设计）',
                'Гаагская система (международные промышленные образцы)',
              ),
            },
          ],
        },
        {
          type: 'checkbox',
          name: 'channels',
          title: t(
            'How did you contact us? Select all that apply.',
            'Comment nous avez-vous contactés ? Sélectionnez toutes les réponses qui s’appliquent.',
            '¿Cómo se puso en contacto con nosotros? Seleccione todas las opciones que correspondan.',
            'كيف تواصلتم معنا؟ اختاروا كل ما ينطبق.',
            '您通过哪些方式与我们联系？（可多选）',
            'Как вы с нами связывались? Выберите все подходящие варианты.',
          ),
          choices: [
            {
              value: 'eservices',
              text: t(
                'Online filing and e-services',
                'Dépôt en ligne et services électroniques',
                'Presentación en línea y servicios electrónicos',
                'الإيداع الإلكتروني والخدمات الإلكترونية',
                '在线提交和电子服务',
                'Онлайн-подача и электронные сервисы',
              ),
            },
            {
              value: 'email',
              text: t(
                'E-mail',
                'Courrier électronique',
                'Correo electrónico',
                'البريد الإلكتروني',
                '电子邮件',
                'Электронная почта',
              ),
            },
            {
              value: 'phone',
              text: t('Telephone', 'Téléphone', 'Teléfono', 'الهاتف', '电话', 'Телефон'),
            },
            {
              value: 'webinar',
              text: t(
                'Webinars and training',
                'Webinaires et formations',
                'Seminarios web y formación',
                'الندوات الإلكترونية والتدريب',
                '网络研讨会和培训',
                'Вебинары и обучение',
              ),
            },
          ],
        },
        {
          type: 'dropdown',
          name: 'filerType',
          title: t(
            'Which of these best describes you?',
            'Laquelle de ces descriptions vous correspond le mieux ?',
            '¿Cuál de estas opciones lo describe mejor?',
            'أيٌّ مما يلي يصفكم على النحو الأفضل؟',
            '以下哪一项最符合您的情况？',
            'Что из перечисленного лучше всего вас описывает?',
          ),
          choices: [
            {
              value: 'applicant',
              text: t(
                'Applicant or right holder',
                'Déposant ou titulaire de droits',
                'Solicitante o titular de derechos',
                'مودِع أو صاحب حق',
                '申请人或权利人',
                'Заявитель или правообладатель',
              ),
            },
            {
              value: 'attorney',
              text: t(
                'Patent or trademark attorney or agent',
                'Conseil ou mandataire en brevets ou en marques',
                'Agente o abogado de patentes o marcas',
                'وكيل أو محامٍ في مجال البراءات أو العلامات التجارية',
                '专利或商标代理人',
                'Патентный поверенный или представитель по товарным знакам',
              ),
            },
            {
              value: 'paralegal',
              text: t(
                'Paralegal or formalities officer',
                'Assistant juridique ou chargé des formalités',
                'Asistente jurídico o encargado de trámites',
                'مساعد قانوني أو موظف إجراءات شكلية',
                '法律助理或流程管理人员',
                'Помощник юриста или специалист по формальностям',
              ),
            },
            {
              value: 'other',
              text: t('Other', 'Autre', 'Otro', 'غير ذلك', '其他', 'Другое'),
            },
          ],
        },
        {
          type: 'boolean',
          name: 'contactedSupport',
          title: t(
            'Did you contact our customer service in the past 12 months?',
            'Avez-vous contacté notre service clientèle au cours des 12 derniers mois ?',
            '¿Se puso en contacto con nuestro servicio de atención al cliente en los últimos 12 meses?',
            'هل تواصلتم مع خدمة العملاء لدينا خلال الأشهر الاثني عشر الماضية؟',
            '在过去12个月内，您是否联系过我们的客户服务部门？',
            'Обращались ли вы в нашу службу поддержки клиентов за последние 12 месяцев?',
          ),
          isRequired: true,
          labelTrue: t('Yes', 'Oui', 'Sí', 'نعم', '是', 'Да'),
          labelFalse: t('No', 'Non', 'No', 'لا', '否', 'Нет'),
        },
        {
          type: 'matrix',
          name: 'support',
          title: t(
            'How far do you agree with the following statements about our customer service?',
            'Dans quelle mesure êtes-vous d’accord avec les affirmations suivantes sur notre service clientèle ?',
            '¿En qué medida está de acuerdo con las siguientes afirmaciones sobre nuestro servicio de atención al cliente?',
            'إلى أي مدى توافقون على العبارات التالية بشأن خدمة العملاء لدينا؟',
            '您在多大程度上同意以下关于我们客户服务的说法？',
            'Насколько вы согласны со следующими утверждениями о нашей службе поддержки клиентов?',
          ),
          isRequired: true,
          visibleIf: '{contactedSupport} = true',
          rows: [
            {
              value: 'timeliness',
              text: t(
                'I received an answer in good time.',
                'J’ai reçu une réponse dans un délai raisonnable.',
                'Recibí una respuesta en un plazo razonable.',
                'تلقيت ردًا في الوقت المناسب.',
                '我及时得到了答复。',
                'Ответ был получен своевременно.',
              ),
            },
            {
              value: 'clarity',
              text: t(
                'The answer was clear and easy to understand.',
                'La réponse était claire et facile à comprendre.',
                'La respuesta fue clara y fácil de entender.',
                'كان الرد واضحًا وسهل الفهم.',
                '答复清楚易懂。',
                'Ответ был ясным и понятным.',
              ),
            },
            {
              value: 'courtesy',
              text: t(
                'Staff were courteous and professional.',
                'Le personnel s’est montré courtois et professionnel.',
                'El personal fue amable y profesional.',
                'كان الموظفون مهذبين ومهنيين.',
                '工作人员礼貌且专业。',
                'Сотрудники были вежливы и профессиональны.',
              ),
            },
          ],
          columns: [
            {
              value: 1,
              text: t(
                'Strongly disagree',
                'Pas du tout d’accord',
                'Totalmente en desacuerdo',
                'لا أوافق بشدة',
                '非常不同意',
                'Совершенно не согласен',
              ),
            },
            {
              value: 2,
              text: t('Disagree', 'Plutôt pas d’accord', 'En desacuerdo', 'لا أوافق', '不同意', 'Скорее не согласен'),
            },
            {
              value: 3,
              text: t(
                'Neither agree nor disagree',
                'Ni d’accord ni pas d’accord',
                'Ni de acuerdo ni en desacuerdo',
                'محايد',
                '既不同意也不反对',
                'Отношусь нейтрально',
              ),
            },
            {
              value: 4,
              text: t('Agree', 'Plutôt d’accord', 'De acuerdo', 'أوافق', '同意', 'Скорее согласен'),
            },
            {
              value: 5,
              text: t(
                'Strongly agree',
                'Tout à fait d’accord',
                'Totalmente de acuerdo',
                'أوافق بشدة',
                '非常同意',
                'Полностью согласен',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'comments',
      title: t(
        'Further comments',
        'Autres remarques',
        'Otros comentarios',
        'ملاحظات أخرى',
        '其他意见',
        'Дополнительные комментарии',
      ),
      elements: [
        {
          type: 'comment',
          name: 'suggestions',
          title: t(
            'Is there anything else you would like to tell us about our services?',
            'Souhaitez-vous nous faire part d’autres remarques sur nos services ?',
            '¿Hay algo más que quiera comentarnos sobre nuestros servicios?',
            'هل هناك أي شيء آخر تودون إخبارنا به بشأن خدماتنا؟',
            '关于我们的服务，您还有其他想告诉我们的吗？',
            'Хотите ли вы еще что-нибудь сообщить нам о наших услугах?',
          ),
          description: NO_PERSONAL_DATA,
          maxLength: 2000,
        },
      ],
    },
  ],
};

/**
 * A realistic satisfaction survey for filers of an intellectual-property office (PCT, Madrid,
 * Hague), in all six languages, using every question type and two conditions. Each call returns
 * a fresh, validated copy, so callers may change it.
 */
export function sampleSatisfactionQuestionnaire(): Questionnaire {
  const result = validateQuestionnaire(SAMPLE);
  if (!result.ok) {
    throw new Error(`The sample questionnaire is invalid: ${result.errors.map((e) => e.field).join(', ')}`);
  }
  return result.questionnaire;
}
