import { defineMessages } from '../../lib/messages';

export const campaignsMessages = defineMessages(
  {
    title: (survey: string) => `Campaigns: ${survey}`,
    surveyNotOpen: (status: string) =>
      `This survey is ${status}. Only a published, open survey can invite anyone: publish it from its overview first.`,
    surveyOverview: 'Open the survey’s overview',
    surveyStatuses: { draft: 'a draft', open: 'open', closed: 'closed' },

    listTitle: 'Campaigns of this survey',
    noCampaigns: 'No campaign yet.',
    name: 'Name',
    createdAt: 'Created',
    status: 'Status',
    target: 'Target',
    invited: 'Invited',
    completed: 'Completed',
    responseRate: 'Response rate',
    statuses: { inviting: 'Inviting', completed: 'Invitations made', stopped: 'Stopped' },
    everyone: 'Every contact',
    targetCountries: (list: string) => `Countries: ${list}`,
    targetSegments: (list: string) => `Segments: ${list}`,
    targetRoles: (list: string) => `Roles: ${list}`,
    targetPlatforms: (list: string) => `Platforms: ${list}`,
    invitedOf: (invited: string, target: string) => `${invited} of ${target}`,

    newTitle: 'New campaign',
    newHelp:
      'Choose who to invite. Each list narrows the target; an empty list means any. Nobody is invited twice to the same survey, and people who objected are never invited.',
    campaignName: 'Campaign name',
    campaignNameHelp: 'For staff only; invitees do not see it.',
    targetLegend: 'Who to invite',
    countries: 'Countries',
    countriesHelp: 'Two-letter ISO codes separated by commas, e.g. FR, DE. Empty: every country.',
    segments: 'Segments',
    segmentsHelp: 'None ticked: every segment.',
    segmentNames: { agent: 'Agent', applicant: 'Applicant', holder: 'Holder', representative: 'Representative' },
    roles: 'Roles',
    rolesHelp: 'The job roles the directory holds, with how many contacts have each. None ticked: any role.',
    platforms: 'Platforms',
    platformsHelp: 'The platforms the contacts came from, with how many each. None ticked: any platform.',
    noneInDirectory: 'No contact has one yet.',
    moreValues: 'Only the 200 most frequent values are listed.',
    withCount: (value: string, count: string) => `${value} (${count})`,
    maxReminders: 'Reminders per invitee at most',
    maxRemindersHelp: 'Leave empty for the platform’s limit.',
    liveCount: 'Who will be invited',
    counting: 'Counting…',
    willInvite: (count: string) => `${count} contacts will be invited`,
    willInviteOne: 'One contact will be invited',
    willInviteNone: 'Nobody would be invited',
    countDetail: (matching: string, already: string) =>
      `${matching} match the target; ${already} of them were already invited to this survey.`,
    countFailed: 'The count could not be made: check the target.',
    send: 'Send invitations…',
    confirmTitle: 'Send the invitations?',
    confirmText: (count: string, survey: string) =>
      `Each of the ${count} contacts will receive an e-mail inviting them to “${survey}”. This cannot be undone.`,
    sendNow: 'Send now',
    sending: 'Sending…',
    cancel: 'Cancel',

    campaignTitle: (name: string) => `Campaign: ${name}`,
    backToCampaigns: 'All campaigns of this survey',
    targeted: 'Contacts to invite',
    alreadyInvited: 'Already invited earlier (not again)',
    reminders: 'Reminder rounds sent',
    remindersOf: (rounds: string, max: string) => `${rounds} (at most ${max} per invitee)`,
    lastReminder: 'Last reminder',
    finishedAt: 'Invitations finished',
    invitingProgress: 'Invitations made',
    invitingStatus: (invited: string, target: string) => `Inviting: ${invited} of ${target} contacts`,

    funnelTitle: 'Funnel',
    funnelChart: (survey: string) => `Funnel of the campaign ${survey}: invited, delivered, opened, started, completed`,
    stage: 'Stage',
    count: 'Count',
    shareOfInvited: 'Share of invited',
    stages: {
      invited: 'Invited',
      delivered: 'Delivered',
      opened: 'Opened',
      started: 'Started',
      completed: 'Completed',
      optedOut: 'Opted out',
      bounced: 'Bounced',
    },
    stageCount: (stage: string, count: string) => `${stage}: ${count}`,
    refreshing: (time: string) => `Updated ${time}; refreshing while mail goes out.`,
    updatedAt: (time: string) => `Updated ${time}.`,
    refresh: 'Refresh',

    remindersTitle: 'Reminders',
    remindersHelp: (max: string) =>
      `A reminder goes to invitees who have neither completed nor opted out and whose mail did not bounce, at most ${max} times each, with a fresh link.`,
    sendReminders: 'Send reminders…',
    confirmReminders: 'Send a reminder now to every invitee who has not answered?',
    sendRemindersNow: 'Send reminders now',
    mailTextsTitle: 'Invitation and reminder e-mails',
    mailTextsHelp:
      'Write the survey’s own subject and text per language; what you leave empty uses the platform’s text. How to opt out and the privacy notice are always added at the end. Campaigns keep the version that was current when they started.',
    mailTextsVersion: (version: number | null) =>
      version === null ? 'The platform’s texts are in use.' : `Version ${version} is in use for new campaigns.`,
    mailKind: 'E-mail',
    mailKinds: { invitation: 'Invitation', reminder: 'Reminder' },
    mailLanguage: 'Language',
    languageNames: { en: 'English', fr: 'French', es: 'Spanish', ar: 'Arabic', zh: 'Chinese', ru: 'Russian' },
    mailSubject: 'Subject',
    mailBody: 'Text',
    mailPlaceholders:
      'Placeholders: {name}, {link} (required), {optOutLink}, {deadline}. The subject may only use {deadline}. An empty line starts a new paragraph.',
    mailSave: 'Save the texts',
    mailPreview: 'Preview',
    mailTestSend: 'Send a test to my address',
    mailSaved: (version: number) => `Saved as version ${version}.`,
    mailTestSent: 'A test e-mail is on its way to your own address.',
    mailPreviewOf: (subject: string) => `Subject: ${subject}`,
    reminderRecipients: (n: number) =>
      n === 1
        ? 'One person will get it: not answered, not opted out, mail not bounced, below the reminder limit.'
        : `${n} people will get it: not answered, not opted out, mail not bounced, below the reminder limit.`,
    nextReminderAt: (date: string, days: string) =>
      `The next reminder is allowed from ${date} (${days} days after the campaign’s last mailing).`,
    reminderAllowedNow: (days: string) =>
      `A reminder may be sent now: the campaign’s last mailing is more than ${days} days old.`,
    overrideDelay: (days: string) =>
      `Send anyway, before the minimum delay of ${days} days (recorded in the audit log)`,
    remindersSent: (reminded: string, skipped: string) =>
      `Reminder sent to ${reminded} invitees; ${skipped} left out (completed, opted out, bounced or at their limit).`,
  },
  {
    title: (survey: string) => `Campagnes : ${survey}`,
    surveyNotOpen: (status: string) =>
      `Cette enquête est ${status}. Seule une enquête publiée et ouverte peut inviter : publiez-la d’abord depuis son aperçu.`,
    surveyOverview: 'Ouvrir l’aperçu de l’enquête',
    surveyStatuses: { draft: 'un brouillon', open: 'ouverte', closed: 'close' },

    listTitle: 'Campagnes de cette enquête',
    noCampaigns: 'Aucune campagne pour l’instant.',
    name: 'Nom',
    createdAt: 'Créée le',
    status: 'État',
    target: 'Cible',
    invited: 'Invités',
    completed: 'Terminés',
    responseRate: 'Taux de réponse',
    statuses: { inviting: 'Invitations en cours', completed: 'Invitations faites', stopped: 'Arrêtée' },
    everyone: 'Tous les contacts',
    targetCountries: (list: string) => `Pays : ${list}`,
    targetSegments: (list: string) => `Segments : ${list}`,
    targetRoles: (list: string) => `Fonctions : ${list}`,
    targetPlatforms: (list: string) => `Plateformes : ${list}`,
    invitedOf: (invited: string, target: string) => `${invited} sur ${target}`,

    newTitle: 'Nouvelle campagne',
    newHelp:
      'Choisissez qui inviter. Chaque liste restreint la cible ; une liste vide signifie « tous ». Personne n’est invité deux fois à la même enquête, et les personnes qui se sont opposées ne le sont jamais.',
    campaignName: 'Nom de la campagne',
    campaignNameHelp: 'Pour l’équipe seulement ; les invités ne le voient pas.',
    targetLegend: 'Qui inviter',
    countries: 'Pays',
    countriesHelp: 'Codes ISO à deux lettres séparés par des virgules, p. ex. FR, DE. Vide : tous les pays.',
    segments: 'Segments',
    segmentsHelp: 'Aucun coché : tous les segments.',
    segmentNames: { agent: 'Mandataire', applicant: 'Déposant', holder: 'Titulaire', representative: 'Représentant' },
    roles: 'Fonctions',
    rolesHelp:
      'Les fonctions présentes dans le répertoire, avec le nombre de contacts pour chacune. Aucune cochée : toutes.',
    platforms: 'Plateformes',
    platformsHelp: 'Les plateformes d’où viennent les contacts, avec leur nombre. Aucune cochée : toutes.',
    noneInDirectory: 'Aucun contact n’en a encore.',
    moreValues: 'Seules les 200 valeurs les plus fréquentes sont listées.',
    withCount: (value: string, count: string) => `${value} (${count})`,
    maxReminders: 'Rappels par invité au plus',
    maxRemindersHelp: 'Laissez vide pour la limite de la plateforme.',
    liveCount: 'Qui sera invité',
    counting: 'Décompte…',
    willInvite: (count: string) => `${count} contacts seront invités`,
    willInviteOne: 'Un contact sera invité',
    willInviteNone: 'Personne ne serait invité',
    countDetail: (matching: string, already: string) =>
      `${matching} correspondent à la cible ; ${already} d’entre eux étaient déjà invités à cette enquête.`,
    countFailed: 'Le décompte a échoué : vérifiez la cible.',
    send: 'Envoyer les invitations…',
    confirmTitle: 'Envoyer les invitations ?',
    confirmText: (count: string, survey: string) =>
      `Chacun des ${count} contacts recevra un courriel l’invitant à « ${survey} ». Cette action est définitive.`,
    sendNow: 'Envoyer maintenant',
    sending: 'Envoi…',
    cancel: 'Annuler',

    campaignTitle: (name: string) => `Campagne : ${name}`,
    backToCampaigns: 'Toutes les campagnes de cette enquête',
    targeted: 'Contacts à inviter',
    alreadyInvited: 'Déjà invités auparavant (pas de nouveau)',
    reminders: 'Vagues de rappels envoyées',
    remindersOf: (rounds: string, max: string) => `${rounds} (au plus ${max} par invité)`,
    lastReminder: 'Dernier rappel',
    finishedAt: 'Invitations terminées',
    invitingProgress: 'Invitations faites',
    invitingStatus: (invited: string, target: string) => `Invitations : ${invited} contacts sur ${target}`,

    funnelTitle: 'Entonnoir',
    funnelChart: (survey: string) =>
      `Entonnoir de la campagne ${survey} : invités, distribués, ouverts, commencés, terminés`,
    stage: 'Étape',
    count: 'Nombre',
    shareOfInvited: 'Part des invités',
    stages: {
      invited: 'Invités',
      delivered: 'Distribués',
      opened: 'Ouverts',
      started: 'Commencés',
      completed: 'Terminés',
      optedOut: 'Désinscrits',
      bounced: 'Rejetés par la messagerie',
    },
    stageCount: (stage: string, count: string) => `${stage} : ${count}`,
    refreshing: (time: string) => `Mis à jour le ${time} ; actualisation pendant l’envoi du courrier.`,
    updatedAt: (time: string) => `Mis à jour le ${time}.`,
    refresh: 'Actualiser',

    remindersTitle: 'Rappels',
    remindersHelp: (max: string) =>
      `Un rappel part vers les invités qui n’ont ni terminé ni refusé et dont le courriel n’a pas été rejeté, au plus ${max} fois chacun, avec un nouveau lien.`,
    sendReminders: 'Envoyer des rappels…',
    confirmReminders: 'Envoyer maintenant un rappel à chaque invité qui n’a pas répondu ?',
    sendRemindersNow: 'Envoyer les rappels',
    mailTextsTitle: 'E-mails d’invitation et de rappel',
    mailTextsHelp:
      'Rédigez l’objet et le texte propres à l’enquête pour chaque langue ; ce que vous laissez vide reprend le texte de la plateforme. La désinscription et la déclaration de confidentialité sont toujours ajoutées à la fin. Les campagnes gardent la version en vigueur à leur lancement.',
    mailTextsVersion: (version: number | null) =>
      version === null
        ? 'Les textes de la plateforme sont utilisés.'
        : `La version ${version} est utilisée pour les nouvelles campagnes.`,
    mailKind: 'E-mail',
    mailKinds: { invitation: 'Invitation', reminder: 'Rappel' },
    mailLanguage: 'Langue',
    languageNames: { en: 'anglais', fr: 'français', es: 'espagnol', ar: 'arabe', zh: 'chinois', ru: 'russe' },
    mailSubject: 'Objet',
    mailBody: 'Texte',
    mailPlaceholders:
      'Champs : {name}, {link} (obligatoire), {optOutLink}, {deadline}. L’objet ne peut utiliser que {deadline}. Une ligne vide commence un nouveau paragraphe.',
    mailSave: 'Enregistrer les textes',
    mailPreview: 'Aperçu',
    mailTestSend: 'M’envoyer un test',
    mailSaved: (version: number) => `Enregistré comme version ${version}.`,
    mailTestSent: 'Un e-mail de test part vers votre propre adresse.',
    mailPreviewOf: (subject: string) => `Objet : ${subject}`,
    reminderRecipients: (n: number) =>
      n === 1
        ? 'Une personne le recevra : sans réponse, non désinscrite, e-mail non rejeté, sous la limite de rappels.'
        : `${n} personnes le recevront : sans réponse, non désinscrites, e-mail non rejeté, sous la limite de rappels.`,
    nextReminderAt: (date: string, days: string) =>
      `Le prochain rappel est permis à partir du ${date} (${days} jours après le dernier envoi de la campagne).`,
    reminderAllowedNow: (days: string) =>
      `Un rappel peut partir maintenant : le dernier envoi de la campagne date de plus de ${days} jours.`,
    overrideDelay: (days: string) =>
      `Envoyer quand même, avant le délai minimal de ${days} jours (consigné dans le journal d’audit)`,
    remindersSent: (reminded: string, skipped: string) =>
      `Rappel envoyé à ${reminded} invités ; ${skipped} laissés de côté (terminé, désinscrit, rejeté ou à leur limite).`,
  },
);
