import type { Language } from '@survey/questionnaire';
import type {
  CountCellDto,
  DistributionEntryDto,
  ItemStatisticsDto,
  MeasureStatisticsDto,
  QuestionMetricsDto,
  ReportDto,
  SuppressionReasonDto,
} from '../statistics.dto';

/**
 * A report snapshot as the statistics module would publish it, written out by hand for the export
 * tests: an NPS rating, a satisfaction rating, a checkbox and a matrix row; a breakdown by
 * country where Luxembourg is too small (primary) and Switzerland is withheld with it
 * (complementary); a country × segment crosstab with primary and complementary cells.
 */

const published = (value: number): CountCellDto => ({ value, suppressed: null });
const hidden = (reason: SuppressionReasonDto): CountCellDto => ({ value: null, suppressed: reason });

function entry(
  value: string | number | boolean,
  label: string,
  count: number | SuppressionReasonDto,
  n: number,
): DistributionEntryDto {
  return typeof count === 'number'
    ? { value, label, count, share: count / n, suppressed: null }
    : { value, label, count: null, share: null, suppressed: count };
}

const suppressedMetrics = (
  reason: SuppressionReasonDto,
  kind: 'nps' | 'satisfaction' | 'other',
): QuestionMetricsDto => {
  if (kind === 'nps') return { n: null, suppressed: reason, mean: null, nps: null };
  if (kind === 'satisfaction') return { n: null, suppressed: reason, mean: null, topTwoBox: null };
  return { n: null, suppressed: reason };
};

const npsMetrics = (
  n: number,
  mean: number,
  score: number,
  promoters: number,
  detractors: number,
): QuestionMetricsDto => ({
  n,
  suppressed: null,
  mean: { value: mean, standardDeviation: 2.1, ciLow: mean - 0.4, ciHigh: mean + 0.4 },
  nps: { score, promoters, passives: 1 - promoters - detractors, detractors },
});

const satisfactionMetrics = (n: number, mean: number, topTwoBox: number): QuestionMetricsDto => ({
  n,
  suppressed: null,
  mean: { value: mean, standardDeviation: 0.9, ciLow: mean - 0.2, ciHigh: mean + 0.2 },
  topTwoBox,
});

const NPS_COUNTS: Array<number | SuppressionReasonDto> = [
  'primary', // 0: 2 respondents
  'complementary', // 1: 6, withheld so that 0 cannot be derived from n
  5, // 2
  7, // 3
  6, // 4
  9, // 5
  10, // 6
  21, // 7
  22, // 8
  25, // 9
  17, // 10
];

function items(labels: {
  recommend: string;
  satisfaction: string;
  services: string;
  timeliness: string;
  servicesOptions: [string, string, string];
  timelinessOptions: [string, string, string, string];
  satisfactionOptions: [string, string, string, string, string];
}): ItemStatisticsDto[] {
  return [
    {
      name: 'recommend',
      title: labels.recommend,
      type: 'rating',
      ratingKind: 'nps',
      overall: npsMetrics(130, 6.93, 8.46, 0.3231, 0.2385),
      distribution: NPS_COUNTS.map((count, value) => entry(value, String(value), count, 130)),
    },
    {
      name: 'satisfaction',
      title: labels.satisfaction,
      type: 'rating',
      ratingKind: 'satisfaction',
      overall: satisfactionMetrics(134, 3.87, 0.6866),
      distribution: [4, 8, 30, 51, 41].map((count, index) =>
        entry(index + 1, labels.satisfactionOptions[index], index === 0 ? 'primary' : count, 134),
      ),
    },
    {
      name: 'services',
      title: labels.services,
      type: 'checkbox',
      overall: { n: 121, suppressed: null },
      distribution: [
        entry('patents', labels.servicesOptions[0], 88, 121),
        entry('trademarks', labels.servicesOptions[1], 64, 121),
        entry('designs', labels.servicesOptions[2], 19, 121),
      ],
    },
    {
      name: 'quality.timeliness',
      title: labels.timeliness,
      type: 'matrix',
      overall: { n: 128, suppressed: null },
      distribution: [
        entry('poor', labels.timelinessOptions[0], 9, 128),
        entry('fair', labels.timelinessOptions[1], 27, 128),
        entry('good', labels.timelinessOptions[2], 60, 128),
        entry('excellent', labels.timelinessOptions[3], 32, 128),
      ],
    },
  ];
}

