import { z } from 'zod';
import { ZCaseEvent, ZCaseSummary } from '../cases/schemas.js';
import { ZCallEscalated, ZCallSummary, ZCallbackChanged } from '../telephony/schemas.js';
import { ZOrgReport, ZReferralChanged, ZReferralMessaged } from '../dispatch/schemas.js';
import { ZPresenceChanged } from '../board/schemas.js';
import { ZPresence, ZSupervisorAlert } from '../shift/schemas.js';
import { ZWarningChanged } from '../warnings/schemas.js';
import { ZSweepChanged } from '../sweeps/schemas.js';
import { ZCheckinCallChanged } from '../children/checkin.js';
import {
  ZCaseViewers,
  type TCaseUnwatch,
  type TCaseWatch,
  type TCaseWatchAck,
} from '../cases/viewers.js';

/** `case.created` / `case.updated`: the case as it is now, and the timeline entry that moved it. */
export const ZCaseChanged = z.object({
  seq: z.number().int(),
  case: ZCaseSummary,
  event: ZCaseEvent.omit({ data: true }).extend({ data: z.record(z.string(), z.unknown()) }),
});
export type TCaseChanged = z.infer<typeof ZCaseChanged>;

/** The most changes one `cases.changed` carries; more committed together go in several. */
export const CASES_CHANGED_MAX = 100;

/**
 * `cases.changed`: several `case.created` / `case.updated` committed together (a triage batch, a
 * claim sweep), in seq order, in one frame: each is what its own event would have carried, with
 * that event's name. A console handles each as if it had come alone.
 */
export const ZCasesChanged = z.object({
  /** The last change's seq (the highest). */
  seq: z.number().int(),
  changes: z
    .array(ZCaseChanged.extend({ name: z.enum(['case.created', 'case.updated']) }))
    .min(2)
    .max(CASES_CHANGED_MAX),
});
export type TCasesChanged = z.infer<typeof ZCasesChanged>;

/** Sent once after a (re)connection has been brought up to date. */
export const ZSyncResumed = z.object({
  /** The highest seq the server knows; the client continues from here. */
  seq: z.number().int(),
  /** How many missed events were replayed; -1 when the gap was too large and the client must refetch. */
  replayed: z.number().int(),
});
export type TSyncResumed = z.infer<typeof ZSyncResumed>;

/**
 * How a client that reconnects gets what it missed of an event: replayed after the line's `seq`
 * (`lastSeq` in the handshake), after the warnings' own seq (`lastWarningSeq`), or not replayed
 * (live state: refetch on `sync.resumed`).
 */
export type EventResume = 'seq' | 'warningSeq' | 'refetch';

/**
 * Every server → client event: its name, payload schema and how a reconnect resumes it — the one
 * source both sides type their emits and listeners from, and the client validates with.
 * WARNING: both sides and stored clients depend on these names; a breaking payload change gets
 * a new name (`…V2`), never an edit.
 */
