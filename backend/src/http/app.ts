import express, { type Express } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INTAKE_LIMITS } from '@hutong/shared';
import type { Context } from '../context.js';
import { ping } from '../db/client.js';
import { authRoutes } from '../features/auth/auth.routes.js';
import { caseRoutes } from '../features/cases/cases.routes.js';
import { intakeRoutes } from '../features/intake/intake.routes.js';
import { regionRoutes } from '../features/regions/regions.routes.js';
import { errorHandler, notFound } from './errors.js';

/** The HTTP application: the API under /api, health checks, and the built console at /. */
export function createApp(ctx: Context, options: { consoleDir: string }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'connect-src': ["'self'", 'ws:', 'wss:'] } } }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await Promise.all([ping(ctx.db), ctx.redis.ping()]);
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });

  const api = express.Router();
  api.use(express.json({ limit: INTAKE_LIMITS.bodyBytesMax }));
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use('/reports', intakeRoutes(ctx));
  api.use('/auth', authRoutes(ctx));
  api.use('/regions', regionRoutes(ctx));
  api.use('/cases', caseRoutes(ctx));
  api.use(notFound);
  app.use('/api', api);

  const index = join(options.consoleDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(options.consoleDir, { index: false, maxAge: '1h' }));
    // The console is a single-page app: every other GET is one of its routes.
    app.get(/^\/(?!api\/|socket\.io\/|twilio\/).*/, (_req, res) => {
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
