import { z } from 'zod';
import { START_ROUTES } from './api-start.js';
import { ZAccountLockList, ZChangePassword, ZLogin, ZMe } from './auth/schemas.js';
import {
  ZAddAttachment,
  ZAddNote,
  ZAttachmentView,
  ZCaseDetail,
  ZCaseList,
  ZCaseSummary,
  ZListCasesQuery,
  ZMoveReport,
  ZOverridePriority,
  ZReassignCase,
  ZRelatedList,
  ZSearchCasesQuery,
  ZSearchResult,
  ZTransitionCase,
  ZUpdateCase,
  ZUserRef,
} from './cases/schemas.js';
import { ZRegion } from './regions/schemas.js';
import { ZCaseViewerList } from './cases/viewers.js';
import { ZDutyBoard } from './board/schemas.js';
import {
  ZBulkReassign,
  ZBulkReassignResult,
  ZCannedReply,
  ZCannedReplyList,
  ZCreateHandover,
  ZHandover,
  ZHandoverList,
  ZPresence,
  ZPresenceList,
  ZSaveCannedReply,
  ZSetPresence,
  ZWrapUpCall,
  ZWrapUpResult,
} from './shift/schemas.js';
import {
  ZContactHistory,
  ZContactHistoryQuery,
  ZCreateDirectoryEntry,
  ZDirectory,
  ZDirectoryEntry,
  ZDirectoryQuery,
  ZUpdateDirectoryEntry,
} from './directory/schemas.js';
import {
  ZCentre,
  ZCentreList,
  ZCentreSuggestions,
  ZClosureCheck,
  ZCreateCentre,
  ZLookupCodes,
  ZCreateReferral,
  ZRecordCallback,
  ZReferral,
  ZReferralDetail,
  ZReferralList,
  ZInbox,
  ZPostReferralMessage,
  ZReferralMessage,
  ZReferralMessageList,
  ZOrgReportList,
  ZOrgReporterProfile,
  ZReportStatus,
  ZReportStatusQuery,
  ZUpdateCentre,
  ZUpdateReferral,
} from './dispatch/schemas.js';
import { ZCreateReport, ZCreateReportResponse } from './reports/schemas.js';
import { ZCheckinCall, ZStartCheckinCall } from './children/checkin.js';
import {
  ZCreateOrg,
  ZCreateOrgApiKey,
  ZOrg,
  ZOrgApiKey,
  ZOrgApiKeyWithSecret,
  ZOrgList,
  ZUpdateOrg,
} from './orgs/schemas.js';
import { ZDispatchSettings, ZDispatchSettingsView } from './settings/schemas.js';
import { ZAuditChainReport, ZAuditPage, ZAuditQuery, ZAuditVerifyQuery } from './audit/schemas.js';
import { ZCaseExport, ZCaseExportQuery } from './audit/case-export.js';
import { ZCreateUser, ZUpdateUser, ZUser, ZUserList, ZUserWithPassword } from './users/schemas.js';
import {
  ZAnswerCall,
  ZAnswerCallResponse,
  ZCallList,
  ZCallSummary,
  ZCallbackList,
  ZCompleteCallbackResponse,
  ZSendSms,
  ZSimCall,
  ZSimCallList,
  ZSimHealth,
  ZSimMessageList,
  ZSimPlaceCall,
  ZSimSendSms,
  ZSimSmsResult,
  ZSmsConversation,
  ZSendSmsResponse,
  ZSoftphoneToken,
} from './telephony/schemas.js';
import {
  ZChildFile,
  ZChildList,
  ZCloseChild,
  ZCreateChild,
  ZCreateChildResponse,
  ZCreateVisit,
  ZListChildrenQuery,
  ZRaiseChildRisk,
  ZUpdateChild,
  ZVisitRecorded,
  ZReadChildQuery,
  ZVisitSettings,
  ZVisitSettingsView,
} from './children/schemas.js';
import { VISIT_PHOTO_TYPES } from './children/constants.js';
import { ZChildImportCsv, ZChildImportQuery, ZChildImportResult } from './children/import.js';
import {
  ZDismissWarning,
  ZListWarningsQuery,
  ZWarningEscalated,
  ZWarningList,
  ZWarningView,
} from './warnings/schemas.js';
import {
  ZCreateSweep,
  ZEndSweep,
  ZListSweepsQuery,
  ZSweepDetail,
  ZSweepList,
} from './sweeps/schemas.js';
import {
  ZCreateWebhook,
  ZWebhookDelivery,
  ZWebhookDeliveryList,
  ZWebhookEndpoint,
  ZWebhookEndpointList,
  ZWebhookEndpointWithSecret,
} from './webhooks/schemas.js';
import {
  ZCaseHotline12345,
  ZHotline12345Ack,
  ZHotline12345Order,
  ZHotline12345OrderAccepted,
  ZHotline12345Rating,
  ZHotline12345Urge,
  ZOrderNumber,
  ZReplyTo12345,
  ZReturnTo12345,
} from './hotline12345/schemas.js';
import {
  ZStatsSeries,
  ZStatsSeriesQuery,
  ZStatsSummary,
  ZStatsQuery,
  ZStatsExportQuery,
  ZStatsUnanswered,
  ZStatsUnansweredQuery,
} from './stats/schemas.js';

