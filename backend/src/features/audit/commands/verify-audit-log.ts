import { AppError, can, type TAuditChainReport } from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../audit.repository.js';
import { verifyAuditChain } from '../audit-chain.js';

/**
 * `GET /api/admin/audit/verify` (admins): walks the audit log's hash chain, as
 * `npm run verify-audit` does, and records that it was checked and what was found.
 */
export async function verifyAuditLog(
  ctx: Context,
  actor: Actor,
  query: { anchor?: string | undefined },
): Promise<TAuditChainReport> {
  if (!can(actor.role, 'audit.verify')) {
    throw new AppError('FORBIDDEN', { message: 'Your role may not do this' });
  }
  const { anchor } = query;
  const [id, hash] = anchor ? anchor.split(':') : [];
  const report = await verifyAuditChain(
    ctx.db,
    id && hash ? { anchor: { id: Number(id), hash } } : {},
  );
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'audit.verified',
    entityType: 'audit_log',
    data: report.ok
      ? { ok: true, rows: report.rows, headId: report.head?.id ?? null, anchored: !!anchor }
      : {
          ok: false,
          rows: report.rows,
          brokenId: report.broken.id,
          problem: report.broken.problem,
        },
  });
  return report.ok
    ? { ok: true, rows: report.rows, head: report.head, broken: null }
    : { ok: false, rows: report.rows, head: null, broken: report.broken };
}
