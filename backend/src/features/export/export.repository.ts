import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { attachments, caseEvents, cases, reports, users } from '../../db/schema.js';

/** Everything a case export holds, read in the caller's transaction so it is one snapshot. */
export async function findCaseRecord(exec: Executor, caseId: string) {
  const [row] = await exec
    .select({ c: cases, assigneeName: users.displayName })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const reportRows = await exec
    .select()
    .from(reports)
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(reports.receivedAt));
  const eventRows = await exec
    .select({ e: caseEvents, actorName: users.displayName })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.id));
  const attachmentRows = await exec
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.createdAt));
  return {
    case: row.c,
    assigneeName: row.assigneeName,
    reports: reportRows,
    events: eventRows,
    attachments: attachmentRows,
  };
}