/** Per group: respondents, then figures of each item; suppressed groups have no figures. */
function groupItems(
  group:
    | { recommend: QuestionMetricsDto; satisfaction: QuestionMetricsDto; services: number; timeliness: number }
    | SuppressionReasonDto,
): Record<string, QuestionMetricsDto> {
  if (typeof group === 'string') {
    return {
      recommend: suppressedMetrics(group, 'nps'),
      satisfaction: suppressedMetrics(group, 'satisfaction'),
      services: suppressedMetrics(group, 'other'),
      'quality.timeliness': suppressedMetrics(group, 'other'),
    };
  }
  return {
    recommend: group.recommend,
    satisfaction: group.satisfaction,
    services: { n: group.services, suppressed: null },
    'quality.timeliness': { n: group.timeliness, suppressed: null },
  };
}

const COUNTRY_LABELS: Record<Language, Record<string, string>> = {
  en: { FR: 'France', DE: 'Germany', CH: 'Switzerland', LU: 'Luxembourg' },
  fr: { FR: 'France', DE: 'Allemagne', CH: 'Suisse', LU: 'Luxembourg' },
  es: { FR: 'Francia', DE: 'Alemania', CH: 'Suiza', LU: 'Luxemburgo' },
  ru: { FR: 'Франция', DE: 'Германия', CH: 'Швейцария', LU: 'Люксембург' },
  zh: { FR: '法国', DE: '德国', CH: '瑞士', LU: '卢森堡' },
  ar: { FR: 'فرنسا', DE: 'ألمانيا', CH: 'سويسرا', LU: 'لوكسمبورغ' },
};

const SEGMENT_LABELS: Record<Language, Record<string, string>> = {
  en: { agent: 'Agent', applicant: 'Applicant', holder: 'Holder' },
  fr: { agent: 'Mandataire', applicant: 'Déposant', holder: 'Titulaire' },
  es: { agent: 'Agente', applicant: 'Solicitante', holder: 'Titular' },
  ru: { agent: 'Агент', applicant: 'Заявитель', holder: 'Владелец' },
  zh: { agent: '代理人', applicant: '申请人', holder: '持有人' },
  ar: { agent: 'وكيل', applicant: 'مودِع الطلب', holder: 'مالك الحق' },
};

const QUESTION_LABELS: Record<'en' | 'fr', Parameters<typeof items>[0]> = {
  en: {
    recommend: 'How likely are you to recommend our filing services to a colleague?',
    satisfaction: 'Overall, how satisfied are you with our services?',
    services: 'Which services did you use?',
    timeliness: 'Quality of service — Timeliness',
    servicesOptions: ['Patents', 'Trademarks', 'Designs'],
    timelinessOptions: ['Poor', 'Fair', 'Good', 'Excellent'],
    satisfactionOptions: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  },
  fr: {
    recommend: 'Quelle est la probabilité que vous recommandiez nos services de dépôt à un collègue ?',
    satisfaction: 'Dans l’ensemble, êtes-vous satisfait de nos services ?',
    services: 'Quels services avez-vous utilisés ?',
    timeliness: 'Qualité du service — Délais',
    servicesOptions: ['Brevets', 'Marques', 'Dessins et modèles'],
    timelinessOptions: ['Mauvaise', 'Passable', 'Bonne', 'Excellente'],
    satisfactionOptions: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
  },
};

export interface SampleReportOptions {
  language?: Language;
  title?: string;
  surveyTitle?: string;
  status?: 'draft' | 'published';
}

/**
 * A realistic report in the API's shape, for the export tests and the example report. One long
 * literal on purpose: it is test data, read as the document it stands for, not logic.
 */
