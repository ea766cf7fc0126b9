import type { FirstAdministrator } from './users.service';

/** A login made at this start and shown this once (the first administrator, the demo accounts). */
export interface PrintedLogin {
  role: string;
  email: string;
  password: string;
}

const RULE = '='.repeat(78);

/**
 * The passwords generated at this start, as a plain-text block framed by rules so that it stands
 * apart from the JSON log lines around it. It is written once, by the start that made the
 * accounts: a later start has nothing to print, and the log never holds a password.
 */
export function firstSignInBlock(
  admin: FirstAdministrator | null,
  demoLogins: readonly PrintedLogin[],
  signInUrl: string,
): string[] {
  const generated = admin?.generatedPassword;
  if (!generated && demoLogins.length === 0) return [];
  return [
    '',
    RULE,
    '  SIGN-IN DETAILS: shown this once, stored only as hashes, never written to the log',
    RULE,
    ...(admin && generated
      ? [
          `  First administrator:     ${admin.email}`,
          `  Generated password:      ${generated}`,
          `  Sign in at ${signInUrl}: you will choose your own password, then enrol an`,
          '  authenticator app (required for administrators).',
        ]
      : []),
    ...(demoLogins.length > 0
      ? [
          '  Demo logins, one per role:',
          ...demoLogins.map((login) => `    ${login.role.padEnd(22)} ${login.email}  ${login.password}`),
        ]
      : []),
    RULE,
    '',
  ];
}
