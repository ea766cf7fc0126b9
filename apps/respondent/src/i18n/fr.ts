import type { Messages } from './en';

export const fr: Messages = {
  appName: 'Enquête de satisfaction',
  languageLabel: 'Langue',
  loading: 'Chargement…',
  tryAgain: 'Réessayer',
  cancel: 'Annuler',
  close: 'Fermer',
  privacyNotice: 'Protection des données',
  privacyRequest: 'Vos droits sur vos données : faire une demande',
  optOut: 'Ne plus recevoir de messages sur cette enquête',

  homeIntro: 'L’enquête s’ouvre à partir du lien personnel de votre courriel d’invitation.',
  serviceChecking: 'État du service : vérification…',
  serviceAvailable: 'État du service : disponible',
  serviceUnavailable: 'État du service : indisponible',

  yourPrivacy: 'Vos données personnelles',
  readFullNotice: 'Lire la déclaration complète sur la protection des données',
  start: 'Commencer l’enquête',
  resume: 'Reprendre là où vous vous étiez arrêté',
  draftSavedOn: (when) => `Vos réponses ont été enregistrées le ${when}.`,
  requiredNote: 'Les questions marquées d’un astérisque (*) demandent une réponse.',
  required: 'obligatoire',
  pageOf: (page, total) => `Page ${page} sur ${total}`,
  previous: 'Précédent',
  next: 'Suivant',
  submit: 'Envoyer mes réponses',
  submitting: 'Envoi…',
  selectPlaceholder: 'Choisir…',
  yes: 'Oui',
  no: 'Non',
  scaleEnds: (min, max) => `${min} … ${max}`,
  selectUpTo: (count) => `Choisissez-en ${count} au plus.`,
  upToCharacters: (count) => `${count} caractères au plus.`,
  sliderNotAnswered: 'Pas encore de réponse : déplacez le curseur ou utilisez les flèches du clavier.',
  sliderValue: (value) => `Votre réponse : ${value}`,
  clearAnswer: 'Effacer ma réponse',
  rankingHint: 'Classez les éléments, le préféré en premier, avec les boutons Monter et Descendre.',
  rankingKeepOrder: 'Garder cet ordre',
  rankingNotAnswered: 'Pas encore classé : déplacez un élément ou gardez l’ordre affiché.',
  moveUp: (item) => `Monter : ${item}`,
  moveDown: (item) => `Descendre : ${item}`,
  rankingMoved: (item, position, count) => `${item} : désormais ${position} sur ${count}.`,
  rankingKept: 'Ordre conservé.',
  expressionEmpty: 'Pas encore calculé : dépend de réponses précédentes.',
  answerRequired: 'Veuillez répondre à cette question.',
  answerEveryRow: 'Veuillez répondre à chaque ligne.',
  answerInvalid: 'Cette réponse n’a pas pu être acceptée. Veuillez la vérifier.',
  otherItem: 'Autre',
  noneItem: 'Aucun',
  otherComment: 'Veuillez préciser « Autre »',
  answerOtherComment: 'Veuillez préciser « Autre ».',
  answerNumber: 'Veuillez saisir un nombre.',
  answerDate: 'Veuillez saisir une date.',
  answerEmail: 'Veuillez saisir une adresse électronique, par exemple nom@example.org.',
  answerTel: 'Veuillez saisir un numéro de téléphone.',
  answerAtLeast: (min) => `Veuillez saisir ${min} ou plus.`,
  answerAtMost: (max) => `Veuillez saisir ${max} ou moins.`,
  answerLength: (min, max) =>
    min !== null && max !== null
      ? `Veuillez écrire entre ${min} et ${max} caractères.`
      : min !== null
        ? `Veuillez écrire au moins ${min} caractères.`
        : `Veuillez écrire ${max} caractères au plus.`,
  answerPattern: 'Cette réponse n’a pas la forme attendue.',
  numberRange: (min, max) =>
    min !== null && max !== null ? `De ${min} à ${max}.` : min !== null ? `${min} ou plus.` : `${max} ou moins.`,
  fixErrors: (count) =>
    count === 1 ? 'Une question demande votre attention.' : `${count} questions demandent votre attention.`,

  saveSaving: 'Enregistrement…',
  saveSaved: 'Toutes les réponses sont enregistrées.',
  saveOffline:
    'Pas de connexion. Vos réponses sont conservées sur cet appareil et seront enregistrées dès le retour de la connexion. Nouvelle tentative…',
  saveRetrying: 'Le service est occupé. Vos réponses sont conservées sur cet appareil ; nouvelle tentative…',
  saveRejected: 'Certaines réponses n’ont pas pu être enregistrées. Veuillez les vérifier.',
  submitOffline:
    'Vos réponses n’ont pas pu être envoyées : pas de connexion. Elles sont conservées sur cet appareil et seront envoyées dès le retour de la connexion.',
  submitFailed: 'Vos réponses n’ont pas pu être envoyées. Veuillez réessayer dans un instant.',

  thanksTitle: 'Merci !',
  thanksBody: 'Vos réponses ont bien été reçues. Merci d’avoir pris le temps de nous aider à améliorer nos services.',
  alreadyTitle: 'Merci : cette enquête a déjà reçu vos réponses',
  alreadyBody: (when) => `Vos réponses ont été reçues avec ce lien le ${when}. Elles ne peuvent plus être modifiées.`,
  invalidTitle: 'Ce lien ne fonctionne pas',
  invalidBody:
    'Le lien est incomplet ou inconnu. Veuillez ouvrir l’enquête à partir du lien de votre dernier courriel d’invitation ou de rappel.',
  expiredTitle: 'Ce lien a expiré',
  expiredBody: 'Veuillez ouvrir l’enquête à partir du lien de votre dernier courriel d’invitation ou de rappel.',
  newLinkOffer: 'Nous pouvons envoyer un nouveau lien à l’adresse à laquelle cette invitation a été envoyée.',
  newLinkButton: 'M’envoyer un nouveau lien',
  newLinkSent:
    'Merci. Si cette invitation permet encore de répondre, un nouveau lien est en route vers l’adresse à laquelle l’invitation a été envoyée. Cela peut prendre quelques minutes ; pensez à vérifier aussi vos courriers indésirables.',
  newLinkThrottled: 'Trop de demandes depuis votre réseau. Veuillez réessayer plus tard.',
  newLinkFailed: 'La demande n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.',
  optedOutTitle: 'Vous vous êtes désinscrit de cette enquête',
  optedOutBody: 'Vous ne recevrez plus de messages à son sujet, et il n’est plus possible d’y répondre avec ce lien.',
  closedTitle: 'Cette enquête est close',
  closedBody: 'Elle n’accepte plus de réponses. Merci de votre intérêt.',
  throttledTitle: 'Trop de tentatives',
  throttledBody: (minutes) =>
    `Trop de liens non valides ont été essayés depuis votre réseau. Veuillez réessayer dans ${minutes} minute${minutes === 1 ? '' : 's'} environ.`,
  offlineTitle: 'Pas de connexion',
  offlineBody:
    'L’enquête n’a pas pu être chargée. Veuillez vérifier votre connexion internet ; nous réessaierons automatiquement.',
  unexpectedTitle: 'Une erreur s’est produite',
  unexpectedBody: 'Le service d’enquête a rencontré un problème. Veuillez réessayer dans un instant.',

  optOutExplain: 'Vous ne recevrez plus d’invitation ni de rappel pour cette enquête. Rien d’autre ne change.',
  optOutDone: 'C’est fait : vous ne recevrez plus aucun message sur cette enquête.',
  optOutInvalid: 'Ce lien n’est pas valide. Veuillez utiliser le lien de votre dernier courriel concernant l’enquête.',
  optOutFailed: 'Le service est injoignable. Veuillez réessayer dans un instant.',

  noticeFailed: 'La déclaration sur la protection des données n’a pas pu être chargée. Veuillez réessayer.',

  requestTitle: 'Faire une demande sur vos données',
  requestIntro:
    'Vous pouvez demander à consulter les données personnelles qui vous concernent, à les rectifier, à les effacer ou vous opposer à leur utilisation. Nous vous enverrons par courriel un lien pour confirmer la demande ; elle est traitée une fois confirmée.',
  requestTypeLegend: 'Que souhaitez-vous faire ?',
  requestTypes: {
    access: 'Consulter mes données (accès)',
    rectification: 'Corriger mes données (rectification)',
    erasure: 'Effacer mes données (effacement)',
    objection: 'Faire cesser l’utilisation de mes données (opposition)',
  },
  requestTypeNames: {
    access: 'd’accès',
    rectification: 'de rectification',
    erasure: 'd’effacement',
    objection: 'd’opposition',
  },
  emailLabel: 'Votre adresse électronique',
  emailHint: 'L’adresse à laquelle l’invitation à l’enquête a été envoyée.',
  detailsLabel: 'Précisions (facultatif)',
  detailsHint: 'Pour une rectification, indiquez ce qui doit changer. N’indiquez pas d’informations sensibles.',
  sendRequest: 'Envoyer la demande',
  requestReceivedTitle: 'Demande reçue',
  requestReceivedBody:
    'Si cette adresse figure dans nos fichiers, vous recevrez un courriel avec un lien pour confirmer votre demande. Ce lien est valable pendant une durée limitée.',
  fixFields: (count) =>
    count === 1 ? 'Un champ demande votre attention.' : `${count} champs demandent votre attention.`,
  errorType: 'Veuillez choisir ce que vous souhaitez faire.',
  errorEmail: 'Veuillez saisir une adresse électronique valide, par exemple nom@exemple.org.',
  errorDetails: 'Les précisions sont trop longues.',
  errorField: 'Veuillez vérifier ce champ.',
  requestThrottled: (minutes) =>
    `Trop de demandes ont été envoyées depuis votre réseau. Veuillez réessayer dans ${minutes} minute${minutes === 1 ? '' : 's'} environ.`,
  requestFailed: 'La demande n’a pas pu être envoyée. Veuillez réessayer dans un instant.',

  verifyTitle: 'Confirmer votre demande',
  verifyIntro: 'Appuyez sur le bouton pour confirmer que vous avez fait cette demande.',
  verifyButton: 'Confirmer ma demande',
  verifiedTitle: 'Votre demande est confirmée',
  verifiedBody: (type, due) => `Nous répondrons à votre demande ${type} au plus tard le ${due}.`,
  verifyUnknown: 'Ce lien de confirmation est inconnu ou a expiré. Veuillez refaire la demande.',

  downloadTitle: 'Vos données',
  downloadIntro:
    'Téléchargez une copie des données personnelles qui vous concernent. Le lien est valable pendant une durée limitée. Conservez les fichiers en lieu sûr.',
  downloadJson: 'Télécharger au format JSON (pour ordinateur)',
  downloadHtml: 'Télécharger sous forme de page web (à lire)',
  downloadStarted: 'Le téléchargement a commencé.',
  downloadUnknown: 'Ce lien de téléchargement est inconnu ou a expiré. Veuillez faire une nouvelle demande d’accès.',
};
