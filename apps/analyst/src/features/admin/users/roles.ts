import type { components } from '@survey/api-client';

export type StaffUser = components['schemas']['StaffUserDto'];
export type Role = components['schemas']['StaffRole'];
export const ROLES = ['analyst', 'privacy_officer', 'management', 'admin'] as const satisfies readonly Role[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