export function sampleReport(options: SampleReportOptions = {}): ReportDto {
  const language = options.language ?? 'en';
  const questionLabels = QUESTION_LABELS[language === 'fr' ? 'fr' : 'en'];
  const countries = COUNTRY_LABELS[language];
  const segments = SEGMENT_LABELS[language];
  const status = options.status ?? 'published';
  const title = options.title ?? (language === 'fr' ? 'Satisfaction des déposants 2025' : 'Filer satisfaction 2025');
  const surveyTitle =
    options.surveyTitle ?? (language === 'fr' ? 'Enquête de satisfaction 2025' : 'User satisfaction survey 2025');
  const surveyId = '6f1c2a8e-3b1d-4c55-9a57-2f0d1e9b7c41';
  const k = 5;

  const byCountry = {
    FR: {
      respondents: published(60),
      items: groupItems({
        recommend: npsMetrics(57, 7.21, 14.04, 0.3684, 0.2281),
        satisfaction: satisfactionMetrics(59, 3.98, 0.7288),
        services: 54,
        timeliness: 56,
      }),
    },
    DE: {
      respondents: published(40),
      items: groupItems({
        recommend: npsMetrics(38, 6.66, 2.63, 0.2895, 0.2632),
        satisfaction: satisfactionMetrics(39, 3.79, 0.641),
        services: 35,
        timeliness: 38,
      }),
    },
    CH: { respondents: hidden('complementary'), items: groupItems('complementary') },
    LU: { respondents: hidden('primary'), items: groupItems('primary') },
  };
  const bySegment = {
    agent: {
      respondents: published(70),
      items: groupItems({
        recommend: npsMetrics(67, 7.05, 10.45, 0.3433, 0.2388),
        satisfaction: satisfactionMetrics(69, 3.91, 0.6957),
        services: 63,
        timeliness: 66,
      }),
    },
    applicant: {
      respondents: published(45),
      items: groupItems({
        recommend: npsMetrics(43, 6.81, 6.98, 0.3023, 0.2326),
        satisfaction: satisfactionMetrics(44, 3.84, 0.6818),
        services: 39,
        timeliness: 42,
      }),
    },
    holder: {
      respondents: published(22),
      items: groupItems({
        recommend: npsMetrics(20, 6.8, 5, 0.3, 0.25),
        satisfaction: satisfactionMetrics(21, 3.81, 0.6667),
        services: 19,
        timeliness: 20,
      }),
    },
  };

  const countryOrder = ['FR', 'DE', 'CH', 'LU'] as const;
  const segmentOrder = ['agent', 'applicant', 'holder'] as const;
  // Respondents by country × segment; CH and LU rows withheld (LU too small, CH with it).
  const cellCounts: Array<Array<number | SuppressionReasonDto>> = [
    [30, 20, 10],
    [22, 12, 6],
    ['complementary', 'complementary', 'complementary'],
    ['primary', 'primary', 'primary'],
  ];
  const cellRecommend: Array<Array<QuestionMetricsDto | SuppressionReasonDto>> = [
    [
      npsMetrics(29, 7.31, 17.24, 0.3793, 0.2069),
      npsMetrics(19, 7.05, 10.53, 0.3684, 0.2632),
      npsMetrics(9, 7.22, 11.11, 0.3333, 0.2222),
    ],
    [
      npsMetrics(21, 6.71, 4.76, 0.2857, 0.2381),
      npsMetrics(11, 6.55, 0, 0.2727, 0.2727),
      npsMetrics(6, 6.67, 0, 0.3333, 0.3333),
    ],
    ['complementary', 'complementary', 'complementary'],
    ['primary', 'primary', 'primary'],
  ];

  return {
    id: '0b6f0f7e-8d5a-4a7e-b0a4-52a4c1f3e9d2',
    surveyId,
    title,
    status,
    language,
    createdAt: '2025-05-02T08:15:00.000Z',
    publishedAt: status === 'published' ? '2025-05-05T14:30:00.000Z' : null,
    responses: 137,
    parameters: {
      filters: { campaignId: null, from: '2025-03-01T00:00:00.000Z', to: null },
      breakdowns: ['country', 'segment'],
      crosstabs: [{ rows: 'country', columns: 'segment' }],
      k,
      language,
    },
    content: {
      surveyId,
      surveyTitle,
      language,
      k,
      filters: { campaignId: null, from: '2025-03-01T00:00:00.000Z', to: null },
      computedAt: '2025-05-02T08:15:00.000Z',
      population: {
        invited: 400,
        responses: published(137),
        responseRate: 0.3425,
        firstSubmittedAt: '2025-03-03T09:12:00.000Z',
        lastSubmittedAt: '2025-04-28T17:40:00.000Z',
      },
      items: items(questionLabels),
      measures: measures(language === 'fr'),
      breakdowns: [
        {
          dimension: 'country',
          groups: countryOrder.map((code) => ({ value: code, label: countries[code], ...byCountry[code] })),
        },
        {
          dimension: 'segment',
          groups: segmentOrder.map((code) => ({ value: code, label: segments[code], ...bySegment[code] })),
        },
      ],
      crosstabs: [
        {
          rows: 'country',
          columns: 'segment',
          rowValues: countryOrder.map((code) => ({ value: code, label: countries[code] })),
          columnValues: segmentOrder.map((code) => ({ value: code, label: segments[code] })),
          cells: cellCounts.map((row) =>
            row.map((cell) => (typeof cell === 'number' ? published(cell) : hidden(cell))),
          ),
          rowTotals: countryOrder.map((code) => byCountry[code].respondents),
          columnTotals: segmentOrder.map((code) => bySegment[code].respondents),
          total: published(137),
          items: [
            {
              name: 'recommend',
              cells: cellRecommend.map((row) =>
                row.map((cell) => (typeof cell === 'string' ? suppressedMetrics(cell, 'nps') : cell)),
              ),
            },
          ],
        },
      ],
    },
  };
}

