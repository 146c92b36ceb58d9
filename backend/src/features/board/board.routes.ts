import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { readBoard } from './commands/read-board.js';

/** `GET /api/board`: the supervisors' duty board (counts and references, no personal data). */
export function boardRoutes(ctx: Context) {
  return { dutyBoard: () => readBoard(ctx) } satisfies RouteHandlers;
}
