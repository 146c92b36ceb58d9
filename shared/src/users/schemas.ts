import { z } from 'zod';
import { ROLES } from '../auth/constants.js';

/** A console account as administrators see it (never its password hash). */
export const ZUser = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  centreId: z.uuid().nullable(),
  orgId: z.uuid().nullable(),
  /** Directors, township supervisors and analysts: the region they work for. */
  regionCode: z.string().nullable(),
  disabledAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

const ZNamedRef = z.object({ id: z.uuid(), name: z.string() });

/** The accounts, and the centres and reporter organisations an account can be bound to. */
export const ZUserList = z.object({
  users: z.array(ZUser),
  centres: z.array(ZNamedRef),
  orgs: z.array(ZNamedRef),
});
export type TUserList = z.infer<typeof ZUserList>;

const ZUsername = z
  .string()
  .trim()
  .regex(/^[a-z0-9._-]{3,50}$/i, 'Use 3 to 50 letters, digits, dots, dashes or underscores');
const ZDisplayName = z.string().trim().min(1).max(100);
const ZUserRegionCode = z
  .string()
  .regex(/^[0-9]{6,12}$/, 'An administrative code is 6 to 12 digits');

/** `POST /api/users`: the password is generated and shown once. */
export const ZCreateUser = z
  .object({
    username: ZUsername,
    displayName: ZDisplayName,
    role: z.enum(ROLES),
    centreId: z.uuid().optional(),
    orgId: z.uuid().optional(),
    regionCode: ZUserRegionCode.optional(),
  })
  .strict();
export type TCreateUser = z.infer<typeof ZCreateUser>;

/** `PATCH /api/users/:id`: any of these, at least one. */
export const ZUpdateUser = z
  .object({
    displayName: ZDisplayName.optional(),
    role: z.enum(ROLES).optional(),
    centreId: z.uuid().nullable().optional(),
    orgId: z.uuid().nullable().optional(),
    regionCode: ZUserRegionCode.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'Change at least one field' });
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

/** A new user, or a reset password: the temporary password is returned this once only. */
export const ZUserWithPassword = z.object({ user: ZUser, temporaryPassword: z.string() });
export type TUserWithPassword = z.infer<typeof ZUserWithPassword>;
