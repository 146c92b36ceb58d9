/** Roles. WARNING: stored in the database; never rename a value. */
export const Role = {
  operator: 'operator',
  supervisor: 'supervisor',
  centre_staff: 'centre_staff',
  reporter: 'reporter',
  admin: 'admin',
  /** A village's or community's children's director (儿童主任): bound to that village. */
  child_director: 'child_director',
  /** A township's children's supervisor (儿童督导员): bound to the township, every village under it. */
  township_supervisor: 'township_supervisor',
  /** Civil-affairs staff who read figures for a region, never a case, child or person. */
  analyst: 'analyst',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];

/** The roles bound to a region (`regionCode` on the account), and the levels each may be bound to. */
export const REGION_BOUND_ROLES = {
  child_director: ['village'],
  township_supervisor: ['township'],
  analyst: ['province', 'city', 'county', 'township'],
} as const satisfies Partial<Record<Role, readonly string[]>>;

/** Whether an account of `role` must be bound to a region. */
export function isRegionBound(role: Role): role is keyof typeof REGION_BOUND_ROLES {
  return role in REGION_BOUND_ROLES;
}
