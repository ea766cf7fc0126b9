import { defineMessages } from '../../lib/messages';

/** Deleting a draft report (DeleteDraftReport). */
export const deleteMessages = defineMessages(
  {
    deleteDraft: 'Delete this draft…',
    confirmTitle: 'Delete this draft report?',
    confirmText:
      'The draft and its figures are deleted for good. The responses stay; a new draft can be made at any time.',
    confirm: 'Delete the draft',
  },
  {
    deleteDraft: 'Supprimer ce brouillon…',
    confirmTitle: 'Supprimer ce brouillon de rapport ?',
    confirmText:
      'Le brouillon et ses chiffres sont supprimés définitivement. Les réponses restent ; un nouveau brouillon peut être créé à tout moment.',
    confirm: 'Supprimer le brouillon',
  },
);
