import type { Role } from './auth/constants.js';

/** Actions a route or socket room can require. */
export const Permission = {
  'cases.list': 'cases.list',
  'cases.read': 'cases.read',
  'cases.claim': 'cases.claim',
  'cases.reassign': 'cases.reassign',
  'cases.reopen': 'cases.reopen',
  'reporters.identity.read': 'reporters.identity.read',
  'realtime.operators': 'realtime.operators',
  'realtime.supervisors': 'realtime.supervisors',
  'regions.read': 'regions.read',
  'audit.read': 'audit.read',
  'users.manage': 'users.manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Role → permissions: the single source every route and socket room checks. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: ['cases.list', 'cases.read', 'cases.claim', 'realtime.operators', 'regions.read'],
  supervisor: [
    'cases.list',
    'cases.read',
    'cases.claim',
    'cases.reassign',
    'cases.reopen',
    'reporters.identity.read',
    'realtime.operators',
    'realtime.supervisors',
    'regions.read',
    'audit.read',
  ],
  centre_staff: ['regions.read'],
  reporter: ['regions.read'],
  admin: ['regions.read', 'users.manage', 'audit.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
