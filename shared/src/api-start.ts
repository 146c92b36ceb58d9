/**
 * The method and path of the routes the console asks for as it starts (who is signed in; the
 * statistics page's first view), apart from their schemas: the console sends these before the
 * route table, with every schema, has loaded, and checks the answer once it has. `API` takes
 * them from here, so each is still defined once.
 */
export const START_ROUTES = {
  me: { method: 'GET', path: '/api/auth/me' },
  statsSummary: { method: 'GET', path: '/api/stats/summary' },
  statsSeries: { method: 'GET', path: '/api/stats/series' },
} as const;

export type StartRoute = keyof typeof START_ROUTES;
