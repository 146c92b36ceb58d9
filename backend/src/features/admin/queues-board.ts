import { Router } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AppError } from '@hutong/shared';
import type { Context } from '../../context.js';
import { requireActor } from '../auth/auth.middleware.js';

/** Where the dashboard is mounted (outside /api: it serves its own page, assets and API). */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The job queues' dashboard for administrators (issue 14): Bull Board over every BullMQ queue of
 * the registry — counts by state, jobs, their attempts and failure reasons. Read-only: nothing
 * can be retried, promoted, cleaned or added from it (a job replayed by hand would bypass the
 * outbox's idempotency keys). Signed-in administrators only: 401 without a session, 403 for any
 * other role. Job payloads carry ids only (see backend/src/queues/registry.ts), and a failed
 * job's reason is the error's class and SQLSTATE (JobFailure), so nothing personal is shown.
 */
export function queueBoardRoutes(ctx: Context, queues: readonly Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) => new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Hutong queues' } },
  });
  const router = Router();
  router.use(requireActor(ctx, 'queues.view'), (req, res, next) => {
    // Read-only twice over: Bull Board's own flag guards each queue's actions, this every write
    // (its "pause all queues" and metrics purge are not per queue).
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new AppError('FORBIDDEN', { message: 'The queue dashboard is read-only' });
    }
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(serverAdapter.getRouter() as Router);
  return router;
}
