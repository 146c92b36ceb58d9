import { randomUUID } from 'node:crypto';
import { and, eq, sql, type Query } from 'drizzle-orm';
import { PgDialect, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
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
import { contacts, outbox, reports } from '../../../db/schema.js';
import { canonicalJson, decryptText, encryptText, sha256 } from '../../../lib/crypto.js';
import { newReference } from '../../../lib/reference.js';
import { DIRECT, type OutboxJob } from '../../outbox/outbox.js';
import { sealReporter, type SealedReporter } from '../../privacy/reporter-identity.js';
import { reportSearchTokens, sealChildren, sealText } from '../../privacy/case-content.js';
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
  options: {
    channel: Extract<Channel, 'web' | 'api' | '12345' | 'monitoring'>;
    idempotencyKey?: string;
    submitter?: Submitter;
  },
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
      // One statement, atomic on its own: no transaction round trips (see writeReport).
      const written = await writeReport(ctx.db, input, {
        dataKey: ctx.config.dataKey,
        channel: options.channel,
        externalId: options.idempotencyKey ?? randomUUID(),
        requestHash,
        reporter: sealed.reporter,
        ...(sealed.phoneHash ? { reporterPhoneHash: sealed.phoneHash } : {}),
        lookupCode,
        lookupCodeSealed: encryptText(ctx.config.dataKey, lookupCode),
        ...(options.submitter ? { submitter: options.submitter } : {}),
        direct: true,
      });
      // The triage job goes to the queue now, from memory; the outbox row is the safety net.
      ctx.kickOutbox({ outboxIds: [written.outboxId], jobs: [written.job], broadcasts: [] });
      return { body: { ...written.response, lookupCode }, replayed: false };
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
  options: InsertReportOptions,
): Promise<TCreateReportResponse> {
  return (await writeReport(tx, input, options)).response;
}

type InsertReportOptions = {
  /** Encrypts the children's names, the address and the narrative (HUTONG_DATA_KEY). */
  dataKey: Buffer;
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
  /** A reporter or partner key at an organisation made it: the organisation follows its status. */
  submitter?: Submitter;
};

/**
 * The organisation a report is filed for, so it can follow it: a signed-in reporter's (web), or
 * a partner key's (api, no user: `userId` null).
 */
export interface Submitter {
  userId: string | null;
  orgId: string;
}

/**
 * insertReport's three rows written in one statement (one round trip; atomic by itself, so
 * the web intake needs no transaction around it). With `direct`, the caller publishes the
 * triage job itself right after (a DIRECT outbox row, see OutboxRelay.publishCommitted).
 */
async function writeReport(
  tx: Executor,
  input: TCreateReportParsed,
  options: InsertReportOptions & { direct?: boolean },
): Promise<{ response: TCreateReportResponse; outboxId: number; job: OutboxJob }> {
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
  const address = input.location?.address || null;
  const job: OutboxJob = {
    queue: QueueName.intake,
    name: JobName.triageReport,
    data: { reportId },
    jobId: `triage-${reportId}`,
  };
  // Encrypted in memory, before the one statement: no extra round trip on the intake path.
  const values: Record<WriteReportValue, unknown> = {
    contactId,
    channel: options.channel,
    externalId: options.externalId,
    requestHash: options.requestHash ?? null,
    response: stored,
    receivedAt,
    reportId,
    reference,
    lookupCodeHash: options.lookupCode ? lookupCodeHash(reference, options.lookupCode) : null,
    reporter: options.reporter,
    reporterPhoneHash: options.reporterPhoneHash ?? null,
    children: sealChildren(options.dataKey, input.children),
    searchTokens: reportSearchTokens(options.dataKey, { children: input.children, address }),
    categories: input.categories,
    immediateDanger: input.immediateDanger,
    regionCode: regionCode ?? null,
    address: sealText(options.dataKey, address),
    narrative: sealText(options.dataKey, input.narrative),
    language: input.language,
    // Kept for SMS and phone reporters, so the code can be read out again; a web or API reporter
    // had it in the response (the contact's stored answer keeps it for replays only).
    lookupCodeSealed:
      options.channel === 'sms' || options.channel === 'voice'
        ? (options.lookupCodeSealed ?? null)
        : null,
    resolutionSmsConsent: input.notifyWhenResolved === true,
    orgId: options.submitter?.orgId ?? null,
    submittedBy: options.submitter?.userId ?? null,
    payload: options.direct ? { ...job, [DIRECT]: true } : { ...job },
  };
  // Named: a PostgreSQL server parses and plans it once per connection, then only binds it.
  const result: unknown = await tx._.session
    .prepareQuery<PreparedQueryConfig>(
      writeReportQuery(tx),
      undefined,
      'hutong_write_report',
      false,
    )
    .execute(values);
  // node-postgres and PGlite both answer { rows }; a bigserial id may come as a string.
  const outboxId = Number((result as { rows: { id: string | number }[] }).rows[0]!.id);
  return { response, outboxId, job };
}

