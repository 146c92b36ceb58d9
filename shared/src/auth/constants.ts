/** Roles. WARNING: stored in the database; never rename a value. */
export const Role = {
  operator: 'operator',
  supervisor: 'supervisor',
  centre_staff: 'centre_staff',
  reporter: 'reporter',
  admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
