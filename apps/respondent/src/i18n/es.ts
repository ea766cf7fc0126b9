import type { Messages } from './en';

export const es: Messages = {
  appName: 'Encuesta de satisfacción',
  languageLabel: 'Idioma',
  loading: 'Cargando…',
  tryAgain: 'Reintentar',
  cancel: 'Cancelar',
  close: 'Cerrar',
  privacyNotice: 'Aviso de privacidad',
  privacyRequest: 'Sus derechos sobre sus datos: presentar una solicitud',
  optOut: 'No recibir más mensajes sobre esta encuesta',

  homeIntro: 'La encuesta se abre desde el enlace personal de su correo electrónico de invitación.',
  serviceChecking: 'Estado del servicio: comprobando…',
  serviceAvailable: 'Estado del servicio: disponible',
  serviceUnavailable: 'Estado del servicio: no disponible',

  yourPrivacy: 'Su privacidad',
  readFullNotice: 'Leer el aviso de privacidad completo',
  start: 'Comenzar la encuesta',
  resume: 'Continuar donde lo dejó',
  draftSavedOn: (when) => `Sus respuestas se guardaron el ${when}.`,
  requiredNote: 'Las preguntas marcadas con un asterisco (*) requieren respuesta.',
  required: 'obligatoria',
  pageOf: (page, total) => `Página ${page} de ${total}`,
  previous: 'Anterior',
  next: 'Siguiente',
  submit: 'Enviar mis respuestas',
  submitting: 'Enviando…',
  selectPlaceholder: 'Seleccione…',
  yes: 'Sí',
  no: 'No',
  scaleEnds: (min, max) => `${min} … ${max}`,
  selectUpTo: (count) => `Seleccione hasta ${count}.`,
  upToCharacters: (count) => `Hasta ${count} caracteres.`,
  answerRequired: 'Responda a esta pregunta.',
  answerEveryRow: 'Responda a cada fila.',
  answerInvalid: 'Esta respuesta no se pudo aceptar. Revísela.',
  otherItem: 'Otro',
  noneItem: 'Ninguno',
  otherComment: 'Indique qué significa «Otro»',
  answerOtherComment: 'Indique qué significa «Otro».',
  answerNumber: 'Introduzca un número.',
  answerDate: 'Introduzca una fecha.',
  answerEmail: 'Introduzca una dirección de correo electrónico, como nombre@example.org.',
  answerTel: 'Introduzca un número de teléfono.',
  answerAtLeast: (min) => `Introduzca ${min} o más.`,
  answerAtMost: (max) => `Introduzca ${max} o menos.`,
  answerLength: (min, max) =>
    min !== null && max !== null
      ? `Escriba entre ${min} y ${max} caracteres.`
      : min !== null
        ? `Escriba al menos ${min} caracteres.`
        : `Escriba como máximo ${max} caracteres.`,
  answerPattern: 'Esta respuesta no tiene la forma esperada.',
  numberRange: (min, max) =>
    min !== null && max !== null ? `De ${min} a ${max}.` : min !== null ? `${min} o más.` : `${max} o menos.`,
  fixErrors: (count) =>
    count === 1 ? 'Una pregunta requiere su atención.' : `${count} preguntas requieren su atención.`,

  saveSaving: 'Guardando…',
  saveSaved: 'Todas las respuestas están guardadas.',
  saveOffline:
    'Sin conexión. Sus respuestas se conservan en este dispositivo y se guardarán en cuanto vuelva la conexión. Reintentando…',
  saveRetrying: 'El servicio está ocupado. Sus respuestas se conservan en este dispositivo; reintentando…',
  saveRejected: 'Algunas respuestas no se pudieron guardar. Revíselas.',
  submitOffline:
    'No se pudieron enviar sus respuestas: no hay conexión. Se conservan en este dispositivo y se enviarán cuando vuelva la conexión.',
  submitFailed: 'No se pudieron enviar sus respuestas. Inténtelo de nuevo en un momento.',

  thanksTitle: '¡Gracias!',
  thanksBody: 'Hemos recibido sus respuestas. Gracias por dedicar su tiempo a ayudarnos a mejorar nuestros servicios.',
  alreadyTitle: 'Gracias: esta encuesta ya ha sido respondida',
  alreadyBody: (when) => `Sus respuestas se recibieron con este enlace el ${when}. Ya no se pueden modificar.`,
  invalidTitle: 'Este enlace no funciona',
  invalidBody:
    'El enlace está incompleto o es desconocido. Abra la encuesta desde el enlace de su último correo de invitación o recordatorio.',
  expiredTitle: 'Este enlace ha caducado',
  expiredBody: 'Abra la encuesta desde el enlace de su último correo de invitación o recordatorio.',
  newLinkOffer: 'Podemos enviar un nuevo enlace a la dirección a la que se envió esta invitación.',
  newLinkButton: 'Enviarme un nuevo enlace',
  newLinkSent:
    'Gracias. Si todavía es posible responder con esta invitación, un nuevo enlace va de camino a la dirección a la que se envió la invitación. Puede tardar unos minutos; revise también su carpeta de correo no deseado.',
  newLinkThrottled: 'Demasiadas solicitudes desde su red. Vuelva a intentarlo más tarde.',
  newLinkFailed: 'No se pudo enviar la solicitud. Compruebe su conexión y vuelva a intentarlo.',
  optedOutTitle: 'Ha dejado de participar en esta encuesta',
  optedOutBody: 'No recibirá más mensajes sobre ella y ya no se puede responder con este enlace.',
  closedTitle: 'Esta encuesta está cerrada',
  closedBody: 'Ya no acepta respuestas. Gracias por su interés.',
  throttledTitle: 'Demasiados intentos',
  throttledBody: (minutes) =>
    `Se han probado demasiados enlaces no válidos desde su red. Inténtelo de nuevo dentro de unos ${minutes} minuto${minutes === 1 ? '' : 's'}.`,
  offlineTitle: 'Sin conexión',
  offlineBody:
    'No se pudo cargar la encuesta. Compruebe su conexión a internet; lo volveremos a intentar automáticamente.',
  unexpectedTitle: 'Se ha producido un error',
  unexpectedBody: 'El servicio de encuestas tuvo un problema. Inténtelo de nuevo en un momento.',

  optOutExplain: 'No recibirá más invitaciones ni recordatorios sobre esta encuesta. Nada más cambia.',
  optOutDone: 'Hecho: no recibirá ningún otro mensaje sobre esta encuesta.',
  optOutInvalid: 'Este enlace no es válido. Use el enlace de su correo más reciente sobre la encuesta.',
  optOutFailed: 'No se pudo contactar con el servicio. Inténtelo de nuevo en un momento.',

  noticeFailed: 'No se pudo cargar el aviso de privacidad. Inténtelo de nuevo.',

  requestTitle: 'Presentar una solicitud sobre sus datos',
  requestIntro:
    'Puede pedir ver los datos personales que se conservan sobre usted, corregirlos, suprimirlos u oponerse a su uso. Le enviaremos por correo un enlace para confirmar la solicitud; se tramita una vez confirmada.',
  requestTypeLegend: '¿Qué desea hacer?',
  requestTypes: {
    access: 'Ver mis datos (acceso)',
    rectification: 'Corregir mis datos (rectificación)',
    erasure: 'Suprimir mis datos (supresión)',
    objection: 'Que dejen de usar mis datos (oposición)',
  },
  requestTypeNames: {
    access: 'de acceso',
    rectification: 'de rectificación',
    erasure: 'de supresión',
    objection: 'de oposición',
  },
  emailLabel: 'Su dirección de correo electrónico',
  emailHint: 'La dirección a la que se envió la invitación a la encuesta.',
  detailsLabel: 'Detalles (opcional)',
  detailsHint: 'Para una corrección, indique qué debe cambiar. No incluya información sensible.',
  sendRequest: 'Enviar la solicitud',
  requestReceivedTitle: 'Solicitud recibida',
  requestReceivedBody:
    'Si esta dirección figura en nuestros registros, recibirá un correo con un enlace para confirmar su solicitud. El enlace es válido durante un tiempo limitado.',
  fixFields: (count) => (count === 1 ? 'Un campo requiere su atención.' : `${count} campos requieren su atención.`),
  errorType: 'Elija lo que desea hacer.',
  errorEmail: 'Introduzca una dirección de correo válida, por ejemplo nombre@ejemplo.org.',
  errorDetails: 'Los detalles son demasiado largos.',
  errorField: 'Revise este campo.',
  requestThrottled: (minutes) =>
    `Se han enviado demasiadas solicitudes desde su red. Inténtelo de nuevo dentro de unos ${minutes} minuto${minutes === 1 ? '' : 's'}.`,
  requestFailed: 'No se pudo enviar la solicitud. Inténtelo de nuevo en un momento.',

  verifyTitle: 'Confirmar su solicitud',
  verifyIntro: 'Pulse el botón para confirmar que usted hizo esta solicitud.',
  verifyButton: 'Confirmar mi solicitud',
  verifiedTitle: 'Su solicitud está confirmada',
  verifiedBody: (type, due) => `Responderemos a su solicitud ${type} a más tardar el ${due}.`,
  verifyUnknown: 'Este enlace de confirmación es desconocido o ha caducado. Presente la solicitud de nuevo.',

  downloadTitle: 'Sus datos',
  downloadIntro:
    'Descargue una copia de los datos personales que se conservan sobre usted. El enlace es válido durante un tiempo limitado. Guarde los archivos en un lugar seguro.',
  downloadJson: 'Descargar en JSON (para ordenadores)',
  downloadHtml: 'Descargar como página web (para leer)',
  downloadStarted: 'La descarga ha comenzado.',
  downloadUnknown: 'Este enlace de descarga es desconocido o ha caducado. Presente una nueva solicitud de acceso.',
};
