import { defineMessages } from '../../lib/messages';

/** Words of the results page and of the charts and tables that reports reuse. */
export const messages = defineMessages(
  {
    title: (survey: string) => `Results: ${survey}`,
    titlePlain: 'Results',
    filters: 'Filters',
    campaign: 'Campaign',
    allResponses: 'All responses',
    from: 'Submitted from',
    to: 'Submitted up to (inclusive)',
    breakdowns: 'Breakdowns',
    breakdownsHint: 'Results by each chosen characteristic of the respondents.',
    dimensions: {
      country: 'Country',
      segment: 'Segment',
      role: 'Role',
      relationshipBand: 'Length of relationship',
    },
    crosstab: 'Crosstab',
    crosstabHint: 'Respondents by two characteristics at once (one table at a time).',
    crosstabRows: 'Rows',
    crosstabColumns: 'Columns',
    noCrosstab: 'No crosstab',
    crosstabBoth: 'Choose both the rows and the columns, or neither.',
    labelLanguage: 'Language of questions and answers',
    apply: 'Show results',
    reset: 'Reset',
    updating: 'Updating the results…',
    population: 'Population',
    invited: 'Invited',
    noInvitations: 'No invitations (responses from the provider only)',
    responses: 'Responses',
    responseRate: 'Response rate',
    firstSubmission: 'First submission',
    lastSubmission: 'Last submission',
    computedAt: 'Computed at',
    minimumGroup: 'Minimum group size (k)',
    period: 'Period',
    periodFrom: (from: string) => `from ${from}`,
    periodTo: (to: string) => `before ${to}`,
    wholePeriod: 'Whole period',
    suppressionNote: (k: string) =>
      `To protect respondents, any figure about fewer than ${k} people is suppressed, and so are some other ` +
      'figures, so that a hidden one cannot be worked out by subtracting published figures from totals. ' +
      'Suppressed figures are marked “suppressed” in the tables and drawn as hatched grey bars or cells in the ' +
      'charts; they are never zero.',
    noResponses: 'No response matches these filters.',
    rawResponses: 'Raw responses',
    rawHint:
      'Pseudonymised: a pseudonym per respondent, the demographic snapshot and the answers; never a name, ' +
      'e-mail address or registration number. Each download is recorded in the audit log.',
    downloadCsv: 'Download raw responses (CSV)',
    downloading: (size: string) => `Downloading… ${size} kB so far`,
    downloaded: (size: string) => `Downloaded (${size} kB).`,
    questions: 'Questions',
    answered: 'Answered (n)',
    mean: 'Mean',
    confidenceInterval: '95% confidence interval',
    ciRange: (low: string, high: string) => `${low} to ${high}`,
    topTwoBox: 'Top-2-box',
    nps: 'Net Promoter Score',
    npsShort: 'NPS',
    promoters: 'Promoters (9–10)',
    passives: 'Passives (7–8)',
    detractors: 'Detractors (0–6)',
    answer: 'Answer',
    count: 'Respondents',
    share: 'Share',
    multipleHint: 'Several answers were possible: shares are of those who answered.',
    figures: 'Figures',
    distributionChart: (title: string) => `Bar chart of the answers to “${title}”; the figures are in the next table.`,
    npsChart: (title: string) =>
      `Stacked bar of promoters, passives and detractors for “${title}”; the figures are in the next table.`,
    npsGroup: 'Group',
    share100: 'Share (%)',
    figure: 'Figure shown',
    respondents: 'Respondents',
    metricMean: (title: string) => `Mean: ${title}`,
    metricNps: (title: string) => `NPS: ${title}`,
    metricTopTwo: (title: string) => `Top-2-box: ${title}`,
    breakdownChart: (figure: string, dimension: string) =>
      `Bar chart of ${figure} by ${dimension}; the figures are in the next table.`,
    crosstabTitle: (rows: string, columns: string) => `${rows} by ${columns}`,
    crosstabChart: (figure: string, rows: string, columns: string) =>
      `Heat map of ${figure} by ${rows} and ${columns}; the figures are in the next table.`,
    total: 'Total',
    notApplicable: 'not enough answers',
    suppressedCell: 'suppressed',
    withheldCell: 'withheld',
    compositionNote: (k: string) =>
      'Withheld: with reports published before, it could single someone out. Set beside the reports of this ' +
      `survey already published (by subtracting one period or campaign from another), these figures would ` +
      `describe fewer than ${k} people, so they are not shown.`,
    reportFiguresNote:
      'In a report, groups show the NPS or the top-2-box share rather than means (the mean is given for all ' +
      'respondents only), and crosstabs show respondents only, so that reports stay protected when read side by side.',
  },
  {
    title: (survey: string) => `Résultats : ${survey}`,
    titlePlain: 'Résultats',
    filters: 'Filtres',
    campaign: 'Campagne',
    allResponses: 'Toutes les réponses',
    from: 'Soumises à partir du',
    to: 'Soumises jusqu’au (inclus)',
    breakdowns: 'Ventilations',
    breakdownsHint: 'Les résultats selon chacune des caractéristiques choisies des répondants.',
    dimensions: {
      country: 'Pays',
      segment: 'Segment',
      role: 'Fonction',
      relationshipBand: 'Ancienneté de la relation',
    },
    crosstab: 'Tableau croisé',
    crosstabHint: 'Les répondants selon deux caractéristiques à la fois (un tableau à la fois).',
    crosstabRows: 'Lignes',
    crosstabColumns: 'Colonnes',
    noCrosstab: 'Pas de tableau croisé',
    crosstabBoth: 'Choisissez à la fois les lignes et les colonnes, ou aucune des deux.',
    labelLanguage: 'Langue des questions et des réponses',
    apply: 'Afficher les résultats',
    reset: 'Réinitialiser',
    updating: 'Mise à jour des résultats…',
    population: 'Population',
    invited: 'Invités',
    noInvitations: 'Aucune invitation (réponses du prestataire uniquement)',
    responses: 'Réponses',
    responseRate: 'Taux de réponse',
    firstSubmission: 'Première réponse',
    lastSubmission: 'Dernière réponse',
    computedAt: 'Calculé le',
    minimumGroup: 'Taille minimale des groupes (k)',
    period: 'Période',
    periodFrom: (from: string) => `à partir du ${from}`,
    periodTo: (to: string) => `avant le ${to}`,
    wholePeriod: 'Toute la période',
    suppressionNote: (k: string) =>
      `Pour protéger les répondants, tout chiffre portant sur moins de ${k} personnes est masqué, ainsi que ` +
      'd’autres chiffres, afin qu’aucun chiffre masqué ne puisse être retrouvé par soustraction à partir des totaux. ' +
      'Les chiffres masqués portent la mention « masqué » dans les tableaux et sont dessinés en gris hachuré dans ' +
      'les graphiques ; ils ne valent jamais zéro.',
    noResponses: 'Aucune réponse ne correspond à ces filtres.',
    rawResponses: 'Réponses brutes',
    rawHint:
      'Pseudonymisées : un pseudonyme par répondant, ses données démographiques et ses réponses ; jamais de nom, ' +
      'd’adresse électronique ni de numéro d’enregistrement. Chaque téléchargement est inscrit au journal d’audit.',
    downloadCsv: 'Télécharger les réponses brutes (CSV)',
    downloading: (size: string) => `Téléchargement… ${size} ko pour l’instant`,
    downloaded: (size: string) => `Téléchargement terminé (${size} ko).`,
    questions: 'Questions',
    answered: 'Répondants (n)',
    mean: 'Moyenne',
    confidenceInterval: 'Intervalle de confiance à 95 %',
    ciRange: (low: string, high: string) => `${low} à ${high}`,
    topTwoBox: 'Top-2-box',
    nps: 'Net Promoter Score',
    npsShort: 'NPS',
    promoters: 'Promoteurs (9–10)',
    passives: 'Passifs (7–8)',
    detractors: 'Détracteurs (0–6)',
    answer: 'Réponse',
    count: 'Répondants',
    share: 'Part',
    multipleHint: 'Plusieurs réponses étaient possibles : les parts portent sur ceux qui ont répondu.',
    figures: 'Chiffres',
    distributionChart: (title: string) =>
      `Diagramme en barres des réponses à « ${title} » ; les chiffres sont dans le tableau suivant.`,
    npsChart: (title: string) =>
      `Barre empilée des promoteurs, passifs et détracteurs pour « ${title} » ; les chiffres sont dans le tableau suivant.`,
    npsGroup: 'Groupe',
    share100: 'Part (%)',
    figure: 'Chiffre affiché',
    respondents: 'Répondants',
    metricMean: (title: string) => `Moyenne : ${title}`,
    metricNps: (title: string) => `NPS : ${title}`,
    metricTopTwo: (title: string) => `Top-2-box : ${title}`,
    breakdownChart: (figure: string, dimension: string) =>
      `Diagramme en barres : ${figure}, par ${dimension} ; les chiffres sont dans le tableau suivant.`,
    crosstabTitle: (rows: string, columns: string) => `${rows} par ${columns}`,
    crosstabChart: (figure: string, rows: string, columns: string) =>
      `Carte de chaleur : ${figure}, par ${rows} et ${columns} ; les chiffres sont dans le tableau suivant.`,
    total: 'Total',
    notApplicable: 'trop peu de réponses',
    suppressedCell: 'masqué',
    withheldCell: 'retenu',
    compositionNote: (k: string) =>
      'Retenu : avec les rapports publiés auparavant, il pourrait permettre d’identifier quelqu’un. Rapprochés ' +
      'des rapports de cette enquête déjà publiés (en soustrayant une période ou une campagne d’une autre), ces ' +
      `chiffres décriraient moins de ${k} personnes ; ils ne sont donc pas affichés.`,
    reportFiguresNote:
      'Dans un rapport, les groupes sont décrits par le NPS ou le top-2-box plutôt que par des moyennes (la moyenne ' +
      'n’est donnée que pour l’ensemble des répondants), et les tableaux croisés ne donnent que les répondants, afin ' +
      'que les rapports restent protégés lorsqu’on les lit côte à côte.',
  },
);
