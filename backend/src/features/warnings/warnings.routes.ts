import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { acknowledgeWarning, dismissWarning, escalateWarning } from './commands/act-on-warning.js';
import { listWarnings } from './commands/list-warnings.js';

/**
 * `/api/warnings`: early warnings on the children's register. The permission gates the role
 * (from the table); whose warnings (the region's subtree, or all for supervisors) is checked in
 * the commands.
 */
export function warningsRoutes(ctx: Context) {
  return {
    listWarnings: ({ actor, query }) => listWarnings(ctx, actor, query),
    acknowledgeWarning: ({ actor, params }) => acknowledgeWarning(ctx, actor, params.id),
    dismissWarning: ({ actor, params, body }) => dismissWarning(ctx, actor, params.id, body.reason),
    escalateWarning: ({ actor, params }) => escalateWarning(ctx, actor, params.id),
  } satisfies RouteHandlers;
}
