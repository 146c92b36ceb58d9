/** Case status. WARNING: stored in the database; never rename a value. */
export const CaseStatus = {
  new: 'new',
  triaging: 'triaging',
  dispatched: 'dispatched',
  in_progress: 'in_progress',
  resolved: 'resolved',
  closed: 'closed',
  closed_no_action: 'closed_no_action',
} as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];
export const CASE_STATUSES = Object.values(CaseStatus) as [CaseStatus, ...CaseStatus[]];
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'new',
  'triaging',
  'dispatched',
  'in_progress',
];

export const Priority = { P1: 'P1', P2: 'P2', P3: 'P3', P4: 'P4' } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];
export const PRIORITIES = Object.values(Priority) as [Priority, ...Priority[]];

/**
 * How often the claim sweep looks for unclaimed cases past their claim deadline, in seconds
 * (× HUTONG_TIME_SCALE, like every deadline): a case turns overdue at most this long after it.
 */
export const CLAIM_SWEEP_SECONDS = 2;

/**
 * Priority colours as used by provincial hotlines (red / yellow / blue / green), and the default
 * service levels from DESIGN.md, in seconds.
 */
export const PRIORITY_META: Record<
  Priority,
  {
    colour: 'red' | 'yellow' | 'blue' | 'green';
    claimWithinSeconds: number;
    ackWithinSeconds: number | null;
    label: { 'zh-CN': string; en: string };
  }
> = {
  P1: {
    colour: 'red',
    claimWithinSeconds: 60,
    ackWithinSeconds: 10 * 60,
    label: { 'zh-CN': '红色 · 紧急', en: 'Red · urgent' },
  },
  P2: {
    colour: 'yellow',
    claimWithinSeconds: 5 * 60,
    ackWithinSeconds: 60 * 60,
    label: { 'zh-CN': '黄色 · 高', en: 'Yellow · high' },
  },
  P3: {
    colour: 'blue',
    claimWithinSeconds: 30 * 60,
    ackWithinSeconds: 24 * 60 * 60,
    label: { 'zh-CN': '蓝色 · 一般', en: 'Blue · standard' },
  },
  P4: {
    colour: 'green',
    claimWithinSeconds: 24 * 60 * 60,
    ackWithinSeconds: null,
    label: { 'zh-CN': '绿色 · 咨询', en: 'Green · advice' },
  },
};

/** Case timeline event types. WARNING: stored in the database; never rename a value. */
export const CaseEventType = {
  case_opened: 'case_opened',
  report_linked: 'report_linked',
  triaged: 'triaged',
  claimed: 'claimed',
  claim_overdue: 'claim_overdue',
  released: 'released',
  status_changed: 'status_changed',
  note_added: 'note_added',
  reassigned: 'reassigned',
  assessment_updated: 'assessment_updated',
  priority_overridden: 'priority_overridden',
  attachment_added: 'attachment_added',
  report_merged: 'report_merged',
  report_moved_out: 'report_moved_out',
  // Dispatch (issue 5).
  referral_created: 'referral_created',
  referral_updated: 'referral_updated',
  referral_notified: 'referral_notified',
  referral_escalated: 'referral_escalated',
  /** A notification's delivery status changed (SMS delivered, alert call answered …). */
  referral_delivery: 'referral_delivery',
  callback_recorded: 'callback_recorded',
  /** A message on a referral between the centre and the hotline (the text is not on the timeline). */
  referral_message: 'referral_message',
  /** The after-call wrap-up: how the call ended, and a short note (issue 10). */
  call_wrapped_up: 'call_wrapped_up',
  // The 12345 linkage (issue 11): 12345 urged (督办), rated (回访评价); Hutong answered it.
  hotline12345_urged: 'hotline12345_urged',
  hotline12345_rated: 'hotline12345_rated',
  hotline12345_answered: 'hotline12345_answered',
  hotline12345_returned: 'hotline12345_returned',
  /** A report of the case was linked to a child's file on the register (triage or assessment). */
  child_on_file_linked: 'child_on_file_linked',
} as const;

/**
 * Keys of a timeline event's data that may hold free text about the child (a note, a reason).
 * They are shown in the case view but stripped from broadcasts to the operators' room.
 */
export const PRIVATE_EVENT_DATA_KEYS: readonly string[] = ['text', 'reason'];
export type CaseEventType = (typeof CaseEventType)[keyof typeof CaseEventType];
export const CASE_EVENT_TYPES = Object.values(CaseEventType) as [CaseEventType, ...CaseEventType[]];
