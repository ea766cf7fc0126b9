import { defineMessages } from '../../lib/messages';

/** The branding form, shared by a survey's settings and the organisation's default page. */
export const brandingMessages = defineMessages(
  {
    colourLabel: 'Primary colour',
    colourHint:
      'Written #rrggbb. Buttons and links use it, with white text on buttons: it must reach a contrast of 4.5:1 (WCAG AA) with white and with the light grey page background.',
    colourFormat: 'Write the colour as #rrggbb, for example #0b57d0.',
    colourPicker: 'Pick the primary colour',
    inherit: (what: string) => `Empty: ${what}`,
    inheritOrganisation: 'the organisation’s default.',
    inheritApp: 'the app’s own blue.',
    titleLegend: 'Page title (the browser tab’s title)',
    titleHint: (needsAll: boolean) =>
      needsAll
        ? 'One text in each of the survey’s languages, or all empty for the default.'
        : 'In any of the languages; respondents see their own language, else English.',
    languageNames: { en: 'English', fr: 'French', es: 'Spanish', ar: 'Arabic', zh: 'Chinese', ru: 'Russian' },
    save: 'Save colour and title',
    saving: 'Saving…',
    saved: 'Saved.',
    logoLegend: 'Logo',
    logoHint:
      'PNG, JPEG or WebP (no SVG), at most 256 KiB and 1024 × 1024 pixels. Respondents read the organisation’s name as its alternative text.',
    logoFile: 'Image file',
    upload: 'Upload the logo',
    uploading: 'Uploading…',
    removeLogo: 'Remove the logo',
    noLogo: 'No logo of its own.',
    logoFacts: (width: number, height: number, kib: string) => `${width} × ${height} pixels, ${kib} KiB`,
    fileMissing: 'Choose a file first.',
    fileType: 'Only PNG, JPEG or WebP images are accepted (SVG is not).',
    fileSize: (kib: string) => `The file is ${kib} KiB; at most 256 KiB is accepted.`,
    preview: 'Preview',
    previewStart: 'Start the survey',
    previewNotice: 'Privacy notice',
    previewNote: 'The organisation’s name and the privacy notice link are always shown, whatever the brand.',
    organisationTitle: 'Branding of the survey pages',
    organisationIntro:
      'The organisation’s default colour, page title and logo for the pages respondents see. A survey may set its own in its settings; what it leaves empty comes from here.',
    surveyTitle: 'Branding',
    surveyIntro: 'How this survey’s pages look to respondents. Empty fields take the organisation’s default.',
  },
  {
    colourLabel: 'Couleur principale',
    colourHint:
      'Au format #rrvvbb. Boutons et liens l’utilisent, avec un texte blanc sur les boutons : son contraste avec le blanc et avec le gris clair du fond de page doit atteindre 4,5:1 (WCAG AA).',
    colourFormat: 'Écrivez la couleur au format #rrvvbb, par exemple #0b57d0.',
    colourPicker: 'Choisir la couleur principale',
    inherit: (what: string) => `Vide : ${what}`,
    inheritOrganisation: 'celle de l’organisation par défaut.',
    inheritApp: 'le bleu de l’application.',
    titleLegend: 'Titre de la page (celui de l’onglet du navigateur)',
    titleHint: (needsAll: boolean) =>
      needsAll
        ? 'Un texte dans chacune des langues de l’enquête, ou tous vides pour le titre par défaut.'
        : 'Dans les langues de votre choix ; chaque répondant voit sa langue, sinon l’anglais.',
    languageNames: { en: 'Anglais', fr: 'Français', es: 'Espagnol', ar: 'Arabe', zh: 'Chinois', ru: 'Russe' },
    save: 'Enregistrer la couleur et le titre',
    saving: 'Enregistrement…',
    saved: 'Enregistré.',
    logoLegend: 'Logo',
    logoHint:
      'PNG, JPEG ou WebP (pas de SVG), 256 Kio et 1024 × 1024 pixels au plus. Les répondants entendent le nom de l’organisation comme texte de remplacement.',
    logoFile: 'Fichier image',
    upload: 'Téléverser le logo',
    uploading: 'Téléversement…',
    removeLogo: 'Retirer le logo',
    noLogo: 'Pas de logo propre.',
    logoFacts: (width: number, height: number, kib: string) => `${width} × ${height} pixels, ${kib} Kio`,
    fileMissing: 'Choisissez d’abord un fichier.',
    fileType: 'Seules les images PNG, JPEG ou WebP sont acceptées (pas le SVG).',
    fileSize: (kib: string) => `Le fichier fait ${kib} Kio ; 256 Kio au plus sont acceptés.`,
    preview: 'Aperçu',
    previewStart: 'Commencer l’enquête',
    previewNotice: 'Avis de confidentialité',
    previewNote:
      'Le nom de l’organisation et le lien vers l’avis de confidentialité restent toujours affichés, quelle que soit la charte.',
    organisationTitle: 'Charte graphique des pages de l’enquête',
    organisationIntro:
      'La couleur, le titre de page et le logo par défaut de l’organisation pour les pages que voient les répondants. Une enquête peut définir les siens dans ses paramètres ; ce qu’elle laisse vide vient d’ici.',
    surveyTitle: 'Charte graphique',
    surveyIntro:
      'L’apparence des pages de cette enquête pour les répondants. Les champs vides reprennent la charte par défaut de l’organisation.',
  },
);
