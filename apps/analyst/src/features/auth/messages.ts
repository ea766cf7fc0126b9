import { defineMessages } from '../../lib/messages';

export const authMessages = defineMessages(
  {
    signInTitle: 'Sign in',
    email: 'E-mail address',
    password: 'Password',
    otp: 'One-time code from your authenticator app',
    otpHint: 'Only if your account has a second factor: six digits. Lost your device? Use a recovery code instead.',
    useRecoveryCode: 'Use a recovery code',
    useOtp: 'Use a one-time code',
    recoveryCode: 'Recovery code',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signInWith: 'Sign in with',
    ssoRefused: 'Single sign-on did not let you in: your account may have no role here. Ask an administrator.',
    wrongCredentials:
      'The e-mail address, password or code is wrong. If your account has a second factor, enter its code too.',
    tooManyAttempts: 'Too many attempts. Wait a moment before trying again.',
    ended: {
      'signed-out': 'You have signed out.',
      expired: 'Your session has ended. Sign in again to continue.',
      revoked: 'Your session was closed (signed out elsewhere, or your account changed). Sign in again.',
      'password-changed': 'Your password was changed. Sign in with your new password.',
    },
    firstStartTitle: 'First time here?',
    firstStart:
      'The first administrator’s e-mail address and password are printed once in the server’s start-up output ' +
      '(the block framed by lines of “=”), never by this page. See the README, section “First start”. Other staff ' +
      'get their account from an administrator.',
    mustChangeTitle: 'Choose your own password',
    mustChangeIntro:
      'Your password was generated for you. Choose one of your own before you continue: at least 12 characters. ' +
      'You will then sign in again with it.',
    copyCodes: 'Copy the codes',
    codesCopied: 'The codes were copied.',
    copyFailed: 'The codes could not be copied: select them and copy them by hand.',
    downloadCodes: 'Download as a text file',
    enrolTitle: 'Set up your second factor',
    enrolIntro:
      'Your role requires a one-time code at each sign-in. Scan this code with an authenticator app, or type the key, then enter the code it shows.',
    secretKey: 'Key',
    qrLabel: 'QR code of the authenticator key',
    confirm: 'Confirm',
    recoveryTitle: 'Your recovery codes',
    recoveryIntro:
      'Each code signs you in once without your device. Keep them somewhere safe: they are shown only now.',
    continue: 'Continue',
    accountTitle: 'Your account',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    passwordChanged: 'Your password was changed.',
    mfaOn: 'Second factor: on',
    mfaOff: 'Second factor: off',
    setUpMfa: 'Set up a second factor',
    disableMfa: 'Turn off the second factor',
    mfaDisabled: 'The second factor is off.',
    signOutEverywhere: 'Sign out of all sessions',
  },
  {
    signInTitle: 'Connexion',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    otp: 'Code à usage unique de votre application d’authentification',
    otpHint:
      'Seulement si votre compte a un second facteur : six chiffres. Appareil perdu ? Utilisez plutôt un code de secours.',
    useRecoveryCode: 'Utiliser un code de secours',
    useOtp: 'Utiliser un code à usage unique',
    recoveryCode: 'Code de secours',
    signIn: 'Se connecter',
    signingIn: 'Connexion…',
    signInWith: 'Se connecter avec',
    ssoRefused:
      'L’authentification unique ne vous a pas ouvert l’accès : votre compte n’a peut-être aucun rôle ici. Demandez à un administrateur.',
    wrongCredentials:
      'L’adresse e-mail, le mot de passe ou le code est erroné. Si votre compte a un second facteur, saisissez aussi son code.',
    tooManyAttempts: 'Trop de tentatives. Patientez un moment avant de réessayer.',
    ended: {
      'signed-out': 'Vous êtes déconnecté.',
      expired: 'Votre session a pris fin. Reconnectez-vous pour continuer.',
      revoked: 'Votre session a été fermée (déconnexion ailleurs, ou compte modifié). Reconnectez-vous.',
      'password-changed': 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.',
    },
    firstStartTitle: 'Première connexion ?',
    firstStart:
      'L’adresse e-mail et le mot de passe du premier administrateur sont affichés une seule fois dans la sortie ' +
      'de démarrage du serveur (le bloc encadré de lignes de « = »), jamais par cette page. Voir le README, ' +
      'section « First start ». Les autres membres du personnel reçoivent leur compte d’un administrateur.',
    mustChangeTitle: 'Choisissez votre propre mot de passe',
    mustChangeIntro:
      'Votre mot de passe a été généré pour vous. Choisissez-en un avant de continuer : au moins 12 caractères. ' +
      'Vous vous reconnecterez ensuite avec celui-ci.',
    copyCodes: 'Copier les codes',
    codesCopied: 'Les codes ont été copiés.',
    copyFailed: 'Les codes n’ont pas pu être copiés : sélectionnez-les et copiez-les à la main.',
    downloadCodes: 'Télécharger en fichier texte',
    enrolTitle: 'Configurer votre second facteur',
    enrolIntro:
      'Votre rôle exige un code à usage unique à chaque connexion. Scannez ce code avec une application d’authentification, ou saisissez la clé, puis entrez le code affiché.',
    secretKey: 'Clé',
    qrLabel: 'QR code de la clé d’authentification',
    confirm: 'Confirmer',
    recoveryTitle: 'Vos codes de secours',
    recoveryIntro:
      'Chaque code permet une connexion sans votre appareil. Conservez-les en lieu sûr : ils ne sont affichés que maintenant.',
    continue: 'Continuer',
    accountTitle: 'Votre compte',
    changePassword: 'Changer de mot de passe',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    passwordChanged: 'Votre mot de passe a été changé.',
    mfaOn: 'Second facteur : activé',
    mfaOff: 'Second facteur : désactivé',
    setUpMfa: 'Configurer un second facteur',
    disableMfa: 'Désactiver le second facteur',
    mfaDisabled: 'Le second facteur est désactivé.',
    signOutEverywhere: 'Se déconnecter de toutes les sessions',
  },
);
