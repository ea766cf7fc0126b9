import type { Catalogue } from '@survey/messages';

interface PreviewWords {
  banner: string;
  waiting: string;
  standalone: string;
  cannotShow: (count: number) => string;
  lastShown: string;
  inEnglish: string;
  accepted: string;
  startAgain: string;
}

/** The preview page's own words, which only staff see (in the language they preview). */
export const WORDS: Catalogue<PreviewWords> = {
  en: {
    banner: 'Preview: answers given here are checked but never sent.',
    waiting: 'Waiting for the questionnaire…',
    standalone: 'This page shows the preview of a questionnaire inside the survey console.',
    cannotShow: (n) =>
      `This draft cannot be shown yet: ${n === 1 ? 'one problem' : `${n} problems`}. The editor lists them.`,
    lastShown: 'Below: the last state of the draft that could be shown.',
    inEnglish: 'Texts not yet translated into this language are shown in English.',
    accepted: 'These answers would be accepted. Nothing was sent: this is a preview.',
    startAgain: 'Start again',
  },
  fr: {
    banner: 'Aperçu : les réponses données ici sont vérifiées mais jamais envoyées.',
    waiting: 'En attente du questionnaire…',
    standalone: 'Cette page affiche l’aperçu d’un questionnaire dans la console des enquêtes.',
    cannotShow: (n) =>
      `Ce brouillon ne peut pas encore être affiché : ${n === 1 ? 'un problème' : `${n} problèmes`}. L’éditeur les liste.`,
    lastShown: 'Ci-dessous : le dernier état du brouillon qui pouvait être affiché.',
    inEnglish: 'Les textes pas encore traduits dans cette langue sont affichés en anglais.',
    accepted: 'Ces réponses seraient acceptées. Rien n’a été envoyé : ceci est un aperçu.',
    startAgain: 'Recommencer',
  },
  es: {
    banner: 'Vista previa: las respuestas dadas aquí se comprueban, pero nunca se envían.',
    waiting: 'Esperando el cuestionario…',
    standalone: 'Esta página muestra la vista previa de un cuestionario dentro de la consola de encuestas.',
    cannotShow: (n) => `Este borrador aún no se puede mostrar: problemas encontrados: ${n}. El editor los enumera.`,
    lastShown: 'Abajo: el último estado del borrador que se pudo mostrar.',
    inEnglish: 'Los textos aún no traducidos a este idioma se muestran en inglés.',
    accepted: 'Estas respuestas serían aceptadas. No se ha enviado nada: esto es una vista previa.',
    startAgain: 'Empezar de nuevo',
  },
  ar: {
    banner: 'معاينة: يتم التحقق من الإجابات المقدمة هنا ولكنها لا تُرسل أبدًا.',
    waiting: 'في انتظار الاستبيان…',
    standalone: 'تعرض هذه الصفحة معاينة لاستبيان داخل وحدة تحكم الاستبيانات.',
    cannotShow: (n) => `لا يمكن عرض هذه المسودة بعد: عدد المشكلات ${n}. يسردها المحرر.`,
    lastShown: 'أدناه: آخر حالة للمسودة أمكن عرضها.',
    inEnglish: 'تُعرض النصوص غير المترجمة بعد إلى هذه اللغة باللغة الإنجليزية.',
    accepted: 'ستُقبل هذه الإجابات. لم يُرسل أي شيء: هذه معاينة.',
    startAgain: 'البدء من جديد',
  },
  zh: {
    banner: '预览：此处填写的回答会经过检查，但绝不会被发送。',
    waiting: '正在等待问卷…',
    standalone: '此页面在调查控制台中显示问卷预览。',
    cannotShow: (n) => `此草稿暂时无法显示：存在 ${n} 个问题。编辑器中列出了这些问题。`,
    lastShown: '下方显示的是草稿最后一次可以显示的状态。',
    inEnglish: '尚未翻译成此语言的文本以英文显示。',
    accepted: '这些回答将被接受。未发送任何内容：这只是预览。',
    startAgain: '重新开始',
  },
  ru: {
    banner: 'Предпросмотр: ответы здесь проверяются, но никогда не отправляются.',
    waiting: 'Ожидание анкеты…',
    standalone: 'Эта страница показывает предпросмотр анкеты в консоли опросов.',
    cannotShow: (n) => `Этот черновик пока нельзя показать: найдено проблем: ${n}. Редактор их перечисляет.`,
    lastShown: 'Ниже — последнее состояние черновика, которое удалось показать.',
    inEnglish: 'Тексты, ещё не переведённые на этот язык, показаны на английском.',
    accepted: 'Эти ответы были бы приняты. Ничего не отправлено: это предпросмотр.',
    startAgain: 'Начать заново',
  },
};
