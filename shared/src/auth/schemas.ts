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
  orgId: z.uuid().optional(),
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
