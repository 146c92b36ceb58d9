import type { TwilioCallStatus } from '../twilio/call-status.js';

/** What the simulated caller is doing right now. */
export type CallActivity =
  | 'ringing'
  | 'ivr'
  | 'gathering'
  | 'recording'
  | 'enqueued'
  | 'bridged'
  | 'dialing'
  | 'conference'
  | 'ended';

/** Something the caller heard. */
export interface HeardEntry {
  verb: 'Say' | 'Play';
  text: string;
  language?: string;
  voice?: string;
  at: number;
}

/** Something that happened on the call (requests, key presses, queue moves). */
export interface CallEvent {
  at: number;
  type: string;
  detail?: Record<string, string | number | boolean | undefined>;
}

/**
 * What a simulated person does on the phone. `digits` answers successive `<Gather>`s in
 * order: a string is pressed, `null` stays silent until the Gather times out.
 */
export interface CallScript {
  digits?: Array<string | null>;
  /** Simulated seconds spoken into a `<Record>` before pressing # (default 5). */
  recordSeconds?: number;
  /** Hang up this many simulated seconds after the call is answered. */
  hangupAfterSeconds?: number;
}

/** A call the simulator owns: inbound from a simulated caller, or outbound via REST or Dial. */
export interface SimCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  parentCallSid?: string;
  status: TwilioCallStatus;
  activity: CallActivity;
  dateCreated: Date;
  dateUpdated: Date;
  startTime?: Date;
  endTime?: Date;
  /** Seconds from answer to end. */
  duration?: number;
  /** The queue the call waits in now. */
  queue?: { sid: string; name: string; enqueuedAt: number };
  /** Friendly name of the conference the call is in now. */
  conference?: string;
  /** The call this one is bridged to (Dial Queue/Number/Client). */
  bridgedWith?: string;
  transcript: HeardEntry[];
  events: CallEvent[];
  /** Every QueueResult sent to an Enqueue action, in order. */
  queueResults: string[];
}

/** A message the simulator carried, either way. */
export interface SimMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-reply';
  status: string;
  numSegments: number;
  statusCallback?: string;
  /** Status callbacks sent, in order. */
  statusHistory: string[];
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent?: Date;
  messagingServiceSid?: string;
}

/** A Twilio queue. */
export interface SimQueue {
  sid: string;
  friendlyName: string;
  maxSize: number;
  dateCreated: Date;
  dateUpdated: Date;
  /** Call SIDs, front first. */
  members: Array<{ callSid: string; enqueuedAt: number }>;
  /** Simulated seconds waited by callers who have left, for AvgQueueTime. */
  waits: number[];
}

/** A conference participant. */
export interface SimParticipant {
  callSid: string;
  label?: string;
  muted: boolean;
  hold: boolean;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  status: 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
  dateCreated: Date;
  dateUpdated: Date;
}

/** A conference room. */
export interface SimConference {
  sid: string;
  friendlyName: string;
  status: 'init' | 'in-progress' | 'completed';
  dateCreated: Date;
  dateUpdated: Date;
  participants: SimParticipant[];
}

/** A recording made by `<Record>`. */
export interface SimRecording {
  sid: string;
  callSid: string;
  duration: number;
  dateCreated: Date;
  status: 'completed';
}

/** How a number or client the simulator dials behaves (duty phones, centres, softphones). */
export interface PhoneBehaviour {
  /** Whether it answers (default true). */
  answer: boolean;
  /** Refuses the call at once instead of ringing: a busy line, or a number that cannot be reached. */
  reject?: 'busy' | 'failed' | undefined;
  /** Simulated seconds it rings before answering (default 2). */
  ringSeconds: number;
  /** Simulated seconds until it hangs up once connected, when nothing else ends the call (default 30). */
  talkSeconds: number;
  /** What the person does with TwiML on outbound REST calls (menus they hear). */
  script?: CallScript;
}
