import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allows,
  API,
  can,
  pathFor,
  ROLES,
  ROUTE_ACCESS,
  type ApiRoute,
  type Role,
} from '@hutong/shared';
import { startTestServer, type TestServer } from '../../test/server.js';
import { eventually, request } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { connectSocket, connected, type TestSocket } from '../../test/socket.js';
import { TEST_DB_KIND } from '../../test/db.js';

/** A demo account for every role. */
const USER_OF: Record<Role, string> = {
  operator: 'operator',
  supervisor: 'supervisor',
  centre_staff: 'centre',
  reporter: 'reporter',
  admin: 'admin',
  child_director: 'director',
  township_supervisor: 'township',
  analyst: 'analyst',
};

// Every route in the shared table, whoever added it; signing out goes last (it ends the session).
const ROUTES = (Object.keys(API) as ApiRoute[]).sort(
  (a, b) => Number(a === 'logout') - Number(b === 'logout'),
);

function call(server: TestServer, route: ApiRoute, cookie?: string) {
  const contract = API[route];
  const params = Object.fromEntries(
    [...contract.path.matchAll(/:([A-Za-z]+)/g)].map((m) => [m[1]!, randomUUID()]),
  );
  return request(server.url, pathFor(contract.path, params), {
    method: contract.method,
    ...(contract.method === 'GET' ? {} : { body: {} }),
    ...(cookie ? { cookie } : {}),
  });
}

describe(`permission matrix (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('names the access rule of every route in the shared API table', () => {
    const missing = ROUTES.filter((r) => ROUTE_ACCESS[r] === undefined);
    expect(missing, 'add these routes to ROUTE_ACCESS in shared/src/permissions.ts').toEqual([]);
  });

  it('answers 401 without a session on every route that is not public', async () => {
    for (const route of ROUTES) {
      const res = await call(server, route);
      const access = ROUTE_ACCESS[route];
      if (access === 'public') {
        expect(res.status, `${route} is public`).not.toBe(401);
      } else {
        expect(res.status, `${route} without a session`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  for (const role of ROLES) {
    it(`lets ${role} call exactly the routes its permissions allow, 403 otherwise`, async () => {
      const cookie = await server.login(USER_OF[role]);
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const route of ROUTES) {
        const access = ROUTE_ACCESS[route];
        if (!access) continue;
        const res = await call(server, route, cookie);
        expect(res.status, `${role} → ${route}`).not.toBe(401);
        // The gate answers FORBIDDEN; a command's own 403 names its reason (CHILD_NOT_LINKED,
        // CASE_NOT_HELD) and means the gate let the role through.
        const gated = res.status === 403 && res.body.error.code === 'FORBIDDEN';
        outcome[route] = gated ? 'forbidden' : 'allowed';
        expected[route] = allows(role, access) ? 'allowed' : 'forbidden';
      }
      expect(outcome).toEqual(expected);
    });
  }

  it('keeps case details from centre staff and reporters, and operators from admin screens', () => {
    for (const role of ['centre_staff', 'reporter'] as const) {
      expect(can(role, 'cases.read')).toBe(false);
      expect(can(role, 'cases.list')).toBe(false);
      expect(can(role, 'reporters.identity.read')).toBe(false);
      expect(can(role, 'realtime.operators')).toBe(false);
    }
    expect(can('operator', 'users.manage')).toBe(false);
    expect(can('operator', 'audit.read')).toBe(false);
    expect(can('operator', 'cases.export')).toBe(false);
    expect(can('supervisor', 'cases.export')).toBe(true);
  });

  it('sends case events only to sockets whose role may join the operators room', async () => {
    const sockets = new Map<Role, TestSocket>();
    for (const role of ROLES) {
      const socket = connectSocket(server.url, await server.login(USER_OF[role]));
      await connected(socket);
      sockets.set(role, socket);
    }
    const { reference } = (await request(server.url, '/api/reports', { body: buildReport() }))
      .body as { reference: string };
    for (const role of ROLES.filter((r) => can(r, 'realtime.operators'))) {
      await eventually(() =>
        sockets.get(role)!.received.find((e) => e.case.reference === reference),
      );
    }
    // The allowed sockets have had it; the others, on the same server, would have by now.
    for (const role of ROLES.filter((r) => !can(r, 'realtime.operators'))) {
      expect(sockets.get(role)!.received, role).toHaveLength(0);
    }
    for (const socket of sockets.values()) socket.disconnect();
  });
});
