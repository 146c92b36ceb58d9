// Signed Twilio webhooks (/twilio/sms and /twilio/voice) at a steady rate, when the server has them.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { keepAliveAgent, request, round, steadyRate, summary } from './stats.mjs';

const hex = (n) => randomBytes(n).toString('hex');

/** True when `text` is well-formed XML whose root element is <Response> (TwiML). */
export function isValidTwiml(text) {
  const body = text.replace(/^\uFEFF?\s*(<\?xml[^?]*\?>)?\s*/, '');
  if (!body.startsWith('<Response')) return false;
  const stack = [];
  const tag =
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
  let last = 0;
  let m;
  while ((m = tag.exec(body)) !== null) {
    // Anything between tags must be text without a stray '<'.
    if (body.slice(last, m.index).includes('<')) return false;
    last = tag.lastIndex;
    if (m[2] === undefined) continue; // comment or CDATA
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name);
    if (stack.length === 0 && last < body.length && body.slice(last).trim() !== '') return false;
  }
  return stack.length === 0 && !body.slice(last).includes('<');
}

/** Candidate auth tokens: the one we gave the server, then any token file in its data dir. */
function candidateTokens(envToken, dataDir) {
  const tokens = [envToken];
  const visit = (dir, depth) => {
    if (depth > 2 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) {
        if (name !== 'pg' && name !== 'redis') visit(p, depth + 1);
      } else if (/twilio|auth-token/i.test(name) && s.size < 4096) {
        const text = readFileSync(p, 'utf8').trim();
        try {
          const json = JSON.parse(text);
          if (typeof json?.authToken === 'string') tokens.push(json.authToken);
        } catch {
          if (/^[\w-]{8,128}$/.test(text)) tokens.push(text);
        }
      }
    }
  };
  visit(dataDir, 0);
  return [...new Set(tokens)];
}

/**
 * Measures the webhooks. Returns null plus a note when the routes are missing or the auth token
 * cannot be found. `publicUrl` must equal the server's HUTONG_PUBLIC_URL (signatures cover it).
 */
export async function measureWebhooks({ base, publicUrl, envToken, dataDir, rate, durationMs }) {
  const probe = await request(base, '/twilio/sms', {
    method: 'POST',
    body: 'From=%2B8613800000000&Body=probe',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (probe.status === 404 || probe.status === 0) {
    return {
      result: null,
      note: `POST /twilio/sms answered ${probe.status || 'no connection'}: the telephony routes are not in backend/dist yet`,
    };
  }
  const { signTwilioRequest, TWILIO_PATHS } = await import('../../ivr/dist/index.js');
  const agent = keepAliveAgent(64);
  const accountSid = `AC${hex(16)}`;
  const to = '+8610012355';
  const paramsFor = (i) => {
    const from = `+86138${String(10_000_000 + i).slice(-8)}`;
    return i % 2 === 0
      ? {
          path: TWILIO_PATHS.sms,
          params: {
            AccountSid: accountSid,
            MessageSid: `SM${hex(16)}`,
            SmsSid: `SM${hex(16)}`,
            From: from,
            To: to,
            Body: i % 4 === 0 ? '你好，我想举报' : 'help',
            NumMedia: '0',
            NumSegments: '1',
            ApiVersion: '2010-04-01',
          },
        }
      : {
          path: TWILIO_PATHS.voice,
          params: {
            AccountSid: accountSid,
            CallSid: `CA${hex(16)}`,
            From: from,
            To: to,
            CallStatus: 'ringing',
            Direction: 'inbound',
            ApiVersion: '2010-04-01',
          },
        };
  };
  const post = (token, { path, params }) =>
    request(base, path, {
      method: 'POST',
      agent,
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioRequest(token, publicUrl + path, params),
        'i-twilio-idempotency-token': hex(16),
      },
    });

  let token = null;
  let lastStatus = 0;
  for (const candidate of candidateTokens(envToken, dataDir)) {
    const res = await post(candidate, paramsFor(1_000_000));
    lastStatus = res.status;
    if (res.status >= 200 && res.status < 300) {
      token = candidate;
      break;
    }
  }
  if (!token) {
    agent.destroy();
    return {
      result: null,
      note: `signed webhooks were refused (HTTP ${lastStatus}) with TWILIO_AUTH_TOKEN and every token file in the data dir; auth token unknown`,
    };
  }

  const byPath = { sms: [], voice: [] };
  let invalid = 0;
  let failed = 0;
  /** Answers outside 2xx by status (0: no answer: the connection failed or timed out). */
  const failedStatuses = {};
  const { sent, sentMs } = await steadyRate({
    rate,
    durationMs,
    send: async (i) => {
      const req = paramsFor(i);
      const t0 = performance.now();
      const res = await post(token, req);
      const ms = performance.now() - t0;
      (req.path === TWILIO_PATHS.sms ? byPath.sms : byPath.voice).push(ms);
      if (res.status < 200 || res.status >= 300) {
        failed++;
        failedStatuses[res.status] = (failedStatuses[res.status] ?? 0) + 1;
      } else if (!/xml/i.test(String(res.headers['content-type'])) || !isValidTwiml(res.text))
        invalid++;
    },
  });
  agent.destroy();
  const all = [...byPath.sms, ...byPath.voice];
  const s = summary(all);
  return {
    result: {
      ratePerSecond: rate,
      requests: sent,
      achievedRatePerSecond: round((sent / sentMs) * 1000, 1),
      p50Ms: s.p50,
      p95Ms: s.p95,
      p99Ms: s.p99,
      maxMs: s.max,
      sms: summary(byPath.sms),
      voice: summary(byPath.voice),
      failed,
      failedStatuses,
      invalidTwiml: invalid,
      twimlValid: failed === 0 && invalid === 0,
    },
    note: null,
  };
}
