// The system under test, as production runs it: two `--role api` processes and two
// `--role worker` processes on a fresh database of the PostgreSQL server, a private redis-server
// (append-only file on, like the one `npm start` runs) that the harness can stop and start, and
// HAProxy in front of the API processes with WebSocket support. Every process's output goes to
// chaos-results/logs/ for the post-mortem.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { freePort, onCleanup, sleep, waitForRedis } from '../../bench/lib/processes.mjs';
import { verifyStandardWebhook } from './webhook-signature.mjs';

/**
 * Spawns a process whose output is appended to `logFile`. `stop()` sends SIGTERM (SIGKILL after
 * `killAfterMs`); `kill()` sends SIGKILL at once. `exited` is set once it has gone.
 */
export function spawnLogged(name, command, args, { env, cwd, logFile, killAfterMs = 15_000 }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n==== ${new Date().toISOString()} start ${name}\n`);
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const proc = { name, child, pid: child.pid, exited: null, killedByUs: false, exit: null };
  proc.exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      proc.exited = { code, signal };
      log.write(`==== ${new Date().toISOString()} exit ${name} code=${code} signal=${signal}\n`);
      resolve(proc.exited);
    });
    child.once('error', (err) => {
      proc.exited = { code: null, signal: null, error: err };
      resolve(proc.exited);
    });
  });
  proc.kill = () => {
    proc.killedByUs = true;
    if (!proc.exited) child.kill('SIGKILL');
    return proc.exit;
  };
  proc.stop = async () => {
    proc.killedByUs = true;
    if (proc.exited) return proc.exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const result = await proc.exit;
    clearTimeout(timer);
    return result;
  };
  onCleanup(`stop ${name}`, async () => {
    await proc.stop();
    log.end();
  });
  return proc;
}

/** A redis-server on a fixed port and directory, so it can be stopped and started again. */
export function redisServer({ dir, logsDir }) {
  let port = 0;
  let proc = null;
  let starts = 0;
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get pid() {
      return proc?.pid;
    },
    async start() {
      if (!port) port = await freePort();
      starts++;
      proc = spawnLogged(
        `redis-server#${starts}`,
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--appendonly',
          'yes',
          '--appendfsync',
          'everysec',
          '--save',
          '',
          '--maxmemory-policy',
          'noeviction',
          '--daemonize',
          'no',
        ],
        { logFile: join(logsDir, 'redis.log'), killAfterMs: 10_000 },
      );
      const failed = proc.exit.then((r) => {
        throw new Error(
          r.error?.code === 'ENOENT'
            ? 'redis-server was not found on PATH (apt-get install redis-server)'
            : `redis-server exited at start (see ${join(logsDir, 'redis.log')})`,
        );
      });
      failed.catch(() => undefined);
      await Promise.race([waitForRedis(port, 20_000), failed]);
    },
    /** A clean shutdown (SIGTERM: the append-only file is flushed), like `systemctl stop`. */
    async stop() {
      await proc?.stop();
    },
  };
}

/**
 * HAProxy's configuration: round robin over the API processes, sticky by cookie for browsers.
 * Pools of the same processes: `ready` (health check `/readyz`: PostgreSQL and Redis both
 * reachable) while it has a server, else `live` (`/healthz`: the process answers). So a node cut
 * off from Redis (a partition) is taken out while the other can serve; while Redis or PostgreSQL
 * is gone for every node, the live pool keeps intake answering (201 into PostgreSQL with Redis
 * down, 503 with Retry-After with PostgreSQL down). The consoles' WebSockets (`/socket.io/`) have
 * a ready pool of their own whose sessions are closed when a node fails its check
 * (`on-marked-down shutdown-sessions`), so the consoles reconnect to the other node and resume
 * by seq; plain requests are left to finish — closing them too cut off the voice webhooks that
 * were waiting out a silent database's 8 s (a `502` to Twilio instead of TwiML).
 */
