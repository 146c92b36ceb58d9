import express, { type NextFunction, type Request, type Response } from 'express';
import { isFinalCallStatus } from '../twilio/call-status.js';
import type { StatusCallbackConfig } from './call-runner.js';
import { TwilioApiError } from './messaging.js';
import {
  accountPath,
  listEnvelope,
  pagedEnvelope,
  rfc2822,
  silentWav,
  twilioError,
} from './resources.js';
import type { TwilioSimulator } from './simulator.js';
import type {
  SimCall,
  SimConference,
  SimMessage,
  SimParticipant,
  SimQueue,
  SimRecording,
} from './types.js';

type Params = Record<string, string>;

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).flatMap((v) => v.split(' '));
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

const DAY_MS = 86_400_000;

/**
 * The Messages list's `DateSent` filters as Twilio reads them: `DateSent=` a day, `DateSent>=`
 * on or after, `DateSent<=` on or before (the query keys are `DateSent>` and `DateSent<`; the
 * `=` is the query string's). A value is a GMT day (`2026-12-06`: the whole day) or an instant
 * (`2026-12-06T05:10:00Z`, as twilio-node sends; RFC 2822 too), compared to the second as
 * Twilio's `date_sent` is. Once one is given, a message not sent yet (no `date_sent`) is not listed.
 */
function dateSentFilter(query: Record<string, unknown>): (message: SimMessage) => boolean {
  const bounds: Array<(sent: number) => boolean> = [];
  for (const [key, op] of [
    ['DateSent', '='],
    ['DateSent>', '>='],
    ['DateSent<', '<='],
  ] as const) {
    const value = str(query[key]);
    if (value === undefined) continue;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const at = Date.parse(day ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(at)) {
      throw new TwilioApiError(400, 20001, `Invalid value for ${key}: ${value}`);
    }
    const from = day ? at : Math.floor(at / 1000) * 1000;
    const to = day ? at + DAY_MS - 1000 : from;
    bounds.push(
      op === '=' ? (t) => t >= from && t <= to : op === '>=' ? (t) => t >= from : (t) => t <= to,
    );
  }
  if (bounds.length === 0) return () => true;
  return (message) => {
    if (!message.dateSent) return false;
    const sent = Math.floor(message.dateSent.getTime() / 1000) * 1000;
    return bounds.every((within) => within(sent));
  };
}

/** Presents a call as Twilio's Call resource. */
export function presentCall(sim: TwilioSimulator, call: SimCall): Record<string, unknown> {
  const uri = `${accountPath(sim.accountSid)}/Calls/${call.sid}.json`;
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: call.parentCallSid ?? null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: rfc2822(call.startTime),
    end_time: rfc2822(call.endTime),
    duration: call.duration === undefined ? null : String(call.duration),
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: {
      recordings: uri.replace('.json', '/Recordings.json'),
      notifications: uri.replace('.json', '/Notifications.json'),
    },
  };
}

/** Presents a message as Twilio's Message resource. */
export function presentMessage(sim: TwilioSimulator, message: SimMessage): Record<string, unknown> {
  const uri = `${accountPath(sim.accountSid)}/Messages/${message.sid}.json`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: message.to,
    uri,
  };
}

function presentQueue(sim: TwilioSimulator, queue: SimQueue): Record<string, unknown> {
  const uri = `${accountPath(sim.accountSid)}/Queues/${queue.sid}.json`;
  const waits = queue.members.map((m) => sim.clock.secondsSince(m.enqueuedAt));
  return {
    account_sid: sim.accountSid,
    average_wait_time: waits.length
      ? Math.round(waits.reduce((a, b) => a + b, 0) / waits.length)
      : 0,
    current_size: queue.members.length,
    date_created: rfc2822(queue.dateCreated),
    date_updated: rfc2822(queue.dateUpdated),
    friendly_name: queue.friendlyName,
    max_size: queue.maxSize,
    sid: queue.sid,
    uri,
    subresource_uris: { members: uri.replace('.json', '/Members.json') },
  };
}

