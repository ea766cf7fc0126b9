import type { FieldRule } from '../../lib/field-rules';
import { defineMessages } from '../../lib/messages';

/** The API's rule for the preview's horizon (RetentionPreviewQueryDto: 0 to MAX_PREVIEW_DAYS days), checked before asking. */
export const PREVIEW_RULES = {
  days: { integer: { min: 0, max: 730 } },
} as const satisfies Record<string, FieldRule>;

/**
 * When each kind of record is deleted, in words (the API's own rules are English and for
 * operators). `months` is the longest retention in force, already formatted.
 */
export const retentionRuleMessages = defineMessages(
  {
    responses: () => 'A response is deleted when its survey’s retention period has passed since it was submitted.',
    response_links: () =>
      'When a survey that unlinks responses is closed, each response loses its link to the person who gave it.',
    drafts: () => 'An unfinished answer is wiped once its survey is closed.',
    invitations: () =>
      'An invitation, with its link and e-mails, is deleted when its survey’s retention period has passed, once no response is linked to it.',
    contacts: (months: string) =>
      `A contact is deleted ${months} months after their data was last collected (imported or invited), with everything that names them.`,
    mail_outbox: (months: string) => `An e-mail is deleted ${months} months after it was queued, or with its contact.`,
    provider_idempotency_keys: () => 'What is kept to answer the provider’s retries is deleted after a day or two.',
    audit_events: (months: string) =>
      `Audit events are deleted ${months} months after they happened, oldest first; the log can still be checked.`,
    privacy_requests: () =>
      'A closed request keeps only its type, dates and outcome, until its retention period ends; an unconfirmed request goes when its confirmation link expires.',
    privacy_request_downloads: () =>
      'A copy of someone’s data is deleted when its download link expires, a few days after it was sent.',
    privacy_request_addresses: () =>
      'The address and details of a closed request are wiped 7 days after closing, even if the closing e-mail could not be sent.',
    provider_erasure_notices: () =>
      'A notice to the provider is deleted once the provider has acknowledged it, or when the privacy requests’ retention period ends.',
  } as Record<string, (months: string) => string>,
  {
    responses: () =>
      'Une réponse est supprimée quand la durée de conservation de son enquête est écoulée depuis son envoi.',
    response_links: () =>
      'À la clôture d’une enquête qui dissocie les réponses, chaque réponse perd son lien avec la personne qui l’a donnée.',
    drafts: () => 'Une réponse inachevée est effacée dès la clôture de son enquête.',
    invitations: () =>
      'Une invitation, avec son lien et ses e-mails, est supprimée quand la durée de conservation de son enquête est écoulée, si aucune réponse n’y est liée.',
    contacts: (months: string) =>
      `Un contact est supprimé ${months} mois après la dernière collecte de ses données (import ou invitation), avec tout ce qui le nomme.`,
    mail_outbox: (months: string) =>
      `Un e-mail est supprimé ${months} mois après sa mise en file, ou avec son contact.`,
    provider_idempotency_keys: () =>
      'Ce qui est gardé pour répondre aux nouvelles tentatives du prestataire est supprimé au bout d’un jour ou deux.',
    audit_events: (months: string) =>
      `Les événements d’audit sont supprimés ${months} mois après avoir eu lieu, les plus anciens d’abord ; le journal reste vérifiable.`,
    privacy_requests: () =>
      'Une demande close ne garde que son type, ses dates et son issue, jusqu’à la fin de sa durée de conservation ; une demande non confirmée disparaît à l’expiration de son lien.',
    privacy_request_downloads: () =>
      'La copie des données d’une personne est supprimée à l’expiration de son lien de téléchargement, quelques jours après l’envoi.',
    privacy_request_addresses: () =>
      'L’adresse et le détail d’une demande close sont effacés 7 jours après la clôture, même si l’e-mail de clôture n’a pas pu partir.',
    provider_erasure_notices: () =>
      'Un avis au prestataire est supprimé dès que le prestataire l’a pris en compte, ou à la fin de la durée de conservation des demandes.',
  } as Record<string, (months: string) => string>,
);