export function haproxyConfig({ port, apiPorts, errorsDir }) {
  const servers = (check) =>
    apiPorts.map((p, i) => `  server api${i + 1} 127.0.0.1:${p} ${check} cookie api${i + 1}`);
  const readyPool = (name, check) => [
    `backend ${name}`,
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2',
    '  cookie HUTONG_NODE insert indirect nocache httponly',
    ...servers(check),
  ];
  return [
    'global',
    '  maxconn 4096',
    // HAProxy's own 503 (no process can take the request: both killed at once, or none ready
    // or live) says when to retry, in the API's error envelope, as the API's 503s do. Without
    // it, run D3 counted 381 intake answers "503 without Retry-After".
    'http-errors hutong',
    `  errorfile 503 ${join(errorsDir, '503.http')}`,
    'defaults',
    '  mode http',
    '  errorfiles hutong',
    '  option http-server-close',
    '  option forwardfor',
    '  option redispatch',
    '  retries 3',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout check 2s',
    // A WebSocket is a tunnel once upgraded: kept for as long as the console stays open.
    '  timeout tunnel 1h',
    'frontend hutong',
    `  bind 127.0.0.1:${port}`,
    '  acl socket path_beg /socket.io/',
    '  use_backend ready_sockets if socket { nbsrv(ready_sockets) gt 0 }',
    '  use_backend ready if !socket { nbsrv(ready) gt 0 }',
    '  default_backend live',
    ...readyPool('ready', 'check'),
    ...readyPool('ready_sockets', 'check on-marked-down shutdown-sessions'),
    'backend live',
    '  balance roundrobin',
    // Liveness: a killed process is taken out within a second.
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 1',
    '  cookie HUTONG_NODE insert indirect nocache httponly',
    ...servers('check'),
    '',
  ].join('\n');
}

/** Seconds HAProxy's own 503 tells a client to wait, as the API's do while a database is away. */
export const PROXY_RETRY_AFTER_S = 5;

