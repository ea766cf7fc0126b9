import { localize, type Language, type LocalizedText } from '@survey/questionnaire';
import type { Dimension, SuppressionReasonDto } from '../statistics.dto';

/**
 * The fixed wording of the exports (headings, the method note, "suppressed"), in every language a
 * report can be written in. `{name}` placeholders are filled by `text()`.
 */
const TEXTS = {
  report: { en: 'Report', fr: 'Rapport', es: 'Informe', ar: 'تقرير', zh: '报告', ru: 'Отчёт' },
  survey: { en: 'Survey', fr: 'Enquête', es: 'Encuesta', ar: 'الاستبيان', zh: '调查', ru: 'Опрос' },
  draft: {
    en: 'Draft: not published',
    fr: 'Brouillon : non publié',
    es: 'Borrador: no publicado',
    ar: 'مسودة: غير منشورة',
    zh: '草稿：未发布',
    ru: 'Черновик: не опубликован',
  },
  published: {
    en: 'Published',
    fr: 'Publié le',
    es: 'Publicado',
    ar: 'تاريخ النشر',
    zh: '发布日期',
    ru: 'Опубликован',
  },
  generated: { en: 'Computed', fr: 'Calculé le', es: 'Calculado', ar: 'تاريخ الحساب', zh: '计算日期', ru: 'Рассчитан' },
  language: { en: 'Language', fr: 'Langue', es: 'Idioma', ar: 'اللغة', zh: '语言', ru: 'Язык' },
  summary: { en: 'Summary', fr: 'Synthèse', es: 'Resumen', ar: 'ملخص', zh: '摘要', ru: 'Сводка' },
  method: { en: 'Method', fr: 'Méthode', es: 'Método', ar: 'المنهجية', zh: '方法说明', ru: 'Методика' },
  period: { en: 'Period', fr: 'Période', es: 'Período', ar: 'الفترة', zh: '期间', ru: 'Период' },
  periodRange: {
    en: '{from} to {to}',
    fr: 'du {from} au {to}',
    es: 'del {from} al {to}',
    ar: 'من {from} إلى {to}',
    zh: '{from} 至 {to}',
    ru: 'с {from} по {to}',
  },
  periodUntil: {
    en: 'until {to}',
    fr: 'jusqu’au {to}',
    es: 'hasta el {to}',
    ar: 'حتى {to}',
    zh: '截至 {to}',
    ru: 'по {to}',
  },
  noResponses: {
    en: 'no responses',
    fr: 'aucune réponse',
    es: 'ninguna respuesta',
    ar: 'لا توجد ردود',
    zh: '无回复',
    ru: 'нет ответов',
  },
  responses: {
    en: 'Responses (n)',
    fr: 'Réponses (n)',
    es: 'Respuestas (n)',
    ar: 'الردود (n)',
    zh: '回复数 (n)',
    ru: 'Ответы (n)',
  },
  invited: { en: 'Invited', fr: 'Invités', es: 'Invitados', ar: 'المدعوون', zh: '受邀人数', ru: 'Приглашено' },
  responseRate: {
    en: 'Response rate',
    fr: 'Taux de réponse',
    es: 'Tasa de respuesta',
    ar: 'معدل الاستجابة',
    zh: '回复率',
    ru: 'Доля ответивших',
  },
  k: {
    en: 'Minimum group size (k)',
    fr: 'Taille minimale des groupes (k)',
    es: 'Tamaño mínimo de grupo (k)',
    ar: 'الحد الأدنى لحجم المجموعة (k)',
    zh: '最小组规模 (k)',
    ru: 'Минимальный размер группы (k)',
  },
  filters: { en: 'Filters', fr: 'Filtres', es: 'Filtros', ar: 'عوامل التصفية', zh: '筛选条件', ru: 'Фильтры' },
  noFilters: {
    en: 'none (all responses)',
    fr: 'aucun (toutes les réponses)',
    es: 'ninguno (todas las respuestas)',
    ar: 'لا شيء (جميع الردود)',
    zh: '无（全部回复）',
    ru: 'нет (все ответы)',
  },
  campaign: { en: 'campaign', fr: 'campagne', es: 'campaña', ar: 'الحملة', zh: '活动', ru: 'кампания' },
  submittedFrom: {
    en: 'submitted from',
    fr: 'soumises à partir du',
    es: 'enviadas desde',
    ar: 'المرسلة منذ',
    zh: '提交时间自',
    ru: 'отправленные с',
  },
  submittedBefore: {
    en: 'submitted before',
    fr: 'soumises avant le',
    es: 'enviadas antes del',
    ar: 'المرسلة قبل',
    zh: '提交时间早于',
    ru: 'отправленные до',
  },
  suppressionTitle: {
    en: 'Suppressed figures',
    fr: 'Chiffres masqués',
    es: 'Cifras suprimidas',
    ar: 'الأرقام المحجوبة',
    zh: '已隐藏的数字',
    ru: 'Скрытые показатели',
  },
  suppressionIntro: {
    en: 'To protect respondents, this report shows only aggregated figures, and never a figure that could single out a person. A figure marked “{suppressed}” is withheld; it is not zero.',
    fr: 'Pour protéger les répondants, ce rapport ne présente que des chiffres agrégés, et jamais un chiffre qui permettrait d’identifier une personne. Un chiffre marqué « {suppressed} » est retenu ; il ne vaut pas zéro.',
    es: 'Para proteger a los encuestados, este informe solo muestra cifras agregadas y nunca una cifra que permita identificar a una persona. Una cifra marcada como «{suppressed}» se ha retenido; no es cero.',
    ar: 'لحماية المشاركين، لا يعرض هذا التقرير إلا أرقاما مجمعة، ولا يعرض أبدا رقما قد يكشف عن شخص بعينه. الرقم الموسوم بعبارة «{suppressed}» محجوب وليس صفرا.',
    zh: '为保护受访者，本报告仅显示汇总数字，绝不显示可能识别出个人的数字。标为“{suppressed}”的数字已被隐藏，并不等于零。',
    ru: 'Чтобы защитить респондентов, в отчёте приводятся только обобщённые показатели и никогда — показатели, по которым можно узнать конкретного человека. Показатель с пометкой «{suppressed}» скрыт; он не равен нулю.',
  },
  primaryExplained: {
    en: 'Primary suppression: a group, answer or cell counting fewer than {k} respondents is not shown, because so few people could be recognised.',
    fr: 'Masquage primaire : un groupe, une réponse ou une case comptant moins de {k} répondants n’est pas affiché, car si peu de personnes pourraient être reconnues.',
    es: 'Supresión primaria: no se muestra un grupo, respuesta o celda con menos de {k} encuestados, porque tan pocas personas podrían ser reconocidas.',
    ar: 'الحجب الأولي: لا تُعرض أي مجموعة أو إجابة أو خانة يقل عدد المشاركين فيها عن {k}، لأن عددا قليلا كهذا قد يسمح بالتعرف على الأشخاص.',
    zh: '一级隐藏：受访者少于 {k} 人的组、答案或单元格不予显示，因为人数过少可能被识别。',
    ru: 'Первичное скрытие: группа, ответ или ячейка, где меньше {k} респондентов, не показываются, так как столь немногих людей можно узнать.',
  },
  complementaryExplained: {
    en: 'Complementary suppression: some larger figures are also withheld, because otherwise a hidden figure could be worked out by subtracting published figures from a published total.',
    fr: 'Masquage complémentaire : d’autres chiffres, plus grands, sont aussi retenus, car sinon un chiffre masqué pourrait être retrouvé en soustrayant des chiffres publiés d’un total publié.',
    es: 'Supresión complementaria: también se retienen algunas cifras mayores, porque de lo contrario una cifra oculta podría deducirse restando cifras publicadas de un total publicado.',
    ar: 'الحجب التكميلي: تُحجب أيضا بعض الأرقام الأكبر، لأنه بدون ذلك يمكن استنتاج رقم محجوب بطرح الأرقام المنشورة من مجموع منشور.',
    zh: '补充隐藏：部分较大的数字也会被隐藏，否则可以用已公布的合计减去已公布的数字推算出被隐藏的数字。',
    ru: 'Дополнительное скрытие: некоторые более крупные показатели тоже скрыты, иначе скрытый показатель можно было бы вычислить, вычтя опубликованные показатели из опубликованного итога.',
  },
  metricsExplained: {
    en: 'Means are shown with their 95% confidence interval. Top-2-box is the share of answers on the two highest points of a scale (CSAT for satisfaction ratings). NPS is the share of promoters (9–10) minus the share of detractors (0–6), from −100 to +100.',
    fr: 'Les moyennes sont données avec leur intervalle de confiance à 95 %. Le top-2-box est la part des réponses sur les deux plus hauts points d’une échelle (CSAT pour les notes de satisfaction). Le NPS est la part des promoteurs (9–10) moins celle des détracteurs (0–6), de −100 à +100.',
    es: 'Las medias se muestran con su intervalo de confianza del 95 %. El top-2-box es la proporción de respuestas en los dos puntos más altos de una escala (CSAT en las valoraciones de satisfacción). El NPS es la proporción de promotores (9–10) menos la de detractores (0–6), de −100 a +100.',
    ar: 'تُعرض المتوسطات مع فترة الثقة 95%. مؤشر أعلى خانتين هو نسبة الإجابات على أعلى نقطتين في المقياس (CSAT لتقييمات الرضا). صافي نقاط الترويج (NPS) هو نسبة المروجين (9–10) مطروحا منها نسبة المنتقدين (0–6)، من −100 إلى +100.',
    zh: '平均值附有 95% 置信区间。Top-2-box 指选择量表最高两档的回答比例（满意度评分即 CSAT）。NPS 为推荐者 (9–10) 比例减去贬损者 (0–6) 比例，范围为 −100 至 +100。',
    ru: 'Средние приводятся с 95-процентным доверительным интервалом. Top-2-box — доля ответов в двух высших баллах шкалы (CSAT для оценок удовлетворённости). NPS — доля промоутеров (9–10) минус доля критиков (0–6), от −100 до +100.',
  },
  suppressed: { en: 'suppressed', fr: 'masqué', es: 'suprimido', ar: 'محجوب', zh: '已隐藏', ru: 'скрыто' },
  primary: {
    en: 'fewer than {k} respondents (primary suppression)',
    fr: 'moins de {k} répondants (masquage primaire)',
    es: 'menos de {k} encuestados (supresión primaria)',
    ar: 'أقل من {k} مشاركين (حجب أولي)',
    zh: '受访者少于 {k} 人（一级隐藏）',
    ru: 'меньше {k} респондентов (первичное скрытие)',
  },
  complementary: {
    en: 'withheld so that a small figure cannot be worked out (complementary suppression)',
    fr: 'retenu pour qu’un petit chiffre ne puisse pas être retrouvé (masquage complémentaire)',
    es: 'retenido para que no pueda deducirse una cifra pequeña (supresión complementaria)',
    ar: 'محجوب حتى لا يمكن استنتاج رقم صغير (حجب تكميلي)',
    zh: '为防止推算出小数字而隐藏（补充隐藏）',
    ru: 'скрыто, чтобы нельзя было вычислить малый показатель (дополнительное скрытие)',
  },
  composition: {
    en: 'withheld because, with reports published before, it could single someone out (composition)',
    fr: 'retenu car, avec les rapports publiés auparavant, il pourrait permettre d’identifier quelqu’un (composition)',
    es: 'retenido porque, junto con los informes publicados antes, podría identificar a alguien (composición)',
    ar: 'محجوب لأنه، مع التقارير المنشورة سابقا، قد يكشف عن شخص بعينه (تركيب)',
    zh: '因与此前发布的报告结合可能识别出个人而隐藏（组合）',
    ru: 'скрыто, так как вместе с ранее опубликованными отчётами могло бы указать на человека (композиция)',
  },
  compositionExplained: {
    en: 'Reports published together: a figure is also withheld when, set beside the reports of this survey published before (by subtracting one period or campaign from another), it would describe fewer than {k} respondents. In groups, ratings show the NPS or top-2-box share; the mean is given overall.',
    fr: 'Rapports publiés ensemble : un chiffre est aussi retenu lorsque, rapproché des rapports de cette enquête publiés auparavant (en soustrayant une période ou une campagne d’une autre), il décrirait moins de {k} répondants. Dans les groupes, les notes sont données en NPS ou en top-2-box ; la moyenne est donnée pour l’ensemble.',
    es: 'Informes publicados juntos: una cifra también se retiene cuando, puesta junto a los informes de esta encuesta publicados antes (restando un periodo o una campaña de otro), describiría a menos de {k} encuestados. En los grupos, las valoraciones muestran el NPS o el top-2-box; la media se da para el conjunto.',
    ar: 'التقارير المنشورة معا: يُحجب الرقم أيضا إذا كان، عند وضعه بجانب تقارير هذا الاستبيان المنشورة سابقا (بطرح فترة أو حملة من أخرى)، يصف أقل من {k} مشاركين. في المجموعات تُعرض التقييمات بصافي نقاط الترويج أو بمؤشر أعلى خانتين؛ ويُعرض المتوسط للمجموع.',
    zh: '多份报告共同发布：若某数字与本调查此前发布的报告并列（将一个时段或活动减去另一个）会描述少于 {k} 名受访者，该数字也会被隐藏。在各组中，评分显示 NPS 或 Top-2-box；平均值仅显示总体。',
    ru: 'Отчёты, опубликованные вместе: показатель также скрывается, если рядом с ранее опубликованными отчётами этого опроса (вычитая один период или кампанию из другого) он описывал бы меньше {k} респондентов. В группах оценки показаны как NPS или top-2-box; среднее приводится по всей выборке.',
  },
  questions: { en: 'Questions', fr: 'Questions', es: 'Preguntas', ar: 'الأسئلة', zh: '问题', ru: 'Вопросы' },
  overallResults: {
    en: 'Overall results',
    fr: 'Résultats d’ensemble',
    es: 'Resultados generales',
    ar: 'النتائج الإجمالية',
    zh: '总体结果',
    ru: 'Общие результаты',
  },
  distributions: {
    en: 'Answers by question',
    fr: 'Réponses par question',
    es: 'Respuestas por pregunta',
    ar: 'الإجابات حسب السؤال',
    zh: '各问题的回答',
    ru: 'Ответы по вопросам',
  },
  question: { en: 'Question', fr: 'Question', es: 'Pregunta', ar: 'السؤال', zh: '问题', ru: 'Вопрос' },
  answer: { en: 'Answer', fr: 'Réponse', es: 'Respuesta', ar: 'الإجابة', zh: '回答', ru: 'Ответ' },
  count: { en: 'Count', fr: 'Effectif', es: 'Recuento', ar: 'العدد', zh: '人数', ru: 'Число' },
  share: { en: 'Share', fr: 'Part', es: 'Proporción', ar: 'النسبة', zh: '占比', ru: 'Доля' },
  n: { en: 'n', fr: 'n', es: 'n', ar: 'n', zh: 'n', ru: 'n' },
  mean: { en: 'Mean', fr: 'Moyenne', es: 'Media', ar: 'المتوسط', zh: '平均值', ru: 'Среднее' },
  standardDeviation: {
    en: 'Std. deviation',
    fr: 'Écart-type',
    es: 'Desv. estándar',
    ar: 'الانحراف المعياري',
    zh: '标准差',
    ru: 'Станд. отклонение',
  },
  ci: { en: '95% CI', fr: 'IC 95 %', es: 'IC 95 %', ar: 'فترة ثقة 95%', zh: '95% 置信区间', ru: '95% ДИ' },
  ciLow: {
    en: '95% CI low',
    fr: 'IC 95 % bas',
    es: 'IC 95 % inferior',
    ar: 'الحد الأدنى',
    zh: '置信下限',
    ru: 'ДИ нижн.',
  },
  ciHigh: {
    en: '95% CI high',
    fr: 'IC 95 % haut',
    es: 'IC 95 % superior',
    ar: 'الحد الأعلى',
    zh: '置信上限',
    ru: 'ДИ верхн.',
  },
  topTwoBox: { en: 'Top-2-box', fr: 'Top-2-box', es: 'Top-2-box', ar: 'أعلى خانتين', zh: 'Top-2-box', ru: 'Top-2-box' },
  nps: { en: 'NPS', fr: 'NPS', es: 'NPS', ar: 'NPS', zh: 'NPS', ru: 'NPS' },
  promoters: { en: 'Promoters', fr: 'Promoteurs', es: 'Promotores', ar: 'المروجون', zh: '推荐者', ru: 'Промоутеры' },
  passives: { en: 'Passives', fr: 'Passifs', es: 'Pasivos', ar: 'المحايدون', zh: '被动者', ru: 'Нейтралы' },
  detractors: { en: 'Detractors', fr: 'Détracteurs', es: 'Detractores', ar: 'المنتقدون', zh: '贬损者', ru: 'Критики' },
  npsScore: {
    en: 'NPS {score}',
    fr: 'NPS {score}',
    es: 'NPS {score}',
    ar: 'NPS {score}',
    zh: 'NPS {score}',
    ru: 'NPS {score}',
  },
  respondents: {
    en: 'Respondents',
    fr: 'Répondants',
    es: 'Encuestados',
    ar: 'المشاركون',
    zh: '受访者',
    ru: 'Респонденты',
  },
  group: { en: 'Group', fr: 'Groupe', es: 'Grupo', ar: 'المجموعة', zh: '组', ru: 'Группа' },
  total: { en: 'Total', fr: 'Total', es: 'Total', ar: 'المجموع', zh: '合计', ru: 'Итого' },
  breakdownBy: {
    en: 'By {dimension}',
    fr: 'Par {dimension}',
    es: 'Por {dimension}',
    ar: 'حسب {dimension}',
    zh: '按{dimension}',
    ru: 'По признаку «{dimension}»',
  },
  crosstab: {
    en: '{rows} × {columns}',
    fr: '{rows} × {columns}',
    es: '{rows} × {columns}',
    ar: '{rows} × {columns}',
    zh: '{rows} × {columns}',
    ru: '{rows} × {columns}',
  },
  respondentsByCell: {
    en: 'Respondents by {rows} and {columns}',
    fr: 'Répondants par {rows} et {columns}',
    es: 'Encuestados por {rows} y {columns}',
    ar: 'المشاركون حسب {rows} و{columns}',
    zh: '按{rows}和{columns}划分的受访者',
    ru: 'Респонденты по признакам «{rows}» и «{columns}»',
  },
  answeredNote: {
    en: 'n: respondents who answered the question in the group.',
    fr: 'n : répondants du groupe ayant répondu à la question.',
    es: 'n: encuestados del grupo que respondieron a la pregunta.',
    ar: 'n: عدد المشاركين في المجموعة الذين أجابوا عن السؤال.',
    zh: 'n：组内回答该问题的受访者人数。',
    ru: 'n — число респондентов группы, ответивших на вопрос.',
  },
  multipleNote: {
    en: 'Several answers possible: shares are of those who answered.',
    fr: 'Plusieurs réponses possibles : les parts sont calculées sur ceux qui ont répondu.',
    es: 'Varias respuestas posibles: las proporciones son sobre quienes respondieron.',
    ar: 'يمكن اختيار أكثر من إجابة: النسب محسوبة من الذين أجابوا.',
    zh: '可多选：占比以作答人数为基数。',
    ru: 'Можно выбрать несколько ответов: доли считаются от ответивших.',
  },
  legend: { en: 'Legend', fr: 'Légende', es: 'Leyenda', ar: 'مفتاح الرموز', zh: '图例', ru: 'Условные обозначения' },
  reason: { en: 'Reason', fr: 'Motif', es: 'Motivo', ar: 'السبب', zh: '原因', ru: 'Причина' },
  page: {
    en: 'Page {page} of {pages}',
    fr: 'Page {page} sur {pages}',
    es: 'Página {page} de {pages}',
    ar: 'الصفحة {page} من {pages}',
    zh: '第 {page} 页，共 {pages} 页',
    ru: 'Страница {page} из {pages}',
  },
} satisfies Record<string, Required<LocalizedText>>;

