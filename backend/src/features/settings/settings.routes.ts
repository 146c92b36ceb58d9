import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { updateDispatchSettings } from './commands/update-dispatch-settings.js';
import { presentDispatchSettings } from './settings.repository.js';

/** `/api/admin/settings`: administrators' settings (the referral acknowledgement deadlines). */
export function settingsRoutes(ctx: Context) {
  return {
    getDispatchSettings: () => presentDispatchSettings(ctx.db),
    updateDispatchSettings: ({ actor, body }) => updateDispatchSettings(ctx, actor, body),
  } satisfies RouteHandlers;
}
