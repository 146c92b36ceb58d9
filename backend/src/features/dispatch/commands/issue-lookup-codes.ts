import { and, eq, inArray } from 'drizzle-orm';
import type { TLookupCodes } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { reports } from '../../../db/schema.js';
import { decryptText, encryptText } from '../../../lib/crypto.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { lockCase, requireHolder } from '../../cases/case-guard.js';
import { lookupCodeHash, newLookupCode } from '../lookup-code.js';

/**
 * `POST /api/cases/:id/lookup-codes` (the case's holder, supervisors): the status lookup codes of the
 * case's phone and SMS reports, so the operator can read one to a caller. A call's report gets
 * its code here the first time (its reporter never saw a form); later requests give the same one.
 * Web and API reporters were given theirs at submission and are not shown. Audited.
 */
export async function issueLookupCodes(
  ctx: Context,
  actor: Actor,
  caseId: string,
): Promise<TLookupCodes> {
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  return ctx.db.transaction(async (tx) => {
    requireHolder(actor, await lockCase(tx, caseId));
    const rows = await tx
      .select({
        id: reports.id,
        reference: reports.reference,
        channel: reports.channel,
        sealed: reports.lookupCodeSealed,
        hash: reports.lookupCodeHash,
      })
      .from(reports)
      .where(and(eq(reports.caseId, caseId), inArray(reports.channel, ['voice', 'sms'])))
      .orderBy(reports.receivedAt)
      .for('update');
    const codes: TLookupCodes['codes'] = [];
    for (const row of rows) {
      let code: string;
      if (row.sealed) {
        code = decryptText(keys, row.sealed);
      } else if (row.hash) {
        continue;
      } else {
        code = newLookupCode();
        await tx
          .update(reports)
          .set({
            lookupCodeHash: lookupCodeHash(row.reference, code),
            lookupCodeSealed: encryptText(ctx.config.dataKey, code),
          })
          .where(eq(reports.id, row.id));
      }
      codes.push({
        reportId: row.id,
        reference: row.reference,
        channel: row.channel === 'sms' ? 'sms' : 'voice',
        lookupCode: code,
      });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.lookup_codes_read',
      entityType: 'case',
      entityId: caseId,
      caseId,
      data: { reportIds: codes.map((c) => c.reportId) },
    });
    return { codes };
  });
}
