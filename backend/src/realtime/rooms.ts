/** Room names, only ever built here. WARNING: clients never see them, but every node must agree. */
export const rooms = {
  operators: 'operators',
  supervisors: 'supervisors',
  centre: (centreId: string) => `centre:${centreId}`,
  /** The consoles that have one case open (who else is in it: the presence lock). */
  caseViewers: (caseId: string) => `case-viewers:${caseId}`,
  /** Directors and township supervisors of one region (warnings about children in it). */
  region: (code: string) => `region:${code}`,
  /** The reporters of one reporting organisation (its reports' progress, issue 10). */
  org: (orgId: string) => `org:${orgId}`,
  /** Every socket of one user, so disabling the account can disconnect them at once. */
  user: (userId: string) => `user:${userId}`,
  /** The sockets opened with one session, disconnected when it is signed out. */
  session: (sessionId: string) => `session:${sessionId}`,
} as const;
