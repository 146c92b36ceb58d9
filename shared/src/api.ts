import { z } from 'zod';
import { ZChangePassword, ZLogin, ZMe } from './auth/schemas.js';
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
import { ZDutyBoard } from './board/schemas.js';
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
  ZOrgReportList,
  ZReportStatus,
  ZReportStatusQuery,
  ZUpdateCentre,
  ZUpdateReferral,
} from './dispatch/schemas.js';
import { ZCreateReport, ZCreateReportResponse } from './reports/schemas.js';
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
import { ZAuditPage, ZAuditQuery } from './audit/schemas.js';
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

export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: `/api/${string}`;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
}

const ZOk = z.object({ ok: z.literal(true) });

/** Every HTTP route the console and partners use, with its request and response schemas. */
export const API = {
  createReport: {
    method: 'POST',
    path: '/api/reports',
    body: ZCreateReport,
    response: ZCreateReportResponse,
  },
  login: { method: 'POST', path: '/api/auth/login', body: ZLogin, response: ZMe },
  logout: { method: 'POST', path: '/api/auth/logout', response: ZOk },
  me: { method: 'GET', path: '/api/auth/me', response: ZMe },
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
  addNote: { method: 'POST', path: '/api/cases/:id/notes', body: ZAddNote, response: ZOk },
  addAttachment: {
    method: 'POST',
    path: '/api/cases/:id/attachments',
    body: ZAddAttachment,
    response: ZAttachmentView,
  },
  relatedReports: { method: 'GET', path: '/api/cases/:id/related', response: ZRelatedList },
  mergeReport: {
    method: 'POST',
    path: '/api/cases/:id/merge',
    body: ZMoveReport,
    response: ZCaseDetail,
  },
  splitReport: {
    method: 'POST',
    path: '/api/cases/:id/split',
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
  simHangUp: { method: 'POST', path: '/api/dev/sim/calls/:sid/hangup', response: ZSimCall },
  simSendSms: {
    method: 'POST',
    path: '/api/dev/sim/sms',
    body: ZSimSendSms,
    response: ZSimSmsResult,
  },
  simMessages: { method: 'GET', path: '/api/dev/sim/messages', response: ZSimMessageList },
  // Dispatch (issue 5): centres, referrals, closing the loop.
  listCentres: { method: 'GET', path: '/api/centres', response: ZCentreList },
  createCentre: { method: 'POST', path: '/api/centres', body: ZCreateCentre, response: ZCentre },
  updateCentre: {
    method: 'PATCH',
    path: '/api/centres/:id',
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
  createReferral: {
    method: 'POST',
    path: '/api/cases/:id/referrals',
    body: ZCreateReferral,
    response: ZReferral,
  },
  listReferrals: { method: 'GET', path: '/api/referrals', response: ZReferralList },
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
  // The supervisors' duty board.
  dutyBoard: { method: 'GET', path: '/api/board', response: ZDutyBoard },
  // Reporting organisations and their partner API keys (admins).
  listOrgs: { method: 'GET', path: '/api/admin/orgs', response: ZOrgList },
  createOrg: { method: 'POST', path: '/api/admin/orgs', body: ZCreateOrg, response: ZOrg },
  updateOrg: { method: 'PATCH', path: '/api/admin/orgs/:id', body: ZUpdateOrg, response: ZOrg },
  createOrgApiKey: {
    method: 'POST',
    path: '/api/admin/orgs/:id/api-keys',
    body: ZCreateOrgApiKey,
    response: ZOrgApiKeyWithSecret,
  },
  revokeOrgApiKey: {
    method: 'DELETE',
    path: '/api/admin/orgs/:id/api-keys/:keyId',
    response: ZOrgApiKey,
  },
} as const satisfies Record<string, RouteContract>;

export type ApiRoute = keyof typeof API;

/** Fills `:name` segments: `pathFor('/api/cases/:id', { id })`. */
export function pathFor(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
