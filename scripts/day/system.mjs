// Starts the real system as `npm start` does — one Hutong process (API, workers and Socket.IO),
// demo seed — on PGlite or a fresh database of a PostgreSQL server, with a private redis-server
// and the Twilio simulator playing the phone network (its REST API and signed webhooks), every
// deadline scaled by HUTONG_TIME_SCALE = 1 / speed.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { root } from '../lib.mjs';
import { freshDatabase } from '../fresh-database.mjs';
import {
  freePort,
  sleep,
  startProcess,
  startRedis,
  tempDir,
  onCleanup,
} from '../../bench/lib/processes.mjs';
import { request, parseJson } from '../../bench/lib/stats.mjs';
import { login } from '../chaos/load.mjs';

export async function startSystem({ speed, db, databaseUrl, id, logFile }) {
  const { TwilioSimulator } = await import('../../ivr/dist/simulator/index.js');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const authToken = randomBytes(16).toString('hex');
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const sim = await TwilioSimulator.start({
    authToken,
    accountSid,
    webhookBaseUrl: base,
    timeScale: 1 / speed,
  });
  onCleanup('the Twilio simulator', () => sim.stop());
  const redis = await startRedis();
  let appDatabase;
  if (db === 'server') appDatabase = await freshDatabase(databaseUrl, `hutong_day_${id}`, false);
  const password = randomBytes(12).toString('base64url');
  const server = startProcess('hutong', process.execPath, [join(root, 'backend/dist/main.js')], {
    cwd: root,
    logFile,
    env: {
      NODE_ENV: 'production',
      HUTONG_MODE: 'demo',
      HUTONG_ROLE: 'all',
      PORT: String(port),
      HOST: '127.0.0.1',
      HUTONG_DATA_DIR: tempDir('day'),
      REDIS_URL: redis.url,
      HUTONG_REDIS_PREFIX: `day-${id}`,
      HUTONG_PUBLIC_URL: base,
      HUTONG_INTAKE_RATE_LIMIT: '1000000000',
      HUTONG_LOGIN_RATE_LIMIT: '1000000',
      HUTONG_DEMO_PASSWORD: password,
      HUTONG_TIME_SCALE: String(1 / speed),
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE: sim.url,
      TWILIO_PHONE_NUMBER: sim.hotlineNumber,
      LOG_LEVEL: 'warn',
      ...(appDatabase ? { DATABASE_URL: appDatabase } : { DATABASE_URL: '' }),
    },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exited) throw new Error(`the server exited during start:\n${server.tail()}`);
    if ((await request(base, '/readyz', { timeoutMs: 2000 })).status === 200) break;
    if (Date.now() > deadline) throw new Error(`the server was not ready:\n${server.tail()}`);
    await sleep(200);
  }
  return { base, sim, server, password, appDatabase, redis };
}

/** An account made by the admin, its temporary password changed as its owner would. */
export async function newAccount(base, adminCookie, fields) {
  const made = await request(base, '/api/users', {
    method: 'POST',
    body: fields,
    headers: { cookie: adminCookie },
  });
  const temporary = parseJson(made.text)?.temporaryPassword;
  if (made.status !== 201 && made.status !== 200)
    throw new Error(`creating ${fields.username} failed: HTTP ${made.status} ${made.text}`);
  const first = await login(base, fields.username, temporary);
  const password = randomBytes(12).toString('base64url');
  let changed;
  // Password changes are rate-limited per address (10 a minute): wait as a person would.
  for (let attempt = 0; attempt < 10; attempt++) {
    changed = await request(base, '/api/auth/password', {
      method: 'POST',
      body: { currentPassword: temporary, newPassword: password },
      headers: { cookie: first },
    });
    if (changed.status !== 429) break;
    const reset = /t=(\d+)/.exec(String(changed.headers?.ratelimit ?? ''))?.[1];
    await sleep(Math.min(61, Number(reset ?? 10) + 1) * 1000);
  }
  if (changed.status !== 200)
    throw new Error(`changing the password of ${fields.username} failed: HTTP ${changed.status}`);
  return { username: fields.username, password, id: parseJson(made.text)?.user?.id };
}
