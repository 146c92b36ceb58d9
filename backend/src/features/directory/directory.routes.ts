import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { caseContactHistory, contactHistory } from './commands/contact-history.js';
import { readDirectory } from './commands/read-directory.js';
import { createDirectoryEntry, updateDirectoryEntry } from './commands/save-directory-entry.js';

/**
 * The directory of centres, police and offices by area (operators; entries kept by admins), and
 * the contact history by phone or case (operators, supervisors).
 */
export function directoryRoutes(ctx: Context) {
  return {
    directory: ({ query }) => readDirectory(ctx, query),
    createDirectoryEntry: ({ actor, body }) => createDirectoryEntry(ctx, actor, body),
    updateDirectoryEntry: ({ actor, params, body }) =>
      updateDirectoryEntry(ctx, actor, params.id, body),
    contactHistory: ({ actor, body }) => contactHistory(ctx, actor, body.phone),
    caseContactHistory: ({ actor, params }) => caseContactHistory(ctx, actor, params.id),
  } satisfies RouteHandlers;
}
