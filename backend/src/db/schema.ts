import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  date,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type {
  CaseEventType,
  CaseStatus,
  Channel,
  Language,
  Priority,
  PriorityReason,
  RegionLevel,
  Role,
  SituationCategory,
  TChild,
  CallStatus,
  CallOption,
  CallbackKind,
  CallbackOutcome,
  CallOutcome,
  CheckinOutcome,
  NotificationChannel,
  ReferralStatus,
  ReferralMessageSide,
  TReferralOutcome,
  DirectoryKind,
  ChildCategory,
  SweepStatus,
  ChildChangeAction,
  ChildCloseReason,
  ChildRiskLevel,
  ChildRiskReason,
  GuardianRelation,
  Sex,
  VisitChecklist,
  VisitKind,
  VisitSeen,
  WarningKind,
  WarningReason,
  VisitPhotoType,
  WarningStatus,
} from '@hutong/shared';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Administrative regions: province › city › county › township › village. */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').$type<RegionLevel>().notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => regions.code),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const centres = pgTable('centres', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  regionCode: text('region_code')
    .notNull()
    .references(() => regions.code),
  /** Region codes this centre covers (each with everything below it). */
  jurisdiction: text('jurisdiction')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Duty contacts in the order they are tried: `[{ label, phone, sms }]`. */
  dutyContacts: jsonb('duty_contacts')
    .$type<{ label: string; phone: string; sms: boolean }[]>()
    .notNull()
    .default([]),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/**
 * The operators' directory beside the rescue centres: police stations, hospitals, school-safety
 * and civil-affairs offices by region. Institutions' public numbers, not personal data.
 */
export const directoryEntries = pgTable(
  'directory_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<DirectoryKind>().notNull(),
    phone: text('phone').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('directory_entries_region_idx').on(t.regionCode)],
);

