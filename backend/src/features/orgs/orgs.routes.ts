import { Router } from 'express';
import { ZCreateOrg, ZCreateOrgApiKey, ZUpdateOrg, type TOrgList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { createOrgApiKey, revokeOrgApiKey } from './commands/manage-api-keys.js';
import { createOrg, updateOrg } from './commands/save-org.js';
import { presentOrg } from './orgs.presenter.js';
import { findKeysByOrg, findOrgs } from './orgs.repository.js';

/** `/api/admin/orgs`: reporting organisations for admins — list, create, edit — and their API keys. */
export function orgRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'orgs.manage'), async (_req, res) => {
    const rows = await findOrgs(ctx.db);
    const keys = await findKeysByOrg(ctx.db);
    const body: TOrgList = {
      orgs: rows.map((row) => presentOrg(row, keys.get(row.id) ?? [], ctx.regions)),
    };
    res.json(body);
  });

  router.post('/', requireActor(ctx, 'orgs.manage'), async (req, res) => {
    const body = parse(ZCreateOrg, jsonBody(req), 'body');
    res.status(201).json(await createOrg(ctx, actorOf(req), body));
  });

  router.patch('/:id', requireActor(ctx, 'orgs.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateOrg, jsonBody(req), 'body');
    res.json(await updateOrg(ctx, actorOf(req), id, body));
  });

  router.post('/:id/api-keys', requireActor(ctx, 'orgs.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZCreateOrgApiKey, jsonBody(req), 'body');
    res.status(201).json(await createOrgApiKey(ctx, actorOf(req), id, body));
  });

  router.delete('/:id/api-keys/:keyId', requireActor(ctx, 'orgs.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const keyId = uuidParam(req, 'keyId');
    res.json(await revokeOrgApiKey(ctx, actorOf(req), id, keyId));
  });

  return router;
}
