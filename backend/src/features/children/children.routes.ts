import { AppError, decodeCsvBytes } from '@hutong/shared';
import type { Context } from '../../context.js';
import { SENT, type RouteHandlers } from '../../http/define-route.js';
import { idempotencyKey } from '../../http/validate.js';
import { readCheckinCall, startCheckinCall } from './commands/checkin-call.js';
import { closeChild, raiseChildRisk, updateChild } from './commands/change-child.js';
import { listChildren, readChild } from './commands/read-children.js';
import { recordVisit } from './commands/record-visit.js';
import { readVisitPhoto } from './commands/read-visit-photo.js';
import { registerChild } from './commands/register-child.js';
import { importChildren, readChildFile } from './commands/import-children.js';
import { ChildImportError } from './child-import.js';
import { presentVisitSettings, updateVisitSettings } from './visit-settings.js';

/**
 * `/api/children`: the at-risk children register. The permission gates the role (from the
 * table); whose files (the region's subtree, a centre's jurisdiction) is checked in every command.
 */
export function childrenRoutes(ctx: Context) {
  return {
    listChildren: ({ actor, query }) => listChildren(ctx, actor, query),
    createChild: ({ actor, body }) => registerChild(ctx, actor, body),
    getChild: ({ actor, params, query }) => readChild(ctx, actor, params.id, query),
    updateChild: ({ actor, params, body }) => updateChild(ctx, actor, params.id, body),
    closeChild: ({ actor, params, body }) => closeChild(ctx, actor, params.id, body),
    raiseChildRisk: ({ actor, params, body }) => raiseChildRisk(ctx, actor, params.id, body),
    createVisit: async ({ actor, params, body, req, res }) => {
      const result = await recordVisit(ctx, actor, params.id, body, idempotencyKey(req));
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      return result.body;
    },
    /**
     * The image itself, shown in the page (never a download) but never sniffed as anything else
     * and never kept by a browser or proxy cache.
     */
    getVisitPhoto: async ({ actor, params, query, res }) => {
      const photo = await readVisitPhoto(
        ctx,
        actor,
        { childId: params.id, visitId: params.visitId, photoId: params.photoId },
        query,
      );
      res.set({
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'inline',
      });
      res.type(photo.contentType).send(photo.data);
      return SENT;
    },
    startCheckinCall: ({ actor, params, body }) => startCheckinCall(ctx, actor, params.id, body),
    getCheckinCall: ({ actor, params }) => readCheckinCall(ctx, actor, params.id, params.callId),
    // Days to the next visit by risk level (administrators).
    getVisitSettings: () => presentVisitSettings(ctx.db),
    updateVisitSettings: ({ actor, body }) => updateVisitSettings(ctx, actor, body),
    /**
     * A register file as the body (`text/csv`, raw bytes parsed in app.ts up to
     * CHILD_IMPORT_MAX_BYTES). 400 names every problem with its line in `error.data.problems`;
     * `?dryRun=true` checks and writes nothing.
     */
    importChildren: async ({ actor, query, body }) => {
      try {
        const rows = readChildFile(ctx, decodeCsvBytes(body));
        return await importChildren(ctx, { via: 'upload', actor }, rows, {
          dryRun: query.dryRun === 'true',
        });
      } catch (err) {
        if (!(err instanceof ChildImportError)) throw err;
        throw new AppError('VALIDATION_FAILED', {
          message: err.message,
          data: { problems: err.problems },
        });
      }
    },
  } satisfies RouteHandlers;
}
