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
});
export type TMe = z.infer<typeof ZMe>;
