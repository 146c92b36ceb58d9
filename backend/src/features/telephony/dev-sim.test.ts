import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'dev-sim-test-token';

// The simulator shows every caller's number, every SMS and the lookup codes sent in them.
describe(`the phone simulator's routes (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: 1 });
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  const routes = [
    { method: 'GET', path: '/api/dev/sim/messages' },
    { method: 'GET', path: '/api/dev/sim/calls' },
    { method: 'POST', path: '/api/dev/sim/sms', body: { from: '+8613800000009', body: 'hi' } },
  ];

  it('refuses centre staff and reporters', async () => {
    for (const username of ['centre', 'reporter']) {
      const cookie = await server.login(username);
      for (const route of routes) {
        const res = await request(server.url, route.path, { ...route, cookie });
        expect(res.status, `${username} ${route.method} ${route.path}`).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
    expect(sim.messages).toHaveLength(0);
  });

  it('serves operators, supervisors and admins', async () => {
    for (const username of ['operator', 'supervisor', 'admin']) {
      const cookie = await server.login(username);
      const res = await request(server.url, '/api/dev/sim/messages', { cookie });
      expect(res.status, username).toBe(200);
    }
  });
});
