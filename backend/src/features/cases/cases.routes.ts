import { sendDownload } from '../../http/download.js';
import { Router } from 'express';
import {
  ZAddAttachment,
  ZAddNote,
  ZListCasesQuery,
  ZMoveReport,
  ZOverridePriority,
  ZReassignCase,
  ZSearchCasesQuery,
  ZTransitionCase,
  ZUpdateCase,
  AppError,
  type TCaseList,
  type TCaseViewerList,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { jsonBody, parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { addAttachment, readAttachment } from './commands/add-attachment.js';
import { addNote } from './commands/add-note.js';
import { claimCase } from './commands/claim-case.js';
import { findRelated } from './commands/find-related.js';
import { mergeReport, splitReport } from './commands/move-report.js';
import { overridePriority } from './commands/override-priority.js';
import { readCase } from './commands/read-case.js';
import { reassignCase } from './commands/reassign-case.js';
import { releaseCase } from './commands/release-case.js';
import { searchCases } from './commands/search-cases.js';
import { transitionCase } from './commands/transition-case.js';
import { updateCase } from './commands/update-case.js';
import {
  findCaseHolder,
  currentSeq,
  findAllSummaryRows,
  findAssignees,
  findOpenSummaryRows,
} from './cases.repository.js';
import { presentCaseSummary } from './cases.presenter.js';

export function caseRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'cases.list'), async (req, res) => {
    const query = parse(ZListCasesQuery, req.query, 'query');
    // Read the seq first: anything committed after it reaches the client as a live event.
    const seq = await currentSeq(ctx.db);
    const rows =
      query.scope === 'all'
        ? await findAllSummaryRows(ctx.db, query.limit)
        : await findOpenSummaryRows(ctx.db, {
            limit: query.limit,
            ...(query.scope === 'mine' ? { assigneeId: actorOf(req).id } : {}),
          });
    const body: TCaseList = { cases: rows.map((r) => presentCaseSummary(r, ctx.regions)), seq };
    res.json(body);
  });

  // Before `/:id`, which would take "search" or "assignees" for an id.
  router.get('/search', requireActor(ctx, 'cases.list'), async (req, res) => {
    const query = parse(ZSearchCasesQuery, req.query, 'query');
    res.json({ cases: await searchCases(ctx, actorOf(req), query) });
  });

  router.get('/assignees', requireActor(ctx, 'cases.reassign'), async (_req, res) => {
    res.json({ users: await findAssignees(ctx.db) });
  });

  router.get('/:id', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json(await readCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  // Who else has the case open (the presence lock): names for the ids `case.viewers.updated` carries.
  router.get('/:id/viewers', requireActor(ctx, 'cases.read'), async (req, res) => {
    const id = uuidParam(req, 'id');
    if (!(await findCaseHolder(ctx.db, id)))
      throw new AppError('NOT_FOUND', { message: 'No such case' });
    const body: TCaseViewerList = { viewers: await ctx.presence.caseViewers(id) };
    res.json(body);
  });

  router.patch('/:id', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZUpdateCase, jsonBody(req), 'body');
    res.json(await updateCase(ctx, actorOf(req), id, body));
  });

  router.post('/:id/claim', requireActor(ctx, 'cases.claim'), async (req, res) => {
    res.json(await claimCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/release', requireActor(ctx, 'cases.claim'), async (req, res) => {
    res.json(await releaseCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/reassign', requireActor(ctx, 'cases.reassign'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZReassignCase, jsonBody(req), 'body');
    res.json(await reassignCase(ctx, actorOf(req), id, body.assigneeId));
  });

  router.post('/:id/transition', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZTransitionCase, jsonBody(req), 'body');
    res.json(await transitionCase(ctx, actorOf(req), id, body));
  });

  router.post('/:id/priority', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZOverridePriority, jsonBody(req), 'body');
    res.json(await overridePriority(ctx, actorOf(req), id, body));
  });

  router.post('/:id/notes', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZAddNote, jsonBody(req), 'body');
    res.status(201).json(await addNote(ctx, actorOf(req), id, body.text));
  });

  router.post('/:id/attachments', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZAddAttachment, jsonBody(req), 'body');
    res.status(201).json(await addAttachment(ctx, actorOf(req), id, body));
  });

  router.get(
    '/:id/attachments/:attachmentId',
    requireActor(ctx, 'cases.read'),
    async (req, res) => {
      sendDownload(
        res,
        await readAttachment(
          ctx,
          actorOf(req),
          uuidParam(req, 'id'),
          uuidParam(req, 'attachmentId'),
        ),
      );
    },
  );

  router.get('/:id/related', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json({ related: await findRelated(ctx, uuidParam(req, 'id')) });
  });

  router.post('/:id/merge', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZMoveReport, jsonBody(req), 'body');
    res.json(await mergeReport(ctx, actorOf(req), id, body.reportId));
  });

  router.post('/:id/split', requireActor(ctx, 'cases.update'), async (req, res) => {
    const id = uuidParam(req, 'id');
    const body = parse(ZMoveReport, jsonBody(req), 'body');
    res.status(201).json(await splitReport(ctx, actorOf(req), id, body.reportId));
  });

  return router;
}
