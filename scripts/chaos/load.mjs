// The steady load: web reports, partner reports, signed Twilio SMS webhooks, and operators'
// Socket.IO consoles that record every case event, resume by seq, race to claim new cases, open
// the cases they won and refer some of them to a centre. Every request's outcome is logged for
// check.mjs.
import { randomBytes, randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { request, keepAliveAgent } from '../../bench/lib/stats.mjs';
import { isValidTwiml } from '../../bench/lib/webhooks.mjs';
import { sleep } from '../../bench/lib/processes.mjs';

const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Statuses a sender may retry with the same Idempotency-Key (or MessageSid). */
export const retryable = (status) => status === 0 || status === 429 || status >= 500;

/** Counts answers by kind, for the summary's "5xx by kind". */
export function statusCounter() {
  const counts = {};
  return {
    counts,
    add(kind, status) {
      const k = `${kind} ${status === 0 ? 'no answer' : status}`;
      counts[k] = (counts[k] ?? 0) + 1;
    },
  };
}

/**
 * Sends one report until it is accepted (201), refused (4xx other than 429) or `giveUpMs` has
 * passed, every attempt with the same Idempotency-Key, as a careful client does.
 */
async function fileReport({ base, agent, body, headers, channel, giveUpMs, counter, onAccepted }) {
  const key = randomUUID();
  const statuses = [];
  const started = Date.now();
  let delay = 250;
  for (;;) {
    const res = await request(base, '/api/reports', {
      method: 'POST',
      body,
      agent,
      headers: { 'idempotency-key': key, ...headers },
      timeoutMs: 20_000,
    });
    statuses.push(res.status);
    // A 503 must say when to retry (Redis or PostgreSQL unreachable); HAProxy's own 503 (no
    // server to hand to) does not, and is counted apart.
    counter.add(
      channel,
      res.status === 503 && !res.headers?.['retry-after'] ? '503 without Retry-After' : res.status,
    );
    if (res.status === 201) {
      const answer = parse(res.text);
      const submission = {
        key,
        channel,
        outcome: 'accepted',
        reference: answer?.reference,
        id: answer?.id,
        acceptedAt: Date.now(),
        statuses,
      };
      onAccepted?.(submission);
      return submission;
    }
    if (!retryable(res.status)) return { key, channel, outcome: 'refused', statuses };
    if (Date.now() - started > giveUpMs) return { key, channel, outcome: 'failed', statuses };
    await sleep(delay);
    delay = Math.min(4000, delay * 2);
  }
}

/**
 * Runs `send(i)` at `rate` per second until `running()` is false; resolves when every send
 * has finished.
 */
async function steady(rate, running, send) {
  const pending = [];
  let i = 0;
  const started = Date.now();
  while (running()) {
    const due = Math.floor(((Date.now() - started) * rate) / 1000) + 1;
    while (i < due) pending.push(send(i++));
    await sleep(Math.max(5, 1000 / rate / 2));
  }
  await Promise.allSettled(pending);
  return i;
}

/** Web reports (no key) and partner reports (the org's API key), each at its own rate. */
export function reporters({
  base,
  build,
  apiKey,
  webRate,
  partnerRate,
  giveUpMs,
  counter,
  onAccepted,
}) {
  const agent = keepAliveAgent(64);
  const submissions = [];
  let running = true;
  const done = Promise.all([
    steady(
      webRate,
      () => running,
      async (i) => {
        submissions.push(
          await fileReport({
            base,
            agent,
            body: build(2 * i),
            headers: {},
            channel: 'web',
            giveUpMs,
            counter,
            onAccepted,
          }),
        );
      },
    ),
    steady(
      partnerRate,
      () => running,
      async (i) => {
        submissions.push(
          await fileReport({
            base,
            agent,
            body: build(2 * i + 1),
            headers: { authorization: `Bearer ${apiKey}` },
            channel: 'api',
            giveUpMs,
            counter,
            onAccepted,
          }),
        );
      },
    ),
  ]);
  return {
    submissions,
    async stop() {
      running = false;
      await done;
      agent.destroy();
    },
  };
}

/**
 * Signed Twilio SMS webhooks: each from a new number (so each opens a conversation and a report),
 * retried with the same MessageSid on a failure, and one in six delivered twice on purpose (as
 * Twilio does when an answer is slow).
 */
export function smsSender({ base, publicUrl, authToken, sign, rate, giveUpMs, counter }) {
  const agent = keepAliveAgent(16);
  const messages = [];
  let invalidTwiml = 0;
  let running = true;
  const post = async (params) => {
    const path = '/twilio/sms';
    const res = await request(base, path, {
      method: 'POST',
      agent,
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(authToken, publicUrl + path, params),
      },
      timeoutMs: 20_000,
    });
    counter.add('sms', res.status);
    if (res.status === 200 && !isValidTwiml(res.text)) invalidTwiml++;
    return res.status;
  };
  const deliver = async (params) => {
    const statuses = [];
    const started = Date.now();
    let delay = 250;
    for (;;) {
      const status = await post(params);
      statuses.push(status);
      if (status === 200) return { messageSid: params.MessageSid, outcome: 'accepted', statuses };
      if (!retryable(status))
        return { messageSid: params.MessageSid, outcome: 'refused', statuses };
      if (Date.now() - started > giveUpMs)
        return { messageSid: params.MessageSid, outcome: 'failed', statuses };
      await sleep(delay);
      delay = Math.min(4000, delay * 2);
    }
  };
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const run = Math.floor(Math.random() * 1e4);
  const done = steady(
    rate,
    () => running,
    async (i) => {
      const params = {
        AccountSid: accountSid,
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        From: `+86139${String(run * 1e4 + i)
          .padStart(8, '0')
          .slice(-8)}`,
        To: '+8610012355',
        Body:
          i % 2 === 0
            ? '你好，我想举报，邻居家的孩子经常被打'
            : 'help, a child on my street is left alone',
        NumMedia: '0',
        NumSegments: '1',
        ApiVersion: '2010-04-01',
      };
      messages.push(await deliver(params));
      if (i % 6 === 0) messages.push(await deliver(params));
    },
  );
  return {
    messages,
    get invalidTwiml() {
      return invalidTwiml;
    },
    async stop() {
      running = false;
      await done;
      agent.destroy();
    },
  };
}

