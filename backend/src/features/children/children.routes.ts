import { Router } from 'express';
import {
  AppError,
  decodeCsvBytes,
  ZChildImportQuery,
  ZCloseChild,
  ZCreateChild,
  ZCreateVisit,
  ZListChildrenQuery,
  ZRaiseChildRisk,
  ZStartCheckinCall,
  ZUpdateChild,
  ZVisitSettings,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { readCheckinCall, startCheckinCall } from './commands/checkin-call.js';
import { closeChild, raiseChildRisk, updateChild } from './commands/change-child.js';
import { listChildren, readChild } from './commands/read-children.js';
import { recordVisit } from './commands/record-visit.js';
import { registerChild } from './commands/register-child.js';
import { importChildren } from './commands/import-children.js';
import { ChildImportError, parseChildFile } from './child-import.js';
import { presentVisitSettings, updateVisitSettings } from './visit-settings.js';

/** As intake takes it: 8 to 200 printable ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/**
 * `/api/children`: the at-risk children register. The permission gates the role here; whose
 * files (the region's subtree, a centre's jurisdiction) is checked in every command.
 */
export function childrenRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'children.read'), async (req, res) => {
    const query = parse(ZListChildrenQuery, req.query, 'query');
    res.json(await listChildren(ctx, actorOf(req), query));
  });
  router.post('/', requireActor(ctx, 'children.manage'), async (req, res) => {
    const body = parse(ZCreateChild, jsonBody(req), 'body');
    res.status(201).json(await registerChild(ctx, actorOf(req), body));
  });
  router.get('/:id', requireActor(ctx, 'children.read'), async (req, res) => {
    res.json(await readChild(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  router.patch('/:id', requireActor(ctx, 'children.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateChild, jsonBody(req), 'body');
    res.json(await updateChild(ctx, actorOf(req), id, body));
  });
  router.post('/:id/close', requireActor(ctx, 'children.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZCloseChild, jsonBody(req), 'body');
    res.json(await closeChild(ctx, actorOf(req), id, body));
  });
  router.post('/:id/risk', requireActor(ctx, 'children.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZRaiseChildRisk, jsonBody(req), 'body');
    res.json(await raiseChildRisk(ctx, actorOf(req), id, body));
  });
  router.post('/:id/visits', requireActor(ctx, 'visits.create'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'The Idempotency-Key header is invalid',
        data: { 'Idempotency-Key': 'Use 8 to 200 printable ASCII characters, e.g. a UUID' },
      });
    }
    const body = parse(ZCreateVisit, jsonBody(req), 'body');
    const result = await recordVisit(ctx, actorOf(req), id, body, key);
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json(result.body);
  });
  router.post('/:id/calls', requireActor(ctx, 'children.call'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZStartCheckinCall, jsonBody(req), 'body');
    res.status(201).json(await startCheckinCall(ctx, actorOf(req), id, body));
  });
  router.get('/:id/calls/:callId', requireActor(ctx, 'children.call'), async (req, res) => {
    const id = uuidParam(req, 'id');
    res.json(await readCheckinCall(ctx, actorOf(req), id, uuidParam(req, 'callId')));
  });
  return router;
}

/** `/api/admin/settings/visits`: days to the next visit by risk level (administrators). */
export function visitSettingsRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'settings.manage'), async (_req, res) => {
    res.json(await presentVisitSettings(ctx.db));
  });
  router.put('/', requireActor(ctx, 'settings.manage'), async (req, res) => {
    const body = parse(ZVisitSettings, jsonBody(req), 'body');
    res.json(await updateVisitSettings(ctx, actorOf(req), body));
  });
  return router;
}

/**
 * `/api/admin/children/import`: a register file as the body (`text/csv`, raw bytes parsed in
 * app.ts up to CHILD_IMPORT_MAX_BYTES). 400 names every problem with its line in
 * `error.data.problems`; `?dryRun=true` checks and writes nothing.
 */
export function childImportRoutes(ctx: Context): Router {
  const router = Router();
  router.post('/import', requireActor(ctx, 'children.import'), async (req, res) => {
    const query = parse(ZChildImportQuery, req.query, 'query');
    if (!req.is('text/csv') || !Buffer.isBuffer(req.body)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Send the file as text/csv' });
    }
    try {
      const { rows, problems } = parseChildFile(decodeCsvBytes(req.body));
      if (problems.length > 0) throw new ChildImportError(problems);
      res.json(
        await importChildren(ctx, { via: 'upload', actor: actorOf(req) }, rows, {
          dryRun: query.dryRun === 'true',
        }),
      );
    } catch (err) {
      if (!(err instanceof ChildImportError)) throw err;
      throw new AppError('VALIDATION_FAILED', {
        message: err.message,
        data: { problems: err.problems },
      });
    }
  });
  return router;
}
