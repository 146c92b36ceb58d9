import { Router } from 'express';
import { AppError, type TCaseList, type TCaseViewerList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { sendDownload } from '../../http/download.js';
import { uuidParam } from '../../http/validate.js';
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

/** The case routes of the shared table: the queue, one case, and what operators do to it. */
export function caseRoutes(ctx: Context) {
  return {
    listCases: async ({ query, actor }) => {
      // Read the seq first: anything committed after it reaches the client as a live event.
      const seq = await currentSeq(ctx.db);
      const rows =
        query.scope === 'all'
          ? await findAllSummaryRows(ctx.db, query.limit)
          : await findOpenSummaryRows(ctx.db, {
              limit: query.limit,
              ...(query.scope === 'mine' ? { assigneeId: actor.id } : {}),
            });
      const body: TCaseList = { cases: rows.map((r) => presentCaseSummary(r, ctx.regions)), seq };
      return body;
    },
    searchCases: async ({ query, actor }) => ({ cases: await searchCases(ctx, actor, query) }),
    listAssignees: async () => ({ users: await findAssignees(ctx.db) }),
    getCase: ({ actor, params }) => readCase(ctx, actor, params.id),
    // Who else has the case open (the presence lock): names for the ids `case.viewers.updated` carries.
    caseViewers: async ({ params }) => {
      if (!(await findCaseHolder(ctx.db, params.id)))
        throw new AppError('NOT_FOUND', { message: 'No such case' });
      const body: TCaseViewerList = { viewers: await ctx.presence.caseViewers(params.id) };
      return body;
    },
    updateCase: ({ actor, params, body }) => updateCase(ctx, actor, params.id, body),
    claimCase: ({ actor, params }) => claimCase(ctx, actor, params.id),
    releaseCase: ({ actor, params }) => releaseCase(ctx, actor, params.id),
    reassignCase: ({ actor, params, body }) => reassignCase(ctx, actor, params.id, body.assigneeId),
    transitionCase: ({ actor, params, body }) => transitionCase(ctx, actor, params.id, body),
    overridePriority: ({ actor, params, body }) => overridePriority(ctx, actor, params.id, body),
    addNote: ({ actor, params, body }) => addNote(ctx, actor, params.id, body.text),
    addAttachment: ({ actor, params, body }) => addAttachment(ctx, actor, params.id, body),
    relatedReports: async ({ params }) => ({ related: await findRelated(ctx, params.id) }),
    mergeReport: ({ actor, params, body }) => mergeReport(ctx, actor, params.id, body.reportId),
    splitReport: ({ actor, params, body }) => splitReport(ctx, actor, params.id, body.reportId),
  } satisfies RouteHandlers;
}

/** `GET /api/cases/:id/attachments/:attachmentId`: a file, not JSON, so outside the table. */
export function caseFileRoutes(ctx: Context): Router {
  const router = Router();
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
  return router;
}
