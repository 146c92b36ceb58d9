import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { TCreateReportParsed } from '@hutong/shared';
import { contacts, outbox, reporterOrgs, reports, users } from '../../../db/schema.js';
import type { Database, Executor } from '../../../db/client.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../../test/db.js';
import { seedDemo } from '../../admin/seed-demo.js';
import { registerDataKeys, sealReporter } from '../../privacy/reporter-identity.js';
import { openChildren, openText } from '../../privacy/case-content.js';

import { insertReport } from './create-report.js';

/**
 * insertReport's statement is built once with placeholders and reused (create-report.ts): every
 * column it writes must come out as the builders wrote it, nulls as SQL NULL, JSON as JSON, the
 * categories as a text array — on the database itself, in a transaction and out of one, and the
 * same statement again and again on one connection.
 */
describe(`insertReport's one statement (${TEST_DB_KIND})`, () => {
  let database: Database;
  const dataKey = randomBytes(32);
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db, 'demo-password-1');
    registerDataKeys([dataKey]);
    const [org] = await database.db.select({ id: reporterOrgs.id }).from(reporterOrgs).limit(1);
    const [user] = await database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'reporter'));
    orgId = org!.id;
    userId = user!.id;
  });
  afterAll(() => database.close());

  /** The row as PostgreSQL holds it: which columns are NULL, and JSON and arrays as stored. */
  const stored = async (reportId: string) => {
    const result = await database.db.execute(sql`
      select r.request_hash_null, r.*
      from (
        select c.request_hash is null as request_hash_null, c.request_hash, c.channel as contact_channel,
          c.external_id, jsonb_typeof(c.response) as response_type, c.response, c.payload is null as payload_null,
          c.received_at = rp.received_at as same_time,
          rp.lookup_code_hash is null as lookup_code_hash_null,
          rp.reporter_phone_hash is null as reporter_phone_hash_null,
          rp.region_code, rp.address is null as address_null, rp.narrative is null as narrative_null,
          rp.lookup_code_sealed is null as lookup_code_sealed_null,
          rp.org_id, rp.submitted_by, rp.case_id is null as case_null, rp.triaged_at is null as triaged_null,
          array_length(rp.categories, 1) as categories_length, rp.categories::text as categories_text,
          jsonb_typeof(rp.children) as children_type, jsonb_typeof(rp.reporter) as reporter_type,
          rp.immediate_danger, rp.resolution_sms_consent, rp.language
        from reports rp join contacts c on c.id = rp.contact_id
        where rp.id = ${reportId}
      ) r`);
    return (result as { rows: Record<string, unknown>[] }).rows[0]!;
  };

  const bare: TCreateReportParsed = {
    reporter: { type: 'anonymous' },
    children: [{}],
    categories: ['bullying'],
    immediateDanger: false,
    language: 'zh-CN',
  };
  const full: TCreateReportParsed = {
    reporter: { type: 'person', name: '王老师', phone: '+8613800138000' },
    children: [{ name: '小明', sex: 'male', age: 9 }],
    categories: ['violence_injury', 'abandonment_or_no_care'],
    immediateDanger: true,
    location: { regionCode: '440106001001', address: '五山路1号' },
    narrative: '手臂上有淤青',
    language: 'en',
    notifyWhenResolved: true,
  };

  it('writes nulls as SQL NULL when nothing optional is given', async () => {
    const answer = await insertReport(database.db, bare, {
      dataKey,
      channel: 'web',
      externalId: 'bare-1',
      reporter: sealReporter(dataKey, bare.reporter).reporter,
    });
    expect(await stored(answer.id)).toMatchObject({
      request_hash_null: true,
      contact_channel: 'web',
      external_id: 'bare-1',
      response_type: 'object',
      payload_null: true,
      same_time: true,
      lookup_code_hash_null: true,
      reporter_phone_hash_null: true,
      region_code: null,
      address_null: true,
      narrative_null: true,
      lookup_code_sealed_null: true,
      org_id: null,
      submitted_by: null,
      case_null: true,
      triaged_null: true,
      categories_length: 1,
      categories_text: '{bullying}',
      children_type: 'array',
      reporter_type: 'object',
      immediate_danger: false,
      resolution_sms_consent: false,
      language: 'zh-CN',
    });
  });

  it('writes every optional value, sealed where it is personal, in a transaction and out of one', async () => {
    const sealed = sealReporter(dataKey, full.reporter);
    const write = (exec: Executor, externalId: string) =>
      insertReport(exec, full, {
        dataKey,
        channel: 'sms',
        externalId,
        requestHash: 'a'.repeat(64),
        reporter: sealed.reporter,
        reporterPhoneHash: sealed.phoneHash!,
        lookupCode: '123456',
        lookupCodeSealed: 'sealed-code',
        submitter: { orgId, userId },
      });
    const outside = await write(database.db, 'full-1');
    const inside = await database.db.transaction((tx) => write(tx, 'full-2'));
    for (const answer of [outside, inside]) {
      expect(await stored(answer.id)).toMatchObject({
        request_hash_null: false,
        request_hash: 'a'.repeat(64),
        contact_channel: 'sms',
        response_type: 'object',
        same_time: true,
        lookup_code_hash_null: false,
        reporter_phone_hash_null: false,
        region_code: '440106001001',
        address_null: false,
        narrative_null: false,
        lookup_code_sealed_null: false,
        org_id: orgId,
        submitted_by: userId,
        categories_length: 2,
        categories_text: '{violence_injury,abandonment_or_no_care}',
        immediate_danger: true,
        resolution_sms_consent: true,
        language: 'en',
      });
      const [row] = await database.db.select().from(reports).where(eq(reports.id, answer.id));
      expect(openChildren(row!.children)).toEqual([{ name: '小明', sex: 'male', age: 9 }]);
      expect(openText(row!.address)).toBe('五山路1号');
      expect(openText(row!.narrative)).toBe('手臂上有淤青');
      expect(row!.lookupCodeSealed).toBe('sealed-code');
      expect(row!.receivedAt.toISOString()).toBe(answer.receivedAt);
      const [contact] = await database.db
        .select()
        .from(contacts)
        .where(eq(contacts.id, row!.contactId));
      // The stored answer, for a replay: the answer given, with the sealed code.
      expect(contact!.response).toEqual({ ...answer, lookupCodeSealed: 'sealed-code' });
      const jobs = await database.db.select().from(outbox).where(eq(outbox.topic, 'job'));
      const job = jobs.find((j) => j.payload.jobId === `triage-${answer.id}`);
      expect(job?.payload).toMatchObject({ data: { reportId: answer.id } });
      expect(job?.publishedAt).toBeNull();
    }
  });

  it('runs the same statement many times over, side by side, each report once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        insertReport(database.db, i % 2 ? full : bare, {
          dataKey,
          channel: 'web',
          externalId: `many-${i}`,
          reporter: sealReporter(dataKey, (i % 2 ? full : bare).reporter).reporter,
        }),
      ),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(30);
    const counted = await database.db.execute(
      sql`select count(*)::int as n from contacts where external_id like 'many-%'`,
    );
    expect((counted as { rows: { n: number }[] }).rows[0]!.n).toBe(30);
    for (const [i, answer] of answers.entries()) {
      expect((await stored(answer.id)).region_code).toBe(i % 2 ? '440106001001' : null);
    }
  });
});
