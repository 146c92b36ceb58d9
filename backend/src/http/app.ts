import express, { type Express, type Router } from 'express';
import type { Queue } from 'bullmq';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ATTACHMENT_MAX_BYTES,
  CHILD_IMPORT_MAX_BYTES,
  INTAKE_LIMITS,
  VISIT_PHOTO_MAX_BYTES,
  VISIT_PHOTOS_MAX,
} from '@hutong/shared';
import type { Context } from '../context.js';
import { ping } from '../db/client.js';
import { boardRoutes } from '../features/board/board.routes.js';
import { QUEUE_BOARD_PATH, queueBoardRoutes } from '../features/admin/queues-board.js';
import { orgReportRoutes } from '../features/org-reports/org-reports.routes.js';
import { orgRoutes } from '../features/orgs/orgs.routes.js';
import { auditRoutes } from '../features/audit/audit.routes.js';
import { authRoutes } from '../features/auth/auth.routes.js';
import { caseFileRoutes, caseRoutes } from '../features/cases/cases.routes.js';
import { exportRoutes } from '../features/export/export.routes.js';
import { intakeRoutes } from '../features/intake/intake.routes.js';
import { registerDataKeys } from '../features/privacy/reporter-identity.js';
import { regionRoutes } from '../features/regions/regions.routes.js';
import { userRoutes } from '../features/users/users.routes.js';
import { centreRoutes } from '../features/centres/centres.routes.js';
import { directoryRoutes } from '../features/directory/directory.routes.js';
import { settingsRoutes } from '../features/settings/settings.routes.js';
import { dispatchRoutes, referralFileRoutes } from '../features/dispatch/dispatch.routes.js';
import { callRoutes, devSimRoutes } from '../features/telephony/calls.routes.js';
import { twilioRoutes } from '../features/telephony/twilio.routes.js';
import { presenceRoutes } from '../features/presence/presence.routes.js';
import { shiftRoutes } from '../features/shifts/shifts.routes.js';
import { refuseCrossOriginWrites } from '../features/auth/same-origin.js';
import { errorHandler, notFound, wellFormedJson } from './errors.js';
import { openApiDocument, openApiRoutes } from './openapi.routes.js';
import { webhookRoutes } from '../features/webhooks/webhooks.routes.js';
import { hotline12345Routes } from '../features/hotline12345/hotline12345.routes.js';
import { statsRoutes } from '../features/stats/stats.routes.js';
import { dropUntrustedForwarding } from './proxy.js';
import { metricsRoute } from '../observability/metrics.js';
import { childrenRoutes } from '../features/children/children.routes.js';
import { warningsRoutes } from '../features/warnings/warnings.routes.js';
import { sweepsRoutes } from '../features/sweeps/sweeps.routes.js';
import { bindRoutes, oneHandlerEach, type RouteHandlers } from './define-route.js';

/**
 * The handler of every route in the shared table: one missing, or one the table does not have,
 * fails the typecheck; a route given two handlers fails the start.
 */
function tableRoutes(ctx: Context) {
  return oneHandlerEach(
    auditRoutes(ctx),
    authRoutes(ctx),
    boardRoutes(ctx),
    callRoutes(ctx),
    caseRoutes(ctx),
    centreRoutes(ctx),
    childrenRoutes(ctx),
    devSimRoutes(ctx),
    directoryRoutes(ctx),
    dispatchRoutes(ctx),
    exportRoutes(ctx),
    hotline12345Routes(ctx),
    intakeRoutes(ctx),
    openApiDocument(ctx),
    orgReportRoutes(ctx),
    orgRoutes(ctx),
    presenceRoutes(ctx),
    regionRoutes(ctx),
    settingsRoutes(ctx),
    shiftRoutes(ctx),
    statsRoutes(ctx),
    sweepsRoutes(ctx),
    userRoutes(ctx),
    warningsRoutes(ctx),
    webhookRoutes(ctx),
  ) satisfies Required<RouteHandlers>;
}

/**
 * Every router under `/api`, by mount path: the table's routes bound from it, then what is not
 * JSON and so not in the table (the API reference page, attachment downloads).
 */
export function apiRouters(ctx: Context): (readonly [string, Router])[] {
  return [
    ['/', bindRoutes(ctx, tableRoutes(ctx))],
    ['/', openApiRoutes()],
    ['/cases', caseFileRoutes(ctx)],
    ['/referrals', referralFileRoutes(ctx)],
  ];
}

