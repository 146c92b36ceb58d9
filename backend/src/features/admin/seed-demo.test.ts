import { afterEach, describe, expect, it } from 'vitest';
import argon2 from 'argon2';
import { users, regions, centres, reporterOrgs } from '../../db/schema.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import type { Database } from '../../db/client.js';
import { bootstrapAdmin, DEMO_USERS, seedDemo } from './seed-demo.js';

describe(`seeding (${TEST_DB_KIND})`, () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('seeds the demo tree, centres, organisations and users once', async () => {
    database = await createTestDatabase();
    expect(await seedDemo(database.db, 'demo-password-1')).toBe(true);
    expect(await seedDemo(database.db, 'other-password')).toBe(false);
    const levels = new Set((await database.db.select().from(regions)).map((r) => r.level));
    expect([...levels].sort()).toEqual(['city', 'county', 'province', 'township', 'village']);
    expect(await database.db.select().from(centres)).toHaveLength(4);
    expect((await database.db.select().from(reporterOrgs)).map((o) => o.kind).sort()).toEqual([
      'hospital',
      'school',
    ]);
    const seeded = await database.db.select().from(users);
    expect(seeded.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect(seeded.every((u) => u.passwordHash.startsWith('$argon2id$'))).toBe(true);
    expect(await argon2.verify(seeded[0]!.passwordHash, 'demo-password-1')).toBe(true);
  });

  it('creates the first production admin only into an empty users table', async () => {
    database = await createTestDatabase();
    expect(await bootstrapAdmin(database.db, 'a-long-admin-password')).toBe(true);
    expect(await bootstrapAdmin(database.db, 'a-long-admin-password')).toBe(false);
    const rows = await database.db.select().from(users);
    expect(rows.map((u) => [u.username, u.role])).toEqual([['admin', 'admin']]);
  });
});
