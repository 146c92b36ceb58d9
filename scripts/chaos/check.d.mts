/** Types for check.mjs: the chaos run's verdict from client logs and a database snapshot. */
export interface Submission {
  /** The Idempotency-Key every attempt of this report carried. */
  key: string;
  channel: 'web' | 'api';
  outcome: 'accepted' | 'refused' | 'failed';
  reference?: string;
  statuses: number[];
}
export interface SmsSent {
  messageSid: string;
  outcome: 'accepted' | 'refused' | 'failed';
  statuses: number[];
}
export interface ClientLog {
  name: string;
  /** The seq of the first `sync.resumed`; null when the client never connected. */
  startSeq: number | null;
  events: { name: string; seq: number }[];
  resumes: { seq: number; replayed: number }[];
}
export interface ClaimAttempt {
  caseId: string;
  user: string;
  status: number;
}
export interface Snapshot {
  reports: { id: string; reference: string; caseId: string | null; triagedAt: string | null }[];
  caseEvents: {
    id: number;
    caseId: string;
    type: string;
    reportId: string | null;
    actorId?: string | null;
  }[];
  smsInbound: { messageSid: string }[];
}
export interface ReportCheck {
  accepted: number;
  lost: number;
  lostReferences: string[];
  untriaged: number;
  untriagedReferences: string[];
  duplicateKeys: number;
  duplicateReferences: string[];
  doubleTriage: string[];
}
export interface SmsCheck {
  accepted: number;
  lost: string[];
  duplicated: string[];
}
export interface EventCheck {
  eventsMissed: number;
  perClient: {
    name: string;
    expected: number;
    missed: number;
    firstMissed?: number[];
    receivedTwice?: number;
    reconnects?: number;
    refetches?: number;
  }[];
}
export interface ClaimCheck {
  attempts: number;
  won: number;
  doubleClaims: number;
  doubleByClients: string[];
  doubleInDb: string[];
}
export declare function checkReports(submissions: Submission[], snapshot: Snapshot): ReportCheck;
export declare function checkSms(messages: SmsSent[], snapshot: Snapshot): SmsCheck;
export declare function checkEvents(clients: ClientLog[], snapshot: Snapshot): EventCheck;
export declare function checkClaims(claims: ClaimAttempt[], snapshot: Snapshot): ClaimCheck;
export declare function verdict(input: {
  submissions: Submission[];
  sms: SmsSent[];
  clients: ClientLog[];
  claims: ClaimAttempt[];
  snapshot: Snapshot;
}): {
  accepted: number;
  lost: number;
  duplicated: number;
  eventsMissed: number;
  untriaged: number;
  ok: boolean;
  details: { reports: ReportCheck; sms: SmsCheck; events: EventCheck; claims: ClaimCheck };
};
