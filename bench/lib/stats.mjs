// Percentiles and small HTTP helpers shared by the benchmark phases.
import http from 'node:http';

/** Nearest-rank percentile of an unsorted list of numbers (null for an empty list). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]);
}

/** p50/p95/p99/max of a list, in the list's unit. */
export function summary(values) {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? round(Math.max(...values)) : null,
  };
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A keep-alive agent to 127.0.0.1 for steady-rate senders. */
export function keepAliveAgent(maxSockets = 64) {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/**
 * One HTTP request to 127.0.0.1; resolves with status, headers and body text. Never rejects:
 * network failures come back as status 0.
 */
export function request(
  base,
  path,
  { method = 'GET', body, headers = {}, agent, timeoutMs = 30_000 } = {},
) {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      {
        hostname: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent,
        headers: {
          ...(payload !== undefined && typeof body !== 'string'
            ? { 'content-type': 'application/json' }
            : {}),
          ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (err) => resolve({ status: 0, headers: {}, text: '', error: err }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, headers: {}, text: '', error: err }));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Calls `send(i)` at a steady `rate` per second for `durationMs` (at most rate × duration calls),
 * without waiting for earlier calls; resolves with every call's promise once all have settled
 * or `settleMs` has passed after the last send.
 */
export async function steadyRate({ rate, durationMs, send, settleMs = 30_000 }) {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const started = performance.now();
  const pending = [];
  let i = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (i < due) pending.push(send(i++));
      // Bounded in count (total) and time (a stalled clock cannot extend it past 2 × duration).
      if (i >= total || performance.now() - started > durationMs * 2) resolve();
      else setTimeout(tick, Math.max(1, Math.min(10, 1000 / rate / 2)));
    };
    tick();
  });
  const sentMs = performance.now() - started;
  await Promise.race([
    Promise.allSettled(pending),
    new Promise((resolve) => setTimeout(resolve, settleMs).unref()),
  ]);
  return { sent: i, sentMs };
}

/** Rows of cells as an aligned text table for the terminal, the first row the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  const line = (r) => `  ${r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  │  ')}`;
  return [
    line(rows[0]),
    `  ${widths.map((w) => '─'.repeat(w)).join('──┼──')}`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
