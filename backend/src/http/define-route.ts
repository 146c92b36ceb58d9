import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import {
  API,
  AppError,
  ROUTE_ACCESS,
  routeParams,
  type ApiRoute,
  type RouteContract,
} from '@hutong/shared';
import type { Context } from '../context.js';
import { actorOf, requireActor } from '../features/auth/auth.middleware.js';
import type { Actor } from '../features/auth/sessions.js';
import { jsonBody, parse } from './validate.js';

type Contract<K extends ApiRoute> = (typeof API)[K];
type Access<K extends ApiRoute> = (typeof ROUTE_ACCESS)[K];

/** The `:name` segments of a path, as a union of names. */
type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

type Parsed<C, F extends 'body' | 'query' | 'params'> = C extends { [_ in F]: infer S }
  ? S extends z.ZodType
    ? z.output<S>
    : never
  : undefined;

/** What a handler gets: everything already parsed by the route's schemas in the shared table. */
export interface RouteInput<K extends ApiRoute> {
  params: Contract<K> extends { params: z.ZodType }
    ? Parsed<Contract<K>, 'params'>
    : { [N in ParamNames<Contract<K>['path']>]: string };
  query: Parsed<Contract<K>, 'query'>;
  /** A file route's (`bodyType`) body is the bytes as sent. */
  body: Contract<K> extends { bodyType: string } ? Buffer : Parsed<Contract<K>, 'body'>;
  /** The signed-in user; public and partner-key routes find their caller themselves. */
  actor: Access<K> extends 'public' | 'partners.12345' ? undefined : Actor;
  req: Request;
  res: Response;
}

/** The route's answer as the table's response schema types it; `SENT` when the handler sent a file. */
type RouteResult<K extends ApiRoute> = z.input<Contract<K>['response']> | typeof SENT;

type RouteHandler<K extends ApiRoute> = (
  input: RouteInput<K>,
) => Promise<RouteResult<K>> | RouteResult<K>;

/** Per-route options for the few routes that need them. */
interface RouteOptions<K extends ApiRoute> {
  handle: RouteHandler<K>;
  /** Middleware after the access check and before parsing (a rate limit, a partner's key). */
  before?: RequestHandler[];
  /** Usable on a temporary password (signing in, choosing a new one, signing out). */
  duringPasswordChange?: boolean;
  /** No body at all is taken as `{}` (a route whose every field is optional). */
  optionalBody?: boolean;
  /** Bound in demo mode only: in production the path is a plain 404 (the phone simulator). */
  demoOnly?: boolean;
  /** A partner's own field names, mapped to ours before the schema and back in its errors. */
  wire?: {
    in(raw: unknown): unknown;
    errors(data: Record<string, unknown>): Record<string, unknown>;
  };
}

type RouteBinding<K extends ApiRoute> = RouteHandler<K> | RouteOptions<K>;

/** Handlers for some of the table's routes, each typed by its own entry (`satisfies` them). */
export type RouteHandlers = { [K in ApiRoute]?: RouteBinding<K> };

/** The handlers of several features as one object (each part's own types kept). */
type Merged<T extends readonly object[]> = T extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & Merged<Rest>
  : unknown;

/** Several features' handlers as one; a route given two handlers is an error at once. */
export function oneHandlerEach<const T extends readonly RouteHandlers[]>(...parts: T): Merged<T> {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in merged) throw new Error(`The route ${name} has two handlers`);
      merged[name] = handler;
    }
  }
  return merged as Merged<T>;
}

/** Returned by a handler that answered itself (a download). */
export const SENT: unique symbol = Symbol('sent');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path parameters by the entry's `params` schema, else UUIDs; anything else is a plain 404. */
function parseParams(contract: RouteContract, req: Request): Record<string, string> {
  const raw = req.params as Record<string, string>;
  if (contract.params) {
    const result = contract.params.safeParse(raw);
    if (!result.success) throw new AppError('NOT_FOUND', { message: 'Not found' });
    return result.data as Record<string, string>;
  }
  const params: Record<string, string> = {};
  for (const name of routeParams(contract.path)) {
    const value = raw[name];
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new AppError('NOT_FOUND', { message: 'Not found' });
    }
    params[name] = value.toLowerCase();
  }
  return params;
}

function parseBody(contract: RouteContract, req: Request, options: RouteOptions<ApiRoute>) {
  if (!contract.body) return undefined;
  const { wire } = options;
  if (contract.bodyType) {
    // A file as it came (parsed as raw bytes in app.ts): decoded and checked by the command.
    if (!req.is(contract.bodyType) || !Buffer.isBuffer(req.body)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
        message: `Send the body as ${contract.bodyType}`,
      });
    }
    return req.body;
  }
  // Express leaves `req.body` undefined when no body was parsed (none sent, or not JSON).
  const raw = options.optionalBody && req.body === undefined ? {} : jsonBody(req);
  if (!wire) return parse(contract.body, raw, 'body');
  try {
    return parse(contract.body, wire.in(raw), 'body');
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.data) {
      throw new AppError(err.code, { message: err.message, data: wire.errors(err.data) });
    }
    throw err;
  }
}

/** Literal segments sort before `:params`, so `/cases/search` is tried before `/cases/:id`. */
function specificity(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '1' : '0'))
    .join('');
}

function optionsOf(binding: RouteBinding<ApiRoute>): RouteOptions<ApiRoute> {
  return typeof binding === 'function' ? { handle: binding } : binding;
}

function bind(ctx: Context, name: ApiRoute, binding: RouteBinding<ApiRoute>): RequestHandler[] {
  const contract: RouteContract = API[name];
  const access = ROUTE_ACCESS[name];
  const options = optionsOf(binding);
  const guards: RequestHandler[] = [];
  // Partner routes authenticate the partner's key in their handler; no console role holds them.
  if (access !== 'public' && access !== 'partners.12345') {
    guards.push(
      requireActor(ctx, access === 'signed_in' ? undefined : access, {
        duringPasswordChange: options.duringPasswordChange ?? false,
      }),
    );
  }
  const needsActor = guards.length > 0;
  const handler: RequestHandler = async (req, res) => {
    const input = {
      params: parseParams(contract, req),
      query: contract.query ? parse(contract.query, req.query, 'query') : undefined,
      body: parseBody(contract, req, options),
      actor: needsActor ? actorOf(req) : undefined,
      req,
      res,
    };
    if (contract.status) res.status(contract.status);
    const result = await options.handle(input as never);
    if (result !== SENT) res.json(result);
  };
  return [...guards, ...(options.before ?? []), handler];
}

/**
 * One router for the table's routes (mounted at `/api`), each bound from its
 * entry in `API` and `ROUTE_ACCESS`: the access rule, then params, query and body parsed by the
 * entry's schemas (404 for a malformed id, 400 naming the field), then the handler.
 */
export function bindRoutes(ctx: Context, handlers: RouteHandlers): Router {
  const router = Router();
  const names = (Object.keys(handlers) as ApiRoute[])
    .filter(
      (name) =>
        !(ctx.config.production && optionsOf(handlers[name] as RouteBinding<ApiRoute>).demoOnly),
    )
    .sort((a, b) => specificity(API[a].path).localeCompare(specificity(API[b].path)));
  for (const name of names) {
    const contract: RouteContract = API[name];
    const method = contract.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    // Mounted under `/api`, which Express strips from the path it matches.
    router[method](
      contract.path.slice('/api'.length),
      ...bind(ctx, name, handlers[name] as RouteBinding<ApiRoute>),
    );
  }
  return router;
}
