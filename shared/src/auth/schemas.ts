import { z } from 'zod';
import { ROLES } from './constants.js';

export const ZLogin = z
  .object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) })
  .strict();
export type TLogin = z.infer<typeof ZLogin>;

/** `GET /api/auth/me` and the body of a successful login. */
export const ZMe = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  centreId: z.uuid().optional(),
  /** The centre a duty officer belongs to, by name, for the console to say so. */
  centre: z.object({ id: z.uuid(), name: z.string() }).optional(),
  orgId: z.uuid().optional(),
  /** The region a director, township supervisor or analyst works for: its whole subtree. */
  regionCode: z.string().optional(),
  /** Signed in with a temporary password: only choosing a new one (or signing out) works. */
  mustChangePassword: z.literal(true).optional(),
});
export type TMe = z.infer<typeof ZMe>;

/** The shortest password anyone may choose (temporary ones are longer still). */
export const PASSWORD_MIN_LENGTH = 12;

/** `POST /api/auth/password`: the signed-in user chooses a new password. */
export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200),
    newPassword: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(200, 'Use at most 200 characters'),
  })
  .strict()
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one',
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;

/** An account whose sign-in attempts must wait after wrong passwords (see the auth throttle). */
export const ZAccountLock = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** Wrong passwords in the current run. */
  failures: z.number().int(),
  /** When the next attempt may come; null or past: the next one may come now (and waits after). */
  waitUntil: z.string().nullable(),
});
export type TAccountLock = z.infer<typeof ZAccountLock>;

/** `GET /api/auth/locks`: the accounts being throttled, for supervisors and admins to unlock. */
export const ZAccountLockList = z.object({ accounts: z.array(ZAccountLock) });
export type TAccountLockList = z.infer<typeof ZAccountLockList>;