/** HAProxy's own 503 as a whole HTTP response (an `errorfile`): Retry-After and the envelope. */
export function proxy503() {
  const body = JSON.stringify({
    error: {
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      message: 'Temporarily unavailable. Please try again in a few seconds.',
      data: { retryAfterSeconds: PROXY_RETRY_AFTER_S },
    },
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Retry-After: ${PROXY_RETRY_AFTER_S}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export async function startHaproxy({ dir, logsDir, apiPorts }) {
  const port = await freePort();
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(join(dir, '503.http'), proxy503());
  writeFileSync(file, haproxyConfig({ port, apiPorts, errorsDir: dir }));
  const proc = spawnLogged('haproxy', 'haproxy', ['-db', '-f', file], {
    logFile: join(logsDir, 'haproxy.log'),
    killAfterMs: 5000,
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exited) {
      throw new Error(
        proc.exited.error?.code === 'ENOENT'
          ? 'haproxy was not found on PATH (apt-get install haproxy)'
          : `haproxy exited at start (see ${join(logsDir, 'haproxy.log')})`,
      );
    }
    const ok = await new Promise((resolve) => {
      // Any answer will do: no API process is up yet, so HAProxy answers 503 itself.
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return { port, url: `http://127.0.0.1:${port}`, proc };
    await sleep(200);
  }
  throw new Error('haproxy did not answer within 10 s');
}

/**
 * A stand-in for Twilio's REST API (Messages.json, Calls.json) speaking its wire format, so no
 * process ever reaches the real Twilio. Records every request — who it was to, the SMS's text,
 * the call's TwiML URL — for the double-effect check: Twilio has no idempotency key, so every
 * accepted request is one more SMS or call on a phone. As Twilio does, it then posts the status
 * callback the request named, signed with `sign(url, params)`: an SMS `sent`, then
 * `delivered`; a call `no-answer` (the harness's duty officers never pick up). Once each, never
 * retried; what they were answered is counted in `callbacks`.
 */
export async function fakeTwilioRest({ sign, accountSid }) {
  const sent = [];
  const callbacks = {};
  const callback = (url, params) => {
    const body = new URLSearchParams(params).toString();
    const target = new URL(url);
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        timeout: 15_000,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': sign(url, params),
        },
      },
      (res) => {
        res.resume();
        callbacks[res.statusCode] = (callbacks[res.statusCode] ?? 0) + 1;
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => (callbacks['no answer'] = (callbacks['no answer'] ?? 0) + 1));
    req.end(body);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://twilio.invalid');
      if (req.method === 'GET') return listMessages(url, res);
      if (req.method !== 'POST' || !/\/(Messages|Calls)\.json$/.test(url.pathname)) {
        return twilioError(res, 404, 20404, 'The requested resource was not found');
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      const kind = /Messages\.json$/.test(url.pathname) ? 'sms' : 'call';
      const sid = `${kind === 'sms' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`;
      sent.push({
        kind,
        sid,
        to: params.To ?? null,
        from: params.From ?? null,
        body: params.Body ?? null,
        url: params.Url ?? null,
        statusCallback: params.StatusCallback ?? null,
        at: Date.now(),
      });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid, status: 'queued', to: params.To ?? null }));
      const callbackUrl = params.StatusCallback;
      if (!callbackUrl) return;
      const common = { AccountSid: accountSid, To: params.To ?? '', From: params.From ?? '' };
      if (kind === 'sms') {
        setTimeout(
          () => callback(callbackUrl, { ...common, MessageSid: sid, MessageStatus: 'sent' }),
          200,
        );
        setTimeout(
          () => callback(callbackUrl, { ...common, MessageSid: sid, MessageStatus: 'delivered' }),
          1000,
        );
      } else {
        setTimeout(
          () => callback(callbackUrl, { ...common, CallSid: sid, CallStatus: 'no-answer' }),
          1000,
        );
      }
    });
  });
  /**
   * `GET …/Messages.json`, as Twilio answers it: the SMS sent, filtered by `To`, `From` and
   * `DateSent>` (on or after, to the second), newest first, as one page. Hutong asks it about a
   * send left in doubt by a killed worker (fix 17); a fake that cannot answer leaves the send in
   * doubt for good (failure 21).
   */
  const listMessages = (url, res) => {
    if (!/\/Messages\.json$/.test(url.pathname)) {
      return twilioError(res, 404, 20404, 'The requested resource was not found');
    }
    const q = url.searchParams;
    const after = q.get('DateSent>');
    const since = after === null ? null : Math.floor(Date.parse(after) / 1000) * 1000;
    if (since !== null && Number.isNaN(since)) {
      return twilioError(res, 400, 20001, `Invalid value for DateSent>: ${after}`);
    }
    const to = q.get('To');
    const from = q.get('From');
    const second = (at) => Math.floor(at / 1000) * 1000;
    const messages = sent
      .filter(
        (m) =>
          m.kind === 'sms' &&
          (!to || m.to === to) &&
          (!from || m.from === from) &&
          (since === null || second(m.at) >= since),
      )
      .reverse()
      .map((m) => {
        const at = new Date(second(m.at)).toUTCString().replace('GMT', '+0000');
        return {
          sid: m.sid,
          account_sid: accountSid,
          api_version: '2010-04-01',
          body: m.body,
          date_created: at,
          date_sent: at,
          date_updated: at,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: m.from,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          status: 'delivered',
          to: m.to,
          uri: `${url.pathname.replace(/\.json$/, '')}/${m.sid}.json`,
        };
      });
    const uri = `${url.pathname}${url.search}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        messages,
        end: Math.max(0, messages.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: Math.max(50, messages.length),
        previous_page_uri: null,
        start: 0,
        uri,
      }),
    );
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('fake Twilio REST', () => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, sent, callbacks };
}

/** An error as Twilio's REST API answers one. */
function twilioError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      code,
      message,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    }),
  );
}

/**
 * The centres' side of their signed webhooks: one URL per centre (`/centres/<id>`), each with
 * the secret Hutong gave when it was registered (`secrets`, filled in afterwards). Every
 * delivery is verified and recorded; the first attempt of one delivery in `failEvery` is
 * answered 503, so Hutong's retry (the same `webhook-id` again) is exercised too.
 */
export async function centreWebhookReceiver({ failEvery = 8 } = {}) {
  const secrets = new Map();
  const deliveries = [];
  const attempts = new Map();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const centreId = /^\/centres\/([0-9a-f-]{36})$/.exec(req.url ?? '')?.[1] ?? null;
      const secret = centreId ? secrets.get(centreId) : undefined;
      const verified = !!secret && verifyStandardWebhook(secret, req.headers, text);
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        message = undefined;
      }
      const id = String(req.headers['webhook-id'] ?? '');
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const refuse = verified && attempt === 1 && ++n % failEvery === 0;
      deliveries.push({
        centreId,
        webhookId: id,
        verified,
        type: message?.type ?? null,
        referralId: message?.data?.referralId ?? null,
        status: refuse ? 503 : verified ? 204 : 401,
        at: Date.now(),
      });
      res.writeHead(refuse ? 503 : verified ? 204 : 401);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('centre webhook receiver', () => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address();
  return {
    url: (centreId) => `http://127.0.0.1:${port}/centres/${centreId}`,
    secrets,
    deliveries,
  };
}

/** Waits until an API process answers /healthz on its own port (bounded). */
export async function waitHealthy(port, proc, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exited) return false;
    const ok = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return true;
    await sleep(150);
  }
  return false;
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