export const reporterOrgs = pgTable('reporter_orgs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  regionCode: text('region_code')
    .notNull()
    .references(() => regions.code),
  letterSignedAt: ts('letter_signed_at'),
  /** A disabled organisation's partner API keys stop working; its records stay. */
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** Partner API keys of a reporting organisation: only a SHA-256 digest and a short prefix. */
export const orgApiKeys = pgTable(
  'org_api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => reporterOrgs.id),
    label: text('label').notNull(),
    /** The key's first characters, shown so an admin can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** Hex SHA-256 of the whole key (the key is 256 random bits, so no slow hash is needed). */
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references((): AnyPgColumn => users.id),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('org_api_keys_hash_idx').on(t.keyHash),
    index('org_api_keys_org_idx').on(t.orgId),
  ],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  centreId: uuid('centre_id').references(() => centres.id),
  orgId: uuid('org_id').references(() => reporterOrgs.id),
  /** Directors, township supervisors and analysts work for this region and everything under it. */
  regionCode: text('region_code').references(() => regions.code),
  disabledAt: ts('disabled_at'),
  /** Consecutive failed sign-ins; reset on success. */
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  /** Set with a temporary password (new account, reset): nothing else works until it is changed. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: createdAt(),
});

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One inbound interaction, idempotent on (channel, external id): CallSid, MessageSid, Idempotency-Key. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').$type<Channel>().notNull(),
    externalId: text('external_id').notNull(),
    /** SHA-256 of the request, so a replayed key with a different body is refused. */
    requestHash: text('request_hash'),
    /** The answer first given, returned again to a replay. */
    response: jsonb('response'),
    payload: jsonb('payload'),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contacts_channel_external_idx').on(t.channel, t.externalId)],
);

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    status: text('status').$type<CaseStatus>().notNull().default('new'),
    priority: text('priority').$type<Priority>().notNull(),
    priorityReasons: jsonb('priority_reasons').$type<PriorityReason[]>().notNull(),
    categories: text('categories').array().$type<SituationCategory[]>().notNull(),
    immediateDanger: boolean('immediate_danger').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    regionCode: text('region_code').references(() => regions.code),
    /** Keyed hashes of (county, child name, age): how later reports about the same child find this case. */
    linkKeys: text('link_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    assigneeId: uuid('assignee_id').references(() => users.id),
    claimedAt: ts('claimed_at'),
    claimDeadline: ts('claim_deadline'),
    /**
     * The claim deadline the claim sweep last marked overdue (its `claim_overdue` event): the
     * sweep passes a case by while this equals `claim_deadline`, and sees it again when the
     * deadline moves (released, re-opened, tightened).
     */
    claimOverdueDeadline: ts('claim_overdue_deadline'),
    lastReportAt: ts('last_report_at').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    /** Why a case was closed without action (required by the state machine). */
    closedReason: text('closed_reason'),
    /** The operator's structured assessment (children, circumstances, risk checklist …). */
    assessment: jsonb('assessment').$type<Record<string, unknown>>().notNull().default({}),
    /** An operator's override of the computed priority: `{ priority, reason, by, at }`. */
    priorityOverride: jsonb('priority_override').$type<Record<string, unknown>>(),
    /** When police were told (mandatory situations 1–8 need it before closing). */
    policeNotifiedAt: ts('police_notified_at'),
    version: integer('version').notNull().default(1),
    /** Keyed-hash tokens of the assessment's children's names (the search index; see case-content). */
    searchTokens: text('search_tokens')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * The first time someone took the case up (claimed, assigned, or started it from new) and the
     * first time it was marked resolved: kept by a trigger on case_events (migration
     * 0018_stats_indexes) from the timeline itself, for the statistics. Never set by hand.
     */
    firstTakenUpAt: ts('first_taken_up_at'),
    firstResolvedAt: ts('first_resolved_at'),
  },
  (t) => [
    index('cases_open_queue_idx').on(t.status, t.priority, t.createdAt),
    index('cases_created_idx').on(t.createdAt),
    index('cases_region_created_idx').on(t.regionCode, t.createdAt),
    index('cases_first_resolved_idx').on(t.firstResolvedAt),
    // The claim sweep's: new cases whose current deadline is not yet marked overdue.
    index('cases_claim_due_idx')
      .on(t.claimDeadline)
      .where(
        sql`${t.status} = 'new' and ${t.claimOverdueDeadline} is distinct from ${t.claimDeadline}`,
      ),
    index('cases_link_keys_idx').using('gin', t.linkKeys),
    index('cases_search_tokens_idx').using('gin', t.searchTokens),
    check('cases_version_positive', sql`${t.version} > 0`),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    caseId: uuid('case_id').references(() => cases.id),
    channel: text('channel').$type<Channel>().notNull(),
    /** Reporter identity; confidential (shown to supervisors and the assigned operator only). */
    reporter: jsonb('reporter').notNull(),
    /** Keyed hash of the reporter's phone number, for exact lookup without decrypting. */
    reporterPhoneHash: text('reporter_phone_hash'),
    /** Name, school encrypted per field (sealChildren); sex and age in clear. */
    children: jsonb('children').$type<TChild[]>().notNull(),
    categories: text('categories').array().$type<SituationCategory[]>().notNull(),
    immediateDanger: boolean('immediate_danger').notNull(),
    regionCode: text('region_code').references(() => regions.code),
    /** Encrypted (sealText), like the narrative; rows from before may still be plaintext. */
    address: text('address'),
    narrative: text('narrative'),
    language: text('language').$type<Language>().notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    triagedAt: ts('triaged_at'),
    /** SHA-256 (keyed) of the lookup code given to the reporter once, for `GET /api/reports/status`. */
    lookupCodeHash: text('lookup_code_hash'),
    /** The lookup code encrypted (SMS and voice reports), so it can be sent or read out again. */
    lookupCodeSealed: text('lookup_code_sealed'),
    /** The reporter agreed to a text at the phone they gave when the case is resolved. */
    resolutionSmsConsent: boolean('resolution_sms_consent').notNull().default(false),
    /** The reporting organisation, when one of its signed-in users made the report. */
    orgId: uuid('org_id').references(() => reporterOrgs.id),
    /** The signed-in user who made it (reporters at an organisation); null for the public. */
    submittedBy: uuid('submitted_by').references((): AnyPgColumn => users.id),
    /**
     * Keyed-hash tokens (children's name n-grams, child + age, address) by which the report is
     * searched and related while children, address and narrative stay encrypted.
     */
    searchTokens: text('search_tokens')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('reports_case_idx').on(t.caseId),
    index('reports_search_tokens_idx').using('gin', t.searchTokens),
    index('reports_phone_hash_idx').on(t.reporterPhoneHash),
    index('reports_org_idx').on(t.orgId, t.receivedAt),
    index('reports_received_idx').on(t.receivedAt),
    index('reports_region_received_idx').on(t.regionCode, t.receivedAt),
    // The untriaged sweep's probe: empty but for reports whose triage is late.
    index('reports_untriaged_idx')
      .on(t.receivedAt)
      .where(sql`${t.triagedAt} is null`),
  ],
);

