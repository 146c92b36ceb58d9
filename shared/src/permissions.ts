import type { ApiRoute } from './api.js';
import type { Role } from './auth/constants.js';

/** Actions a route or socket room can require. */
export const Permission = {
  'cases.list': 'cases.list',
  'cases.read': 'cases.read',
  'cases.claim': 'cases.claim',
  'cases.update': 'cases.update',
  'cases.reassign': 'cases.reassign',
  'cases.reopen': 'cases.reopen',
  'cases.export': 'cases.export',
  'reporters.identity.read': 'reporters.identity.read',
  'realtime.operators': 'realtime.operators',
  'realtime.supervisors': 'realtime.supervisors',
  'realtime.centre': 'realtime.centre',
  'regions.read': 'regions.read',
  'audit.read': 'audit.read',
  'users.manage': 'users.manage',
  'calls.answer': 'calls.answer',
  'centres.read': 'centres.read',
  'centres.manage': 'centres.manage',
  'referrals.create': 'referrals.create',
  'referrals.read': 'referrals.read',
  'referrals.update': 'referrals.update',
  'settings.manage': 'settings.manage',
  'referrals.attach': 'referrals.attach',
  'board.read': 'board.read',
  'org.reports.read': 'org.reports.read',
  'orgs.manage': 'orgs.manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Role → permissions: the single source every route and socket room checks. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: [
    'cases.list',
    'cases.read',
    'cases.claim',
    'cases.update',
    'realtime.operators',
    'regions.read',
    'calls.answer',
    'centres.read',
    'referrals.create',
    'referrals.read',
    'referrals.update',
  ],
  supervisor: [
    'cases.list',
    'cases.read',
    'cases.claim',
    'cases.update',
    'calls.answer',
    'cases.reassign',
    'cases.reopen',
    'cases.export',
    'reporters.identity.read',
    'realtime.operators',
    'realtime.supervisors',
    'board.read',
    'regions.read',
    'audit.read',
    'centres.read',
    'referrals.create',
    'referrals.read',
    'referrals.update',
  ],
  centre_staff: [
    'regions.read',
    'realtime.centre',
    'referrals.read',
    'referrals.update',
    'referrals.attach',
  ],
  reporter: ['regions.read', 'org.reports.read'],
  admin: [
    'regions.read',
    'users.manage',
    'audit.read',
    'centres.read',
    'centres.manage',
    'settings.manage',
    'orgs.manage',
  ],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Who may call a route: anyone, anyone signed in, or holders of a permission. */
export type RouteAccess = 'public' | 'signed_in' | Permission;

/**
 * What each route in `API` requires; the permission-matrix test fails for a route missing here.
 * Scope checks (a centre's own referrals, the assignee) come on top of these, in the commands.
 */
export const ROUTE_ACCESS: { readonly [K in ApiRoute]?: RouteAccess } = {
  createReport: 'public',
  login: 'public',
  logout: 'signed_in',
  me: 'signed_in',
  changePassword: 'signed_in',
  listRegions: 'public',
  listCases: 'cases.list',
  getCase: 'cases.read',
  claimCase: 'cases.claim',
  releaseCase: 'cases.claim',
  searchCases: 'cases.list',
  listAssignees: 'cases.reassign',
  reassignCase: 'cases.reassign',
  updateCase: 'cases.update',
  transitionCase: 'cases.update',
  overridePriority: 'cases.update',
  addNote: 'cases.update',
  addAttachment: 'cases.update',
  relatedReports: 'cases.read',
  mergeReport: 'cases.update',
  splitReport: 'cases.update',
  exportCase: 'cases.export',
  listUsers: 'users.manage',
  createUser: 'users.manage',
  updateUser: 'users.manage',
  resetUserPassword: 'users.manage',
  listAudit: 'audit.read',
  listCalls: 'cases.list',
  answerCall: 'calls.answer',
  hangUpCall: 'calls.answer',
  listCallbacks: 'cases.list',
  completeCallback: 'calls.answer',
  softphoneToken: 'calls.answer',
  caseSms: 'cases.read',
  sendCaseSms: 'cases.claim',
  simHealth: 'signed_in',
  simCalls: 'signed_in',
  simPlaceCall: 'signed_in',
  simHangUp: 'signed_in',
  simSendSms: 'signed_in',
  simMessages: 'signed_in',
  // Dispatch (issue 5).
  listCentres: 'centres.read',
  createCentre: 'centres.manage',
  updateCentre: 'centres.manage',
  suggestCentres: 'referrals.create',
  listCaseReferrals: 'cases.read',
  createReferral: 'referrals.create',
  listReferrals: 'referrals.read',
  getReferral: 'referrals.read',
  updateReferral: 'referrals.update',
  closureCheck: 'cases.read',
  recordCallback: 'cases.update',
  reportStatus: 'public',
  issueLookupCodes: 'cases.claim',
  addOutcomeAttachment: 'referrals.attach',
  getDispatchSettings: 'settings.manage',
  updateDispatchSettings: 'settings.manage',
  dutyBoard: 'board.read',
  orgReports: 'org.reports.read',
  listOrgs: 'orgs.manage',
  createOrg: 'orgs.manage',
  updateOrg: 'orgs.manage',
  createOrgApiKey: 'orgs.manage',
  revokeOrgApiKey: 'orgs.manage',
};

/** Whether a role may call a route with this access rule (signed in, for anything but public). */
export function allows(role: Role, access: RouteAccess): boolean {
  return access === 'public' || access === 'signed_in' || can(role, access);
}
