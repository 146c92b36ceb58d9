import { createTwilioClient, type TwilioClient } from '@hutong/ivr';
import {
  AppError,
  type TCallEscalated,
  type TCallSummary,
  type TCallbackChanged,
  type TCheckinCallChanged,
} from '@hutong/shared';
import type { TwilioConfig } from '../../config.js';
import type { HutongServer } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';

/**
 * The process's view of Twilio: the auth token webhooks are validated with, the public base URL
 * they are signed against, the REST client (real Twilio, or the simulator through `apiBase`),
 * and the live-call emitter. One code path in every mode; only the base URL and token differ.
 */
export class Telephony {
  private accountSid: string | undefined;
  private apiBase: string | undefined;
  private serverUrl = '';
  private cached: TwilioClient | undefined;
  private io: HutongServer | null = null;
  private simulator = false;

  constructor(
    readonly config: TwilioConfig,
    private readonly publicUrl: string | undefined,
  ) {
    this.accountSid = config.accountSid;
    this.apiBase = config.apiBase;
  }

  /** The auth token every webhook's X-Twilio-Signature is checked with. */
  get authToken(): string {
    return this.config.authToken;
  }

  /** HUTONG_PUBLIC_URL, else (demo) the server's own address once it listens. */
  get baseUrl(): string {
    return this.publicUrl ?? this.serverUrl;
  }

  /** Called once the HTTP server listens. */
  setServerUrl(url: string): void {
    this.serverUrl = url;
  }

  /** Points the REST client at a simulator (demo mode, tests). */
  useSimulator(options: { apiBase: string; accountSid: string }): void {
    this.apiBase = options.apiBase;
    this.accountSid = options.accountSid;
    this.simulator = true;
    this.cached = undefined;
  }

  /** The simulator's base URL when the REST client points at one (demo mode). */
  get simulatorUrl(): string | undefined {
    return this.simulator ? this.apiBase : undefined;
  }

  /** Whether outbound REST calls can be made at all. */
  get configured(): boolean {
    return Boolean(this.accountSid && this.config.authToken);
  }

  /** The REST client; SERVICE_UNAVAILABLE when no account is configured. */
  client(): TwilioClient {
    if (!this.accountSid || !this.config.authToken) {
      throw new AppError('SERVICE_UNAVAILABLE', {
        message: 'Telephony is not configured (no Twilio account and no simulator)',
      });
    }
    this.cached ??= createTwilioClient({
      accountSid: this.accountSid,
      authToken: this.config.authToken,
      apiBase: this.apiBase,
    });
    return this.cached;
  }

  /**
   * The Socket.IO server live call events go out through: the API's own, or, in a worker-only
   * process, an emitter-only server on the same Redis stream adapter (hutong.ts).
   */
  attach(io: HutongServer): void {
    this.io = io;
  }

  /**
   * Live call state to the operators (masked number only). Not replayed by seq: consoles refetch
   * `GET /api/calls` on every (re)connect.
   */
  emitCall(name: 'call.queued' | 'call.updated', call: TCallSummary): void {
    this.io?.to([rooms.operators, rooms.supervisors]).emit(name, call);
  }

  /** Rings the supervisors' consoles for an urgent caller left waiting. */
  emitEscalated(payload: TCallEscalated): void {
    this.io?.to(rooms.supervisors).emit('call.escalated', payload);
  }

  /** A check-in call moved: to the consoles of the user who placed it, ids and state only. */
  emitCheckin(placedBy: string, payload: TCheckinCallChanged): void {
    this.io?.to(rooms.user(placedBy)).emit('checkin.updated', payload);
  }

  /** A callback task made, changed or done (masked number only; refetched on reconnect). */
  emitCallback(name: 'callback.created' | 'callback.updated', payload: TCallbackChanged): void {
    this.io?.to([rooms.operators, rooms.supervisors]).emit(name, payload);
  }
}
