import type { StaffRole } from './session';

/** Where each part of the console lives, and which roles DESIGN.md §1 lets use it. */
export const AREAS = {
  surveys: { path: '/surveys', roles: ['analyst'] },
  contacts: { path: '/contacts', roles: ['analyst'] },
  reports: { path: '/reports', roles: ['analyst', 'management'] },
  privacyRequests: { path: '/privacy/requests', roles: ['privacy_officer'] },
  retention: { path: '/privacy/retention', roles: ['privacy_officer', 'admin'] },
  audit: { path: '/privacy/audit', roles: ['privacy_officer', 'admin'] },
  users: { path: '/admin/users', roles: ['admin'] },
  apiKeys: { path: '/admin/api-keys', roles: ['admin'] },
  branding: { path: '/admin/branding', roles: ['admin'] },
  failedJobs: { path: '/admin/failed-jobs', roles: ['admin'] },
  webhooks: { path: '/admin/webhooks', roles: ['admin'] },
} as const satisfies Record<string, { path: string; roles: readonly StaffRole[] }>;

export type Area = keyof typeof AREAS;

export function mayUse(role: StaffRole, area: Area): boolean {
  return (AREAS[area].roles as readonly StaffRole[]).includes(role);
}

/** The page a role lands on after signing in. */
export function homeOf(role: StaffRole): string {
  switch (role) {
    case 'analyst':
      return AREAS.surveys.path;
    case 'privacy_officer':
      return AREAS.privacyRequests.path;
    case 'management':
      return AREAS.reports.path;
    case 'admin':
      return AREAS.users.path;
  }
}
