// Time to console: K Socket.IO clients, a steady stream of sends, and for each send the time
// until `case.created` with its reference has arrived on every client.
// Time to console: K Socket.IO clients, a steady stream of sends, and for each send the time
// until `case.created` with its reference has arrived on every client.
//
// The clients speak the Socket.IO wire protocol (Engine.IO v4 over WebSocket) directly and find
// the case reference in each frame with a string search instead of parsing the whole payload:
// with 200 sockets × 200 events/s the load generator would otherwise spend more CPU parsing
// JSON than the server spends producing it, and measure itself. The first frame of each run is
// also parsed in full to check the search finds the same reference.
import WebSocket from 'ws';
import { round, steadyRate, summary } from './stats.mjs';
import { withTimeout } from './processes.mjs';

const CREATED = '42["case.created",';
/** Case events committed together (a triage batch): `{ seq, changes: [{ name, seq, case, event }] }`. */
const CHANGED = '42["cases.changed",';
const CREATED_ENTRY = '{"name":"case.created",';

/** The case reference after `from` in a frame: the first `reference` of the `case` object there. */
function referenceAfter(frame, from) {
  const at = frame.indexOf('"reference":"', frame.indexOf('"case":{', from));
  if (at < 0) return undefined;
  const start = at + '"reference":"'.length;
  return frame.slice(start, frame.indexOf('"', start));
}

/**
 * The references of the cases a frame says were created: one for `case.created`
 * (`{ seq, case: { …, reference } … }`), each `case.created` entry's for `cases.changed`.
 */