/** Files attached to a case (photos, documents, voicemail recordings). */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** Set when a centre attached it to its outcome of this referral. */
    referralId: uuid('referral_id').references((): AnyPgColumn => referrals.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Kept in the database so one backup holds the whole record. */
    data: bytea('data').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_case_idx').on(t.caseId),
    index('attachments_referral_idx').on(t.referralId),
  ],
);

/** Append-only case timeline; its id is the realtime seq. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    type: text('type').$type<CaseEventType>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.id),
    // Re-openings by time (the statistics' cases.reopened): a few rows among millions of events.
    index('case_events_reopened_idx')
      .on(t.createdAt)
      .where(
        sql`type = 'status_changed' and data->>'from' in ('resolved', 'closed', 'closed_no_action') and data->>'to' in ('new', 'triaging', 'dispatched', 'in_progress')`,
      ),
  ],
);

/** Committed work waiting to be published: BullMQ jobs and realtime broadcasts. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    publishedAt: ts('published_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.publishedAt} is null`),
  ],
);

/** Who read or changed what. The database refuses UPDATE and DELETE on it (see migrations). */
export const auditLog = pgTable(
  'audit_log',
  {
    /** Numbered by the chain trigger under its lock (the default is dropped in 0009). */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    caseId: uuid('case_id').references(() => cases.id),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The hash chain: set by the `audit_log_chain` trigger, never by the application (see
     * features/audit/audit-chain.ts). `hash` = sha256 over `prev_hash` and this row's content.
     */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_case_idx').on(t.caseId), index('audit_actor_idx').on(t.actorId, t.at)],
);

// ---- Telephony (issue 3) -------------------------------------------------------------------

/** Live voice state per Twilio call; the caller's number only encrypted and as a keyed hash. */
export const calls = pgTable(
  'calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callSid: text('call_sid').notNull().unique(),
    status: text('status').$type<CallStatus>().notNull().default('ivr'),
    /** Twilio's last applied call status and SequenceNumber: late callbacks never go back. */
    twilioStatus: text('twilio_status'),
    twilioSequence: integer('twilio_sequence'),
    fromEncrypted: text('from_encrypted').notNull(),
    fromHash: text('from_hash').notNull(),
    language: text('language').$type<Language>().notNull().default('zh-CN'),
    option: text('option').$type<CallOption>(),
    urgent: boolean('urgent').notNull().default(false),
    queueName: text('queue_name'),
    queueSid: text('queue_sid'),
    position: integer('position'),
    waitSeconds: integer('wait_seconds').notNull().default(0),
    /** The hold-loop choice (voicemail | callback) kept for the Enqueue action request. */
    waitChoice: text('wait_choice'),
    queuedAt: ts('queued_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    answeredBy: uuid('answered_by').references(() => users.id),
    caseId: uuid('case_id').references(() => cases.id),
    reportId: uuid('report_id').references(() => reports.id),
    /**
     * Where the call is placed for the statistics: its report's region, else its case's. Kept by
     * triggers (migration 0025) whenever the call's report or case, or their region, changes.
     */
    regionCode: text('region_code'),
    conference: text('conference'),
    escalatedAt: ts('escalated_at'),
    recordingSid: text('recording_sid'),
    recordingUrl: text('recording_url'),
    recordingSeconds: integer('recording_seconds'),
    /** The after-call wrap-up (issue 10): how the call ended, a short note, who and when. */
    wrapUpOutcome: text('wrap_up_outcome').$type<CallOutcome>(),
    wrapUpNote: text('wrap_up_note'),
    wrappedUpAt: ts('wrapped_up_at'),
    wrappedUpBy: uuid('wrapped_up_by').references(() => users.id),
    /**
     * `inbound` (the hotline) or `outbound` (a check-in call, 回访, placed from a child's file).
     * An outbound call's `from_*` columns hold the number called (the guardian's or the child's),
     * encrypted and hashed like a caller's, so key rotation re-encrypts it with the rest.
     */
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull().default('inbound'),
    childId: uuid('child_id').references(() => children.id),
    placedBy: uuid('placed_by').references(() => users.id),
    /** `guardian` (with its position on the file) or `child`. */
    checkinTarget: text('checkin_target').$type<'guardian' | 'child'>(),
    checkinGuardianIndex: integer('checkin_guardian_index'),
    /** The `<Dial>`ed leg to the guardian or child: its CallSid and last status. */
    legSid: text('leg_sid'),
    legStatus: text('leg_status'),
    checkinOutcome: text('checkin_outcome').$type<CheckinOutcome>(),
    talkSeconds: integer('talk_seconds'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('calls_status_idx').on(t.status, t.urgent, t.queuedAt),
    index('calls_outbound_idx').on(t.direction, t.createdAt),
    index('calls_child_idx').on(t.childId),
    index('calls_from_hash_idx').on(t.fromHash),
    index('calls_queued_idx').on(t.queuedAt),
    index('calls_report_idx').on(t.reportId),
    index('calls_case_idx').on(t.caseId),
  ],
);

/** A caller who left the queue (voicemail, callback, hang-up): a tracked task with a deadline. */
export const callbackTasks = pgTable(
  'callback_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .unique()
      .references(() => calls.id),
    kind: text('kind').$type<CallbackKind>().notNull(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    deadline: ts('deadline').notNull(),
    completedAt: ts('completed_at'),
    completedBy: uuid('completed_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('callback_tasks_open_idx')
      .on(t.deadline)
      .where(sql`${t.completedAt} is null`),
  ],
);

/** One SMS conversation: messages from a number within 30 minutes of the last belong to it. */
export const smsConversations = pgTable(
  'sms_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneHash: text('phone_hash').notNull(),
    phoneEncrypted: text('phone_encrypted').notNull(),
    /** ivr's SmsConversationState. */
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    optedOut: boolean('opted_out').notNull().default(false),
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sms_conversations_phone_idx').on(t.phoneHash, t.lastMessageAt),
    index('sms_conversations_created_idx').on(t.createdAt),
    index('sms_conversations_report_idx').on(t.reportId),
  ],
);

/** Every SMS either way; bodies encrypted. Inbound rows keep the reply given, for retries. */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => smsConversations.id),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    messageSid: text('message_sid').unique(),
    bodyEncrypted: text('body_encrypted').notNull(),
    replyEncrypted: text('reply_encrypted'),
    status: text('status').notNull(),
    sentBy: uuid('sent_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('sms_messages_conversation_idx').on(t.conversationId, t.createdAt)],
);

// ---- Dispatch (issue 5) --------------------------------------------------------------------

/** A case referred to a centre: its status, acknowledgement deadline, escalation and outcome. */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    centreId: uuid('centre_id')
      .notNull()
      .references(() => centres.id),
    status: text('status').$type<ReferralStatus>().notNull().default('pending'),
    /** The case's priority when referred: it sets the deadline and the channels. */
    priority: text('priority').$type<Priority>().notNull(),
    note: text('note').notNull().default(''),
    ackDeadline: ts('ack_deadline'),
    /** 0 until the first escalation; then the index+1 of the last step taken. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedVia: text('acknowledged_via').$type<'console' | 'phone'>(),
    /** Why it was declined, cancelled or revoked. */
    reason: text('reason'),
    outcome: jsonb('outcome').$type<TReferralOutcome>(),
    replacesId: uuid('replaces_id').references((): AnyPgColumn => referrals.id),
    reroutedToId: uuid('rerouted_to_id').references((): AnyPgColumn => referrals.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    /**
     * Set when the referral ends without the centre (declined, cancelled, revoked): what the
     * centre could see of the case at that moment, all it is shown from then on.
     */
    endedView: jsonb('ended_view').$type<ReferralEndedView>(),
    /** The `Idempotency-Key` it was made with, unique per person, with the request's hash. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (t) => [
    index('referrals_case_idx').on(t.caseId),
    index('referrals_centre_idx').on(t.centreId, t.status),
    index('referrals_created_idx').on(t.createdAt),
    uniqueIndex('referrals_idempotency_idx').on(t.createdBy, t.idempotencyKey),
  ],
);

/**
 * The centre's view of a case frozen when its referral ended: the case's facts as they were, the
 * reports it could read (read through by id), and the timeline seq of the ending move — no later
 * event reaches the centre's room. No personal data is copied here.
 */
export interface ReferralEndedView {
  at: string;
  seq: number;
  status: CaseStatus;
  categories: SituationCategory[];
  immediateDanger: boolean;
  channel: Channel;
  regionCode: string | null;
  reportIds: string[];
}

/**
 * Messages on a referral between the centre and the hotline, both ways. The body may name people:
 * it is encrypted at rest like the case's other free text (privacy/case-content.ts).
 */
export const referralMessages = pgTable(
  'referral_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    authorId: uuid('author_id').references(() => users.id),
    side: text('side').$type<ReferralMessageSide>().notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('referral_messages_referral_idx').on(t.referralId, t.createdAt)],
);

/** Outbound notifications of a referral: in-app rings, SMS and voice calls, with delivery status. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    /** Which duty contact (index in the centre's list at the time), null for in-app. */
    contactIndex: integer('contact_index'),
    contactLabel: text('contact_label'),
    /** new | escalation | sms_fallback */
    purpose: text('purpose').notNull(),
    /** Deterministic per step, so a retried job never sends twice. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    providerSid: text('provider_sid').unique(),
    status: text('status').notNull().default('queued'),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('notifications_referral_idx').on(t.referralId)],
);

/** The callback to the reporter (回访): done, or waived with a reason. One per case. */
export const reporterCallbacks = pgTable('reporter_callbacks', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id),
  outcome: text('outcome').$type<CallbackOutcome>().notNull(),
  reason: text('reason'),
  recordedBy: uuid('recorded_by').references(() => users.id),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
});

