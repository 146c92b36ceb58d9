import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  VISIT_PHOTO_MAX_BYTES,
  ZChildFile,
  ZVisitRecorded,
  type Role,
  type TCreateChild,
} from '@hutong/shared';
import { auditLog, childReportLinks, childVisits, users, visitPhotos } from '../../db/schema.js';
import { decryptBytes } from '../../lib/crypto.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { fileReport } from '../../../test/cases.js';
import { jpegFile, pdfFile, pngFile } from '../../../test/files.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const CHILD_NAME = '周小雨';
const NOTES = '右臂有淤青，家中无人';

/** A JPEG with content of its own: its bytes can be looked for in what is stored. */
const photo = (size = 4096) =>
  Buffer.concat([jpegFile().subarray(0, -2), randomBytes(size), Buffer.from('ffd9', 'hex')]);
const upload = (data: Buffer, contentType = 'image/jpeg') => ({
  contentType,
  dataBase64: data.toString('base64'),
});

describe(`photos on visits (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let director: string;
  let childId: string;
  const logs = captureLogs();

  async function account(username: string, role: Role, regionCode: string): Promise<string> {
    await server.database.db.insert(users).values({
      username,
      displayName: username,
      role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      regionCode,
    });
    return server.login(username);
  }
  const register = async (name: string): Promise<string> => {
    const child: TCreateChild = {
      name,
      sex: 'female',
      dateOfBirth: '2015-04-01',
      regionCode: SHINAN,
      categories: ['left_behind'],
    };
    const res = await request(server.url, '/api/children', { body: child, cookie: director });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const visit = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    request(server.url, `/api/children/${id}/visits`, {
      body: { kind: 'home', visitedAt: new Date().toISOString(), notes: NOTES, ...body },
      cookie: director,
      headers,
    });
  const photosOf = (id: string) =>
    server.database.db.select().from(visitPhotos).where(eq(visitPhotos.childId, id));
  const visitsOf = (id: string) =>
    server.database.db.select().from(childVisits).where(eq(childVisits.childId, id));
  /** The photo as its reader gets it: status, headers and the bytes. */
  const readPhoto = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    return {
      status: res.status,
      headers: res.headers,
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    director = await server.login('director');
    childId = await register(CHILD_NAME);
  });
  afterAll(() => server?.stop());

  it('records a visit with two photos: listed on the answer and the file, sealed at rest', async () => {
    const jpeg = photo();
    const png = pngFile();
    const res = await visit(childId, { photos: [upload(jpeg), upload(png, 'image/png')] });
    expect(res.status).toBe(201);
    const recorded = ZVisitRecorded.parse(res.body);
    expect(recorded.visit.photos).toEqual([
      { id: expect.any(String), contentType: 'image/jpeg', size: jpeg.length },
      { id: expect.any(String), contentType: 'image/png', size: png.length },
    ]);
    const file = ZChildFile.parse(
      (await request(server.url, `/api/children/${childId}`, { cookie: director })).body,
    );
    expect(file.visits[0]!.photos).toEqual(recorded.visit.photos);
    // The file lists them, never their bytes.
    expect(JSON.stringify(file)).not.toContain(jpeg.toString('base64').slice(0, 40));

    const rows = await photosOf(childId);
    expect(rows).toHaveLength(2);
    const stored = rows.find((r) => r.id === recorded.visit.photos[0]!.id)!;
    expect(stored).toMatchObject({ visitId: recorded.visit.id, position: 0, size: jpeg.length });
    // At rest the bytes are not the JPEG: no JPEG start, no run of the image anywhere within.
    expect(stored.data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    for (let at = 0; at + 32 <= jpeg.length; at += 512) {
      expect(stored.data.includes(jpeg.subarray(at, at + 32))).toBe(false);
    }
    expect(decryptBytes([server.hutong.ctx.config.dataKey], stored.data).equals(jpeg)).toBe(true);

    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'child.visited'), eq(auditLog.entityId, childId)));
    expect(audit!.data).toMatchObject({ visitId: recorded.visit.id, photos: 2 });
  });

  it('stores the photos once when the visit is sent again with its Idempotency-Key', async () => {
    const id = await register('孙小明');
    const body = {
      visitedAt: new Date().toISOString(),
      photos: [upload(photo()), upload(photo())],
    };
    const key = randomUUID();
    const [a, b] = await Promise.all([
      visit(id, body, { 'idempotency-key': key }),
      visit(id, body, { 'idempotency-key': key }),
    ]);
    const c = await visit(id, body, { 'idempotency-key': key });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    expect(c.body.visit).toEqual(a.body.visit);
    expect(b.body.visit).toEqual(a.body.visit);
    expect(await visitsOf(id)).toHaveLength(1);
    expect((await photosOf(id)).map((p) => p.id).sort()).toEqual(
      (a.body.visit.photos as { id: string }[]).map((p) => p.id).sort(),
    );
  });

  it('refuses a bad photo with 400 naming its field, and stores nothing of the visit', async () => {
    const id = await register('钱小花');
    const oversize = Buffer.concat([photo(), Buffer.alloc(VISIT_PHOTO_MAX_BYTES)]);
    const cases: [string, unknown[], string][] = [
      ['a GIF', [upload(Buffer.from('GIF89a'), 'image/gif')], 'photos.0.contentType'],
      ['a PDF said to be a JPEG', [upload(photo()), upload(pdfFile())], 'photos.1.dataBase64'],
      ['a PNG said to be a WebP', [upload(pngFile(), 'image/webp')], 'photos.0.dataBase64'],
      ['five photos', Array.from({ length: 5 }, () => upload(photo(16))), 'photos'],
      ['a photo over 1 MB', [upload(oversize)], 'photos.0.dataBase64'],
      [
        'text that is not base64',
        [{ contentType: 'image/jpeg', dataBase64: '$$$$' }],
        'photos.0.dataBase64',
      ],
    ];
    for (const [what, photos, field] of cases) {
      const res = await visit(id, { photos });
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.data), what).toEqual([field]);
    }
    expect(await visitsOf(id)).toEqual([]);
    expect(await photosOf(id)).toEqual([]);
  });

  it('takes four photos of 1 MB each on this route only; the public intake keeps its small limit', async () => {
    const id = await register('吴小兰');
    const full = () => {
      const start = photo(16);
      return Buffer.concat([start, randomBytes(VISIT_PHOTO_MAX_BYTES - start.length)]);
    };
    const four = Array.from({ length: 4 }, () => upload(full()));
    const res = await visit(id, { photos: four });
    expect(res.status).toBe(201);
    expect((await photosOf(id)).map((p) => p.size)).toEqual(Array(4).fill(VISIT_PHOTO_MAX_BYTES));

    const report = await request(server.url, '/api/reports', {
      body: { narrative: 'x'.repeat(300 * 1024) },
    });
    expect(report.status).toBe(413);
    expect(report.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets whoever reads the file read its photos, marked private and inline; audited by ids', async () => {
    const id = await register('郑小军');
    const jpeg = photo();
    const { body } = await visit(id, { photos: [upload(jpeg)] });
    const photoId = body.visit.photos[0].id as string;
    const path = `/api/children/${id}/visits/${body.visit.id}/photos/${photoId}`;

    for (const who of ['director', 'township', 'supervisor']) {
      const got = await readPhoto(path, await server.login(who));
      expect(got.status, who).toBe(200);
      expect(got.bytes.equals(jpeg), who).toBe(true);
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      expect(got.headers.get('cache-control')).toBe('private, no-store');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-disposition')).toBe('inline');
    }

    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'director'));
    const reads = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'child.photo_read'), eq(auditLog.entityId, photoId)));
    expect(reads).toHaveLength(3);
    expect(reads.find((r) => r.actorId === row!.id)).toMatchObject({
      entityType: 'visit_photo',
      caseId: null,
      data: { childId: id, visitId: body.visit.id },
    });
    expect(JSON.stringify(reads)).not.toContain('郑小军');
  });

  it("refuses another village's director and an operator with no linked case; another child's photo id is 404", async () => {
    const id = await register('冯小亮');
    const { body } = await visit(id, { photos: [upload(photo())] });
    const visitId = body.visit.id as string;
    const photoId = body.visit.photos[0].id as string;
    const path = `/api/children/${id}/visits/${visitId}/photos/${photoId}`;

    const other = await account('director-longgang-photos', 'child_director', LONGGANG);
    expect((await readPhoto(path, other)).status).toBe(404);
    const operator = await server.login('operator');
    const refused = await request(server.url, path, { cookie: operator });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CHILD_NOT_LINKED');
    for (const who of ['reporter', 'analyst', 'admin']) {
      expect((await readPhoto(path, await server.login(who))).status, who).toBe(403);
    }

    // Through a case linked to the file, the operator reads it, audited naming the case.
    const filed = await fileReport(server);
    await server.database.db
      .insert(childReportLinks)
      .values({ childId: id, reportId: filed.reportId, source: 'match' });
    const through = await readPhoto(`${path}?caseId=${filed.caseId}`, operator);
    expect(through.status).toBe(200);
    const [read] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'child.photo_read'), eq(auditLog.caseId, filed.caseId)));
    expect(read).toMatchObject({ entityId: photoId });

    // A photo id of another child (or another visit), asked for under this one: 404.
    const elsewhere = await register('陈小红');
    const theirs = await visit(elsewhere, { photos: [upload(photo())] });
    const theirPhoto = theirs.body.visit.photos[0].id as string;
    for (const wrong of [
      `/api/children/${id}/visits/${visitId}/photos/${theirPhoto}`,
      `/api/children/${id}/visits/${theirs.body.visit.id}/photos/${theirPhoto}`,
      `/api/children/${id}/visits/${visitId}/photos/${randomUUID()}`,
    ]) {
      const res = await request(server.url, wrong, { cookie: director });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it("writes the photos in the visit's own transaction: one the database refuses leaves no visit", async () => {
    const id = await register('冯小梅');
    const db = server.database.db;
    const before = await request(server.url, `/api/children/${id}`, { cookie: director });
    // A real failure in the database, after the visit's row is written in the same transaction.
    await db.execute(
      sql.raw(`create or replace function test_refuse_photo() returns trigger
      language plpgsql as $$ begin raise exception 'photo refused for the test'; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger test_refuse_photo before insert on visit_photos
      for each row when (new.child_id = '${id}') execute function test_refuse_photo()`),
    );
    try {
      const res = await visit(id, { photos: [upload(photo())] });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain(NOTES);
    } finally {
      await db.execute(sql.raw('drop trigger test_refuse_photo on visit_photos'));
    }
    expect(await visitsOf(id)).toEqual([]);
    expect(await photosOf(id)).toEqual([]);
    const visited = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'child.visited')));
    expect(visited).toEqual([]);
    const after = await request(server.url, `/api/children/${id}`, { cookie: director });
    for (const field of ['lastVisitAt', 'nextVisitDue', 'visits', 'timeline', 'risk']) {
      expect(after.body[field], field).toEqual(before.body[field]);
    }
    // Once the database takes photos again, the same visit is recorded, photo and all.
    const again = await visit(id, { photos: [upload(photo())] });
    expect(again.status).toBe(201);
    expect(await photosOf(id)).toHaveLength(1);
  });

  it('logs nothing personal: no name, notes or photo bytes', () => {
    const text = logs.text();
    for (const secret of [CHILD_NAME, NOTES, '郑小军', '/9j/4AAQ']) {
      expect(text).not.toContain(secret);
    }
  });
});
