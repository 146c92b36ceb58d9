import { z } from 'zod';
import { ZCaseEvent, ZCaseSummary } from '../cases/schemas.js';
import type { TCallEscalated, TCallSummary, TCallbackChanged } from '../telephony/schemas.js';
import type { TOrgReport, TReferralChanged, TReferralMessaged } from '../dispatch/schemas.js';
import type { TPresenceChanged } from '../board/schemas.js';
import type { TPresence, TSupervisorAlert } from '../shift/schemas.js';
import type { TWarningChanged } from '../warnings/schemas.js';
import type { TSweepChanged } from '../sweeps/schemas.js';
import type { TCaseUnwatch, TCaseViewers, TCaseWatch, TCaseWatchAck } from '../cases/viewers.js';

/**
 * Server → client event names. WARNING: both sides and stored clients depend on these strings;
 * a breaking payload change gets a new name (`…V2`), never an edit.
 */
export const ServerEvent = {
  caseCreated: 'case.created',
  caseUpdated: 'case.updated',
  resumed: 'sync.resumed',
  callQueued: 'call.queued',
  callUpdated: 'call.updated',
  callEscalated: 'call.escalated',
  callbackCreated: 'callback.created',
  callbackUpdated: 'callback.updated',
  referralCreated: 'referral.created',
  referralUpdated: 'referral.updated',
  referralMessaged: 'referral.messaged',
  presenceUpdated: 'presence.updated',
  presenceChanged: 'presence.changed',
  supervisorAlerted: 'supervisor.alerted',
  warningCreated: 'warning.created',
  warningUpdated: 'warning.updated',
  orgReportUpdated: 'org.report.updated',
  sweepUpdated: 'sweep.updated',
  caseViewersUpdated: 'case.viewers.updated',
} as const;

/** `case.created` / `case.updated`: the case as it is now, and the timeline entry that moved it. */
export const ZCaseChanged = z.object({
  seq: z.number().int(),
  case: ZCaseSummary,
  event: ZCaseEvent.omit({ data: true }).extend({ data: z.record(z.string(), z.unknown()) }),
});
export type TCaseChanged = z.infer<typeof ZCaseChanged>;

/** Sent once after a (re)connection has been brought up to date. */
export const ZSyncResumed = z.object({
  /** The highest seq the server knows; the client continues from here. */
  seq: z.number().int(),
  /** How many missed events were replayed; -1 when the gap was too large and the client must refetch. */
  replayed: z.number().int(),
});
export type TSyncResumed = z.infer<typeof ZSyncResumed>;

export interface ServerToClientEvents {
  'case.created': (payload: TCaseChanged) => void;
  'case.updated': (payload: TCaseChanged) => void;
  'sync.resumed': (payload: TSyncResumed) => void;
  /** A caller joined a queue (operators room; live state, refetch `GET /api/calls` on reconnect). */
  'call.queued': (payload: TCallSummary) => void;
  'call.updated': (payload: TCallSummary) => void;
  /** An urgent caller has waited too long (supervisors room). */
  'call.escalated': (payload: TCallEscalated) => void;
  /** A caller left the queue and must be called back (operators and supervisors rooms). */
  'callback.created': (payload: TCallbackChanged) => void;
  /** A callback task changed (recording attached) or was completed (`completedAt` set). */
  'callback.updated': (payload: TCallbackChanged) => void;
  /** A referral was made or moved (case's operators and supervisors, and the centre's room). */
  'referral.created': (payload: TReferralChanged) => void;
  'referral.updated': (payload: TReferralChanged) => void;
  /** A message on a referral (the case's room, supervisors, and the centre's while it is live). */
  'referral.messaged': (payload: TReferralMessaged) => void;
  /** Someone's console opened, or their last one closed (supervisors room). */
  'presence.updated': (payload: TPresenceChanged) => void;
  /** Someone's presence changed: available, on a call, wrap-up, break, offline (supervisors room, and the person's own consoles). */
  'presence.changed': (payload: TPresence) => void;
  /** A claim deadline passed or a referral escalated: supervisors' consoles ring (supervisors room). */
  'supervisor.alerted': (payload: TSupervisorAlert) => void;
  /**
   * A warning was raised or changed (the child's village and township rooms and supervisors).
   * Its own seq, resumable with `lastWarningSeq` in the handshake.
   */
  'warning.created': (payload: TWarningChanged) => void;
  'warning.updated': (payload: TWarningChanged) => void;
  /**
   * One of a reporting organisation's reports changed stage (its organisation's room only, while
   * the organisation is active): one row of `GET /api/org/reports`, nothing more. Not replayed —
   * refetch the list on `sync.resumed`.
   */
  'org.report.updated': (payload: TOrgReport) => void;
  /**
   * A sweep's visit task was done (the rooms of the task's village and every region above it,
   * and supervisors): the counts as that room sees them, with the sweep's version as `seq`. Not
   * replayed — refetch on `sync.resumed`.
   */
  'sweep.updated': (payload: TSweepChanged) => void;
  /**
   * Who has a case open and who is editing it (the sockets that sent `case.watch` for it): ids
   * and times only. Not replayed — a console re-sends `case.watch` after a reconnect.
   */
  'case.viewers.updated': (payload: TCaseViewers) => void;
}

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