/** The texts a reporter agreed to (the case resolved): send-once state, never the number or text. */
export const reporterNotifications = pgTable(
  'reporter_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** resolved */
    purpose: text('purpose').notNull(),
    /** One per report and purpose, so a job run twice sends once. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    providerSid: text('provider_sid').unique(),
    /** queued | sent | delivered | … | opted_out | no_phone | failed */
    status: text('status').notNull().default('queued'),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('reporter_notifications_case_idx').on(t.caseId)],
);

// ---- Settings (issue 5) ----------------------------------------------------------------------

/** Administrators' settings, one JSON document per key (e.g. `dispatch`), validated in shared. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// ---- A whole shift (issue 10) ----------------------------------------------------------------

/** Shift handover notes, for the next shift (no children's names: the cases hold the detail). */
export const handoverNotes = pgTable(
  'handover_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('handover_notes_created_idx').on(t.createdAt)],
);

/** Canned SMS replies in both console languages, edited by administrators. */
export const cannedReplies = pgTable('canned_replies', {
  id: uuid('id').primaryKey().defaultRandom(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  textZh: text('text_zh').notNull(),
  textEn: text('text_en').notNull(),
  position: integer('position').notNull().default(0),
  updatedBy: uuid('updated_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
// ---- Partner webhooks (issue 11) -------------------------------------------------------------

/**
 * Partners' webhook endpoints: the line's (no org, no centre), an organisation's (its reports)
 * or a centre's (its referrals). The signing secret is encrypted at rest with the data key.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    orgId: uuid('org_id').references(() => reporterOrgs.id),
    centreId: uuid('centre_id').references(() => centres.id),
    description: text('description'),
    secretSealed: text('secret_sealed').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    deletedAt: ts('deleted_at'),
    disabledAt: ts('disabled_at'),
    disabledReason: text('disabled_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** When the current run of failures began (null after a success). */
    failingSince: ts('failing_since'),
  },
  (t) => [
    index('webhook_endpoints_org_idx').on(t.orgId),
    index('webhook_endpoints_centre_idx').on(t.centreId),
    check('webhook_endpoints_one_owner', sql`${t.orgId} is null or ${t.centreId} is null`),
  ],
);

/** One event for one endpoint: the `webhook-id`, its body, and how delivering it went. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** `msg_…`: the `webhook-id` header, the same on every attempt. */
    id: text('id').primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    event: text('event').notNull(),
    /** What it is about (`report:<id>`, `event:<seq>`): one delivery per event and endpoint. */
    sourceKey: text('source_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | delivered | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseCode: integer('response_code'),
    error: text('error'),
    lastAttemptAt: ts('last_attempt_at'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_once_idx').on(t.endpointId, t.event, t.sourceKey),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

/**
 * Work orders handed over by the 12345 line (issue 11), one per order number and 12345
 * organisation: the report it became, its time limit, urges and the caller's rating.
 */
export const hotline12345Orders = pgTable(
  'hotline12345_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => reporterOrgs.id),
    orderNumber: text('order_number').notNull(),
    /** SHA-256 of the order as received: a repeat with another body is a 409. */
    requestHash: text('request_hash').notNull(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    reference: text('reference').notNull(),
    orderTime: ts('order_time').notNull(),
    timeLimit: ts('time_limit').notNull(),
    /** received | signed | completed | returned */
    status: text('status').notNull().default('received'),
    /** Encrypted (HUTONG_DATA_KEY). */
    returnedReason: text('returned_reason'),
    /** `[{ at, comment (encrypted) }]`, oldest first. */
    urges: jsonb('urges')
      .$type<{ at: string; comment: string | null }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** `{ satisfaction, at, comment (encrypted) }`. */
    rating: jsonb('rating').$type<{
      satisfaction: string;
      at: string;
      comment: string | null;
    } | null>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('hotline12345_orders_number_idx').on(t.orgId, t.orderNumber),
    index('hotline12345_orders_report_idx').on(t.reportId),
  ],
);

/** What Hutong sends back to 12345: one row per step owed, delivered by a BullMQ job. */
export const hotline12345Messages = pgTable(
  'hotline12345_messages',
  {
    /** `msg_…`: the `webhook-id` header, the same on every attempt. */
    id: text('id').primaryKey(),
    /** The order messages are sent in (after `createdAt`, equal within one transaction). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => hotline12345Orders.id),
    /** signed | progress | completed | returned */
    step: text('step').notNull(),
    /** Why it is owed (`signed`, `event-<seq>` …): a step is written once per source. */
    sourceKey: text('source_key').notNull(),
    /** The text sent, encrypted (HUTONG_DATA_KEY). */
    text: text('text').notNull(),
    /** pending | delivered | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseCode: integer('response_code'),
    error: text('error'),
    lastAttemptAt: ts('last_attempt_at'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('hotline12345_messages_once_idx').on(t.orderId, t.sourceKey),
    index('hotline12345_messages_order_idx').on(t.orderId, t.createdAt),
  ],
);

// ---- The at-risk children register (issue 12) ------------------------------------------------

/**
 * A child on the register (档案). Identifying fields (name, date of birth, phone, school, health,
 * notes) are encrypted (`enc:v2:`); the child is found by keyed hashes: `identity_hash` (name, birth
 * date or age, village: one file per child) and `name_hash` (the whole name). `region_path` is
 * the village and its ancestors, so a region's subtree is one array test. Never deleted: closed.
 */
export const children = pgTable(
  'children',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identityHash: text('identity_hash').notNull(),
    nameHash: text('name_hash').notNull(),
    name: text('name').notNull(),
    sex: text('sex').$type<Sex>().notNull(),
    dateOfBirth: text('date_of_birth'),
    /** Age in years given at registration when the date of birth is unknown. */
    ageAtRegistration: integer('age_at_registration'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    regionPath: text('region_path').array().notNull(),
    categories: text('categories').array().$type<ChildCategory[]>().notNull(),
    /** The child's own phone (encrypted) and its keyed hash, as a guardian's are kept. */
    phone: text('phone'),
    phoneHash: text('phone_hash'),
    school: text('school'),
    health: text('health'),
    notes: text('notes'),
    /** The level in force (the rules', or higher when raised), and the rules' own with reasons. */
    riskLevel: text('risk_level').$type<ChildRiskLevel>().notNull(),
    ruleRiskLevel: text('rule_risk_level').$type<ChildRiskLevel>().notNull(),
    riskReasons: jsonb('risk_reasons').$type<ChildRiskReason[]>().notNull(),
    raisedRiskLevel: text('raised_risk_level').$type<ChildRiskLevel>(),
    raisedRiskReason: text('raised_risk_reason'),
    raisedBy: uuid('raised_by').references(() => users.id),
    raisedAt: ts('raised_at'),
    lastVisitAt: ts('last_visit_at'),
    nextVisitDue: ts('next_visit_due'),
    /** open | closed */
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason').$type<ChildCloseReason>(),
    closeNote: text('close_note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('children_identity_idx').on(t.identityHash),
    index('children_name_hash_idx').on(t.nameHash),
    index('children_phone_idx').on(t.phoneHash),
    index('children_region_path_idx').using('gin', t.regionPath),
    index('children_next_visit_idx').on(t.status, t.nextVisitDue),
    // The statistics' register counters by day (and children_left_idx, in migration 0026).
    index('children_created_idx').on(t.createdAt),
  ],
);

/** A child's guardians, in the order given; name, phone and workplace encrypted. */
export const childGuardians = pgTable(
  'child_guardians',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    position: integer('position').notNull(),
    relation: text('relation').$type<GuardianRelation>().notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    /** Keyed hash of the phone number (check-in calls, matching reports from it). */
    phoneHash: text('phone_hash'),
    livesWithChild: boolean('lives_with_child').notNull(),
    workPlace: text('work_place'),
  },
  (t) => [
    index('child_guardians_child_idx').on(t.childId, t.position),
    index('child_guardians_phone_idx').on(t.phoneHash),
  ],
);

/** A file's timeline: who changed what, when (field names; non-personal before/after). */
export const childChanges = pgTable(
  'child_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').$type<ChildChangeAction>().notNull(),
    fields: text('fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [index('child_changes_child_idx').on(t.childId, t.id)],
);

/**
 * Visits to a child (home, school, phone). The checklist holds every item (`null`: unchecked);
 * notes are encrypted. `idempotency_key` is unique per visitor, with the first answer kept.
 */
export const childVisits = pgTable(
  'child_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    kind: text('kind').$type<VisitKind>().notNull(),
    visitedAt: ts('visited_at').notNull(),
    seen: text('seen').array().$type<VisitSeen[]>().notNull(),
    checklist: jsonb('checklist').$type<VisitChecklist>().notNull(),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    /** The check-in call this phone visit logs (one visit per call, whatever Twilio retries). */
    callId: uuid('call_id')
      .unique()
      .references(() => calls.id),
    callOutcome: text('call_outcome').$type<CheckinOutcome>(),
    callTalkSeconds: integer('call_talk_seconds'),
    /** When the staff member completed the call's visit form (checklist, who, notes): once. */
    formFilledAt: ts('form_filled_at'),
  },
  (t) => [
    index('child_visits_child_idx').on(t.childId, t.visitedAt),
    index('child_visits_visited_idx').on(t.visitedAt),
    uniqueIndex('child_visits_idempotency_idx').on(t.createdBy, t.idempotencyKey),
  ],
);

/**
 * Photos taken on a visit (a home's condition, an injury), written in the visit's transaction.
 * `data` is the image sealed under the data key (`encryptBytes`), never the image itself; `size`
 * and `content_type` are the image's, before sealing.
 */
export const visitPhotos = pgTable(
  'visit_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => childVisits.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    /** The photo's place among the visit's, from 0, as sent. */
    position: integer('position').notNull(),
    contentType: text('content_type').$type<VisitPhotoType>().notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('visit_photos_visit_idx').on(t.visitId, t.position),
    index('visit_photos_child_idx').on(t.childId),
  ],
);

/**
 * Early warnings (预警) about a child on the register. `dedupe_key` is unique: a rule that fires
 * twice (two sweeps racing, a retried job, a restart) raises one warning. The region is the
 * child's village with its lineage, for scope. A dismissal's reason is encrypted.
 */
export const warnings = pgTable(
  'warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    kind: text('kind').$type<WarningKind>().notNull(),
    status: text('status').$type<WarningStatus>().notNull().default('open'),
    reasons: jsonb('reasons').$type<WarningReason[]>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').array().notNull(),
    visitId: uuid('visit_id').references(() => childVisits.id),
    reportId: uuid('report_id').references(() => reports.id),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: ts('acknowledged_at'),
    dismissedBy: uuid('dismissed_by').references(() => users.id),
    dismissedAt: ts('dismissed_at'),
    dismissReason: text('dismiss_reason'),
    escalatedBy: uuid('escalated_by').references(() => users.id),
    escalatedAt: ts('escalated_at'),
    escalatedReportId: uuid('escalated_report_id').references(() => reports.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warnings_dedupe_idx').on(t.dedupeKey),
    index('warnings_status_idx').on(t.status, t.createdAt),
    index('warnings_child_idx').on(t.childId, t.createdAt),
    index('warnings_region_path_idx').using('gin', t.regionPath),
    index('warnings_created_idx').on(t.createdAt),
    index('warnings_escalated_idx')
      .on(t.escalatedAt)
      .where(sql`${t.escalatedAt} is not null`),
  ],
);

/** Every raise and change of a warning; its id is the warning stream's seq (resume by it). */
export const warningEvents = pgTable(
  'warning_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id),
    type: text('type').$type<'created' | 'updated'>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('warning_events_warning_idx').on(t.warningId)],
);

/**
 * Reports about a child on file: matched by triage (the keyed hash of the name, within the
 * report's region, the age agreeing) or filed by escalating the child's warning.
 */
/**
 * `match` (triage matched a child the report names), `assessment` (a child the case's assessment
 * names), `escalation` (a warning escalated). WARNING: stored; never rename a value.
 */
export type ChildReportLinkSource = 'match' | 'assessment' | 'escalation';

export const childReportLinks = pgTable(
  'child_report_links',
  {
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    /** How the report came to be linked (a text column: a new source needs no migration). */
    source: text('source').$type<ChildReportLinkSource>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('child_report_links_pk').on(t.childId, t.reportId),
    index('child_report_links_report_idx').on(t.reportId),
  ],
);

// ---- Sweeps (摸底排查, issue 12 §3) ------------------------------------------------------------

/**
 * A sweep over a region and categories: one visit task per open file that matched at its start.
 * `region_path` is the region and its ancestors (who sees it); `version` is bumped with every task
 * done, the `seq` of `sweep.updated`. `idempotency_key` is unique per starter, with the request's
 * hash: the same key and body answer the same sweep. `status` open → closed | cancelled (with the
 * reason, who and when): an ended sweep takes no more visits and keeps its figures.
 */
export const sweeps = pgTable(
  'sweeps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    regionPath: text('region_path').array().notNull(),
    categories: text('categories').array().$type<ChildCategory[]>().notNull(),
    dueBy: ts('due_by'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    status: text('status').$type<SweepStatus>().notNull().default('open'),
    endedAt: ts('ended_at'),
    endedBy: uuid('ended_by').references(() => users.id),
    endReason: text('end_reason'),
  },
  (t) => [
    index('sweeps_region_path_idx').using('gin', t.regionPath),
    index('sweeps_created_idx').on(t.createdAt),
    uniqueIndex('sweeps_idempotency_idx').on(t.createdBy, t.idempotencyKey),
  ],
);

/**
 * A sweep's visit task for one child (one per sweep and child: the primary key). The child's
 * village and its lineage are copied at the start, so progress by region needs no join. Done by
 * the first visit to the child visited at or after the sweep's start. `dropped_at`: the file was
 * closed while the task was still open, so it no longer counts (neither as to do nor at all).
 */
export const sweepTasks = pgTable(
  'sweep_tasks',
  {
    sweepId: uuid('sweep_id')
      .notNull()
      .references(() => sweeps.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => children.id),
    regionCode: text('region_code').notNull(),
    regionPath: text('region_path').array().notNull(),
    doneAt: ts('done_at'),
    visitId: uuid('visit_id').references(() => childVisits.id),
    droppedAt: ts('dropped_at'),
  },
  (t) => [
    primaryKey({ columns: [t.sweepId, t.childId] }),
    index('sweep_tasks_sweep_region_idx').on(t.sweepId, t.regionCode, t.doneAt),
    index('sweep_tasks_open_child_idx')
      .on(t.childId)
      .where(sql`${t.doneAt} is null`),
  ],
);

/**
 * The statistics' daily and monthly rollups (issue 13 §5): per Beijing day (or complete month)
 * and rollup region (the county, city or province a region lies in; '' for none), the counters of
 * `features/stats/rollup-layout.ts` in its order. Filled only by the `stats.rollup` job; the
 * summary adds the live figures of the days not rolled up yet or marked dirty since.
 */
export const statsRollup = pgTable(
  'stats_rollup',
  {
    grain: text('grain').$type<'day' | 'month'>().notNull(),
    start: date('start', { mode: 'string' }).notNull(),
    regionKey: text('region_key').notNull(),
    counts: integer('counts').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.start, t.regionKey] })],
);