export function referencesIn(frame) {
  if (frame.startsWith(CREATED)) {
    const ref = referenceAfter(frame, CREATED.length);
    return ref ? [ref] : [];
  }
  const refs = [];
  for (let at = frame.indexOf(CREATED_ENTRY); at >= 0; at = frame.indexOf(CREATED_ENTRY, at + 1)) {
    const ref = referenceAfter(frame, at + CREATED_ENTRY.length);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** The same references, from the frame parsed in full (to check the search above). */
export function referencesParsed(frame) {
  const [name, payload] = JSON.parse(frame.slice(2));
  if (name === 'case.created') return [payload.case.reference];
  return payload.changes.filter((c) => c.name === 'case.created').map((c) => c.case.reference);
}

/**
 * One Socket.IO client: connects, answers pings, hands `case.created` frames to listeners and,
 * with `countEvents` (off where it measures delivery: it is work per frame), counts the events it
 * receives by name (`events`), reading only the name.
 */
function connectOne(base, cookie, countEvents) {
  return new Promise((resolve, reject) => {
    const url = `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
    const client = {
      listeners: new Set(),
      /** Event name → how many arrived. */
      events: new Map(),
      close: () => ws.terminate(),
    };
    ws.on('message', (data) => {
      const frame = data.toString();
      if (countEvents && frame.startsWith('42["')) {
        const name = frame.slice(4, frame.indexOf('"', 4));
        client.events.set(name, (client.events.get(name) ?? 0) + 1);
      }
      if (frame.startsWith(CREATED) || frame.startsWith(CHANGED)) {
        for (const listener of client.listeners) listener(frame);
      } else if (frame === '2') ws.send('3');
      else if (frame.startsWith('0')) ws.send('40');
      else if (frame.startsWith('42["sync.resumed"')) resolve(client);
      else if (frame.startsWith('44')) reject(new Error(`socket refused: ${frame.slice(2)}`));
    });
    ws.on('error', (err) => reject(err));
    ws.on('close', () => reject(new Error('socket closed before it was ready')));
  });
}

/** Connects `count` sockets (in batches) and waits for each one's `sync.resumed`. */
export async function connectSockets({
  base,
  count,
  cookie,
  timeoutMs = 60_000,
  batch = 25,
  countEvents = false,
}) {
  const sockets = [];
  const started = Date.now();
  try {
    for (let i = 0; i < count; i += batch) {
      const left = timeoutMs - (Date.now() - started);
      const connecting = Array.from({ length: Math.min(batch, count - i) }, () =>
        connectOne(base, cookie, countEvents).then((s) => {
          sockets.push(s);
          return s;
        }),
      );
      await withTimeout(
        Promise.all(connecting),
        Math.max(1000, left),
        `connecting ${count} sockets`,
      );
    }
  } catch (err) {
    closeSockets(sockets);
    throw err;
  }
  return sockets;
}

/** The events the sockets received, by name, summed over all of them. */
export function eventsReceived(sockets) {
  const total = {};
  for (const socket of sockets) {
    for (const [name, n] of socket.events) total[name] = (total[name] ?? 0) + n;
  }
  return total;
}

export function closeSockets(sockets) {
  for (const s of sockets) s.close();
}

/**
 * Sends at `rate`/s for `durationMs` with `send(i)` → Promise<{ status, reference }>, and
 * measures, per accepted send, the time from just before the send until the matching
 * `case.created` reached the last of the sockets. Waits up to `drainMs` after the last send.
 */
export async function measureDelivery({ sockets, rate, durationMs, send, drainMs = 15_000 }) {
  const k = sockets.length;
  /** reference → { count, last } */
  const arrivals = new Map();
  let payloadBytes = null;
  let samplePayload = null;
  let checkedSingle = false;
  let checkedBatch = false;
  let mismatches = 0;
  const onEvent = (frame) => {
    const now = performance.now();
    const refs = referencesIn(frame);
    if (refs.length === 0) return;
    // The first frame of each kind is parsed in full, to check the search finds the same.
    const single = frame.startsWith(CREATED);
    if (single ? !checkedSingle : !checkedBatch) {
      if (single) checkedSingle = true;
      else checkedBatch = true;
      if (referencesParsed(frame).join() !== refs.join()) mismatches++;
      // One case.created payload, for the bare Socket.IO baseline to send the same size.
      if (samplePayload === null) {
        const parsed = JSON.parse(frame.slice(2))[1];
        if (single) samplePayload = parsed;
        else {
          const { name: _name, ...first } = parsed.changes.find((c) => c.name === 'case.created');
          samplePayload = first;
        }
      }
    }
    for (const ref of refs) {
      const a = arrivals.get(ref);
      if (a) {
        a.count++;
        a.last = now;
      } else arrivals.set(ref, { count: 1, last: now });
    }
  };
  for (const s of sockets) s.listeners.add(onEvent);

  /** reference → time the request started */
  const sent = new Map();
  const postLatencies = [];
  let accepted = 0;
  let refused = 0;
  const { sent: attempts, sentMs } = await steadyRate({
    rate,
    durationMs,
    send: async (i) => {
      const t0 = performance.now();
      const { status, reference } = await send(i);
      postLatencies.push(performance.now() - t0);
      if (status >= 200 && status < 300 && reference) {
        accepted++;
        sent.set(reference, t0);
      } else refused++;
    },
  });
  const complete = () => {
    for (const ref of sent.keys()) if ((arrivals.get(ref)?.count ?? 0) < k) return false;
    return true;
  };
  const drainStarted = performance.now();
  // Bounded: at most drainMs of 50 ms polls.
  while (!complete() && performance.now() - drainStarted < drainMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const s of sockets) s.listeners.delete(onEvent);

  const latencies = [];
  let delivered = 0;
  for (const [ref, t0] of sent) {
    const a = arrivals.get(ref);
    delivered += Math.min(a?.count ?? 0, k);
    if (a && a.count >= k) latencies.push(a.last - t0);
  }
  if (samplePayload) payloadBytes = Buffer.byteLength(JSON.stringify(samplePayload));
  const s = summary(latencies);
  return {
    sockets: k,
    ratePerSecond: rate,
    attempts,
    achievedRatePerSecond: round((attempts / sentMs) * 1000, 1),
    accepted,
    refused,
    p50Ms: s.p50,
    p95Ms: s.p95,
    p99Ms: s.p99,
    maxMs: s.max,
    delivered,
    expected: accepted * k,
    reportsFullyDelivered: latencies.length,
    postLatencyMs: summary(postLatencies),
    payloadBytes,
    referenceMismatches: mismatches,
    samplePayload,
  };
}
