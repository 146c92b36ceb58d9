import { z } from 'zod';
import { ZLogin, ZMe } from './auth/schemas.js';
import { ZCaseDetail, ZCaseList, ZCaseSummary, ZListCasesQuery } from './cases/schemas.js';
import { ZRegion } from './regions/schemas.js';
import { ZCreateReport, ZCreateReportResponse } from './reports/schemas.js';

export interface RouteContract {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
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
  listRegions: {
    method: 'GET',
    path: '/api/regions',
    response: z.object({ regions: z.array(ZRegion) }),
  },
  listCases: { method: 'GET', path: '/api/cases', query: ZListCasesQuery, response: ZCaseList },
  getCase: { method: 'GET', path: '/api/cases/:id', response: ZCaseDetail },
  claimCase: { method: 'POST', path: '/api/cases/:id/claim', response: ZCaseSummary },
  releaseCase: { method: 'POST', path: '/api/cases/:id/release', response: ZCaseSummary },
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
