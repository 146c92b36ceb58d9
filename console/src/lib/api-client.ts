import { AppError, pathFor, START_ROUTES } from '@hutong/shared';
import type { API, ApiRoute, StartRoute } from '@hutong/shared';
import type { z } from 'zod';

/**
 * The route table (every route's schemas) is fetched with the first request, not with the page:
 * the public report form paints before it arrives, and grows no heavier as routes are added.
 */
let table: Promise<typeof API> | undefined;
const routeTable = (): Promise<typeof API> =>
  (table ??= import('@hutong/shared/api').then((module) => module.API));

type RouteOf<K extends ApiRoute> = (typeof API)[K];

/** The request body a route accepts, as the caller writes it (before zod defaults). */
export type BodyOf<K extends ApiRoute> =
  RouteOf<K> extends { body: infer B extends z.ZodType } ? z.input<B> : never;
/** The query a route accepts. */
export type QueryOf<K extends ApiRoute> =
  RouteOf<K> extends { query: infer Q extends z.ZodType } ? z.input<Q> : never;
/** What a route answers with, after validation. */
export type ResponseOf<K extends ApiRoute> = z.output<RouteOf<K>['response']>;

/** Options of one call; `params` fills `:id`-style path segments. */
interface RequestOptions<K extends ApiRoute> {
  params?: Record<string, string>;
  body?: BodyOf<K>;
  query?: QueryOf<K>;
  headers?: Record<string, string>;
}

/** The request never reached the server, or its answer never came back (offline, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
    this.name = 'NetworkError';
  }
}

/** The routes of the table that answer a file rather than JSON (a visit's photo). */
export type FileRoute = {
  [K in ApiRoute]: RouteOf<K> extends { responseTypes: readonly string[] } ? K : never;
}[ApiRoute];

/** A typed client over the shared `API` table: every answer is checked against its zod schema. */
export interface ApiClient {
  request<K extends ApiRoute>(route: K, options?: RequestOptions<K>): Promise<ResponseOf<K>>;
  /** A file route's answer as it came (a photo's bytes), with the session like every request. */
  file<K extends FileRoute>(
    route: K,
    options?: Pick<RequestOptions<K>, 'params' | 'query'>,
  ): Promise<Blob>;
}

/** Where requests go and how they are sent; tests pass a base URL of a local server. */
export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

// Gateways answer 502/504 with their own HTML when the backend is down: that is "unavailable".
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** Builds an API client; the default sends same-origin requests with the session cookie. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** Sends one request; its answer, or NetworkError when none came, AppError when refused. */
  async function send(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (cause) {
      throw new NetworkError(cause);
    }
    if (!response.ok) {
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        throw new NetworkError(cause);
      }
      const status = GATEWAY_STATUSES.has(response.status) ? 503 : response.status;
      throw AppError.parse(parseJson(text), status);
    }
    return response;
  }

  return {
    async file<K extends FileRoute>(
      route: K,
      { params, query }: Pick<RequestOptions<K>, 'params' | 'query'> = {},
    ): Promise<Blob> {
      const contract: RouteOf<K> = (await routeTable())[route];
      let url = baseUrl + pathFor(contract.path, params);
      if (query !== undefined) url += toQueryString(query as Record<string, unknown>);
      const response = await send(url, {
        method: contract.method,
        credentials: 'same-origin',
        headers: { Accept: contract.responseTypes.join(', ') },
      });
      try {
        return await response.blob();
      } catch (cause) {
        throw new NetworkError(cause);
      }
    },

    async request<K extends ApiRoute>(
      route: K,
      { params, body, query, headers }: RequestOptions<K> = {},
    ): Promise<ResponseOf<K>> {
      // A start route (no body) goes before the route table has loaded; its answer is checked
      // against the table's schema all the same, once the table is here.
      const table = routeTable();
      // Awaited below; a start route's request may fail first, and the table's failure with it
      // is then not a second, unhandled error.
      table.catch(() => undefined);
      const where: { method: string; path: string } =
        body === undefined && Object.hasOwn(START_ROUTES, route)
          ? START_ROUTES[route as StartRoute]
          : (await table)[route];
      let url = baseUrl + pathFor(where.path, params);
      if (query !== undefined) url += toQueryString(query as Record<string, unknown>);

      // A file's text (a register CSV) goes as it is; everything else as JSON.
      const bodyType =
        body !== undefined && 'bodyType' in where ? (where.bodyType as string) : undefined;
      const init: RequestInit = {
        method: where.method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(body !== undefined
            ? { 'Content-Type': bodyType ? `${bodyType}; charset=utf-8` : 'application/json' }
            : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: bodyType ? String(body) : JSON.stringify(body) } : {}),
      };

      const response = await send(url, init);
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        throw new NetworkError(cause);
      }
      const contract: RouteOf<K> = (await table)[route];
      const parsed = contract.response.safeParse(parseJson(text));
      if (!parsed.success) {
        // A contract drift between backend and console: say so loudly, but show a calm message.
        console.error(`Response of ${route} does not match its schema`, parsed.error.issues);
        throw new AppError('INTERNAL', {
          message: 'The server sent an answer the console cannot read',
        });
      }
      return parsed.data as ResponseOf<K>;
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toQueryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
