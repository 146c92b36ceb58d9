import express, { type Request, type Response } from 'express';
import type { TwilioSimulator } from './simulator.js';
import type { CallScript, SimCall, SimMessage } from './types.js';
import type { SimulatorFaults } from './webhooks.js';

/** A call as the control API shows it (dates as ISO strings). */
export interface SimCallView {
  sid: string;
  from: string;
  to: string;
  direction: SimCall['direction'];
  status: string;
  activity: string;
  queue: string | null;
  conference: string | null;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  transcript: SimCall['transcript'];
  events: SimCall['events'];
  queueResults: string[];
}

/** A message as the control API shows it. */
export interface SimMessageView {
  sid: string;
  from: string;
  to: string;
  body: string;
  direction: SimMessage['direction'];
  status: string;
  numSegments: number;
  statusHistory: string[];
  dateCreated: string;
}

/** Presents a call for the control API. */
export function viewCall(call: SimCall): SimCallView {
  return {
    sid: call.sid,
    from: call.from,
    to: call.to,
    direction: call.direction,
    status: call.status,
    activity: call.activity,
    queue: call.queue?.name ?? null,
    conference: call.conference ?? null,
    startTime: call.startTime?.toISOString() ?? null,
    endTime: call.endTime?.toISOString() ?? null,
    duration: call.duration ?? null,
    transcript: call.transcript,
    events: call.events,
    queueResults: call.queueResults,
  };
}

/** Presents a message for the control API. */
export function viewMessage(message: SimMessage): SimMessageView {
  return {
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    direction: message.direction,
    status: message.status,
    numSegments: message.numSegments,
    statusHistory: message.statusHistory,
    dateCreated: message.dateCreated.toISOString(),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: { code: 'VALIDATION_FAILED', status: 400, message } });
}

/**
 * The control API under /sim (development only; binds to 127.0.0.1 by default): drives
 * simulated callers and texters for the CLI and the console's phone simulator page.
 */
export function controlRouter(sim: TwilioSimulator): express.Router {
  const router = express.Router();

  router.get('/health', (_req, res) => {
    res.json({
      ok: true,
      accountSid: sim.accountSid,
      apiBase: sim.url,
      hotlineNumber: sim.hotlineNumber,
      timeScale: sim.clock.timeScale,
    });
  });

  router.post('/calls', async (req: Request, res: Response) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const from = text(b.from);
    if (!from) return badRequest(res, 'from is required');
    const digits = Array.isArray(b.digits)
      ? b.digits.map((d) => (d === null ? null : String(d)))
      : undefined;
    const script: CallScript = {
      ...(digits ? { digits } : {}),
      ...(typeof b.hangupAfterSeconds === 'number'
        ? { hangupAfterSeconds: b.hangupAfterSeconds }
        : {}),
      ...(typeof b.recordSeconds === 'number' ? { recordSeconds: b.recordSeconds } : {}),
    };
    const to = text(b.to);
    const handle = sim.placeCall({ from, ...(to ? { to } : {}), script });
    const waitFor = text(b.waitFor);
    if (waitFor) {
      const timeoutMs = typeof b.timeoutMs === 'number' ? b.timeoutMs : 30_000;
      try {
        // Several targets may be given, comma-separated: the first one reached ends the wait.
        const targets = waitFor.split(',').map((t) => t.trim());
        await handle.waitFor(
          (call) => targets.includes(call.status) || targets.includes(call.activity),
          timeoutMs,
        );
        if (targets.includes(handle.call.status) && handle.call.activity === 'ended') {
          await handle.done;
        }
      } catch {
        // Report the call as it stands; the caller sees it did not reach the state.
      }
    }
    res.status(201).json(viewCall(handle.call));
  });

  router.get('/calls', (_req, res) => {
    res.json({ calls: sim.calls.map(viewCall) });
  });

  router.get('/calls/:sid', (req, res) => {
    const call = sim.callBySid(req.params.sid);
    if (!call)
      return void res
        .status(404)
        .json({ error: { code: 'NOT_FOUND', status: 404, message: 'no such call' } });
    res.json(viewCall(call));
  });

  router.post('/calls/:sid/press', (req, res) => {
    const handle = sim.handleFor(req.params.sid);
    const digits = text((req.body as Record<string, unknown> | undefined)?.digits);
    if (!handle)
      return void res
        .status(409)
        .json({ error: { code: 'CONFLICT', status: 409, message: 'call is not live' } });
    if (!digits) return badRequest(res, 'digits is required');
    handle.press(digits);
    res.json(viewCall(handle.call));
  });

  router.post('/calls/:sid/hangup', (req, res) => {
    const call = sim.callBySid(req.params.sid);
    if (!call)
      return void res
        .status(404)
        .json({ error: { code: 'NOT_FOUND', status: 404, message: 'no such call' } });
    sim.endCall(call.sid);
    res.json(viewCall(call));
  });

  router.post('/sms', async (req: Request, res: Response) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const from = text(b.from);
    const body = text(b.body);
    if (!from || !body) return badRequest(res, 'from and body are required');
    const to = text(b.to);
    const result = await sim.sendSms({ from, body, ...(to ? { to } : {}) });
    res.status(201).json({
      message: viewMessage(result.message),
      webhookStatus: result.webhookStatus,
      replies: result.replies.map(viewMessage),
    });
  });

  router.get('/messages', (req, res) => {
    const direction = req.query.direction;
    const items = sim.messages.filter(
      (m) =>
        !direction ||
        (direction === 'outbound' ? m.direction !== 'inbound' : m.direction === direction),
    );
    res.json({ messages: items.map(viewMessage) });
  });

  router.get('/queues', (_req, res) => {
    res.json({
      queues: sim.queues.map((q) => ({
        sid: q.sid,
        name: q.friendlyName,
        members: q.members.map((m, i) => ({
          callSid: m.callSid,
          position: i + 1,
          waitSeconds: Math.floor(sim.clock.secondsSince(m.enqueuedAt)),
        })),
      })),
    });
  });

  router.get('/conferences', (_req, res) => {
    res.json({
      conferences: sim.conferences.map((c) => ({
        sid: c.sid,
        name: c.friendlyName,
        status: c.status,
        participants: c.participants.map((p) => p.callSid),
      })),
    });
  });

  router.get('/recordings', (_req, res) => {
    res.json({ recordings: sim.recordings });
  });

  router.get('/webhooks', (_req, res) => {
    res.json({ webhooks: sim.webhooks.log });
  });

  router.get('/faults', (_req, res) => {
    res.json(sim.faults());
  });

  router.put('/faults', (req, res) => {
    sim.setFaults((req.body ?? {}) as Partial<SimulatorFaults>);
    res.json(sim.faults());
  });

  router.put('/phones/:target', (req, res) => {
    sim.setPhoneBehaviour(req.params.target, (req.body ?? {}) as Record<string, never>);
    res.json(sim.phoneBehaviour(req.params.target));
  });

  router.delete('/state', (_req, res) => {
    sim.reset();
    res.status(204).end();
  });

  return router;
}
