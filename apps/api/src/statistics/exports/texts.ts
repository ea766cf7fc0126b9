import type { Catalogue } from '@survey/messages';
import type { Language } from '@survey/questionnaire';
import type { Dimension, SuppressionReasonDto } from '../statistics.dto';

/**
 * The fixed wording of the exports (headings, the method note, "suppressed"), in every language a
 * report can be written in. `{name}` placeholders are filled by `text()`.
 */
const EN = {
  report: 'Report',
  survey: 'Survey',
  draft: 'Draft: not published',
  published: 'Published',
  generated: 'Computed',
  language: 'Language',
  summary: 'Summary',
  method: 'Method',
  period: 'Period',
  periodRange: '{from} to {to}',
  periodUntil: 'until {to}',
  noResponses: 'no responses',
  responses: 'Responses (n)',
  invited: 'Invited',
  responseRate: 'Response rate',
  k: 'Minimum group size (k)',
  filters: 'Filters',
  noFilters: 'none (all responses)',
  campaign: 'campaign',
  submittedFrom: 'submitted from',
  submittedBefore: 'submitted before',
  suppressionTitle: 'Suppressed figures',
  suppressionIntro:
    'To protect respondents, this report shows only aggregated figures, and never a figure that could single out a person. A figure marked “{suppressed}” is withheld; it is not zero.',
  primaryExplained:
    'Primary suppression: a group, answer or cell counting fewer than {k} respondents is not shown, because so few people could be recognised.',
  complementaryExplained:
    'Complementary suppression: some larger figures are also withheld, because otherwise a hidden figure could be worked out by subtracting published figures from a published total.',
  metricsExplained:
    'Means are shown with their 95% confidence interval. Top-2-box is the share of answers on the two highest points of a scale (CSAT for satisfaction ratings). NPS is the share of promoters (9–10) minus the share of detractors (0–6), from −100 to +100.',
  suppressed: 'suppressed',
  primary: 'fewer than {k} respondents (primary suppression)',
  complementary: 'withheld so that a small figure cannot be worked out (complementary suppression)',
  composition: 'withheld because, with reports published before, it could single someone out (composition)',
  compositionExplained:
    'Reports published together: a figure is also withheld when, set beside the reports of this survey published before (by subtracting one period or campaign from another), it would describe fewer than {k} respondents. In groups, ratings show the NPS or top-2-box share; the mean is given overall.',
  questions: 'Questions',
  overallResults: 'Overall results',
  distributions: 'Answers by question',
  question: 'Question',
  answer: 'Answer',
  count: 'Count',
  share: 'Share',
  n: 'n',
  mean: 'Mean',
  standardDeviation: 'Std. deviation',
  ci: '95% CI',
  ciLow: '95% CI low',
  ciHigh: '95% CI high',
  topTwoBox: 'Top-2-box',
  nps: 'NPS',
  promoters: 'Promoters',
  passives: 'Passives',
  detractors: 'Detractors',
  q1: 'First quartile',
  median: 'Median',
  q3: 'Third quartile',
  firstChoiceShare: 'Ranked first',
  npsScore: 'NPS {score}',
  headline: 'Headline figures',
  csat: 'CSAT',
  npsOf: 'Net Promoter Score: {question}',
  npsWithheld: 'The NPS is {suppressed} in this report: some of its answer counts are too small to show.',
  respondents: 'Respondents',
  group: 'Group',
  total: 'Total',
  breakdownBy: 'By {dimension}',
  crosstab: '{rows} × {columns}',
  respondentsByCell: 'Respondents by {rows} and {columns}',
  answeredNote: 'n: respondents who answered the question in the group.',
  multipleNote: 'Several answers possible: shares are of those who answered.',
  legend: 'Legend',
  reason: 'Reason',
  page: 'Page {page} of {pages}',
  measures: 'Numbers and dates',
  monthFrom: 'From (month)',
  monthTo: 'To (month)',
  measuresExplained:
    'Numbers and dates: for a number, the mean, the median and the quartiles of the answers (never the smallest or largest answer, which belong to one person); for a date, the range from the month of the {k}th earliest answer to the month of the {k}th latest, so that each end covers at least {k} respondents. Shown for all respondents, not by group.',
};

