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
/** One referral the load asked for, every attempt with the same Idempotency-Key. */
export interface ReferralMade {
  key: string | null;
  caseId: string;
  user: string;
  centreId?: string;
  outcome: 'accepted' | 'refused' | 'failed' | 'no_centre';
  referralId?: string;
  statuses: number[];
}
/** One `GET /api/cases/:id` by the load: when it was sent and answered (ms since the epoch). */
export interface CaseRead {
  caseId: string;
  user: string;
  status: number;
  startedAt: number;
  endedAt: number;
}
/** What reached the centres: Twilio REST requests, webhook deliveries, and whose phone is whose. */
export interface CentreEffects {
  twilio: { kind: 'sms' | 'call'; to: string | null; body: string | null; url: string | null }[];
  webhooks: {
    centreId: string | null;
    webhookId: string;
    verified: boolean;
    type: string | null;
    referralId: string | null;
    status: number;
  }[];
  phones: Record<string, { centreId: string; contactIndex: number }>;
}
export interface Snapshot {
  /** When it was read (ISO). */
  takenAt?: string;
  reports: { id: string; reference: string; caseId: string | null; triagedAt: string | null }[];
  caseEvents: {
    id: number;
    caseId: string;
    type: string;
    reportId: string | null;
    actorId?: string | null;
    referralId?: string | null;
    level?: number | null;
    step?: string | null;
    createdAt?: string;
  }[];
  smsInbound: { messageSid: string }[];
  referrals?: {
    id: string;
    caseId: string;
    reference: string;
    centreId: string;
    status: string;
    createdBy: string | null;
    createdAt: string;
  }[];
  users?: { id: string; username: string }[];
  /** `case.read` rows of the audit log. */
  auditReads?: { actorId: string; caseId: string; at: string }[];
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
export interface ReferralCheck {
  made: number;
  attempted: number;
  refused: number;
  /** Cases the load did not refer: no centre was suggested (e.g. an SMS report with no place). */
  noCentre: number;
  failed: number;
  inDatabase: number;
  byEscalation: number;
  lost: string[];
  duplicateKeys: string[];
  duplicateReferrals: string[];
  delivered: {
    webhooks: number;
    webhookRedeliveries: number;
    sms: number;
    calls: number;
    otherSms: number;
    unattributedSms: number;
  };
  perReferral: {
    webhooks: Record<string, number>;
    sms: Record<string, number>;
    calls: Record<string, number>;
  };
  notNotified: number;
  missingWebhook: string[];
  missingSms: string[];
  missingEscalationSms: string[];
  awaiting: number;
  badSignatures: number;
  doubleEffects: number;
  twiceWebhook: string[];
  twiceSms: string[];
  twiceCall: string[];
  escalations: number;
  doubleEscalations: string[];
}
export interface AuditReadCheck {
  reads: number;
  attempted: number;
  rows: number;
  missing: number;
  missingReads: { caseId: string; user: string; startedAt: string }[];
}
export declare function checkReports(submissions: Submission[], snapshot: Snapshot): ReportCheck;
export declare function checkSms(messages: SmsSent[], snapshot: Snapshot): SmsCheck;
export declare function checkEvents(clients: ClientLog[], snapshot: Snapshot): EventCheck;
export declare function checkClaims(claims: ClaimAttempt[], snapshot: Snapshot): ClaimCheck;
export declare function checkReferrals(
  made: ReferralMade[],
  centres: CentreEffects,
  snapshot: Snapshot,
  options?: { settleMs?: number },
): ReferralCheck;
export declare function checkAuditReads(
  reads: CaseRead[],
  snapshot: Pick<Snapshot, 'users' | 'auditReads'>,
  options?: { foldWindowMs?: number; slackMs?: number },
): AuditReadCheck;
export declare function verdict(input: {
  submissions: Submission[];
  sms: SmsSent[];
  clients: ClientLog[];
  claims: ClaimAttempt[];
  snapshot: Snapshot;
  referrals?: ReferralMade[];
  reads?: CaseRead[];
  centres?: CentreEffects;
  settleMs?: number;
}): {
  accepted: number;
  lost: number;
  duplicated: number;
  eventsMissed: number;
  untriaged: number;
  referralsMade: number;
  notNotified: number;
  doubleEffects: number;
  doubleEscalations: number;
  auditReadsMissing: number;
  ok: boolean;
  details: {
    reports: ReportCheck;
    sms: SmsCheck;
    events: EventCheck;
    claims: ClaimCheck;
    referrals: ReferralCheck;
    auditReads: AuditReadCheck;
  };
};
