import { Router } from 'express';
import {
  ZContactHistoryQuery,
  ZCreateDirectoryEntry,
  ZDirectoryQuery,
  ZUpdateDirectoryEntry,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { caseContactHistory, contactHistory } from './commands/contact-history.js';
import { readDirectory } from './commands/read-directory.js';
import { createDirectoryEntry, updateDirectoryEntry } from './commands/save-directory-entry.js';

/** `/api/directory`: centres, police and offices by area (operators); entries kept by admins. */
export function directoryRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/', requireActor(ctx, 'directory.read'), async (req, res) => {
    const query = parse(ZDirectoryQuery, req.query, 'query');
    res.json(await readDirectory(ctx, query));
  });
  router.post('/', requireActor(ctx, 'directory.manage'), async (req, res) => {
    const body = parse(ZCreateDirectoryEntry, jsonBody(req), 'body');
    res.status(201).json(await createDirectoryEntry(ctx, actorOf(req), body));
  });
  router.patch('/:id', requireActor(ctx, 'directory.manage'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateDirectoryEntry, jsonBody(req), 'body');
    res.json(await updateDirectoryEntry(ctx, actorOf(req), id, body));
  });
  return router;
}

/** `/api/contacts/history` and `/api/cases/:id/contact-history` (operators, supervisors). */
export function contactHistoryRoutes(ctx: Context): { contacts: Router; cases: Router } {
  const contacts = Router();
  contacts.post('/history', requireActor(ctx, 'contacts.history'), async (req, res) => {
    const { phone } = parse(ZContactHistoryQuery, jsonBody(req), 'body');
    res.json(await contactHistory(ctx, actorOf(req), phone));
  });
  const cases = Router();
  cases.get('/:id/contact-history', requireActor(ctx, 'contacts.history'), async (req, res) => {
    res.json(await caseContactHistory(ctx, actorOf(req), uuidParam(req, 'id')));
  });
  return { contacts, cases };
}