export type TextKey = keyof typeof EN;

export const TEXTS: Catalogue<Record<TextKey, string>> = {
  en: EN,
  fr: {
    report: 'Rapport',
    survey: 'Enquête',
    draft: 'Brouillon : non publié',
    published: 'Publié le',
    generated: 'Calculé le',
    language: 'Langue',
    summary: 'Synthèse',
    method: 'Méthode',
    period: 'Période',
    periodRange: 'du {from} au {to}',
    periodUntil: 'jusqu’au {to}',
    noResponses: 'aucune réponse',
    responses: 'Réponses (n)',
    invited: 'Invités',
    responseRate: 'Taux de réponse',
    k: 'Taille minimale des groupes (k)',
    filters: 'Filtres',
    noFilters: 'aucun (toutes les réponses)',
    campaign: 'campagne',
    submittedFrom: 'soumises à partir du',
    submittedBefore: 'soumises avant le',
    suppressionTitle: 'Chiffres masqués',
    suppressionIntro:
      'Pour protéger les répondants, ce rapport ne présente que des chiffres agrégés, et jamais un chiffre qui permettrait d’identifier une personne. Un chiffre marqué « {suppressed} » est retenu ; il ne vaut pas zéro.',
    primaryExplained:
      'Masquage primaire : un groupe, une réponse ou une case comptant moins de {k} répondants n’est pas affiché, car si peu de personnes pourraient être reconnues.',
    complementaryExplained:
      'Masquage complémentaire : d’autres chiffres, plus grands, sont aussi retenus, car sinon un chiffre masqué pourrait être retrouvé en soustrayant des chiffres publiés d’un total publié.',
    metricsExplained:
      'Les moyennes sont données avec leur intervalle de confiance à 95 %. Le top-2-box est la part des réponses sur les deux plus hauts points d’une échelle (CSAT pour les notes de satisfaction). Le NPS est la part des promoteurs (9–10) moins celle des détracteurs (0–6), de −100 à +100.',
    suppressed: 'masqué',
    primary: 'moins de {k} répondants (masquage primaire)',
    complementary: 'retenu pour qu’un petit chiffre ne puisse pas être retrouvé (masquage complémentaire)',
    composition:
      'retenu car, avec les rapports publiés auparavant, il pourrait permettre d’identifier quelqu’un (composition)',
    compositionExplained:
      'Rapports publiés ensemble : un chiffre est aussi retenu lorsque, rapproché des rapports de cette enquête publiés auparavant (en soustrayant une période ou une campagne d’une autre), il décrirait moins de {k} répondants. Dans les groupes, les notes sont données en NPS ou en top-2-box ; la moyenne est donnée pour l’ensemble.',
    questions: 'Questions',
    overallResults: 'Résultats d’ensemble',
    distributions: 'Réponses par question',
    question: 'Question',
    answer: 'Réponse',
    count: 'Effectif',
    share: 'Part',
    n: 'n',
    mean: 'Moyenne',
    standardDeviation: 'Écart-type',
    ci: 'IC 95 %',
    ciLow: 'IC 95 % bas',
    ciHigh: 'IC 95 % haut',
    topTwoBox: 'Top-2-box',
    nps: 'NPS',
    promoters: 'Promoteurs',
    passives: 'Passifs',
    detractors: 'Détracteurs',
    q1: 'Premier quartile',
    median: 'Médiane',
    q3: 'Troisième quartile',
    firstChoiceShare: 'Classé premier',
    npsScore: 'NPS {score}',
    headline: 'Chiffres clés',
    csat: 'CSAT',
    npsOf: 'Net Promoter Score : {question}',
    npsWithheld:
      'Le NPS est {suppressed} dans ce rapport : certains de ses effectifs de réponses sont trop petits pour être montrés.',
    respondents: 'Répondants',
    group: 'Groupe',
    total: 'Total',
    breakdownBy: 'Par {dimension}',
    crosstab: '{rows} × {columns}',
    respondentsByCell: 'Répondants par {rows} et {columns}',
    answeredNote: 'n : répondants du groupe ayant répondu à la question.',
    multipleNote: 'Plusieurs réponses possibles : les parts sont calculées sur ceux qui ont répondu.',
    legend: 'Légende',
    reason: 'Motif',
    page: 'Page {page} sur {pages}',
    measures: 'Nombres et dates',
    monthFrom: 'Du (mois)',
    monthTo: 'Au (mois)',
    measuresExplained:
      'Nombres et dates : pour un nombre, la moyenne, la médiane et les quartiles des réponses (jamais la plus petite ni la plus grande réponse, qui appartiennent à une seule personne) ; pour une date, l’intervalle du mois de la {k}e réponse la plus ancienne au mois de la {k}e plus récente, de sorte que chaque borne couvre au moins {k} répondants. Donnés pour l’ensemble des répondants, non par groupe.',
  },
  es: {
    report: 'Informe',
    survey: 'Encuesta',
    draft: 'Borrador: no publicado',
    published: 'Publicado',
    generated: 'Calculado',
    language: 'Idioma',
    summary: 'Resumen',
    method: 'Método',
    period: 'Período',
    periodRange: 'del {from} al {to}',
    periodUntil: 'hasta el {to}',
    noResponses: 'ninguna respuesta',
    responses: 'Respuestas (n)',
    invited: 'Invitados',
    responseRate: 'Tasa de respuesta',
    k: 'Tamaño mínimo de grupo (k)',
    filters: 'Filtros',
    noFilters: 'ninguno (todas las respuestas)',
    campaign: 'campaña',
    submittedFrom: 'enviadas desde',
    submittedBefore: 'enviadas antes del',
    suppressionTitle: 'Cifras suprimidas',
    suppressionIntro:
      'Para proteger a los encuestados, este informe solo muestra cifras agregadas y nunca una cifra que permita identificar a una persona. Una cifra marcada como «{suppressed}» se ha retenido; no es cero.',
    primaryExplained:
      'Supresión primaria: no se muestra un grupo, respuesta o celda con menos de {k} encuestados, porque tan pocas personas podrían ser reconocidas.',
    complementaryExplained:
      'Supresión complementaria: también se retienen algunas cifras mayores, porque de lo contrario una cifra oculta podría deducirse restando cifras publicadas de un total publicado.',
    metricsExplained:
      'Las medias se muestran con su intervalo de confianza del 95 %. El top-2-box es la proporción de respuestas en los dos puntos más altos de una escala (CSAT en las valoraciones de satisfacción). El NPS es la proporción de promotores (9–10) menos la de detractores (0–6), de −100 a +100.',
    suppressed: 'suprimido',
    primary: 'menos de {k} encuestados (supresión primaria)',
    complementary: 'retenido para que no pueda deducirse una cifra pequeña (supresión complementaria)',
    composition: 'retenido porque, junto con los informes publicados antes, podría identificar a alguien (composición)',
    compositionExplained:
      'Informes publicados juntos: una cifra también se retiene cuando, puesta junto a los informes de esta encuesta publicados antes (restando un periodo o una campaña de otro), describiría a menos de {k} encuestados. En los grupos, las valoraciones muestran el NPS o el top-2-box; la media se da para el conjunto.',
    questions: 'Preguntas',
    overallResults: 'Resultados generales',
    distributions: 'Respuestas por pregunta',
    question: 'Pregunta',
    answer: 'Respuesta',
    count: 'Recuento',
    share: 'Proporción',
    n: 'n',
    mean: 'Media',
    standardDeviation: 'Desv. estándar',
    ci: 'IC 95 %',
    ciLow: 'IC 95 % inferior',
    ciHigh: 'IC 95 % superior',
    topTwoBox: 'Top-2-box',
    nps: 'NPS',
    promoters: 'Promotores',
    passives: 'Pasivos',
    detractors: 'Detractores',
    q1: 'Primer cuartil',
    median: 'Mediana',
    q3: 'Tercer cuartil',
    firstChoiceShare: 'En primer lugar',
    npsScore: 'NPS {score}',
    headline: 'Cifras clave',
    csat: 'CSAT',
    npsOf: 'Net Promoter Score: {question}',
    npsWithheld:
      'El NPS está {suppressed} en este informe: algunos de sus recuentos de respuestas son demasiado pequeños para mostrarse.',
    respondents: 'Encuestados',
    group: 'Grupo',
    total: 'Total',
    breakdownBy: 'Por {dimension}',
    crosstab: '{rows} × {columns}',
    respondentsByCell: 'Encuestados por {rows} y {columns}',
    answeredNote: 'n: encuestados del grupo que respondieron a la pregunta.',
    multipleNote: 'Varias respuestas posibles: las proporciones son sobre quienes respondieron.',
    legend: 'Leyenda',
    reason: 'Motivo',
    page: 'Página {page} de {pages}',
    measures: 'Números y fechas',
    monthFrom: 'Desde (mes)',
    monthTo: 'Hasta (mes)',
    measuresExplained:
      'Números y fechas: para un número, la media, la mediana y los cuartiles de las respuestas (nunca la respuesta más pequeña ni la más grande, que pertenecen a una sola persona); para una fecha, el intervalo desde el mes de la {k}.ª respuesta más antigua hasta el de la {k}.ª más reciente, de modo que cada extremo abarque al menos {k} encuestados. Se dan para todos los encuestados, no por grupo.',
  },
  ar: {
    report: 'تقرير',
    survey: 'الاستبيان',
    draft: 'مسودة: غير منشورة',
    published: 'تاريخ النشر',
    generated: 'تاريخ الحساب',
    language: 'اللغة',
    summary: 'ملخص',
    method: 'المنهجية',
    period: 'الفترة',
    periodRange: 'من {from} إلى {to}',
    periodUntil: 'حتى {to}',
    noResponses: 'لا توجد ردود',
    responses: 'الردود (n)',
    invited: 'المدعوون',
    responseRate: 'معدل الاستجابة',
    k: 'الحد الأدنى لحجم المجموعة (k)',
    filters: 'عوامل التصفية',
    noFilters: 'لا شيء (جميع الردود)',
    campaign: 'الحملة',
    submittedFrom: 'المرسلة منذ',
    submittedBefore: 'المرسلة قبل',
    suppressionTitle: 'الأرقام المحجوبة',
    suppressionIntro:
      'لحماية المشاركين، لا يعرض هذا التقرير إلا أرقاما مجمعة، ولا يعرض أبدا رقما قد يكشف عن شخص بعينه. الرقم الموسوم بعبارة «{suppressed}» محجوب وليس صفرا.',
    primaryExplained:
      'الحجب الأولي: لا تُعرض أي مجموعة أو إجابة أو خانة يقل عدد المشاركين فيها عن {k}، لأن عددا قليلا كهذا قد يسمح بالتعرف على الأشخاص.',
    complementaryExplained:
      'الحجب التكميلي: تُحجب أيضا بعض الأرقام الأكبر، لأنه بدون ذلك يمكن استنتاج رقم محجوب بطرح الأرقام المنشورة من مجموع منشور.',
    metricsExplained:
      'تُعرض المتوسطات مع فترة الثقة 95%. مؤشر أعلى خانتين هو نسبة الإجابات على أعلى نقطتين في المقياس (CSAT لتقييمات الرضا). صافي نقاط الترويج (NPS) هو نسبة المروجين (9–10) مطروحا منها نسبة المنتقدين (0–6)، من −100 إلى +100.',
    suppressed: 'محجوب',
    primary: 'أقل من {k} مشاركين (حجب أولي)',
    complementary: 'محجوب حتى لا يمكن استنتاج رقم صغير (حجب تكميلي)',
    composition: 'محجوب لأنه، مع التقارير المنشورة سابقا، قد يكشف عن شخص بعينه (تركيب)',
    compositionExplained:
      'التقارير المنشورة معا: يُحجب الرقم أيضا إذا كان، عند وضعه بجانب تقارير هذا الاستبيان المنشورة سابقا (بطرح فترة أو حملة من أخرى)، يصف أقل من {k} مشاركين. في المجموعات تُعرض التقييمات بصافي نقاط الترويج أو بمؤشر أعلى خانتين؛ ويُعرض المتوسط للمجموع.',
    questions: 'الأسئلة',
    overallResults: 'النتائج الإجمالية',
    distributions: 'الإجابات حسب السؤال',
    question: 'السؤال',
    answer: 'الإجابة',
    count: 'العدد',
    share: 'النسبة',
    n: 'n',
    mean: 'المتوسط',
    standardDeviation: 'الانحراف المعياري',
    ci: 'فترة ثقة 95%',
    ciLow: 'الحد الأدنى',
    ciHigh: 'الحد الأعلى',
    topTwoBox: 'أعلى خانتين',
    nps: 'NPS',
    promoters: 'المروجون',
    passives: 'المحايدون',
    detractors: 'المنتقدون',
    q1: 'الربيع الأول',
    median: 'الوسيط',
    q3: 'الربيع الثالث',
    firstChoiceShare: 'في المرتبة الأولى',
    npsScore: 'NPS {score}',
    headline: 'الأرقام الرئيسية',
    csat: 'CSAT',
    npsOf: 'صافي نقاط الترويج (NPS): {question}',
    npsWithheld: 'صافي نقاط الترويج {suppressed} في هذا التقرير: بعض أعداد إجاباته أصغر من أن تُعرض.',
    respondents: 'المشاركون',
    group: 'المجموعة',
    total: 'المجموع',
    breakdownBy: 'حسب {dimension}',
    crosstab: '{rows} × {columns}',
    respondentsByCell: 'المشاركون حسب {rows} و{columns}',
    answeredNote: 'n: عدد المشاركين في المجموعة الذين أجابوا عن السؤال.',
    multipleNote: 'يمكن اختيار أكثر من إجابة: النسب محسوبة من الذين أجابوا.',
    legend: 'مفتاح الرموز',
    reason: 'السبب',
    page: 'الصفحة {page} من {pages}',
    measures: 'الأرقام والتواريخ',
    monthFrom: 'من (الشهر)',
    monthTo: 'إلى (الشهر)',
    measuresExplained:
      'الأرقام والتواريخ: للرقم، المتوسط والوسيط والربيعيات للإجابات (وليس أصغر إجابة أو أكبرها أبدًا، فهي تخص شخصًا واحدًا)؛ وللتاريخ، المدى من شهر الإجابة رقم {k} الأقدم إلى شهر الإجابة رقم {k} الأحدث، بحيث يغطي كل طرف {k} مجيبين على الأقل. تُعرض لجميع المجيبين، لا حسب المجموعة.',
  },
  zh: {
    report: '报告',
    survey: '调查',
    draft: '草稿：未发布',
    published: '发布日期',
    generated: '计算日期',
    language: '语言',
    summary: '摘要',
    method: '方法说明',
    period: '期间',
    periodRange: '{from} 至 {to}',
    periodUntil: '截至 {to}',
    noResponses: '无回复',
    responses: '回复数 (n)',
    invited: '受邀人数',
    responseRate: '回复率',
    k: '最小组规模 (k)',
    filters: '筛选条件',
    noFilters: '无（全部回复）',
    campaign: '活动',
    submittedFrom: '提交时间自',
    submittedBefore: '提交时间早于',
    suppressionTitle: '已隐藏的数字',
    suppressionIntro:
      '为保护受访者，本报告仅显示汇总数字，绝不显示可能识别出个人的数字。标为“{suppressed}”的数字已被隐藏，并不等于零。',
    primaryExplained: '一级隐藏：受访者少于 {k} 人的组、答案或单元格不予显示，因为人数过少可能被识别。',
    complementaryExplained:
      '补充隐藏：部分较大的数字也会被隐藏，否则可以用已公布的合计减去已公布的数字推算出被隐藏的数字。',
    metricsExplained:
      '平均值附有 95% 置信区间。Top-2-box 指选择量表最高两档的回答比例（满意度评分即 CSAT）。NPS 为推荐者 (9–10) 比例减去贬损者 (0–6) 比例，范围为 −100 至 +100。',
    suppressed: '已隐藏',
    primary: '受访者少于 {k} 人（一级隐藏）',
    complementary: '为防止推算出小数字而隐藏（补充隐藏）',
    composition: '因与此前发布的报告结合可能识别出个人而隐藏（组合）',
    compositionExplained:
      '多份报告共同发布：若某数字与本调查此前发布的报告并列（将一个时段或活动减去另一个）会描述少于 {k} 名受访者，该数字也会被隐藏。在各组中，评分显示 NPS 或 Top-2-box；平均值仅显示总体。',
    questions: '问题',
    overallResults: '总体结果',
    distributions: '各问题的回答',
    question: '问题',
    answer: '回答',
    count: '人数',
    share: '占比',
    n: 'n',
    mean: '平均值',
    standardDeviation: '标准差',
    ci: '95% 置信区间',
    ciLow: '置信下限',
    ciHigh: '置信上限',
    topTwoBox: 'Top-2-box',
    nps: 'NPS',
    promoters: '推荐者',
    passives: '被动者',
    detractors: '贬损者',
    q1: '第一四分位数',
    median: '中位数',
    q3: '第三四分位数',
    firstChoiceShare: '排名第一',
    npsScore: 'NPS {score}',
    headline: '主要数据',
    csat: 'CSAT',
    npsOf: '净推荐值 (NPS)：{question}',
    npsWithheld: '本报告中 NPS {suppressed}：其部分答案计数太小，无法显示。',
    respondents: '受访者',
    group: '组',
    total: '合计',
    breakdownBy: '按{dimension}',
    crosstab: '{rows} × {columns}',
    respondentsByCell: '按{rows}和{columns}划分的受访者',
    answeredNote: 'n：组内回答该问题的受访者人数。',
    multipleNote: '可多选：占比以作答人数为基数。',
    legend: '图例',
    reason: '原因',
    page: '第 {page} 页，共 {pages} 页',
    measures: '数字和日期',
    monthFrom: '起（月份）',
    monthTo: '止（月份）',
    measuresExplained:
      '数字和日期：数字给出答案的平均值、中位数和四分位数（从不给出最小或最大的答案，因为它们属于某一个人）；日期给出从第 {k} 早的答案所在月份到第 {k} 晚的答案所在月份的范围，使每一端至少涵盖 {k} 名受访者。仅针对全体受访者，不按群组给出。',
  },
  ru: {
    report: 'Отчёт',
    survey: 'Опрос',
    draft: 'Черновик: не опубликован',
    published: 'Опубликован',
    generated: 'Рассчитан',
    language: 'Язык',
    summary: 'Сводка',
    method: 'Методика',
    period: 'Период',
    periodRange: 'с {from} по {to}',
    periodUntil: 'по {to}',
    noResponses: 'нет ответов',
    responses: 'Ответы (n)',
    invited: 'Приглашено',
    responseRate: 'Доля ответивших',
    k: 'Минимальный размер группы (k)',
    filters: 'Фильтры',
    noFilters: 'нет (все ответы)',
    campaign: 'кампания',
    submittedFrom: 'отправленные с',
    submittedBefore: 'отправленные до',
    suppressionTitle: 'Скрытые показатели',
    suppressionIntro:
      'Чтобы защитить респондентов, в отчёте приводятся только обобщённые показатели и никогда — показатели, по которым можно узнать конкретного человека. Показатель с пометкой «{suppressed}» скрыт; он не равен нулю.',
    primaryExplained:
      'Первичное скрытие: группа, ответ или ячейка, где меньше {k} респондентов, не показываются, так как столь немногих людей можно узнать.',
    complementaryExplained:
      'Дополнительное скрытие: некоторые более крупные показатели тоже скрыты, иначе скрытый показатель можно было бы вычислить, вычтя опубликованные показатели из опубликованного итога.',
    metricsExplained:
      'Средние приводятся с 95-процентным доверительным интервалом. Top-2-box — доля ответов в двух высших баллах шкалы (CSAT для оценок удовлетворённости). NPS — доля промоутеров (9–10) минус доля критиков (0–6), от −100 до +100.',
    suppressed: 'скрыто',
    primary: 'меньше {k} респондентов (первичное скрытие)',
    complementary: 'скрыто, чтобы нельзя было вычислить малый показатель (дополнительное скрытие)',
    composition: 'скрыто, так как вместе с ранее опубликованными отчётами могло бы указать на человека (композиция)',
    compositionExplained:
      'Отчёты, опубликованные вместе: показатель также скрывается, если рядом с ранее опубликованными отчётами этого опроса (вычитая один период или кампанию из другого) он описывал бы меньше {k} респондентов. В группах оценки показаны как NPS или top-2-box; среднее приводится по всей выборке.',
    questions: 'Вопросы',
    overallResults: 'Общие результаты',
    distributions: 'Ответы по вопросам',
    question: 'Вопрос',
    answer: 'Ответ',
    count: 'Число',
    share: 'Доля',
    n: 'n',
    mean: 'Среднее',
    standardDeviation: 'Станд. отклонение',
    ci: '95% ДИ',
    ciLow: 'ДИ нижн.',
    ciHigh: 'ДИ верхн.',
    topTwoBox: 'Top-2-box',
    nps: 'NPS',
    promoters: 'Промоутеры',
    passives: 'Нейтралы',
    detractors: 'Критики',
    q1: 'Первый квартиль',
    median: 'Медиана',
    q3: 'Третий квартиль',
    firstChoiceShare: 'На первом месте',
    npsScore: 'NPS {score}',
    headline: 'Ключевые показатели',
    csat: 'CSAT',
    npsOf: 'Индекс NPS: {question}',
    npsWithheld: 'NPS в этом отчёте {suppressed}: некоторые числа ответов слишком малы, чтобы их показать.',
    respondents: 'Респонденты',
    group: 'Группа',
    total: 'Итого',
    breakdownBy: 'По признаку «{dimension}»',
    crosstab: '{rows} × {columns}',
    respondentsByCell: 'Респонденты по признакам «{rows}» и «{columns}»',
    answeredNote: 'n — число респондентов группы, ответивших на вопрос.',
    multipleNote: 'Можно выбрать несколько ответов: доли считаются от ответивших.',
    legend: 'Условные обозначения',
    reason: 'Причина',
    page: 'Страница {page} из {pages}',
    measures: 'Числа и даты',
    monthFrom: 'С (месяц)',
    monthTo: 'По (месяц)',
    measuresExplained:
      'Числа и даты: для числа — среднее, медиана и квартили ответов (никогда не наименьший или наибольший ответ, принадлежащий одному человеку); для даты — диапазон от месяца {k}-го самого раннего ответа до месяца {k}-го самого позднего, так что каждая граница охватывает не менее {k} респондентов. Приводятся для всех респондентов, а не по группам.',
  },
};

export const DIMENSION_NAMES: Catalogue<Record<Dimension, string>> = {
  en: {
    country: 'country',
    segment: 'segment',
    role: 'role',
    relationshipBand: 'length of relationship',
  },
  fr: {
    country: 'pays',
    segment: 'segment',
    role: 'rôle',
    relationshipBand: 'ancienneté de la relation',
  },
  es: {
    country: 'país',
    segment: 'segmento',
    role: 'función',
    relationshipBand: 'antigüedad de la relación',
  },
  ar: {
    country: 'البلد',
    segment: 'الفئة',
    role: 'الدور',
    relationshipBand: 'مدة العلاقة',
  },
  zh: {
    country: '国家/地区',
    segment: '类别',
    role: '角色',
    relationshipBand: '合作时长',
  },
  ru: {
    country: 'страна',
    segment: 'сегмент',
    role: 'роль',
    relationshipBand: 'длительность отношений',
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
  return TEXTS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The name of a breakdown dimension in running text ("country", "pays"). */
export function dimensionName(dimension: Dimension, language: Language): string {
  return DIMENSION_NAMES[language][dimension];
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