export type TextKey = keyof typeof TEXTS;

const DIMENSION_NAMES: Record<Dimension, Required<LocalizedText>> = {
  country: { en: 'country', fr: 'pays', es: 'país', ar: 'البلد', zh: '国家/地区', ru: 'страна' },
  segment: { en: 'segment', fr: 'segment', es: 'segmento', ar: 'الفئة', zh: '类别', ru: 'сегмент' },
  role: { en: 'role', fr: 'rôle', es: 'función', ar: 'الدور', zh: '角色', ru: 'роль' },
  relationshipBand: {
    en: 'length of relationship',
    fr: 'ancienneté de la relation',
    es: 'antigüedad de la relación',
    ar: 'مدة العلاقة',
    zh: '合作时长',
    ru: 'длительность отношений',
  },
};

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
  zh: '中文',
  ru: 'Русский',
};

/** A fixed text in `language`, with `{name}` placeholders replaced by `values`. */
export function text(key: TextKey, language: Language, values: Record<string, string | number> = {}): string {
  return localize(TEXTS[key], language).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The name of a breakdown dimension in running text ("country", "pays"). */
export function dimensionName(dimension: Dimension, language: Language): string {
  return localize(DIMENSION_NAMES[dimension], language);
}

/** The name of a breakdown dimension as a heading ("Country", "Pays"). */
export function dimensionHeading(dimension: Dimension, language: Language): string {
  const name = dimensionName(dimension, language);
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

export function languageName(language: Language): string {
  return LANGUAGE_NAMES[language];
}

/** Why a figure is suppressed, in words. */
export function suppressionReasonText(reason: SuppressionReasonDto, k: number, language: Language): string {
  return text(reason, language, { k });
}

/**
 * The locale numbers and dates are written in. Arabic keeps Latin digits: the report's figures
 * stay the same characters in every language, and the PDF writer orders them left to right.
 */
export function numberLocale(language: Language): string {
  return language === 'ar' ? 'ar-u-nu-latn' : language;
}

export interface Formatters {
  integer(value: number): string;
  decimal(value: number, digits?: number): string;
  percent(value: number): string;
  signed(value: number): string;
  date(iso: string): string;
}

export function formatters(language: Language): Formatters {
  const locale = numberLocale(language);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    integer: (value) => integer.format(value),
    decimal: (value, digits = 2) => {
      let format = decimals.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        decimals.set(digits, format);
      }
      return format.format(value);
    },
    percent: (value) => percent.format(value),
    signed: (value) => signed.format(Math.round(value)),
    date: (iso) => date.format(new Date(iso)),
  };
}
