import type { TUserList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { createUser } from './commands/create-user.js';
import { resetPassword } from './commands/reset-password.js';
import { updateUser } from './commands/update-user.js';
import { presentUser } from './users.presenter.js';
import { findBindingChoices, findUsers } from './users.repository.js';

/** Account administration (admins only); every change is audited with before and after. */
export function userRoutes(ctx: Context) {
  return {
    listUsers: async () => {
      const [rows, choices] = await Promise.all([findUsers(ctx.db), findBindingChoices(ctx.db)]);
      const body: TUserList = { users: rows.map(presentUser), ...choices };
      return body;
    },
    createUser: ({ actor, body }) => createUser(ctx, actor, body),
    updateUser: ({ actor, params, body }) => updateUser(ctx, actor, params.id, body),
    resetUserPassword: ({ actor, params }) => resetPassword(ctx, actor, params.id),
  } satisfies RouteHandlers;
}