/** The values writeReport's statement takes, by placeholder name. */
type WriteReportValue =
  | 'contactId'
  | 'channel'
  | 'externalId'
  | 'requestHash'
  | 'response'
  | 'receivedAt'
  | 'reportId'
  | 'reference'
  | 'lookupCodeHash'
  | 'reporter'
  | 'reporterPhoneHash'
  | 'children'
  | 'searchTokens'
  | 'categories'
  | 'immediateDanger'
  | 'regionCode'
  | 'address'
  | 'narrative'
  | 'language'
  | 'lookupCodeSealed'
  | 'resolutionSmsConsent'
  | 'orgId'
  | 'submittedBy'
  | 'payload';

let writeReportStatement: Query | undefined;

/**
 * writeReport's statement, built by drizzle once with placeholders and reused: built per report,
 * drizzle's query builders were the intake's largest cost of its own (9.5 % of the API process's
 * CPU in `npm run bench -- --intake-only --profile`). Each value still goes through its column's
 * encoder (JSON, arrays, timestamps) when the placeholders are filled; every value written is a
 * placeholder, so a null stays SQL NULL only in columns whose encoder passes it through (text and
 * uuid: all the nullable ones here, checked by create-report.test.ts).
 */
function writeReportQuery(tx: Executor): Query {
  if (writeReportStatement) return writeReportStatement;
  const p = (name: WriteReportValue) => sql.placeholder(name);
  // Built on the first executor to come (never run on it: only the SQL is taken, the same for all).
  const insertContact = tx.insert(contacts).values({
    id: p('contactId'),
    channel: p('channel'),
    externalId: p('externalId'),
    requestHash: p('requestHash'),
    response: p('response'),
    receivedAt: p('receivedAt'),
  });
  const insertReportRow = tx.insert(reports).values({
    id: p('reportId'),
    reference: p('reference'),
    lookupCodeHash: p('lookupCodeHash'),
    contactId: p('contactId'),
    channel: p('channel'),
    reporter: p('reporter'),
    reporterPhoneHash: p('reporterPhoneHash'),
    children: p('children'),
    searchTokens: p('searchTokens'),
    categories: p('categories'),
    immediateDanger: p('immediateDanger'),
    regionCode: p('regionCode'),
    address: p('address'),
    narrative: p('narrative'),
    language: p('language'),
    receivedAt: p('receivedAt'),
    lookupCodeSealed: p('lookupCodeSealed'),
    resolutionSmsConsent: p('resolutionSmsConsent'),
    orgId: p('orgId'),
    submittedBy: p('submittedBy'),
  });
  const insertJob = tx
    .insert(outbox)
    .values({ topic: 'job', payload: p('payload') })
    .returning({ id: outbox.id });
  // getSQL(): embedded as they are, query builders would be parenthesised like subqueries.
  // Foreign keys (report → contact) are checked at the end of the statement.
  writeReportStatement = new PgDialect().sqlToQuery(sql`
    with c as (${insertContact.getSQL()}), r as (${insertReportRow.getSQL()})
    ${insertJob.getSQL()}`);
  return writeReportStatement;
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
