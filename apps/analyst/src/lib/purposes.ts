import { defineMessages } from './messages';

/**
 * The reasons staff may give for reading personal data: the API's default DATA_ACCESS_PURPOSES.
 * The API refuses a purpose it is not configured with, and its refusal lists the allowed ones.
 */
export const PURPOSES = [
  'survey-administration',
  'survey-analysis',
  'data-quality',
  'privacy-request',
  'security-investigation',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

export const purposeMessages = defineMessages(
  {
    choose: 'Choose a purpose…',
    labels: {
      'survey-administration': 'Running a survey (invitations, reminders, list of contacts)',
      'survey-analysis': 'Analysing the results of a survey',
      'data-quality': 'Checking and correcting the quality of the data',
      'privacy-request': 'Handling a privacy request',
      'security-investigation': 'Investigating a security incident',
    },
  },
  {
    choose: 'Choisissez un motif…',
    labels: {
      'survey-administration': 'Organisation d’une enquête (invitations, rappels, liste des contacts)',
      'survey-analysis': 'Analyse des résultats d’une enquête',
      'data-quality': 'Contrôle et correction de la qualité des données',
      'privacy-request': 'Traitement d’une demande relative aux données personnelles',
      'security-investigation': 'Enquête sur un incident de sécurité',
    },
  },
);

/** The label of a purpose, or its name when the API accepted one this console does not know. */
export function purposeLabel(labels: Readonly<Record<Purpose, string>>, purpose: string): string {
  return isPurpose(purpose) ? labels[purpose] : purpose;
}