export const SERVER_EVENTS = {
  'case.created': { payload: ZCaseChanged, resume: 'seq' },
  'case.updated': { payload: ZCaseChanged, resume: 'seq' },
  /**
   * Several of the two above at once (operators room): one frame per console for a triage batch
   * or a claim sweep instead of one per case. Replays after a reconnect come one by one.
   */
  'cases.changed': { payload: ZCasesChanged, resume: 'seq' },
  /** Sent once after a (re)connection has been brought up to date. */
  'sync.resumed': { payload: ZSyncResumed, resume: 'refetch' },
  /** A caller joined a queue (operators room; live state, refetch `GET /api/calls` on reconnect). */
  'call.queued': { payload: ZCallSummary, resume: 'refetch' },
  'call.updated': { payload: ZCallSummary, resume: 'refetch' },
  /** An urgent caller has waited too long (supervisors room). */
  'call.escalated': { payload: ZCallEscalated, resume: 'refetch' },
  /** A caller left the queue and must be called back (operators and supervisors rooms). */
  'callback.created': { payload: ZCallbackChanged, resume: 'refetch' },
  /** A callback task changed (recording attached) or was completed (`completedAt` set). */
  'callback.updated': { payload: ZCallbackChanged, resume: 'refetch' },
  /** A referral was made or moved (case's operators and supervisors, and the centre's room). */
  'referral.created': { payload: ZReferralChanged, resume: 'seq' },
  'referral.updated': { payload: ZReferralChanged, resume: 'seq' },
  /** A message on a referral (the case's room, supervisors, and the centre's while it is live). */
  'referral.messaged': { payload: ZReferralMessaged, resume: 'seq' },
  /** Someone's console opened, or their last one closed (supervisors room). */
  'presence.updated': { payload: ZPresenceChanged, resume: 'refetch' },
  /** Someone's presence changed: available, on a call, wrap-up, break, offline (supervisors room, and the person's own consoles). */
  'presence.changed': { payload: ZPresence, resume: 'refetch' },
  /** A claim deadline passed or a referral escalated: supervisors' consoles ring (supervisors room). */
  'supervisor.alerted': { payload: ZSupervisorAlert, resume: 'refetch' },
  /** A warning was raised or changed (the child's village and township rooms and supervisors). */
  'warning.created': { payload: ZWarningChanged, resume: 'warningSeq' },
  'warning.updated': { payload: ZWarningChanged, resume: 'warningSeq' },
  /**
   * One of a reporting organisation's reports changed stage (its organisation's room only, while
   * the organisation is active): one row of `GET /api/org/reports`, nothing more.
   */
  'org.report.updated': { payload: ZOrgReport, resume: 'refetch' },
  /**
   * A sweep's visit task was done (the rooms of the task's village and every region above it,
   * and supervisors): the counts as that room sees them, with the sweep's version as `seq`.
   */
  'sweep.updated': { payload: ZSweepChanged, resume: 'refetch' },
  /**
   * A check-in call moved (the consoles of the user who placed it only): ids and state. Not
   * replayed: a console following the call reads it once after a reconnect.
   */
  'checkin.updated': { payload: ZCheckinCallChanged, resume: 'refetch' },
  /**
   * Who has a case open and who is editing it (the sockets that sent `case.watch` for it): ids
   * and times only. Not replayed — a console re-sends `case.watch` after a reconnect.
   */
  'case.viewers.updated': { payload: ZCaseViewers, resume: 'refetch' },
} as const satisfies Record<string, { payload: z.ZodType; resume: EventResume }>;

export type ServerEventName = keyof typeof SERVER_EVENTS;
export const SERVER_EVENT_NAMES = Object.keys(SERVER_EVENTS) as ServerEventName[];

/** An event's payload as its schema types it. */
export type ServerEventPayload<E extends ServerEventName> = z.output<
  (typeof SERVER_EVENTS)[E]['payload']
>;

/** Socket.IO's typed-events map, derived from SERVER_EVENTS. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

/** Client → server events. WARNING: names are shared with stored clients, as above. */
export interface ClientToServerEvents {
  /** This console has a case open (and is or is not editing it); answered with what was granted. */
  'case.watch': (payload: TCaseWatch, ack: (answer: TCaseWatchAck) => void) => void;
  /** This console left the case. */
  'case.unwatch': (payload: TCaseUnwatch) => void;
}

/** What a client sends in the Socket.IO handshake `auth` to resume after a reconnect. */
export const ZSocketAuth = z.object({
  lastSeq: z.number().int().nonnegative().optional(),
  /** The last warning seq seen (warnings have their own sequence, see `warning.created`). */
  lastWarningSeq: z.number().int().nonnegative().optional(),
});
export type TSocketAuth = z.infer<typeof ZSocketAuth>;

/** Replay at most this many missed events; beyond it the client refetches. */
export const MAX_REPLAY = 1000;