export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/api/${string}`;
  /** The `:params`, when not all UUIDs (a UUID each by default; a mismatch is a 404). */
  params?: z.ZodType;
  /** The success status when not 200. */
  status?: 201 | 202;
  body?: z.ZodType;
  /** How the body is sent when it is not JSON (a file's text, as is). */
  bodyType?: 'text/csv';
  query?: z.ZodType;
  /** The media types of the file a route answers with instead of JSON (a photo's bytes). */
  responseTypes?: readonly string[];
  response: z.ZodType;
}

const ZOk = z.object({ ok: z.literal(true) });

/** A `:id` segment: a UUID, in lower case (the default for every `:param` without a schema). */
const ZIdParam = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((id) => id.toLowerCase());

/** A webhook delivery's id, as in its `webhook-id` header. */
const ZDeliveryId = z.string().regex(/^msg_[0-9a-f]{32}$/);

/** Every HTTP route the console and partners use, with its request and response schemas. */
export const API = {
  createReport: {
    method: 'POST',
    path: '/api/reports',
    status: 201,
    body: ZCreateReport,
    response: ZCreateReportResponse,
  },
  login: { method: 'POST', path: '/api/auth/login', body: ZLogin, response: ZMe },
  logout: { method: 'POST', path: '/api/auth/logout', response: ZOk },
  me: { ...START_ROUTES.me, response: ZMe },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    body: ZChangePassword,
    response: ZMe,
  },
  listRegions: {
    method: 'GET',
    path: '/api/regions',
    response: z.object({ regions: z.array(ZRegion) }),
  },
  listCases: { method: 'GET', path: '/api/cases', query: ZListCasesQuery, response: ZCaseList },
  getCase: { method: 'GET', path: '/api/cases/:id', response: ZCaseDetail },
  claimCase: { method: 'POST', path: '/api/cases/:id/claim', response: ZCaseSummary },
  releaseCase: { method: 'POST', path: '/api/cases/:id/release', response: ZCaseSummary },
  searchCases: {
    method: 'GET',
    path: '/api/cases/search',
    query: ZSearchCasesQuery,
    response: ZSearchResult,
  },
  listAssignees: {
    method: 'GET',
    path: '/api/cases/assignees',
    response: z.object({ users: z.array(ZUserRef) }),
  },
  reassignCase: {
    method: 'POST',
    path: '/api/cases/:id/reassign',
    body: ZReassignCase,
    response: ZCaseSummary,
  },
  updateCase: { method: 'PATCH', path: '/api/cases/:id', body: ZUpdateCase, response: ZCaseDetail },
  transitionCase: {
    method: 'POST',
    path: '/api/cases/:id/transition',
    body: ZTransitionCase,
    response: ZCaseDetail,
  },
  overridePriority: {
    method: 'POST',
    path: '/api/cases/:id/priority',
    body: ZOverridePriority,
    response: ZCaseDetail,
  },
  addNote: {
    method: 'POST',
    path: '/api/cases/:id/notes',
    status: 201,
    body: ZAddNote,
    response: ZOk,
  },
  addAttachment: {
    method: 'POST',
    path: '/api/cases/:id/attachments',
    status: 201,
    body: ZAddAttachment,
    response: ZAttachmentView,
  },
  relatedReports: { method: 'GET', path: '/api/cases/:id/related', response: ZRelatedList },
  caseViewers: { method: 'GET', path: '/api/cases/:id/viewers', response: ZCaseViewerList },
  mergeReport: {
    method: 'POST',
    path: '/api/cases/:id/merge',
    body: ZMoveReport,
    response: ZCaseDetail,
  },
  splitReport: {
    method: 'POST',
    path: '/api/cases/:id/split',
    status: 201,
    body: ZMoveReport,
    response: z.object({ caseId: z.uuid(), reference: z.string() }),
  },
  exportCase: {
    method: 'GET',
    path: '/api/cases/:id/export',
    query: ZCaseExportQuery,
    response: ZCaseExport,
  },
  listUsers: { method: 'GET', path: '/api/users', response: ZUserList },
  createUser: {
    method: 'POST',
    path: '/api/users',
    status: 201,
    body: ZCreateUser,
    response: ZUserWithPassword,
  },
  updateUser: { method: 'PATCH', path: '/api/users/:id', body: ZUpdateUser, response: ZUser },
  resetUserPassword: {
    method: 'POST',
    path: '/api/users/:id/reset-password',
    response: ZUserWithPassword,
  },
  listAudit: { method: 'GET', path: '/api/audit', query: ZAuditQuery, response: ZAuditPage },
  // Telephony (issue 3): the live waiting-calls panel, callback tasks, softphone, case SMS.
  listCalls: { method: 'GET', path: '/api/calls', response: ZCallList },
  answerCall: {
    method: 'POST',
    path: '/api/calls/:id/answer',
    body: ZAnswerCall,
    response: ZAnswerCallResponse,
  },
  hangUpCall: { method: 'POST', path: '/api/calls/:id/hangup', response: ZCallSummary },
  listCallbacks: { method: 'GET', path: '/api/calls/callbacks', response: ZCallbackList },
  completeCallback: {
    method: 'POST',
    path: '/api/calls/callbacks/:id/complete',
    response: ZCompleteCallbackResponse,
  },
  softphoneToken: { method: 'GET', path: '/api/calls/softphone', response: ZSoftphoneToken },
  caseSms: { method: 'GET', path: '/api/cases/:id/sms', response: ZSmsConversation },
  sendCaseSms: {
    method: 'POST',
    path: '/api/cases/:id/sms',
    status: 202,
    body: ZSendSms,
    response: ZSendSmsResponse,
  },
  // Demo mode only: the Twilio simulator's control API (404 when no simulator runs).
  simHealth: { method: 'GET', path: '/api/dev/sim/health', response: ZSimHealth },
  simCalls: { method: 'GET', path: '/api/dev/sim/calls', response: ZSimCallList },
  simPlaceCall: {
    method: 'POST',
    path: '/api/dev/sim/calls',
    body: ZSimPlaceCall,
    response: ZSimCall,
  },
  simHangUp: {
    method: 'POST',
    path: '/api/dev/sim/calls/:sid/hangup',
    params: z.object({ sid: z.string().regex(/^CA[0-9a-f]{32}$/) }),
    response: ZSimCall,
  },
  simSendSms: {
    method: 'POST',
    path: '/api/dev/sim/sms',
    body: ZSimSendSms,
    response: ZSimSmsResult,
  },
  simMessages: { method: 'GET', path: '/api/dev/sim/messages', response: ZSimMessageList },
  // Dispatch (issue 5): centres, referrals, closing the loop.
  listCentres: { method: 'GET', path: '/api/centres', response: ZCentreList },
  createCentre: {
    method: 'POST',
    path: '/api/centres',
    status: 201,
    body: ZCreateCentre,
    response: ZCentre,
  },
  updateCentre: {
    method: 'PATCH',
    path: '/api/centres/:id',
    status: 201,
    body: ZUpdateCentre,
    response: ZCentre,
  },
  suggestCentres: {
    method: 'GET',
    path: '/api/cases/:id/centre-suggestions',
    response: ZCentreSuggestions,
  },
  listCaseReferrals: {
    method: 'GET',
    path: '/api/cases/:id/referrals',
    response: ZReferralList,
  },
  /** With an optional `Idempotency-Key`: the same key and request answer the same referral. */
  createReferral: {
    method: 'POST',
    path: '/api/cases/:id/referrals',
    status: 201,
    body: ZCreateReferral,
    response: ZReferral,
  },
  listReferrals: { method: 'GET', path: '/api/referrals', response: ZInbox },
  listReferralMessages: {
    method: 'GET',
    path: '/api/referrals/:id/messages',
    response: ZReferralMessageList,
  },
  postReferralMessage: {
    method: 'POST',
    path: '/api/referrals/:id/messages',
    status: 201,
    body: ZPostReferralMessage,
    response: ZReferralMessage,
  },
  getReferral: { method: 'GET', path: '/api/referrals/:id', response: ZReferralDetail },
  updateReferral: {
    method: 'PATCH',
    path: '/api/referrals/:id',
    body: ZUpdateReferral,
    response: ZReferral,
  },
  closureCheck: { method: 'GET', path: '/api/cases/:id/closure', response: ZClosureCheck },
  recordCallback: {
    method: 'POST',
    path: '/api/cases/:id/callback',
    body: ZRecordCallback,
    response: ZClosureCheck,
  },
  reportStatus: {
    method: 'GET',
    path: '/api/reports/status',
    query: ZReportStatusQuery,
    response: ZReportStatus,
  },
  addOutcomeAttachment: {
    method: 'POST',
    path: '/api/referrals/:id/attachments',
    status: 201,
    body: ZAddAttachment,
    response: ZAttachmentView,
  },
  issueLookupCodes: {
    method: 'POST',
    path: '/api/cases/:id/lookup-codes',
    response: ZLookupCodes,
  },
  getDispatchSettings: {
    method: 'GET',
    path: '/api/admin/settings/dispatch',
    response: ZDispatchSettingsView,
  },
  updateDispatchSettings: {
    method: 'PUT',
    path: '/api/admin/settings/dispatch',
    body: ZDispatchSettings,
    response: ZDispatchSettingsView,
  },
  // A reporting organisation's own reports (status and outcome only).
  orgReports: { method: 'GET', path: '/api/org/reports', response: ZOrgReportList },
  orgProfile: { method: 'GET', path: '/api/org/profile', response: ZOrgReporterProfile },
  // The directory of centres, police and offices by area (issue 10), and contact history.
  directory: {
    method: 'GET',
    path: '/api/directory',
    query: ZDirectoryQuery,
    response: ZDirectory,
  },
  createDirectoryEntry: {
    method: 'POST',
    path: '/api/directory',
    status: 201,
    body: ZCreateDirectoryEntry,
    response: ZDirectoryEntry,
  },
  updateDirectoryEntry: {
    method: 'PATCH',
    path: '/api/directory/:id',
    body: ZUpdateDirectoryEntry,
    response: ZDirectoryEntry,
  },
  contactHistory: {
    method: 'POST',
    path: '/api/contacts/history',
    body: ZContactHistoryQuery,
    response: ZContactHistory,
  },
  caseContactHistory: {
    method: 'GET',
    path: '/api/cases/:id/contact-history',
    response: ZContactHistory,
  },
  // The supervisors' duty board.
  dutyBoard: { method: 'GET', path: '/api/board', response: ZDutyBoard },
  // Reporting organisations and their partner API keys (admins).
  listOrgs: { method: 'GET', path: '/api/admin/orgs', response: ZOrgList },
  createOrg: {
    method: 'POST',
    path: '/api/admin/orgs',
    status: 201,
    body: ZCreateOrg,
    response: ZOrg,
  },
  updateOrg: { method: 'PATCH', path: '/api/admin/orgs/:id', body: ZUpdateOrg, response: ZOrg },
  createOrgApiKey: {
    method: 'POST',
    path: '/api/admin/orgs/:id/api-keys',
    status: 201,
    body: ZCreateOrgApiKey,
    response: ZOrgApiKeyWithSecret,
  },
  revokeOrgApiKey: {
    method: 'DELETE',
    path: '/api/admin/orgs/:id/api-keys/:keyId',
    response: ZOrgApiKey,
  },
  // The audit log's hash chain, checked (admins; as `npm run verify-audit`).
  verifyAudit: {
    method: 'GET',
    path: '/api/admin/audit/verify',
    query: ZAuditVerifyQuery,
    response: ZAuditChainReport,
  },
  // Accounts waiting after wrong passwords, and unlocking them (supervisors, admins).
  listAccountLocks: { method: 'GET', path: '/api/auth/locks', response: ZAccountLockList },
  unlockAccount: { method: 'DELETE', path: '/api/auth/locks/:id', response: ZOk },
  // A whole shift (issue 10): presence, wrap-up, handover, bulk reassignment, canned replies.
  listPresence: { method: 'GET', path: '/api/presence', response: ZPresenceList },
  myPresence: { method: 'GET', path: '/api/presence/me', response: ZPresence },
  setMyPresence: {
    method: 'PUT',
    path: '/api/presence/me',
    body: ZSetPresence,
    response: ZPresence,
  },
  wrapUpCall: {
    method: 'POST',
    path: '/api/calls/:id/wrap-up',
    body: ZWrapUpCall,
    response: ZWrapUpResult,
  },
  listHandovers: { method: 'GET', path: '/api/shift/handovers', response: ZHandoverList },
  createHandover: {
    method: 'POST',
    path: '/api/shift/handovers',
    status: 201,
    body: ZCreateHandover,
    response: ZHandover,
  },
  bulkReassign: {
    method: 'POST',
    path: '/api/shift/reassign',
    body: ZBulkReassign,
    response: ZBulkReassignResult,
  },
  listCannedReplies: { method: 'GET', path: '/api/canned-replies', response: ZCannedReplyList },
  createCannedReply: {
    method: 'POST',
    path: '/api/admin/canned-replies',
    status: 201,
    body: ZSaveCannedReply,
    response: ZCannedReply,
  },
  updateCannedReply: {
    method: 'PUT',
    path: '/api/admin/canned-replies/:id',
    body: ZSaveCannedReply,
    response: ZCannedReply,
  },
  deleteCannedReply: { method: 'DELETE', path: '/api/admin/canned-replies/:id', response: ZOk },
  // Partners (issue 11): the published contract, and signed webhooks.
  openApi: {
    method: 'GET',
    path: '/api/openapi.json',
    response: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
  },
  listWebhooks: { method: 'GET', path: '/api/webhooks', response: ZWebhookEndpointList },
  createWebhook: {
    method: 'POST',
    path: '/api/webhooks',
    status: 201,
    body: ZCreateWebhook,
    response: ZWebhookEndpointWithSecret,
  },
  deleteWebhook: { method: 'DELETE', path: '/api/webhooks/:id', response: ZWebhookEndpoint },
  enableWebhook: { method: 'POST', path: '/api/webhooks/:id/enable', response: ZWebhookEndpoint },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/api/webhooks/:id/deliveries',
    response: ZWebhookDeliveryList,
  },
  redeliverWebhook: {
    method: 'POST',
    path: '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
    params: z.object({ id: ZIdParam, deliveryId: ZDeliveryId }),
    response: ZWebhookDelivery,
  },
  // The 12345 linkage (issue 11, part 4): 12345's partner key only; the case's 12345 panel.
  hotline12345Order: {
    method: 'POST',
    path: '/api/partners/12345/orders',
    status: 201,
    body: ZHotline12345Order,
    response: ZHotline12345OrderAccepted,
  },
  hotline12345Urge: {
    method: 'POST',
    path: '/api/partners/12345/orders/:number/urge',
    params: z.object({ number: ZOrderNumber }),
    body: ZHotline12345Urge,
    response: ZHotline12345Ack,
  },
  hotline12345Rating: {
    method: 'POST',
    path: '/api/partners/12345/orders/:number/rating',
    params: z.object({ number: ZOrderNumber }),
    body: ZHotline12345Rating,
    response: ZHotline12345Ack,
  },
  caseHotline12345: { method: 'GET', path: '/api/cases/:id/12345', response: ZCaseHotline12345 },
  replyTo12345: {
    method: 'POST',
    path: '/api/cases/:id/12345/reply',
    body: ZReplyTo12345,
    response: ZCaseHotline12345,
  },
  returnTo12345: {
    method: 'POST',
    path: '/api/cases/:id/12345/return',
    body: ZReturnTo12345,
    response: ZCaseHotline12345,
  },
  // Statistics, charts and exports (issue 13): aggregated figures only, scoped to a region.
  statsSummary: {
    ...START_ROUTES.statsSummary,
    query: ZStatsQuery,
    response: ZStatsSummary,
  },
  statsSeries: {
    ...START_ROUTES.statsSeries,
    query: ZStatsSeriesQuery,
    response: ZStatsSeries,
  },
  /** An xlsx (one sheet per table) or a CSV with a UTF-8 BOM; audited. */
  statsExport: {
    method: 'GET',
    path: '/api/stats/export',
    query: ZStatsExportQuery,
    response: z.unknown(),
  },
  /** Contacts not effectively answered (supervisors and admins): references, never names. */
  statsUnanswered: {
    method: 'GET',
    path: '/api/stats/unanswered',
    query: ZStatsUnansweredQuery,
    response: ZStatsUnanswered,
  },
  // The at-risk children register (issue 12): files, visits, risk.
  listChildren: {
    method: 'GET',
    path: '/api/children',
    query: ZListChildrenQuery,
    response: ZChildList,
  },
  createChild: {
    method: 'POST',
    path: '/api/children',
    status: 201,
    body: ZCreateChild,
    response: ZCreateChildResponse,
  },
  getChild: {
    method: 'GET',
    path: '/api/children/:id',
    query: ZReadChildQuery,
    response: ZChildFile,
  },
  updateChild: {
    method: 'PATCH',
    path: '/api/children/:id',
    body: ZUpdateChild,
    response: ZChildFile,
  },
  closeChild: {
    method: 'POST',
    path: '/api/children/:id/close',
    body: ZCloseChild,
    response: ZChildFile,
  },
  raiseChildRisk: {
    method: 'POST',
    path: '/api/children/:id/risk',
    body: ZRaiseChildRisk,
    response: ZChildFile,
  },
  createVisit: {
    method: 'POST',
    path: '/api/children/:id/visits',
    status: 201,
    body: ZCreateVisit,
    response: ZVisitRecorded,
  },
  /**
   * A visit's photo: the image's bytes, to whoever may read the file (an operator through a case
   * linked to it, `?caseId=`); audited. Another child's or visit's photo id is 404.
   */
  getVisitPhoto: {
    method: 'GET',
    path: '/api/children/:id/visits/:visitId/photos/:photoId',
    query: ZReadChildQuery,
    responseTypes: VISIT_PHOTO_TYPES,
    response: z.unknown(),
  },
  /** A register file (CSV) registered all or nothing; 400 names every problem with its line. */
  importChildren: {
    method: 'POST',
    path: '/api/admin/children/import',
    query: ZChildImportQuery,
    body: ZChildImportCsv,
    bodyType: 'text/csv',
    response: ZChildImportResult,
  },
  startCheckinCall: {
    method: 'POST',
    path: '/api/children/:id/calls',
    status: 201,
    body: ZStartCheckinCall,
    response: ZCheckinCall,
  },
  getCheckinCall: {
    method: 'GET',
    path: '/api/children/:id/calls/:callId',
    response: ZCheckinCall,
  },
  getVisitSettings: {
    method: 'GET',
    path: '/api/admin/settings/visits',
    response: ZVisitSettingsView,
  },
  updateVisitSettings: {
    method: 'PUT',
    path: '/api/admin/settings/visits',
    body: ZVisitSettings,
    response: ZVisitSettingsView,
  },
  // Early warnings (issue 12 §4): scope within the role's region, in the commands.
  listWarnings: {
    method: 'GET',
    path: '/api/warnings',
    query: ZListWarningsQuery,
    response: ZWarningList,
  },
  acknowledgeWarning: {
    method: 'POST',
    path: '/api/warnings/:id/acknowledge',
    response: ZWarningView,
  },
  dismissWarning: {
    method: 'POST',
    path: '/api/warnings/:id/dismiss',
    body: ZDismissWarning,
    response: ZWarningView,
  },
  escalateWarning: {
    method: 'POST',
    path: '/api/warnings/:id/escalate',
    response: ZWarningEscalated,
  },
  // Sweeps (摸底排查, issue 12 §3): scope within the role's region, in the commands.
  /** With an optional `Idempotency-Key`: the same key and body answer the same sweep. */
  createSweep: {
    method: 'POST',
    path: '/api/sweeps',
    status: 201,
    body: ZCreateSweep,
    response: ZSweepDetail,
  },
  listSweeps: {
    method: 'GET',
    path: '/api/sweeps',
    query: ZListSweepsQuery,
    response: ZSweepList,
  },
  getSweep: { method: 'GET', path: '/api/sweeps/:id', response: ZSweepDetail },
  /** Closes a sweep (done): no more visits count; its figures stay. `409` if already ended. */
  closeSweep: {
    method: 'POST',
    path: '/api/sweeps/:id/close',
    body: ZEndSweep,
    response: ZSweepDetail,
  },
  /** Cancels a sweep (called off): no more visits count. `409` if already ended. */
  cancelSweep: {
    method: 'POST',
    path: '/api/sweeps/:id/cancel',
    body: ZEndSweep,
    response: ZSweepDetail,
  },
} as const satisfies Record<string, RouteContract>;

export type ApiRoute = keyof typeof API;

/** The `:name` segments of a route's path, in order. */
export function routeParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}

// Kept apart so that filling a path does not bring the whole route table with it.
export { pathFor } from './path.js';
