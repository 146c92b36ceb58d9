import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ZChildFile, ZChildList } from '@hutong/shared';
import { keyId } from '../../lib/crypto.js';
import { children, visitPhotos } from '../../db/schema.js';
import { RegionDirectory } from '../regions/region-directory.js';
import { rotateDataKey } from '../privacy/commands/rotate-data-key.js';
import { phoneHash } from '../privacy/reporter-identity.js';
import { startTestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { jpegFile } from '../../../test/files.js';

describe(`the children register across a key rotation (${TEST_DB_KIND})`, () => {
  it("re-encrypts files, guardians, visits and visits' photos, and finds the child by the new keyed hashes", async () => {
    const oldKey = randomBytes(32);
    const jpeg = Buffer.concat([jpegFile(), randomBytes(1024)]);
    const newKey = randomBytes(32);
    const database = await createTestDatabase();
    try {
      const before = await startTestServer({
        database,
        env: { HUTONG_DATA_KEY: oldKey.toString('base64') },
      });
      const director = await before.login('director');
      const child = {
        name: '李小红',
        sex: 'female',
        dateOfBirth: '2016-03-01',
        regionCode: '440117101201',
        categories: ['left_behind'],
        phone: '13900000002',
        guardians: [
          { relation: 'grandparent', name: '李奶奶', phone: '13800000001', livesWithChild: true },
        ],
        notes: '父母在外务工',
      };
      const { body } = await request(before.url, '/api/children', {
        body: child,
        cookie: director,
      });
      const visited = await request(before.url, `/api/children/${body.id}/visits`, {
        body: {
          kind: 'home',
          visitedAt: new Date().toISOString(),
          notes: '家中整洁',
          photos: [{ contentType: 'image/jpeg', dataBase64: jpeg.toString('base64') }],
        },
        cookie: director,
      });
      expect(visited.status).toBe(201);
      await before.stop({ keepDatabase: true });

      const regions = new RegionDirectory(database.db);
      await regions.reload();
      const first = await rotateDataKey(database.db, regions, {
        current: newKey,
        previous: [oldKey],
      });
      expect(first.register).toEqual({
        children: 1,
        guardians: 1,
        visits: 1,
        warnings: 0,
        photos: 1,
      });
      const again = await rotateDataKey(database.db, regions, { current: newKey, previous: [] });
      expect(again.register).toEqual({
        children: 0,
        guardians: 0,
        visits: 0,
        warnings: 0,
        photos: 0,
      });
      const [sealed] = await database.db.select().from(visitPhotos);
      expect(sealed!.data.toString('latin1', 0, 17)).toBe(`encb:v2:${keyId(newKey)}:`);
      const [row] = await database.db.select().from(children);
      expect(row!.name.startsWith(`enc:v2:${keyId(newKey)}:`)).toBe(true);
      expect(row!.phone!.startsWith(`enc:v2:${keyId(newKey)}:`)).toBe(true);
      expect(row!.phoneHash).toBe(phoneHash(newKey, '13900000002'));

      // The old key is gone: the file still reads, and the keyed hashes match under the new one.
      const after = await startTestServer({
        database,
        env: { HUTONG_DATA_KEY: newKey.toString('base64') },
      });
      try {
        const cookie = await after.login('director');
        const file = ZChildFile.parse(
          (await request(after.url, `/api/children/${body.id}`, { cookie })).body,
        );
        expect(file).toMatchObject({
          name: '李小红',
          notes: '父母在外务工',
          phone: '13900000002',
        });
        expect(file.guardians[0]).toMatchObject({ name: '李奶奶', phone: '13800000001' });
        expect(file.visits[0]!.notes).toBe('家中整洁');
        const photo = file.visits[0]!.photos[0]!;
        const read = await fetch(
          `${after.url}/api/children/${body.id}/visits/${file.visits[0]!.id}/photos/${photo.id}`,
          { headers: { cookie } },
        );
        expect(read.status).toBe(200);
        expect(Buffer.from(await read.arrayBuffer()).equals(jpeg)).toBe(true);
        const found = ZChildList.parse(
          (
            await request(after.url, `/api/children?name=${encodeURIComponent('李小红')}`, {
              cookie,
            })
          ).body,
        );
        expect(found.children.map((c) => c.id)).toEqual([body.id]);
        const twice = await request(after.url, '/api/children', { body: child, cookie });
        expect(twice.status).toBe(409);
        expect(twice.body.error.data).toEqual({ childId: body.id });
      } finally {
        await after.stop({ keepDatabase: true });
      }
    } finally {
      await database.close();
    }
  });
});