function presentMember(
  sim: TwilioSimulator,
  queue: SimQueue,
  index: number,
): Record<string, unknown> {
  const member = queue.members[index]!;
  return {
    call_sid: member.callSid,
    date_enqueued: rfc2822(new Date(member.enqueuedAt)),
    position: index + 1,
    uri: `${accountPath(sim.accountSid)}/Queues/${queue.sid}/Members/${member.callSid}.json`,
    wait_time: Math.floor(sim.clock.secondsSince(member.enqueuedAt)),
    queue_sid: queue.sid,
  };
}

function presentConference(sim: TwilioSimulator, c: SimConference): Record<string, unknown> {
  const uri = `${accountPath(sim.accountSid)}/Conferences/${c.sid}.json`;
  return {
    account_sid: sim.accountSid,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    api_version: '2010-04-01',
    friendly_name: c.friendlyName,
    region: 'us1',
    sid: c.sid,
    status: c.status,
    uri,
    subresource_uris: { participants: uri.replace('.json', '/Participants.json') },
    reason_conference_ended: c.status === 'completed' ? 'last-participant-left' : null,
    call_sid_ending_conference: null,
  };
}

function presentParticipant(
  sim: TwilioSimulator,
  c: SimConference,
  p: SimParticipant,
): Record<string, unknown> {
  return {
    account_sid: sim.accountSid,
    call_sid: p.callSid,
    label: p.label ?? null,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: c.sid,
    date_created: rfc2822(p.dateCreated),
    date_updated: rfc2822(p.dateUpdated),
    end_conference_on_exit: p.endConferenceOnExit,
    muted: p.muted,
    hold: p.hold,
    start_conference_on_enter: p.startConferenceOnEnter,
    status: p.status,
    queue_time: null,
    uri: `${accountPath(sim.accountSid)}/Conferences/${c.sid}/Participants/${p.callSid}.json`,
  };
}

function presentRecording(sim: TwilioSimulator, r: SimRecording): Record<string, unknown> {
  return {
    account_sid: sim.accountSid,
    api_version: '2010-04-01',
    call_sid: r.callSid,
    conference_sid: null,
    date_created: rfc2822(r.dateCreated),
    date_updated: rfc2822(r.dateCreated),
    start_time: rfc2822(r.dateCreated),
    duration: String(r.duration),
    sid: r.sid,
    price: null,
    price_unit: 'USD',
    status: r.status,
    channels: 1,
    source: 'RecordVerb',
    error_code: null,
    uri: `${accountPath(sim.accountSid)}/Recordings/${r.sid}.json`,
    media_url: `${sim.url}${accountPath(sim.accountSid)}/Recordings/${r.sid}`,
  };
}

