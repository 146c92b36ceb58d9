import { and, eq } from 'drizzle-orm';
import {
  AppError,
  JobName,
  QueueName,
  type Channel,
  type TCreateReportParsed,
  type TCreateReportResponse,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { contacts, reports } from '../../../db/schema.js';
import { canonicalJson, sha256 } from '../../../lib/crypto.js';
import { newReference } from '../../../lib/reference.js';
import { outboxJob } from '../../outbox/outbox.js';
import { isUniqueViolation } from '../../../db/errors.js';

export interface CreateReportResult {
  body: TCreateReportResponse;
  /** True when an Idempotency-Key replay returned the first answer. */
  replayed: boolean;
}

/**
 * Stores a report durably: the contact (idempotent on its key), the report and the outbox row
 * that will triage it, in one transaction. Only after commit may the sender be told "received".
 */
export async function createReport(
  ctx: Context,
  input: TCreateReportParsed,
  options: { channel: Extract<Channel, 'web' | 'api'>; idempotencyKey?: string },
): Promise<CreateReportResult> {
  const regionCode = input.location?.regionCode;
  if (regionCode && !ctx.regions.has(regionCode)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The request has invalid fields',
      data: { 'location.regionCode': 'Unknown region code' },
    });
  }
  const requestHash = sha256(canonicalJson(input));
  if (options.idempotencyKey) {
    const earlier = await replay(ctx, options.channel, options.idempotencyKey, requestHash);
    if (earlier) return earlier;
  }

  for (let attempt = 1; ; attempt++) {
    try {
      const body = await ctx.db.transaction(async (tx) => {
        const [contact] = await tx
          .insert(contacts)
          .values({
            channel: options.channel,
            externalId: options.idempotencyKey ?? crypto.randomUUID(),
            requestHash,
          })
          .returning({ id: contacts.id });
        const [report] = await tx
          .insert(reports)
          .values({
            reference: newReference(),
            contactId: contact!.id,
            channel: options.channel,
            reporter: input.reporter,
            children: input.children,
            categories: input.categories,
            immediateDanger: input.immediateDanger,
            regionCode: regionCode ?? null,
            address: input.location?.address || null,
            narrative: input.narrative || null,
            language: input.language,
          })
          .returning({
            id: reports.id,
            reference: reports.reference,
            receivedAt: reports.receivedAt,
          });
        const response: TCreateReportResponse = {
          id: report!.id,
          reference: report!.reference,
          receivedAt: report!.receivedAt.toISOString(),
        };
        await tx.update(contacts).set({ response }).where(eq(contacts.id, contact!.id));
        await outboxJob(tx, {
          queue: QueueName.intake,
          name: JobName.triageReport,
          data: { reportId: report!.id },
          jobId: `triage-${report!.id}`,
        });
        return response;
      });
      ctx.kickOutbox();
      return { body, replayed: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Either the same Idempotency-Key arrived twice at once (answer with the first), or a
      // reference collided (try again with another).
      if (options.idempotencyKey) {
        const earlier = await replay(ctx, options.channel, options.idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      if (attempt >= 5) throw err;
    }
  }
}

async function replay(
  ctx: Context,
  channel: Channel,
  key: string,
  requestHash: string,
): Promise<CreateReportResult | null> {
  const [earlier] = await ctx.db
    .select({ requestHash: contacts.requestHash, response: contacts.response })
    .from(contacts)
    .where(and(eq(contacts.channel, channel), eq(contacts.externalId, key)))
    .limit(1);
  if (!earlier) return null;
  if (earlier.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', {
      message: 'This Idempotency-Key was already used for a different report',
      data: { 'Idempotency-Key': 'Already used with a different body' },
    });
  }
  return { body: earlier.response as TCreateReportResponse, replayed: true };
}
