import type { TOrgList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { createOrgApiKey, revokeOrgApiKey } from './commands/manage-api-keys.js';
import { createOrg, updateOrg } from './commands/save-org.js';
import { presentOrg } from './orgs.presenter.js';
import { findKeysByOrg, findOrgs } from './orgs.repository.js';

/** `/api/admin/orgs`: reporting organisations for admins — list, create, edit — and their API keys. */
export function orgRoutes(ctx: Context) {
  return {
    listOrgs: async () => {
      const rows = await findOrgs(ctx.db);
      const keys = await findKeysByOrg(ctx.db);
      const body: TOrgList = {
        orgs: rows.map((row) => presentOrg(row, keys.get(row.id) ?? [], ctx.regions)),
      };
      return body;
    },
    createOrg: ({ actor, body }) => createOrg(ctx, actor, body),
    updateOrg: ({ actor, params, body }) => updateOrg(ctx, actor, params.id, body),
    createOrgApiKey: ({ actor, params, body }) => createOrgApiKey(ctx, actor, params.id, body),
    revokeOrgApiKey: ({ actor, params }) => revokeOrgApiKey(ctx, actor, params.id, params.keyId),
  } satisfies RouteHandlers;
}
