import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from 'express';
import { API, pathFor, type ApiRoute } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../test/server.js';
import { request } from '../../test/http.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { apiRouters } from './app.js';
import { bindRoutes, oneHandlerEach, type RouteHandlers } from './define-route.js';

/** Routes under /api that are not JSON and so not in the table: files and the docs page. */
const OUTSIDE_THE_TABLE = [
  'GET /api/docs',
  'GET /api/docs/init.js',
  'GET /api/docs/assets/:file',
  'GET /api/cases/:id/attachments/:attachmentId',
  'GET /api/referrals/:id/attachments/:attachmentId',
];

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

function routesOf(prefix: string, router: Router): string[] {
  const base = `/api${prefix === '/' ? '' : prefix}`;
  return (router.stack as RouteLayer[]).flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map(
            (m) =>
              `${m.toUpperCase()} ${base}${layer.route!.path === '/' ? '' : layer.route!.path}`,
          )
      : [],
  );
}

const tableRoutes = (names: readonly ApiRoute[]) =>
  names.map((name) => `${API[name].method} ${API[name].path}`);

describe(`the route table binds the server (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('registers every route of the table, and no JSON route the table does not have', () => {
    const registered = apiRouters(server.hutong.ctx).flatMap(([prefix, router]) =>
      routesOf(prefix, router),
    );
    const table = tableRoutes(Object.keys(API) as ApiRoute[]);
    const notRegistered = table.filter((r) => !registered.includes(r));
    expect(notRegistered, 'table routes without a handler').toEqual([]);
    const notInTable = registered.filter(
      (r) => !table.includes(r) && !OUTSIDE_THE_TABLE.includes(r),
    );
    expect(notInTable, 'registered routes missing from shared/src/api.ts').toEqual([]);
    expect(new Set(registered).size, 'a route registered twice').toBe(registered.length);
  });

  it('binds every table route, each exactly once, from the table', () => {
    const bound = routesOf('/', bindRoutes(server.hutong.ctx, {}));
    expect(bound).toEqual([]);
    const [, router] = apiRouters(server.hutong.ctx)[0]!;
    const routes = routesOf('/', router);
    expect(routes.sort()).toEqual(tableRoutes(Object.keys(API) as ApiRoute[]).sort());
    // The other routers hold only what is not JSON (the docs page, attachment downloads).
    const others = apiRouters(server.hutong.ctx)
      .slice(1)
      .flatMap(([prefix, r]) => routesOf(prefix, r));
    expect(others.sort()).toEqual([...OUTSIDE_THE_TABLE].sort());
  });

  it('refuses to start with a route given two handlers', () => {
    const ok = () => ({ regions: [] });
    expect(() => oneHandlerEach({ listRegions: ok }, { listRegions: ok })).toThrow(
      'The route listRegions has two handlers',
    );
    expect(Object.keys(oneHandlerEach({ listRegions: ok }, {}))).toEqual(['listRegions']);
  });

  it('binds the phone simulator in demo mode only', async () => {
    const production = {
      ...server.hutong.ctx,
      config: { ...server.hutong.ctx.config, production: true },
    };
    const [, router] = apiRouters(production)[0]!;
    const routes = routesOf('/', router);
    expect(routes.filter((r) => r.includes('/api/dev/sim/'))).toEqual([]);
    expect(routes).toContain(`${API.listRegions.method} ${API.listRegions.path}`);
    const cookie = await server.login('operator');
    const health = await request(server.url, API.simHealth.path, { method: 'GET', cookie });
    // No simulator attached to this server: the route is there, and says so.
    expect(health.status).toBe(404);
    expect(health.body.error.code).toBe('NOT_FOUND');
  });

  it("parses with the entry's schemas: 400 naming the field, 404 for a malformed id", async () => {
    const cookie = await server.login('supervisor');
    const bad = await request(server.url, '/api/sweeps', {
      body: { regionCode: 42 },
      cookie,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.data)).toContain('regionCode');

    const query = await request(server.url, '/api/cases?limit=-1', { method: 'GET', cookie });
    expect(query.status).toBe(400);
    expect(Object.keys(query.body.error.data)).toContain('limit');

    const id = await request(server.url, pathFor(API.getCase.path, { id: 'not-a-uuid' }), {
      method: 'GET',
      cookie,
    });
    expect(id.status).toBe(404);
    expect(id.body.error.code).toBe('NOT_FOUND');

    const notJson = await fetch(`${server.url}/api/sweeps`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notJson.status).toBe(415);
  });

  it("answers with the table's status and a partner's field names in its errors", async () => {
    const cookie = await server.login('admin');
    const created = await request(server.url, API.createWebhook.path, {
      body: { url: 'http://127.0.0.1:9/hook', events: ['report.received'] },
      cookie,
    });
    expect(created.status).toBe(API.createWebhook.status);
    const malformed = await request(
      server.url,
      pathFor(API.redeliverWebhook.path, {
        id: created.body.id as string,
        deliveryId: 'not-a-delivery',
      }),
      { body: {}, cookie },
    );
    expect(malformed.status).toBe(404);
  });

  it('types handlers by the table (checked by the typecheck)', () => {
    const wrongAnswer = {
      // @ts-expect-error -- the answer does not match the route's response schema
      listWarnings: () => ({ nope: true }),
    } satisfies RouteHandlers;
    const notInTable = {
      listRegions: () => ({ regions: [] }),
      // @ts-expect-error -- not a route of the table
      notARoute: () => ({ ok: true }),
    } satisfies RouteHandlers;
    expect(Object.keys({ ...wrongAnswer, ...notInTable })).toHaveLength(3);
  });
});
