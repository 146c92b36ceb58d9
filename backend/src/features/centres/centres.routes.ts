import { Router } from 'express';
import { ZCreateCentre, ZUpdateCentre, type TCentre } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { presentCentre } from './centres.presenter.js';
import { findCentres } from './centres.repository.js';
import { createCentre, updateCentre } from './commands/save-centre.js';

/** `/api/centres`: the list for dispatchers and admins; create and edit for admins. */
export function centreRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'centres.read'), async (_req, res) => {
    const rows = await findCentres(ctx.db);
    const body: { centres: TCentre[] } = {
      centres: rows.map((r) => presentCentre(r, ctx.regions)),
    };
    res.json(body);
  });

  router.post('/', requireActor(ctx, 'centres.manage'), async (req, res) => {
    const body = parse(ZCreateCentre, jsonBody(req), 'body');
    res.status(201).json(await createCentre(ctx, actorOf(req), body));
  });

  router.patch('/:id', requireActor(ctx, 'centres.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateCentre, jsonBody(req), 'body');
    res.json(await updateCentre(ctx, actorOf(req), id, body));
  });

  return router;
}