/**
 * One operator's console: a Socket.IO client through the proxy that records every case event,
 * resumes with the highest seq it has seen (as console/src/realtime/case-stream.ts does), and
 * tries to claim some of the new cases it is shown live.
 */
export function operatorConsole({
  base,
  name,
  user,
  cookie,
  claimShare,
  claims,
  counter,
  onEvent,
  onClaimed,
}) {
  const log = { name, user, startSeq: null, events: [], resumes: [], connectErrors: 0 };
  let lastSeq;
  const agent = keepAliveAgent(4);
  const socket = io(base, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    auth: (cb) => cb(lastSeq === undefined ? {} : { lastSeq }),
    reconnectionDelay: 200,
    reconnectionDelayMax: 2000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });
  const seen = (seq) => {
    if (lastSeq === undefined || seq > lastSeq) lastSeq = seq;
  };
  let resuming = true;
  // As the console does: seqs seen live before this connection's sync.resumed move the resume
  // point only once the replay is done (a replay that fails must be asked for again from before).
  let pendingSeq;
  socket.on('connect', () => {
    resuming = true;
    pendingSeq = undefined;
  });
  // As the console does (case-stream.ts): when the client will not retry by itself — a handshake
  // refused (SERVICE_UNAVAILABLE while the database is gone) or a disconnect by the server — ask
  // again after 2 s, doubling to 30 s.
  let running = true;
  let retryDelay = 2000;
  let retryTimer;
  const retryLater = () => {
    clearTimeout(retryTimer);
    const delay = retryDelay;
    retryDelay = Math.min(delay * 2, 30_000);
    retryTimer = setTimeout(() => {
      if (running && !socket.active) socket.connect();
    }, delay);
  };
  socket.on('connect', () => {
    retryDelay = 2000;
  });
  socket.on('connect_error', () => {
    log.connectErrors++;
    if (!socket.active) retryLater();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('sync.resumed', (p) => {
    log.resumes.push({ seq: p.seq, replayed: p.replayed, at: Date.now() });
    if (log.startSeq === null) log.startSeq = p.seq;
    seen(p.seq);
    if (pendingSeq !== undefined) seen(pendingSeq);
    resuming = false;
  });
  const onCase = (event, p) => {
    const live = !resuming;
    log.events.push({ name: event, seq: p.seq, at: Date.now(), live });
    if (live) seen(p.seq);
    else pendingSeq = Math.max(pendingSeq ?? p.seq, p.seq);
    onEvent?.(p, Date.now(), name);
    if (event === 'case.created' && live && Math.random() < claimShare) {
      const caseId = p.case.id;
      void request(base, `/api/cases/${caseId}/claim`, {
        method: 'POST',
        body: {},
        agent,
        headers: { cookie },
        timeoutMs: 20_000,
      }).then((res) => {
        counter.add('claim', res.status);
        claims.push({ caseId, user, status: res.status });
        if (res.status === 200) onClaimed?.({ caseId, user, cookie, agent });
      });
    }
  };
  socket.on('case.created', (p) => onCase('case.created', p));
  socket.on('case.updated', (p) => onCase('case.updated', p));
  // Case events committed together come in one `cases.changed`; a console takes each alone.
  socket.on('cases.changed', ({ changes }) => {
    for (const { name: event, ...change } of changes) onCase(event, change);
  });
  return {
    log,
    close() {
      running = false;
      clearTimeout(retryTimer);
      socket.close();
      agent.destroy();
    },
  };
}

/**
 * What an operator does with a case they won: opens it (`GET /api/cases/:id`, a read the audit
 * log must hold), and for a share of the cases asks for the centre suggestions and refers the
 * case to the first one (`POST /api/cases/:id/referrals`, as the console's referral panel does),
 * every attempt with the same Idempotency-Key until it is answered, then opens the case again (a
 * read within the audit log's folding window). Each case is opened and referred once however
 * many of the operator's consoles won it; nothing new is begun after `stop()`.
 */
export function caseWork({ base, referShare, giveUpMs, counter, reads, referrals }) {
  const opened = new Set();
  const read = async ({ caseId, user, cookie, agent }) => {
    const startedAt = Date.now();
    const res = await request(base, `/api/cases/${caseId}`, {
      agent,
      headers: { cookie },
      timeoutMs: 20_000,
    });
    counter.add('read', res.status);
    reads.push({ caseId, user, status: res.status, startedAt, endedAt: Date.now() });
  };
  const refer = async ({ caseId, user, cookie, agent }) => {
    const suggestions = await request(base, `/api/cases/${caseId}/centre-suggestions`, {
      agent,
      headers: { cookie },
      timeoutMs: 20_000,
    });
    counter.add('suggest', suggestions.status);
    const centreId = parse(suggestions.text)?.suggestions?.[0]?.centre?.id;
    if (suggestions.status !== 200 || !centreId) {
      referrals.push({ key: null, caseId, user, outcome: 'no_centre', statuses: [] });
      return;
    }
    const key = randomUUID();
    const statuses = [];
    const started = Date.now();
    let delay = 250;
    for (;;) {
      const res = await request(base, `/api/cases/${caseId}/referrals`, {
        method: 'POST',
        body: { centreId, note: 'chaos' },
        agent,
        headers: { cookie, 'idempotency-key': key },
        timeoutMs: 20_000,
      });
      statuses.push(res.status);
      counter.add('referral', res.status);
      if (res.status === 201 || res.status === 200) {
        referrals.push({
          key,
          caseId,
          user,
          centreId,
          outcome: 'accepted',
          referralId: parse(res.text)?.id,
          replayed: res.headers?.['idempotent-replayed'] === 'true',
          acceptedAt: Date.now(),
          statuses,
        });
        return;
      }
      if (!retryable(res.status) || Date.now() - started > giveUpMs) {
        referrals.push({
          key,
          caseId,
          user,
          centreId,
          outcome: retryable(res.status) ? 'failed' : 'refused',
          statuses,
        });
        return;
      }
      await sleep(delay);
      delay = Math.min(4000, delay * 2);
    }
  };
  let running = true;
  const pending = new Set();
  const work = async (claimed) => {
    await read(claimed);
    if (Math.random() >= referShare) return;
    await refer(claimed);
    await read(claimed);
  };
  return {
    onClaimed(claimed) {
      const first = `${claimed.user} ${claimed.caseId}`;
      if (!running || opened.has(first)) return;
      opened.add(first);
      const p = work(claimed).finally(() => pending.delete(p));
      pending.add(p);
    },
    /** Takes no more cases; resolves when the work begun has finished (retries included). */
    async stop() {
      running = false;
      await Promise.allSettled([...pending]);
    },
  };
}

/** Signs in through the proxy; the session cookie (retried while the cluster settles). */
export async function login(base, username, password) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await request(base, '/api/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    const setCookie = res.headers?.['set-cookie'];
    if (res.status === 200 && setCookie) {
      return setCookie
        .map((c) => c.split(';')[0])
        .filter((c) => !c.startsWith('HUTONG_NODE='))
        .join('; ');
    }
    await sleep(500);
  }
  throw new Error(`signing in as ${username} failed`);
}

export { parse as parseJson };
