/**
 * Every string of the interface, in English. The other languages are typed as `Messages`, so a
 * string missing from any of them is a compile error. Questionnaire texts come with the
 * questionnaire; the privacy notice comes from the API.
 */
export const en = {
  appName: 'Satisfaction survey',
  languageLabel: 'Language',
  loading: 'Loading…',
  tryAgain: 'Try again',
  cancel: 'Cancel',
  close: 'Close',
  privacyNotice: 'Privacy notice',
  privacyRequest: 'Your data rights: make a request',
  optOut: 'Stop messages about this survey',

  // Home (no link)
  homeIntro: 'The survey opens from the personal link in your invitation e-mail.',
  serviceChecking: 'Service status: checking…',
  serviceAvailable: 'Service status: available',
  serviceUnavailable: 'Service status: unavailable',

  // The survey
  yourPrivacy: 'Your privacy',
  readFullNotice: 'Read the full privacy notice',
  start: 'Start the survey',
  resume: 'Continue where you left off',
  draftSavedOn: (when: string) => `Your answers so far were saved on ${when}.`,
  requiredNote: 'Questions marked with an asterisk (*) need an answer.',
  required: 'required',
  pageOf: (page: number, total: number) => `Page ${page} of ${total}`,
  previous: 'Previous',
  next: 'Next',
  submit: 'Submit my answers',
  submitting: 'Sending…',
  selectPlaceholder: 'Select…',
  yes: 'Yes',
  no: 'No',
  scaleEnds: (min: string, max: string) => `${min} … ${max}`,
  selectUpTo: (count: number) => `Select up to ${count}.`,
  upToCharacters: (count: number) => `Up to ${count} characters.`,
  sliderNotAnswered: 'Not answered yet: move the slider, or use the arrow keys.',
  sliderValue: (value: string) => `Your answer: ${value}`,
  clearAnswer: 'Clear my answer',
  rankingHint: 'Put the items in order, most preferred first, with the Move up and Move down buttons.',
  rankingKeepOrder: 'Keep this order',
  rankingNotAnswered: 'Not ranked yet: move an item, or keep the order shown.',
  moveUp: (item: string) => `Move up: ${item}`,
  moveDown: (item: string) => `Move down: ${item}`,
  rankingMoved: (item: string, position: number, count: number) => `${item}: now ${position} of ${count}.`,
  rankingKept: 'Order kept.',
  expressionEmpty: 'Not calculated yet: it depends on earlier answers.',
  answerRequired: 'Please answer this question.',
  answerEveryRow: 'Please answer every row.',
  answerInvalid: 'This answer could not be accepted. Please check it.',
  otherItem: 'Other',
  noneItem: 'None',
  otherComment: 'Please say what “Other” means',
  answerOtherComment: 'Please say what “Other” means.',
  answerNumber: 'Please enter a number.',
  answerDate: 'Please enter a date.',
  answerEmail: 'Please enter an e-mail address, such as name@example.org.',
  answerTel: 'Please enter a telephone number.',
  answerAtLeast: (min: string) => `Please enter ${min} or more.`,
  answerAtMost: (max: string) => `Please enter ${max} or less.`,
  answerLength: (min: number | null, max: number | null) =>
    min !== null && max !== null
      ? `Please write between ${min} and ${max} characters.`
      : min !== null
        ? `Please write at least ${min} characters.`
        : `Please write at most ${max} characters.`,
  answerPattern: 'This answer does not have the expected form.',
  numberRange: (min: string | null, max: string | null) =>
    min !== null && max !== null ? `From ${min} to ${max}.` : min !== null ? `${min} or more.` : `${max} or less.`,
  fixErrors: (count: number) =>
    count === 1 ? 'One question needs your attention.' : `${count} questions need your attention.`,

  // Saving
  saveSaving: 'Saving…',
  saveSaved: 'All answers saved.',
  saveOffline:
    'No connection. Your answers are kept on this device and will be saved as soon as the connection returns. Retrying…',
  saveRetrying: 'The service is busy. Your answers are kept on this device; retrying…',
  saveRejected: 'Some answers could not be saved. Please check them.',
  submitOffline:
    'Your answers could not be sent: no connection. They are kept on this device and will be sent when the connection returns.',
  submitFailed: 'Your answers could not be sent. Please try again in a moment.',

  // End and error states
  thanksTitle: 'Thank you!',
  thanksBody: 'Your answers have been received. Thank you for taking the time to help us improve our services.',
  alreadyTitle: 'Thank you: this survey has already been answered',
  alreadyBody: (when: string) => `Your answers were received with this link on ${when}. They can no longer be changed.`,
  invalidTitle: 'This link does not work',
  invalidBody:
    'The link is incomplete or unknown. Please open the survey from the link in your most recent invitation or reminder e-mail.',
  expiredTitle: 'This link has expired',
  expiredBody: 'Please open the survey from the link in your most recent invitation or reminder e-mail.',
  newLinkOffer: 'We can send a new link to the address this invitation was sent to.',
  newLinkButton: 'Send me a new link',
  newLinkSent:
    'Thank you. If this invitation can still be answered, a new link is on its way to the address the invitation was sent to. It may take a few minutes; please also check your spam folder.',
  newLinkThrottled: 'Too many requests from your network. Please try again later.',
  newLinkFailed: 'The request could not be sent. Please check your connection and try again.',
  optedOutTitle: 'You opted out of this survey',
  optedOutBody: 'You will receive no further messages about it, and it can no longer be answered with this link.',
  closedTitle: 'This survey is closed',
  closedBody: 'It no longer accepts answers. Thank you for your interest.',
  throttledTitle: 'Too many attempts',
  throttledBody: (minutes: number) =>
    `Too many invalid links were tried from your network. Please try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  offlineTitle: 'No connection',
  offlineBody:
    'The survey could not be loaded. Please check your internet connection; we will try again automatically.',
  unexpectedTitle: 'Something went wrong',
  unexpectedBody: 'The survey service had a problem. Please try again in a moment.',

  // Opt-out
  optOutExplain: 'You will receive no further invitation or reminder about this survey. Nothing else changes.',
  optOutDone: 'Done: you will not receive any further message about this survey.',
  optOutInvalid: 'This link is not valid. Please use the link from your most recent e-mail about the survey.',
  optOutFailed: 'The service could not be reached. Please try again in a moment.',

  // Privacy notice
  noticeFailed: 'The privacy notice could not be loaded. Please try again.',

  // Privacy requests
  requestTitle: 'Make a privacy request',
  requestIntro:
    'You can ask to see the personal data held about you, to correct it, to erase it, or to object to its use. We will e-mail you a link to confirm the request; it is handled once you confirm it.',
  requestTypeLegend: 'What would you like to do?',
  requestTypes: {
    access: 'See my data (access)',
    rectification: 'Correct my data (rectification)',
    erasure: 'Erase my data (erasure)',
    objection: 'Stop the use of my data (objection)',
  },
  requestTypeNames: {
    access: 'access',
    rectification: 'rectification',
    erasure: 'erasure',
    objection: 'objection',
  },
  emailLabel: 'Your e-mail address',
  emailHint: 'The address the survey invitation was sent to.',
  detailsLabel: 'Details (optional)',
  detailsHint: 'For a correction, say what should change. Please do not include sensitive information.',
  sendRequest: 'Send the request',
  requestReceivedTitle: 'Request received',
  requestReceivedBody:
    'If this address is in our records, you will receive an e-mail with a link to confirm your request. The link works for a limited time.',
  fixFields: (count: number) =>
    count === 1 ? 'One field needs your attention.' : `${count} fields need your attention.`,
  errorType: 'Please choose what you would like to do.',
  errorEmail: 'Please enter a valid e-mail address, for example name@example.org.',
  errorDetails: 'The details are too long.',
  errorField: 'Please check this field.',
  requestThrottled: (minutes: number) =>
    `Too many requests were sent from your network. Please try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  requestFailed: 'The request could not be sent. Please try again in a moment.',

  verifyTitle: 'Confirm your privacy request',
  verifyIntro: 'Press the button to confirm that you made this request.',
  verifyButton: 'Confirm my request',
  verifiedTitle: 'Your request is confirmed',
  verifiedBody: (type: string, due: string) => `We will answer your ${type} request by ${due}.`,
  verifyUnknown: 'This confirmation link is unknown or has expired. Please make the request again.',

  downloadTitle: 'Your data',
  downloadIntro:
    'Download a copy of the personal data held about you. The link works for a limited time. Keep the files in a safe place.',
  downloadJson: 'Download as JSON (for computers)',
  downloadHtml: 'Download as a web page (to read)',
  downloadStarted: 'The download has started.',
  downloadUnknown: 'This download link is unknown or has expired. Please make a new access request.',
};

export type Messages = typeof en;