/** Referrals by centre, rolled up like stats_rollup: made, acked in time, escalated, declined, rerouted. */
export const statsRollupReferrals = pgTable(
  'stats_rollup_referrals',
  {
    grain: text('grain').$type<'day' | 'month'>().notNull(),
    start: date('start', { mode: 'string' }).notNull(),
    regionKey: text('region_key').notNull(),
    centreId: uuid('centre_id').notNull(),
    counts: integer('counts').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.start, t.regionKey, t.centreId] })],
);

/**
 * Beijing days whose figures changed after they were rolled up: appended by statement triggers
 * on the fact tables (migration 0022), consumed by the rollup job. Duplicates are expected.
 */
export const statsDirty = pgTable('stats_dirty', {
  day: date('day', { mode: 'string' }).notNull(),
});

/**
 * The rollup's watermark: every day before `rolledTo` has rows (unless dirty); `layout` names
 * the counter layout and region mapping they were computed with (another one: rebuild).
 */
export const statsRollupState = pgTable('stats_rollup_state', {
  id: integer('id').primaryKey(),
  rolledTo: date('rolled_to', { mode: 'string' }),
  layout: text('layout'),
  /** The layout `stats_region_keys` was written for (read only when it is `layout`). */
  keysLayout: text('keys_layout'),
});

/**
 * Every region's rollup region (`key`), as the rollup's layout maps it: written by the
 * `stats.rollup` job with the layout. The statistics filter the records of a scope by joining
 * this on the record's region and keeping the scope's rollup regions (a few hundred at most for a
 * province) instead of sending every code of the subtree.
 */
export const statsRegionKeys = pgTable(
  'stats_region_keys',
  {
    code: text('code').primaryKey(),
    key: text('key').notNull(),
  },
  (t) => [index('stats_region_keys_key_idx').on(t.key, t.code)],
);
