import { Router } from 'express';
import { ZCreateUser, ZUpdateUser, type TUserList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { createUser } from './commands/create-user.js';
import { resetPassword } from './commands/reset-password.js';
import { updateUser } from './commands/update-user.js';
import { presentUser } from './users.presenter.js';
import { findBindingChoices, findUsers } from './users.repository.js';

/** Account administration (admins only); every change is audited with before and after. */
export function userRoutes(ctx: Context): Router {
  const router = Router();
  router.use(requireActor(ctx, 'users.manage'));

  router.get('/', async (_req, res) => {
    const [rows, choices] = await Promise.all([findUsers(ctx.db), findBindingChoices(ctx.db)]);
    const body: TUserList = { users: rows.map(presentUser), ...choices };
    res.json(body);
  });

  router.post('/', async (req, res) => {
    const input = parse(ZCreateUser, jsonBody(req), 'user');
    res.status(201).json(await createUser(ctx, actorOf(req), input));
  });

  router.patch('/:id', async (req, res) => {
    const id = uuidParam(req, 'id');
    const input = parse(ZUpdateUser, jsonBody(req), 'change');
    res.json(await updateUser(ctx, actorOf(req), id, input));
  });

  router.post('/:id/reset-password', async (req, res) => {
    res.json(await resetPassword(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  return router;
}
