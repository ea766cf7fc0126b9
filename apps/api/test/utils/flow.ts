import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';

/**
 * The sample questionnaire with jumps: a very low NPS (0–2) ends the survey after the first page
 * (complete trigger); a satisfaction of 4 or 5 jumps over the services page to the comments
 * (skip trigger); the comments page is shown only to those who gave an NPS (page visibleIf), and its
 * title shows their satisfaction score (piping). The services page shows its questions, and the main
 * service question its choices, in an order drawn for each respondent (randomisation). The comments
 * page opens with an information block (html) and ends with an optional e-mail address (text) and
 * an office (multipletext).
 */
export function flowSampleQuestionnaire(): Questionnaire {
  const questionnaire = sampleSatisfactionQuestionnaire();
  const comments = questionnaire.pages.find((page) => page.name === 'comments');
  if (!comments) throw new Error('the sample questionnaire has no comments page');
  comments.visibleIf = '{nps} notempty';
  // Randomisation: the services page's questions, and the main service's choices.
  const services = questionnaire.pages.find((page) => page.name === 'services');
  const mainService = services?.elements.find((question) => question.name === 'mainService');
  if (!services || mainService?.type !== 'radiogroup') throw new Error('the sample questionnaire has changed');
  services.questionsOrder = 'random';
  mainService.choicesOrder = 'random';
  // An information block, with a link and emphasis, before the comments.
  const note = (text: string) =>
    `<p>${text} <strong>*</strong> <a href="https://www.example.org/privacy">&gt;&gt;</a></p>`;
  // An optional e-mail address: personal data, encrypted like free text, never in statistics.
  comments.elements.push({
    type: 'text',
    name: 'contactEmail',
    inputType: 'email',
    maxLength: 200,
    title: {
      en: 'Your e-mail address, if you would like a reply',
      fr: 'Votre adresse e-mail, si vous souhaitez une réponse',
      es: 'Su correo electrónico, si desea una respuesta',
      ar: 'بريدكم الإلكتروني إذا رغبتم في الرد',
      zh: '如需回复，请填写您的电子邮件地址',
      ru: 'Ваш адрес электронной почты, если вы хотите получить ответ',
    },
  });
  // Several one-line texts: free text too.
  const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });
  comments.elements.push({
    type: 'multipletext',
    name: 'office',
    title: six('Which office handled your last request?'),
    items: [
      { name: 'city', title: six('City'), maxLength: 100 },
      { name: 'team', title: six('Team'), maxLength: 100 },
    ],
  });
  comments.elements.unshift({
    type: 'html',
    name: 'commentsNote',
    title: { en: 'About comments', fr: 'À propos', es: 'Acerca', ar: 'حول', zh: '关于', ru: 'О' },
    html: {
      en: note('Comments are read by the survey team only.'),
      fr: note('Les commentaires ne sont lus que par l’équipe de l’enquête.'),
      es: note('Solo el equipo de la encuesta lee los comentarios.'),
      ar: note('لا يقرأ التعليقات سوى فريق الاستبيان.'),
      zh: note('评论仅由调查团队阅读。'),
      ru: note('Комментарии читает только команда опроса.'),
    },
  });
  // Piping: the page title shows the respondent's own satisfaction score, in every language.
  if (comments.title) {
    comments.title = Object.fromEntries(
      Object.entries(comments.title).map(([language, text]) => [language, `${text} ({satisfaction}/5)`]),
    ) as typeof comments.title;
  }
  return {
    ...questionnaire,
    triggers: [
      { type: 'complete', expression: '{nps} <= 2' },
      { type: 'skip', expression: '{satisfaction} >= 4', gotoName: 'suggestions' },
    ],
  };
}