/** The HTTP application: the API under /api, health checks, and the built console at /. */
export function createApp(
  ctx: Context,
  options: { consoleDir: string; queues?: readonly Queue[] },
): Express {
  // Presenters decrypt reporter identity with these (the previous key too, during a rotation).
  registerDataKeys([ctx.config.dataKey, ...ctx.config.previousDataKeys]);
  const app = express();
  app.disable('x-powered-by');
  // Trust nobody unless told (HUTONG_TRUSTED_PROXIES): otherwise any client could pick its own
  // rate-limit bucket with X-Forwarded-For.
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(dropUntrustedForwarding(ctx.log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'connect-src': ["'self'", 'ws:', 'wss:'],
          // A visit's photos are fetched with the session and shown from object URLs (blob:).
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );

  app.use(ctx.metrics.httpMiddleware());
  app.get('/metrics', metricsRoute(ctx.metrics, ctx.config.metrics.token));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Readiness: a load balancer takes a node whose PostgreSQL or Redis is unreachable out of
  // rotation (the chaos run's HAProxy prefers ready nodes). Answered at once while Redis is
  // disconnected: a PING would wait in the client's queue until Redis is back, so the check would
  // time out rather than fail, and every check would leave one more waiting command behind.
  app.get('/readyz', async (_req, res) => {
    try {
      if (ctx.redis.status !== 'ready') throw new Error('Redis is not connected');
      await Promise.all([ping(ctx.db), ctx.redis.ping()]);
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });

  app.use(refuseCrossOriginWrites(ctx));

  const api = express.Router();
  // Attachments come as base64 JSON, larger than any other body; parsed here, skipped below.
  api.post(
    ['/cases/:id/attachments', '/referrals/:id/attachments'],
    express.json({
      limit: Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 64 * 1024,
      verify: wellFormedJson,
    }),
  );
  // A visit may carry four photos of up to 1 MB each, as base64; every other JSON route (the
  // public intake first) keeps the small limit below.
  api.post(
    '/children/:id/visits',
    express.json({
      limit: VISIT_PHOTOS_MAX * Math.ceil(VISIT_PHOTO_MAX_BYTES / 3) * 4 + 64 * 1024,
      verify: wellFormedJson,
    }),
  );
  // A register file is the body as it is; decoded (UTF-8 or GBK) by the route.
  api.post(
    '/admin/children/import',
    express.raw({ type: 'text/csv', limit: CHILD_IMPORT_MAX_BYTES }),
  );
  api.use(express.json({ limit: INTAKE_LIMITS.bodyBytesMax, verify: wellFormedJson }));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  for (const [prefix, router] of apiRouters(ctx)) api.use(prefix, router);
  api.use(notFound);
  app.use('/api', api);
  // The job queues' dashboard (Bull Board, read-only), for administrators.
  if (options.queues) app.use(QUEUE_BOARD_PATH, queueBoardRoutes(ctx, options.queues));
  // Twilio's webhooks: form-encoded and signature-checked inside the router.
  app.use('/twilio', twilioRoutes(ctx));

  const index = join(options.consoleDir, 'index.html');
  if (existsSync(index)) {
    // Source maps are for debugging a demo; production does not hand out its source.
    if (ctx.config.production) {
      app.get(/\.map$/, (_req, res) => {
        res.status(404).type('text').send('Not found');
      });
    }
    // The service worker is checked on every visit, so a new build replaces it at once.
    app.get('/sw.js', (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(join(options.consoleDir, 'sw.js'));
    });
    app.use(express.static(options.consoleDir, { index: false, maxAge: '1h' }));
    // A built file that is not there — a chunk of an older build, asked for by a page left open
    // across a deploy — is a 404, never the page: the console then reloads into the new build.
    app.get(/^\/assets\//, (_req, res) => {
      res.status(404).type('text').send('Not found');
    });
    // The console is a single-page app: every other GET is one of its routes.
    app.get(/^\/(?!api\/|socket\.io\/|twilio\/|admin\/queues(?:\/|$)).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .type('text')
        .send('Hutong API is running. The console is not built: run `npm run build`.');
    });
  }
  app.use(errorHandler(ctx.log));
  return app;
}
