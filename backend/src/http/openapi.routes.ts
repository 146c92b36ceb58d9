import { Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Context } from '../context.js';
import type { RouteHandlers } from './define-route.js';
import { buildOpenApi } from './openapi.js';

/** Swagger UI's files, served from the npm package (no CDN): only the ones the page loads. */
const SWAGGER_UI_DIR = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'swagger-ui.css',
  'swagger-ui-bundle.js': 'swagger-ui-bundle.js',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Hutong (护童) API reference</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <main id="reference" aria-label="API reference"></main>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// A file of its own, not an inline script: the content security policy allows same-origin only.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  defaultModelsExpandDepth: 0,
  supportedSubmitMethods: [],
});
`;

/** `/api/openapi.json` (`openApi`): the partners' contract, built once. */
export function openApiDocument(ctx: Context) {
  let document: ReturnType<typeof buildOpenApi> | null = null;
  return {
    openApi: () =>
      (document ??= buildOpenApi(ctx.config.publicUrl ? { serverUrl: ctx.config.publicUrl } : {})),
  } satisfies RouteHandlers;
}

/** `/api/docs`: the contract's rendered reference (HTML and files, so not in the JSON table). */
export function openApiRoutes(): Router {
  const router = Router();
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.get('/docs/assets/:file', (req, res, next) => {
    const file = ASSETS[req.params.file];
    if (!file) {
      next();
      return;
    }
    res.set('Cache-Control', 'public, max-age=86400');
    res.sendFile(join(SWAGGER_UI_DIR, file));
  });
  return router;
}
