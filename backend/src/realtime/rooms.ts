/** Room names, only ever built here. WARNING: clients never see them, but every node must agree. */
export const rooms = {
  operators: 'operators',
  supervisors: 'supervisors',
  centre: (centreId: string) => `centre:${centreId}`,
  case: (caseId: string) => `case:${caseId}`,
} as const;
