import { randomUUID } from 'node:crypto';
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
import type { Executor } from '../../../db/client.js';
import { contacts, reports } from '../../../db/schema.js';
import { canonicalJson, decryptText, encryptText, sha256 } from '../../../lib/crypto.js';
import { newReference } from '../../../lib/reference.js';
import { outboxJob } from '../../outbox/outbox.js';
import { sealReporter, type SealedReporter } from '../../privacy/reporter-identity.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { lookupCodeHash, newLookupCode } from '../../dispatch/lookup-code.js';

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
      // Reporter identity is encrypted before it reaches the database (DESIGN: privacy at rest).
      const sealed = sealReporter(ctx.config.dataKey, input.reporter);
      const lookupCode = newLookupCode();
      const body = await ctx.db.transaction((tx) =>
        insertReport(tx, input, {
          channel: options.channel,
          externalId: options.idempotencyKey ?? randomUUID(),
          requestHash,
          reporter: sealed.reporter,
          ...(sealed.phoneHash ? { reporterPhoneHash: sealed.phoneHash } : {}),
          lookupCode,
          lookupCodeSealed: encryptText(ctx.config.dataKey, lookupCode),
        }),
      );
      ctx.kickOutbox();
      return { body: { ...body, lookupCode }, replayed: false };
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

/**
 * The durable core of intake, in the caller's transaction: the contact (unique per channel and
 * external id), the report, and the outbox row that will triage it. Voice and SMS intake call
 * it inside their own transactions so a call or conversation and its report commit together.
 */
export async function insertReport(
  tx: Executor,
  input: TCreateReportParsed,
  options: {
    channel: Channel;
    externalId: string;
    requestHash?: string;
    /** The reporter as stored (identity fields sealed with sealReporter). */
    reporter: SealedReporter;
    /** Keyed hash of the reporter's phone number (voice and SMS), for lookup without decrypting. */
    reporterPhoneHash?: string;
    /** The reporter's status-lookup code; only its digest is stored with the report. */
    lookupCode?: string;
    /** The code encrypted, kept with the stored answer so a replayed request gets it too. */
    lookupCodeSealed?: string;
  },
): Promise<TCreateReportResponse> {
  const regionCode = input.location?.regionCode;
  // Ids and time are made here so the contact can carry its answer from the first insert
  // (one round trip fewer than insert-then-update, on the hottest path there is).
  const contactId = randomUUID();
  const reportId = randomUUID();
  const reference = newReference();
  const receivedAt = new Date();
  const response: TCreateReportResponse = {
    id: reportId,
    reference,
    receivedAt: receivedAt.toISOString(),
  };
  const stored = options.lookupCodeSealed
    ? { ...response, lookupCodeSealed: options.lookupCodeSealed }
    : response;
  await tx.insert(contacts).values({
    id: contactId,
    channel: options.channel,
    externalId: options.externalId,
    requestHash: options.requestHash ?? null,
    response: stored,
    receivedAt,
  });
  await tx.insert(reports).values({
    id: reportId,
    reference,
    lookupCodeHash: options.lookupCode ? lookupCodeHash(reference, options.lookupCode) : null,
    contactId,
    channel: options.channel,
    reporter: options.reporter,
    reporterPhoneHash: options.reporterPhoneHash ?? null,
    children: input.children,
    categories: input.categories,
    immediateDanger: input.immediateDanger,
    regionCode: regionCode ?? null,
    address: input.location?.address || null,
    narrative: input.narrative || null,
    language: input.language,
    receivedAt,
  });
  await outboxJob(tx, {
    queue: QueueName.intake,
    name: JobName.triageReport,
    data: { reportId },
    jobId: `triage-${reportId}`,
  });
  return response;
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
  const { lookupCodeSealed, ...body } = earlier.response as TCreateReportResponse & {
    lookupCodeSealed?: string;
  };
  // The first answer may never have arrived: a replay carries the same lookup code.
  const keys = [ctx.config.dataKey, ...ctx.config.previousDataKeys];
  return {
    body: lookupCodeSealed ? { ...body, lookupCode: decryptText(keys, lookupCodeSealed) } : body,
    replayed: true,
  };
}