/** A number input with its mean and quartiles, a date input's month range, and a withheld computed score. */
function measures(french: boolean): MeasureStatisticsDto[] {
  const none = { mean: null, q1: null, median: null, q3: null, from: null, to: null };
  return [
    {
      name: 'filings',
      title: french ? 'Combien de demandes avez-vous déposées ?' : 'How many applications did you file?',
      type: 'text',
      kind: 'number',
      n: 128,
      suppressed: null,
      ...none,
      mean: 14.25,
      q1: 3,
      median: 8.5,
      q3: 21.75,
    },
    {
      name: 'lastFiling',
      title: french ? 'Date de votre dernier dépôt' : 'When did you last file?',
      type: 'text',
      kind: 'date',
      n: 120,
      suppressed: null,
      ...none,
      from: '2023-02',
      to: '2025-04',
    },
    {
      name: 'effortScore',
      title: french ? 'Score d’effort' : 'Effort score',
      type: 'expression',
      kind: 'number',
      n: null,
      suppressed: 'composition',
      ...none,
    },
  ];
}

/** A report of a survey nobody has answered yet: no figures, no period. */
export function emptyReport(language: Language = 'en'): ReportDto {
  const report = sampleReport({ language, title: 'Nobody yet' });
  report.responses = 0;
  report.content.population = {
    invited: 12,
    responses: { value: 0, suppressed: null },
    responseRate: 0,
    firstSubmittedAt: null,
    lastSubmittedAt: null,
  };
  report.content.items = report.content.items.map((item) => ({
    ...item,
    overall: { n: 0, suppressed: null, ...(item.type === 'rating' ? { mean: null } : {}) },
    distribution: [],
  }));
  report.content.breakdowns = report.content.breakdowns.map((breakdown) => ({ ...breakdown, groups: [] }));
  report.content.crosstabs = [];
  report.content.measures = (report.content.measures ?? []).map((measure) => ({
    ...measure,
    n: 0,
    suppressed: null,
    mean: null,
    q1: null,
    median: null,
    q3: null,
    from: null,
    to: null,
  }));
  return report;
}
