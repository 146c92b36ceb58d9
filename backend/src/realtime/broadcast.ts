import { CASES_CHANGED_MAX, type TCaseChanged } from '@hutong/shared';
import type { Context } from '../context.js';
import type { Executor } from '../db/client.js';
import { findEventsByIds, userNames } from '../features/cases/cases.repository.js';
import { presentCaseEvent } from '../features/cases/cases.presenter.js';
import { loadCaseSummaries } from '../features/cases/load-summaries.js';
import { messageBroadcasts, referralBroadcasts } from '../features/dispatch/referral-events.js';
import {
  orgReportBroadcasts,
  type OrgReportBroadcast,
} from '../features/org-reports/org-report-events.js';
import { supervisorAlerts } from '../features/shifts/supervisor-alerts.js';
import type { caseEvents } from '../db/schema.js';
import type { HutongServer } from './io.js';
import { rooms } from './rooms.js';

type EventRow = typeof caseEvents.$inferSelect;
/** A `case.created` / `case.updated` ready to send to the case's rooms. */
export interface CaseBroadcast {
  name: 'case.created' | 'case.updated';
  caseId: string;
  payload: TCaseChanged;
}
type Outgoing = CaseBroadcast;

/** Turns committed case events into `case.created` / `case.updated` and sends them to their rooms. */
export class Broadcaster {
  private io: HutongServer | null = null;

  constructor(private readonly ctx: Context) {}

  attach(io: HutongServer): void {
    this.io = io;
  }

  /** The outbox relay's realtime publisher. */
  async publish(eventIds: number[], exec: Executor = this.ctx.db): Promise<void> {
    if (!this.io) throw new Error('Broadcaster has no Socket.IO server');
    const events = await findEventsByIds(exec, eventIds);
    const payloads = await this.payloadsFor(events, exec);
    this.emit(payloads);
    // Late claims and escalations ring the supervisors' consoles (issue 10).
    for (const alert of supervisorAlerts(payloads)) {
      this.io.to(rooms.supervisors).emit('supervisor.alerted', alert);
      this.ctx.metrics.slaBreached(alert.kind);
    }
    // Referral moves also reach the supervisors and the referred centre's room (its inbox),
    // until the referral ends without the centre.
    for (const out of await referralBroadcasts(exec, events)) {
      this.io
        .to([
          rooms.operators,
          rooms.supervisors,
          ...(out.toCentre ? [rooms.centre(out.centreId)] : []),
        ])
        .emit(out.name, out.payload);
    }
    // Messages: ids only, to the hotline's rooms and the centre's while the referral is live.
    for (const out of await messageBroadcasts(exec, events)) {
      this.io
        .to([
          rooms.operators,
          rooms.supervisors,
          ...(out.toCentre ? [rooms.centre(out.centreId)] : []),
        ])
        .emit('referral.messaged', out.payload);
    }
    // "Our reports": a report's new stage, to its own (active) organisation's room only.
    for (const out of await orgReportBroadcasts(exec, events)) {
      this.io.to(rooms.org(out.orgId)).emit('org.report.updated', out.payload);
    }
  }

  /**
   * Sends prepared case broadcasts (the relay's, or a command's own right after its commit) to
   * the operators, in seq order — several at once as `cases.changed` — and "Our reports" rows to
   * their organisation's room.
   */
  emit(broadcasts: readonly CaseBroadcast[], orgReports: readonly OrgReportBroadcast[] = []): void {
    if (!this.io) throw new Error('Broadcaster has no Socket.IO server');
    for (const out of orgReports) {
      this.io.to(rooms.org(out.orgId)).emit('org.report.updated', out.payload);
    }
    // Changes committed together go out together: one frame per console (and one entry in the
    // Redis stream) for a triage batch or a claim sweep, not one per case.
    for (let i = 0; i < broadcasts.length; i += CASES_CHANGED_MAX) {
      const chunk = broadcasts.slice(i, i + CASES_CHANGED_MAX);
      if (chunk.length === 1) this.io.to(rooms.operators).emit(chunk[0]!.name, chunk[0]!.payload);
      else {
        this.io.to(rooms.operators).emit('cases.changed', {
          seq: Math.max(...chunk.map((out) => out.payload.seq)),
          changes: chunk.map((out) => ({ name: out.name, ...out.payload })),
        });
      }
    }
    // A new case's createdAt is its first report's receipt: this is the time to console.
    for (const out of broadcasts) {
      if (out.name === 'case.created') this.ctx.metrics.caseSent(out.payload.case.createdAt);
    }
  }

  /** Payloads for events, in seq order, each with its case as it is now. */
  async payloadsFor(events: EventRow[], exec: Executor = this.ctx.db): Promise<Outgoing[]> {
    if (events.length === 0) return [];
    // Sequential: `exec` may be a transaction, one connection running one query at a time.
    const summaries = await loadCaseSummaries(
      this.ctx,
      events.map((e) => e.caseId),
      exec,
    );
    const names = await userNames(exec, [
      ...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : []))),
    ]);
    const out: Outgoing[] = [];
    for (const event of events) {
      const summary = summaries.get(event.caseId);
      if (!summary) continue;
      out.push({
        name: event.type === 'case_opened' ? 'case.created' : 'case.updated',
        caseId: event.caseId,
        payload: {
          seq: event.id,
          case: summary,
          event: presentCaseEvent(event, event.actorId ? (names.get(event.actorId) ?? null) : null),
        },
      });
    }
    return out;
  }
}