/** The fake REST API under /2010-04-01/Accounts/{AccountSid}, with Twilio's shapes and codes. */
export function restRouter(sim: TwilioSimulator): express.Router {
  const router = express.Router({ mergeParams: true });

  router.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString() : '';
    const expected = `${sim.accountSid}:${sim.authToken}`;
    if (decoded !== expected || req.params.accountSid !== sim.accountSid) {
      res.status(401).json(twilioError(401, 20003, 'Authenticate'));
      return;
    }
    next();
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    const failing = sim
      .faults()
      .failRest.find((f) => f.method === req.method && f.path === req.path && (f.times ?? 1) > 0);
    if (!failing) return next();
    if (failing.times !== undefined) failing.times -= 1;
    res.status(503).json(twilioError(503, 20503, 'Service Unavailable'));
  });

  const notFound = (req: Request, res: Response): void => {
    res
      .status(404)
      .json(twilioError(404, 20404, `The requested resource ${req.originalUrl} was not found`));
  };
  const fail = (res: Response, error: unknown): void => {
    if (error instanceof TwilioApiError) {
      res.status(error.status).json(twilioError(error.status, error.code, error.message));
    } else throw error;
  };
  const body = (req: Request): Params => {
    const out: Params = {};
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      const s = str(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  };

  // Messages
  router.post('/Messages.json', (req, res) => {
    const p = body(req);
    try {
      const message = sim.messaging.createOutbound({
        to: p.To,
        from: p.From,
        messagingServiceSid: p.MessagingServiceSid,
        body: p.Body,
        statusCallback: p.StatusCallback,
      });
      res.status(201).json(presentMessage(sim, message));
    } catch (error) {
      fail(res, error);
    }
  });
  // Filtered by To, From and DateSent, newest first, paged as Twilio pages it.
  router.get('/Messages.json', (req, res) => {
    const { To, From } = req.query;
    let sent: (message: SimMessage) => boolean;
    try {
      sent = dateSentFilter(req.query);
    } catch (error) {
      return fail(res, error);
    }
    const items = sim.messages
      .filter((m) => (!To || m.to === To) && (!From || m.from === From) && sent(m))
      .reverse();
    res.json(
      pagedEnvelope('messages', req.baseUrl + req.path, req.query, items, (m) =>
        presentMessage(sim, m),
      ),
    );
  });
  router.get('/Messages/:sid.json', (req, res) => {
    const message = sim.messages.find((m) => m.sid === req.params.sid);
    if (!message) return notFound(req, res);
    res.json(presentMessage(sim, message));
  });

  // Calls
  router.post('/Calls.json', (req, res) => {
    const p = body(req);
    if (!p.To) return fail(res, new TwilioApiError(400, 21201, "No 'To' number is specified"));
    if (!p.From) return fail(res, new TwilioApiError(400, 21213, "No 'From' number is specified"));
    if (!p.Url && !p.Twiml && !p.ApplicationSid) {
      return fail(res, new TwilioApiError(400, 21205, 'Url parameter is required.'));
    }
    const raw = (req.body as Record<string, unknown>).StatusCallbackEvent;
    const events = list(raw);
    const statusCallback: StatusCallbackConfig | undefined = p.StatusCallback
      ? {
          url: p.StatusCallback,
          method: p.StatusCallbackMethod ?? 'POST',
          events: new Set([...(events.length ? events : []), 'completed']),
        }
      : undefined;
    const handle = sim.createOutboundCall({
      from: p.From,
      to: p.To,
      ...(p.Url ? { url: p.Url } : {}),
      ...(p.Method ? { method: p.Method } : {}),
      ...(p.Twiml ? { twiml: p.Twiml } : {}),
      ...(statusCallback ? { statusCallback } : {}),
    });
    res.status(201).json(presentCall(sim, handle.call));
  });
  router.get('/Calls.json', (req, res) => {
    const { Status, To, From } = req.query;
    const items = sim.calls.filter(
      (c) => (!Status || c.status === Status) && (!To || c.to === To) && (!From || c.from === From),
    );
    res.json(
      listEnvelope(
        'calls',
        req.baseUrl + req.path,
        items.map((c) => presentCall(sim, c)),
      ),
    );
  });
  router.get('/Calls/:sid.json', (req, res) => {
    const call = sim.callBySid(req.params.sid);
    if (!call) return notFound(req, res);
    res.json(presentCall(sim, call));
  });
  router.post('/Calls/:sid.json', (req, res) => {
    const call = sim.callBySid(req.params.sid);
    if (!call) return notFound(req, res);
    const p = body(req);
    const runner = sim.runnerFor(call.sid);
    if (p.Status === 'completed' || p.Status === 'canceled') {
      sim.endCall(call.sid);
    } else if (p.Url || p.Twiml) {
      if (!runner || isFinalCallStatus(call.status)) {
        return fail(
          res,
          new TwilioApiError(400, 21220, 'Call is not in-progress. Cannot redirect.'),
        );
      }
      if (p.Twiml) runner.replaceTwiml(p.Twiml);
      else runner.redirect(p.Url!, p.Method ?? 'POST', false);
    }
    res.json(presentCall(sim, call));
  });

  // Queues and members
  router.get('/Queues.json', (req, res) => {
    res.json(
      listEnvelope(
        'queues',
        req.baseUrl + req.path,
        sim.queues.map((q) => presentQueue(sim, q)),
      ),
    );
  });
  router.post('/Queues.json', (req, res) => {
    const p = body(req);
    if (!p.FriendlyName)
      return fail(
        res,
        new TwilioApiError(400, 20001, 'Missing required parameter FriendlyName in the post body'),
      );
    // Twilio refuses a duplicate friendly name; returning the existing queue keeps boot idempotent.
    const existing = sim.queueByName(p.FriendlyName, false);
    const queue = existing ?? sim.createQueue(p.FriendlyName, Number(p.MaxSize ?? 1000) || 1000);
    res.status(existing ? 200 : 201).json(presentQueue(sim, queue));
  });
  const queueOf = (req: Request): SimQueue | undefined =>
    sim.queues.find((q) => q.sid === req.params.queueSid);
  router.get('/Queues/:queueSid.json', (req, res) => {
    const queue = queueOf(req);
    if (!queue) return notFound(req, res);
    res.json(presentQueue(sim, queue));
  });
  router.get('/Queues/:queueSid/Members.json', (req, res) => {
    const queue = queueOf(req);
    if (!queue) return notFound(req, res);
    const items = queue.members.map((_, i) => presentMember(sim, queue, i));
    res.json(listEnvelope('queue_members', req.baseUrl + req.path, items));
  });
  const memberIndex = (queue: SimQueue, id: string | undefined): number =>
    id === 'Front'
      ? queue.members.length
        ? 0
        : -1
      : queue.members.findIndex((m) => m.callSid === id);
  router.get('/Queues/:queueSid/Members/:callSid.json', (req, res) => {
    const queue = queueOf(req);
    const index = queue ? memberIndex(queue, req.params.callSid) : -1;
    if (!queue || index < 0) return notFound(req, res);
    res.json(presentMember(sim, queue, index));
  });
  router.post('/Queues/:queueSid/Members/:callSid.json', (req, res) => {
    const queue = queueOf(req);
    const index = queue ? memberIndex(queue, req.params.callSid) : -1;
    if (!queue || index < 0) return notFound(req, res);
    const p = body(req);
    if (!p.Url)
      return fail(
        res,
        new TwilioApiError(400, 20001, 'Missing required parameter Url in the post body'),
      );
    const presented = presentMember(sim, queue, index);
    const member = queue.members[index]!;
    const runner = sim.runnerFor(member.callSid);
    // Dequeue: the member's call leaves the queue and runs the new URL.
    runner?.redirect(p.Url, p.Method ?? 'POST', true);
    res.json(presented);
  });

  // Conferences and participants
  router.get('/Conferences.json', (req, res) => {
    const { FriendlyName, Status } = req.query;
    const items = sim.conferences.filter(
      (c) => (!FriendlyName || c.friendlyName === FriendlyName) && (!Status || c.status === Status),
    );
    res.json(
      listEnvelope(
        'conferences',
        req.baseUrl + req.path,
        items.map((c) => presentConference(sim, c)),
      ),
    );
  });
  const conferenceOf = (req: Request): SimConference | undefined =>
    sim.conferences.find((c) => c.sid === req.params.confSid);
  // Twilio's Participants resource also takes the conference's FriendlyName in place of its SID
  // (error 16003 "Could not recognize conference sid or friendly name"): the live one by name.
  const liveConferenceOf = (req: Request): SimConference | undefined =>
    conferenceOf(req) ??
    sim.conferences.find((c) => c.friendlyName === req.params.confSid && c.status !== 'completed');
  router.get('/Conferences/:confSid.json', (req, res) => {
    const conference = conferenceOf(req);
    if (!conference) return notFound(req, res);
    res.json(presentConference(sim, conference));
  });
  router.post('/Conferences/:confSid.json', (req, res) => {
    const conference = conferenceOf(req);
    if (!conference) return notFound(req, res);
    if (body(req).Status === 'completed') {
      conference.status = 'completed';
      sim.updateConference(conference);
    }
    res.json(presentConference(sim, conference));
  });
  router.get('/Conferences/:confSid/Participants.json', (req, res) => {
    const conference = liveConferenceOf(req);
    if (!conference) return notFound(req, res);
    const items = conference.participants.map((p) => presentParticipant(sim, conference, p));
    res.json(listEnvelope('participants', req.baseUrl + req.path, items));
  });
  router.post('/Conferences/:confSid/Participants.json', (req, res) => {
    const conference = liveConferenceOf(req);
    if (!conference || conference.status === 'completed') return notFound(req, res);
    const p = body(req);
    if (!p.To || !p.From) {
      return fail(
        res,
        new TwilioApiError(400, 20001, 'Missing required parameter To or From in the post body'),
      );
    }
    const call = sim.addParticipant(conference, {
      from: p.From,
      to: p.To,
      ...(p.Label ? { label: p.Label } : {}),
      endConferenceOnExit: p.EndConferenceOnExit === 'true',
    });
    const participant = conference.participants.find((x) => x.callSid === call.sid)!;
    res.status(201).json(presentParticipant(sim, conference, participant));
  });
  const participantOf = (req: Request): [SimConference, SimParticipant] | undefined => {
    const conference = liveConferenceOf(req);
    const participant = conference?.participants.find(
      (p) => p.callSid === req.params.callSid || p.label === req.params.callSid,
    );
    return conference && participant ? [conference, participant] : undefined;
  };
  router.get('/Conferences/:confSid/Participants/:callSid.json', (req, res) => {
    const found = participantOf(req);
    if (!found) return notFound(req, res);
    res.json(presentParticipant(sim, ...found));
  });
  router.post('/Conferences/:confSid/Participants/:callSid.json', (req, res) => {
    const found = participantOf(req);
    if (!found) return notFound(req, res);
    const p = body(req);
    if (p.Muted !== undefined) found[1].muted = p.Muted === 'true';
    if (p.Hold !== undefined) found[1].hold = p.Hold === 'true';
    found[1].dateUpdated = new Date();
    res.json(presentParticipant(sim, ...found));
  });
  router.delete('/Conferences/:confSid/Participants/:callSid.json', (req, res) => {
    const found = participantOf(req);
    if (!found) return notFound(req, res);
    const [conference, participant] = found;
    conference.participants.splice(conference.participants.indexOf(participant), 1);
    sim.updateConference(conference);
    res.status(204).end();
  });

  // Recordings
  router.get('/Recordings.json', (req, res) => {
    const { CallSid } = req.query;
    const items = sim.recordings.filter((r) => !CallSid || r.callSid === CallSid);
    res.json(
      listEnvelope(
        'recordings',
        req.baseUrl + req.path,
        items.map((r) => presentRecording(sim, r)),
      ),
    );
  });
  router.get('/Recordings/:file', (req, res) => {
    const match = /^(RE[0-9a-f]{32})(\.json|\.wav|\.mp3)?$/.exec(req.params.file);
    const recording = match ? sim.recordings.find((r) => r.sid === match[1]) : undefined;
    if (!match || !recording) return notFound(req, res);
    if (match[2] === '.json') return void res.json(presentRecording(sim, recording));
    // Media: Twilio serves WAV by default; the simulator has only silence to offer.
    res.type('audio/wav').send(silentWav());
  });

  router.use(notFound);
  return router;
}
